package clustertest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/jsonreport"
	"github.com/palisade-dev/palisade/internal/testcluster"
)

// TestEtcdPlainHTTP probes etcd serving its client port over plain HTTP,
// holding one key: the count-only range request reads it, and the key's
// value never reaches the report.
func TestEtcdPlainHTTP(t *testing.T) {
	e := testcluster.StartEtcd(t, nil)
	put(t, http.DefaultClient, e.URL)
	rep := run(t, "etcd", e.URL)
	golden(t, "etcd-plain-http", rep)
	noSecret(t, rep)
}

// TestEtcdTLSWithoutClientCertAuth probes etcd over TLS that does not
// ask for client certificates: encrypted, but as open.
func TestEtcdTLSWithoutClientCertAuth(t *testing.T) {
	pki := newPKI(t)
	e := testcluster.StartEtcd(t, &testcluster.EtcdTLS{CertFile: pki.serverCert, KeyFile: pki.serverKey, Client: pki.client(t, false)})
	put(t, &http.Client{Transport: &http.Transport{TLSClientConfig: pki.client(t, false)}}, e.URL)
	rep := run(t, "etcd", e.URL)
	golden(t, "etcd-tls-no-client-cert-auth", rep)
	noSecret(t, rep)
}

// TestEtcdTLSClientCertAuth probes etcd with --client-cert-auth and
// --trusted-ca-file: the probe, which has no certificate, is refused,
// while a client with a certificate of the CA reads.
func TestEtcdTLSClientCertAuth(t *testing.T) {
	pki := newPKI(t)
	withCert := pki.client(t, true)
	e := testcluster.StartEtcd(t, &testcluster.EtcdTLS{CertFile: pki.serverCert, KeyFile: pki.serverKey,
		TrustedCAFile: pki.caCert, Client: withCert})
	put(t, &http.Client{Transport: &http.Transport{TLSClientConfig: withCert}}, e.URL)
	golden(t, "etcd-tls-client-cert-auth", run(t, "etcd", e.URL))
}

// secretValue is the value of the key the tests put in etcd.
const secretValue = "hunter2-in-etcd"

// put writes one key through etcd's JSON gateway (test setup: the probe
// itself only reads).
func put(t *testing.T, client *http.Client, base string) {
	t.Helper()
	body := `{"key":"L3JlZ2lzdHJ5L3NlY3JldHMvc2hvcC9kYg==","value":"` + b64(secretValue) + `"}` // /registry/secrets/shop/db
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v3/kv/put", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("putting a key: %v", err)
	}
	defer resp.Body.Close()
	if data, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusOK {
		t.Fatalf("putting a key: %s: %s", resp.Status, data)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// noSecret fails when the value of the key, plain or encoded, is anywhere
// in the JSON report.
func noSecret(t *testing.T, rep *report.Report) {
	t.Helper()
	var b bytes.Buffer
	if err := jsonreport.Write(&b, rep); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte(secretValue)) || bytes.Contains(b.Bytes(), []byte(b64(secretValue))) {
		t.Errorf("the report holds the key's value:\n%s", b.String())
	}
}

// pki is a CA and the etcd serving certificate it signed, as files.
type pki struct {
	dir                           string
	ca                            *x509.Certificate
	caKey                         *ecdsa.PrivateKey
	caCert, serverCert, serverKey string
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	p := &pki{dir: t.TempDir()}
	caKey, caDER := certificate(t, &x509.Certificate{Subject: pkix.Name{CommonName: "etcd-ca"}, IsCA: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true}, nil, nil)
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	p.ca, p.caKey = ca, caKey
	p.caCert = p.write(t, "ca.crt", "CERTIFICATE", caDER)
	key, der := certificate(t, &x509.Certificate{Subject: pkix.Name{CommonName: "etcd"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}, ca, caKey) // as kubeadm's: etcd's gateway dials etcd with it
	p.serverCert = p.write(t, "server.crt", "CERTIFICATE", der)
	p.serverKey = p.write(t, "server.key", "EC PRIVATE KEY", marshalKey(t, key))
	return p
}

// client is a TLS configuration that trusts the CA and, withCert, holds a
// client certificate the CA signed (the API server's, say).
func (p *pki) client(t *testing.T, withCert bool) *tls.Config {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
	cfg := &tls.Config{RootCAs: pool}
	if withCert {
		key, der := certificate(t, &x509.Certificate{Subject: pkix.Name{CommonName: "kube-apiserver-etcd-client"},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}, p.ca, p.caKey)
		cfg.Certificates = []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}
	}
	return cfg
}

// certificate makes a key and a certificate of tmpl signed by parent
// (self-signed when parent is nil).
func certificate(t *testing.T, tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	return key, der
}

func marshalKey(t *testing.T, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func (p *pki) write(t *testing.T, name, blockType string, der []byte) string {
	t.Helper()
	path := filepath.Join(p.dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
