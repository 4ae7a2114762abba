package secret

import (
	"bytes"
	"math"
	"regexp"
	"strings"
)

// minEntropy is the Shannon entropy, in bits per character, that the value
// of a setting with a credential-like name must reach to be reported. A
// value needs at least 8 distinct characters used evenly to reach 3.0:
// words and settings stay below it ("kubernetes" 2.9, "disabled" 2.8,
// "required" 2.5), while generated secrets (16 random alphanumerics about
// 3.8, 32 hex digits about 3.8) and most hand-made passwords
// ("mysecretpassword" 3.3, "password123" 3.3) reach it. gitleaks' generic
// rule asks for 3.5 because it has a weaker context than a variable name.
const minEntropy = 3.0

// credentialParts inside a name mark a setting that holds a credential
// (PGPASSWORD, GITHUB_TOKEN, dbPassword, x-api-key once joined: xapikey).
var credentialParts = []string{
	"password", "passwd", "passphrase", "secret", "token", "credential", "apikey", "privatekey", "accesskey",
	"signingkey", "encryptionkey", "masterkey", "authkey",
}

// credentialWords are whole words of a name that mark a credential; too
// short to be searched inside other words (PASSTHROUGH, AUTHOR).
var credentialWords = map[string]bool{"pass": true, "pwd": true, "pw": true, "creds": true, "auth": true}

// notKeyWords before a final "key" name keys that are not secret
// (PARTITION_KEY, CACHE_KEY, PUBLIC_KEY).
var notKeyWords = map[string]bool{
	"public": true, "primary": true, "foreign": true, "partition": true, "sort": true, "cache": true, "routing": true,
	"idempotency": true, "shard": true, "object": true, "label": true, "annotation": true, "lookup": true, "map": true,
	"group": true, "storage": true, "s3": true, "sharding": true, "hash": true, "dedup": true, "tenant": true,
}

// locationWords end the names of settings that hold where a credential is
// (DB_PASSWORD_FILE): such settings are never judged.
var locationWords = map[string]bool{"file": true, "path": true, "dir": true, "directory": true, "mount": true, "location": true}

// descriptorWords end the names of settings that describe a credential
// rather than hold it (TOKEN_URL, SECRET_NAME, PASSWORD_MIN_LENGTH).
var descriptorWords = map[string]bool{
	"name": true, "id": true, "url": true, "uri": true, "endpoint": true, "host": true, "hostname": true, "port": true,
	"ttl": true, "timeout": true, "expiry": true, "expiration": true, "expires": true, "lifetime": true, "length": true,
	"size": true, "header": true, "type": true, "mode": true, "enabled": true, "enable": true, "disabled": true,
	"ref": true, "region": true, "user": true, "username": true, "issuer": true, "audience": true, "algorithm": true,
	"alg": true, "version": true, "policy": true, "format": true, "count": true, "prefix": true, "server": true, "service": true, "provider": true, "realm": true, "scope": true, "scopes": true,
	"method": true, "strategy": true, "backend": true, "domain": true, "address": true, "addr": true,
	"namespace": true, "role": true, "store": true, "interval": true, "rotation": true, "required": true,
}

// checksumWords anywhere in a name mark a digest, not a credential (Helm's
// "checksum/secret" annotations).
var checksumWords = map[string]bool{
	"checksum": true, "checksums": true, "digest": true, "fingerprint": true, "hash": true, "md5": true,
	"sha": true, "sha1": true, "sha256": true, "sha512": true, "sha256sum": true,
}

// nameClass says what a setting's name tells of its value.
type nameClass uint8

const (
	plainName      nameClass = iota
	credentialName           // holds a credential: DB_PASSWORD, apiKey
	descriptorName           // describes one or holds a digest: TOKEN_URL, checksum/secret
	locationName             // holds where one is: DB_PASSWORD_FILE
)

