package secret

import (
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

func TestScanValue(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		rule        string // "" when nothing must be found
	}{
		// gitleaks rules
		{"AWS_ACCESS_KEY_ID", "AKIAPALISADEFAKE2345", "aws-access-token"},
		{"UPLOAD_CREDENTIALS", "id=AKIAPALISADEFAKE2345", "aws-access-token"},
		{"GITHUB_TOKEN", "ghp_PalisadeFakeToken0123456789abcdefghi", "github-pat"},
		{"STRIPE_KEY", "sk_live_PalisadeFake0123456789xyzQ", "stripe-access-token"},
		{"tls.key", "-----BEGIN PRIVATE KEY-----\n" + strings.Repeat("UGFsaXNhZGUgZmFrZSBrZXkgYnl0ZXMh", 3) + "\n-----END PRIVATE KEY-----\n", "private-key"},
		{"app.yaml", "auth:\n  clientSecret: 7fG2kL9qW4xZ8pR1vT6y\n", "generic-api-key"},
		// URLs with a password
		{"DATABASE_URL", "postgres://user:pass@host/db", ruleURLPassword},
		{"BROKER", "amqp://app:Fake-Amqp-Pa55@rabbitmq:5672/", ruleURLPassword},
		{"DATABASE_URL", "postgres://app:$(DB_PASSWORD)@db:5432/app", ""},
		{"DATABASE_URL", "postgres://app:${DB_PASSWORD}@db:5432/app", ""},
		{"DATABASE_URL", "postgres://app:<password>@db:5432/app", ""},
		{"DATABASE_URL", "postgres://db.shop.svc:5432/app", ""},
		{"DSN", "https://git@github.com/acme/repo.git", ""},
		// credential-like names
		{"DB_PASSWORD", "Fake#Pa55w0rd!7fQ2xZ", ruleCredentialName},
		{"PGPASSWORD", "Fake#Pa55w0rd!7fQ2xZ", ruleCredentialName},
		{"dbPassword", "mysecretpassword", ruleCredentialName},
		{"SESSION_SECRET", "password123", ruleCredentialName},
		{"APP_KEY", "base64:UGFsaXNhZGVGYWtlS2V5MTIz", ruleCredentialName},
		{"SMTP_PASS", "Tr0ub4dor&3x", ruleCredentialName},
		{"x-api-key", "3c9Fq7LzR2vXk8Wm4TnB6yHd", ruleCredentialName},
		{"API_TOKEN", "tok_9f8e7d6c5b4a39281706f5e4", ruleCredentialName},
		{"app.properties", "port=8080\ndb.password=Qz8!vR3#pL6@wN1\n", ruleCredentialName},
		// placeholders, references, descriptions and locations
		{"DB_PASSWORD", "", ""},
		{"DB_PASSWORD", "short", ""},
		{"DB_PASSWORD", "changeme", ""},
		{"DB_PASSWORD", "CHANGE_ME_PLEASE", ""},
		{"DB_PASSWORD", "<db-password>", ""},
		{"DB_PASSWORD", "your-password-here", ""},
		{"DB_PASSWORD", "********", ""},
		{"DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)", ""},
		{"DB_PASSWORD", "${DB_PASSWORD}", ""},
		{"DB_PASSWORD", "{{ .Values.db.password }}", ""},
		{"DB_PASSWORD", "prefix-$(SUFFIX_VAR)-x", ""},
		{"DB_PASSWORD", "kubernetes", ""},
		{"DB_PASSWORD", "12345678", ""},
		{"DB_PASSWORD", "2024-01-01T00:00:00", ""},
		{"DB_PASSWORD", "/etc/secrets/db/password", ""},
		{"DB_PASSWORD", "https://vault.acme.io/v1/secret/data/db", ""},
		{"DB_PASSWORD", "orders-db-credentials", ""},
		{"DB_PASSWORD", "orders-db-credentials-v2", ""},
		{"DB_PASSWORD", "SCRAM_SHA_256", ""},
		{"DB_PASSWORD", "dba@acme-corp.io", ""},
		{"DB_PASSWORD_FILE", "Qz8vR3pL6wN1tY4k", ""},
		{"DB_PASSWORD_FILE", "AKIAPALISADEFAKE2345", ""},
		{"TOKEN_PATH", "/var/run/secrets/tokens/vault", ""},
		{"SECRET_NAME", "Qz8vR3pL6wN1tY4k", ""},
		{"TOKEN_URL", "https://auth.acme.io/token?x=1", ""},
		{"TOKEN_TTL", "3600", ""},
		{"AUTH_SERVER", "keycloak-0.keycloak-headless:8080", ""},
		{"CACHE_KEY", "Qz8vR3pL6wN1tY4k", ""},
		{"checksum/secret", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", ""},
		{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", ""},
		// ordinary settings
		{"LOG_LEVEL", "info", ""},
		{"JAVA_OPTS", "-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8", ""},
		{"POD_UID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", ""},
		{"IMAGE", "registry.acme.io/web@sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", ""},
		{"ca.crt", "-----BEGIN CERTIFICATE-----\n" + strings.Repeat("UGFsaXNhZGUgZmFrZSBjZXJ0IGJ5dGVzIQ", 3) + "\n-----END CERTIFICATE-----\n", ""},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			m, ok := scanValue(tc.name, tc.value)
			switch {
			case tc.rule == "" && ok:
				t.Errorf("found %s%s, want nothing", m.Rule, m)
			case tc.rule != "" && !ok:
				t.Errorf("found nothing, want %s", tc.rule)
			case ok && m.Rule != tc.rule:
				t.Errorf("found %s%s, want %s", m.Rule, m, tc.rule)
			case ok && !strings.Contains(tc.value, m.Secret):
				t.Errorf("secret %q is not part of the value", m.Secret)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for name, want := range map[string]nameClass{
		"DB_PASSWORD": credentialName, "dbPassword": credentialName, "PGPASSWORD": credentialName,
		"GITHUB_TOKEN": credentialName, "x-api-key": credentialName, "APP_KEY": credentialName,
		"SMTP_PASS": credentialName, "client_secret": credentialName, "AWS_SECRET_ACCESS_KEY": credentialName,
		"DB_PASSWORD_FILE": locationName, "dbPasswordFile": locationName, "TOKEN_PATH": locationName,
		"SECRET_NAME": descriptorName, "TOKEN_URL": descriptorName, "checksum/secret": descriptorName,
		"PASSWORD_MIN_LENGTH": descriptorName, "AUTH_MODE": descriptorName,
		"_KEY": credentialName, "HTTPAuthToken": credentialName,
		"CACHE_KEY": plainName, "PUBLIC_KEY": plainName, "PASSTHROUGH": plainName, "AUTHOR": plainName,
		"LOG_LEVEL": plainName, "": plainName, "__": plainName,
	} {
		if got := classify(name); got != want {
			t.Errorf("classify(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestEntropy(t *testing.T) {
	for v, want := range map[string]float64{"": 0, "aaaa": 0, "abcd": 2, "abcdefgh": 3} {
		if got := entropy(v); got != want {
			t.Errorf("entropy(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestRulesLoadLazily runs in a fresh process: a scan of settings that no
// gitleaks rule could match must not load the rules.
func TestRulesLoadLazily(t *testing.T) {
	if os.Getenv("PALISADE_LAZY_CHILD") == "1" {
		inv := envInventory(10, [][2]string{{"LOG_LEVEL", "info"}, {"PORT", "8080"}, {"MODE", "production"}})
		for _, c := range Checks() {
			c.Run(inv, &check.Options{}, func(check.Result) {})
		}
		if rulesTried.Load() {
			t.Fatal("the gitleaks rules were loaded for a scan with nothing to scan")
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRulesLoadLazily$")
	cmd.Env = append(os.Environ(), "PALISADE_LAZY_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child test: %v\n%s", err, out)
	}
}

// benchEnv is a mix of the settings found in real manifests; the last
// four are replaced by credentials in the "with-secrets" benchmark.
var benchEnv = [][2]string{
	{"LOG_LEVEL", "info"}, {"PORT", "8080"}, {"SPRING_PROFILES_ACTIVE", "production,kubernetes"},
	{"JAVA_OPTS", "-Xmx512m -XX:+UseG1GC -Dfile.encoding=UTF-8"}, {"KEYCLOAK_URL", "https://auth.acme.io/realms/main"},
	{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4317"}, {"SECRET_NAME", "my-db-credentials"},
	{"TZ", "Europe/Berlin"}, {"NODE_ENV", "production"}, {"DB_HOST", "postgres.db.svc.cluster.local"},
	{"DB_PORT", "5432"}, {"REDIS_URL", "redis://redis-master:6379/0"}, {"FEATURE_FLAGS", "checkout-v2,new-search"},
	{"GOMAXPROCS", "2"}, {"APP_VERSION", "1.4.2"}, {"OTEL_RESOURCE_ATTRIBUTES", "service.name=checkout,service.version=1.4.2"},
	{"DB_PASSWORD", "changeme"}, {"AWS_REGION", "eu-central-1"}, {"CACHE_TTL", "300"}, {"UPSTREAM_URL", "http://api.shop.svc:8080"},
}

var benchSecrets = [][2]string{
	{"DB_PASSWORD", "Fake#Pa55w0rd!7fQ2xZ"}, {"API_TOKEN", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"},
	{"AWS_ACCESS_KEY_ID", "AKIAPALISADEFAKE2345"}, {"DATABASE_URL", "postgres://app:Fake-Url-Pa55@db:5432/app"},
}

// envInventory builds n PodTemplates whose one container has env.
func envInventory(n int, env [][2]string) *inventory.Inventory {
	objs := make([]*inventory.Object, n)
	for i := range objs {
		d := &corev1.PodTemplate{}
		c := corev1.Container{Name: "app", Image: "registry.acme.io/app:1.0.0"}
		for _, e := range env {
			c.Env = append(c.Env, corev1.EnvVar{Name: e[0], Value: e[1]})
		}
		d.Template.Spec.Containers = []corev1.Container{c}
		objs[i] = &inventory.Object{APIVersion: "v1", Kind: "PodTemplate", Namespace: "shop", Name: "app-" + strconv.Itoa(i), Typed: d}
	}
	return inventory.New(objs, nil)
}

// BenchmarkEnvScan1000 runs hardcoded-secret-env over 1,000 env values (50
// pod templates of 20 variables), rules already loaded: ordinary settings,
// and the same with 4 credentials in every 20 values.
func BenchmarkEnvScan1000(b *testing.B) {
	if _, err := loadRules(); err != nil {
		b.Fatal(err)
	}
	withSecrets := append(slices.Clone(benchEnv[:len(benchEnv)-len(benchSecrets)]), benchSecrets...)
	for _, mix := range []struct {
		name string
		env  [][2]string
	}{{"settings", benchEnv}, {"with-secrets", withSecrets}} {
		inv := envInventory(1000/len(mix.env), mix.env)
		b.Run(mix.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hardcodedEnv.Run(inv, &check.Options{}, func(check.Result) {})
			}
		})
	}
}

// BenchmarkRulesLoad measures loading and compiling gitleaks' rule set.
func BenchmarkRulesLoad(b *testing.B) {
	for b.Loop() {
		if _, err := newGitleaks(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestChecksConcurrently runs the checks side by side, as the engine does:
// run with -race, it guards the shared detectors.
func TestChecksConcurrently(t *testing.T) {
	inv := envInventory(20, append(slices.Clone(benchEnv), benchSecrets...))
	var wg sync.WaitGroup
	for range 2 {
		for _, c := range Checks() {
			wg.Go(func() { c.Run(inv, &check.Options{}, func(check.Result) {}) })
		}
	}
	wg.Wait()
}
