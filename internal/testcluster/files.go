package testcluster

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// auditPolicy logs every request once, when its response is complete (or
// when a watch's response starts), at Metadata level: verb, user, resource,
// namespace and URI, no bodies.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
`

// Files the API server reads, under Cluster.dir.
const (
	tokenFile       = "tokens.csv"
	auditPolicyFile = "audit-policy.yaml"
	auditLogFile    = "audit.log"
	servingCertFile = "serving.crt"
	servingKeyFile  = "serving.key"
	saKeyFile       = "service-account.key"
	saPubFile       = "service-account.pub"
)

// writeFiles generates the users' tokens, the serving certificate and the
// service-account signing key, and writes them with the audit policy.
func (c *Cluster) writeFiles(o options) error {
	c.auditPath = filepath.Join(c.dir, auditLogFile)
	var tokens strings.Builder
	names := make([]string, 0, len(o.users))
	for name := range o.users {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		for _, s := range append([]string{name}, o.users[name]...) {
			if s == "" || strings.ContainsAny(s, ",\"\n") {
				return fmt.Errorf("user %q: names and groups must be non-empty, without commas, quotes or newlines", name)
			}
		}
		token, err := randomHex(24)
		if err != nil {
			return err
		}
		u := user{token: token, groups: o.users[name]}
		c.users[name] = u
		fmt.Fprintf(&tokens, "%s,%s,uid-%d", token, name, i)
		if len(u.groups) > 0 {
			fmt.Fprintf(&tokens, ",\"%s\"", strings.Join(u.groups, ","))
		}
		tokens.WriteString("\n")
	}
	certPEM, keyPEM, err := servingCert()
	if err != nil {
		return err
	}
	c.caPEM = certPEM
	saKey, saPub, err := serviceAccountKey()
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		tokenFile:       []byte(tokens.String()),
		auditPolicyFile: []byte(auditPolicy),
		servingCertFile: certPEM,
		servingKeyFile:  keyPEM,
		saKeyFile:       saKey,
		saPubFile:       saPub,
	} {
		if err := writeFile(filepath.Join(c.dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cluster) path(name string) string { return filepath.Join(c.dir, name) }

// servingCert makes a self-signed certificate for 127.0.0.1 and localhost,
// which is also the CA clients trust.
func servingCert() (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generating serving key: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "testcluster-apiserver"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("creating serving certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding serving key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

// serviceAccountKey makes the RSA key pair that signs and verifies
// service-account tokens.
func serviceAccountKey() (keyPEM, pubPEM []byte, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, fmt.Errorf("generating service-account key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding service-account public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func writeFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