// nameWords splits a setting's name into lower-case words at separators and
// camelCase boundaries ("dbPassword_FILE" is db, password, file), given as
// the words run together and the offset where each ends, in the buffers
// given (so that the common, short names cost no allocation).
func nameWords(name string, joined []byte, ends []int) ([]byte, []int) {
	cut := func() {
		if len(joined) > 0 && (len(ends) == 0 || ends[len(ends)-1] < len(joined)) {
			ends = append(ends, len(joined))
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		upper := c >= 'A' && c <= 'Z'
		switch {
		case upper && i > 0 && name[i-1] >= 'a' && name[i-1] <= 'z':
			cut()
		case !upper && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9'):
			cut()
			continue
		}
		if upper {
			c += 'a' - 'A'
		}
		joined = append(joined, c)
	}
	cut()
	return joined, ends
}

// classify tells what a setting's name says of its value, from its words.
func classify(name string) nameClass {
	var buf [64]byte
	var endBuf [16]int
	joined, ends := nameWords(name, buf[:0], endBuf[:0])
	if len(ends) == 0 {
		return plainName
	}
	word := func(i int) []byte {
		if i == 0 {
			return joined[:ends[0]]
		}
		return joined[ends[i-1]:ends[i]]
	}
	// string(b) in map indexes and comparisons does not allocate.
	last := len(ends) - 1
	switch lw := word(last); {
	case locationWords[string(lw)]:
		return locationName
	case descriptorWords[string(lw)]:
		return descriptorName
	}
	credential := string(word(last)) == "key" && (last == 0 || !notKeyWords[string(word(last-1))])
	for i := range ends {
		w := word(i)
		if checksumWords[string(w)] {
			return descriptorName
		}
		credential = credential || credentialWords[string(w)]
	}
	for _, p := range credentialParts {
		credential = credential || bytes.Contains(joined, []byte(p))
	}
	if credential {
		return credentialName
	}
	return plainName
}

// looksRandom reports a value that could be a credential and has enough
// entropy to be one.
func looksRandom(v string) bool {
	return len(v) >= minSecretLen && !strings.ContainsAny(v, " \t") && plausibleSecret(v) && entropy(v) >= minEntropy
}

var (
	// wholeReference is a value that is only a reference to another
	// variable or a template: $(VAR), ${VAR}, {{ .Values.x }}.
	wholeReference = regexp.MustCompile(`^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[^{}]*\}|\{\{.*\}\}|%[A-Za-z_][A-Za-z0-9_]*%)$`)
	urlPrefix      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	pathPrefix     = regexp.MustCompile(`^(?:/|\./|\.\./|~/|[A-Za-z]:\\)`)
	email          = regexp.MustCompile(`^[^@\s:/]+@[^@\s:/]+\.[A-Za-z]{2,}$`)
	// identifier is a lower-case name of something (a Secret, a host, a
	// mode) made of words with short numbers: my-db-credentials,
	// keycloak-0.keycloak-headless:8080, checkout-v2; or an upper-case enum:
	// SHA256_WITH_RSA. A long random part (tok_9f8e7d6c5b4a3928) is not one.
	identifier = regexp.MustCompile(`^(?:[a-z]+[0-9]{0,3}(?:[-_.](?:[a-z]+[0-9]{0,3}|[0-9]{1,3}))+(?::[0-9]{1,5})?|[A-Z]+[0-9]{0,3}(?:_(?:[A-Z]+[0-9]{0,3}|[0-9]{1,3}))+)$`)
)

func isWholeReference(v string) bool { return wholeReference.MatchString(v) }

// hasReference reports a value built from references or a template, whose
// real value comes from elsewhere.
func hasReference(v string) bool {
	return strings.Contains(v, "$(") || strings.Contains(v, "${") || strings.Contains(v, "{{")
}

// plausibleSecret reports a value that is not obviously something else: a
// placeholder, a reference, a number, a path, a URL, an identifier, an
// e-mail address.
func plausibleSecret(v string) bool {
	return !isPlaceholder(v) && !hasReference(v) && !isNumeric(v) && !pathPrefix.MatchString(v) &&
		!urlPrefix.MatchString(v) && !identifier.MatchString(v) && !email.MatchString(v)
}

// placeholderWords are whole values that stand for a credential to come.
var placeholderWords = map[string]bool{
	"password": true, "passwd": true, "secret": true, "token": true, "none": true, "null": true, "nil": true,
	"undefined": true, "todo": true, "tbd": true, "fixme": true, "notset": true, "unset": true, "empty": true,
	"default": true, "disabled": true, "enabled": true, "optional": true, "required": true, "true": true,
	"false": true, "yes": true, "no": true, "on": true, "off": true, "changeit": true,
}

// placeholderParts inside a value mark it as a placeholder.
var placeholderParts = []string{
	"changeme", "change_me", "change-me", "replaceme", "replace_me", "replace-me", "placeholder", "example",
	"your_", "your-", "yourpass", "xxx", "***", "...", "redacted", "dummy", "notasecret", "not-a-secret",
}

func isPlaceholder(v string) bool {
	lower := strings.ToLower(strings.TrimSpace(v))
	if lower == "" || placeholderWords[lower] {
		return true
	}
	if strings.HasPrefix(lower, "<") && strings.HasSuffix(lower, ">") {
		return true
	}
	for _, p := range placeholderParts {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// isNumeric reports numbers, versions, dates and times.
func isNumeric(v string) bool {
	digits := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case strings.IndexByte(".,:_+- ", c) >= 0:
		default:
			return false
		}
	}
	return digits
}

// urlUserinfo finds scheme://user:password@host and captures the password.
var (
	urlUserinfo = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@]*:([^\s/?#@]+)@[^\s/?#@]`)
	printfVerb  = regexp.MustCompile(`^%(?:\([^)]*\))?[sdv]$`)
)

// urlPassword finds a URL with a literal password in its userinfo.
func urlPassword(v string) (match, bool) {
	if !strings.Contains(v, "://") || !strings.Contains(v, "@") {
		return match{}, false
	}
	for _, m := range urlUserinfo.FindAllStringSubmatch(v, -1) {
		if pw := m[1]; !isPlaceholder(pw) && !hasReference(pw) && !printfVerb.MatchString(pw) {
			return match{Rule: ruleURLPassword, Secret: pw}, true
		}
	}
	return match{}, false
}

// entropy is the Shannon entropy of v's bytes, in bits per byte.
func entropy(v string) float64 {
	if v == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(v); i++ {
		counts[v[i]]++
	}
	n := float64(len(v))
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
