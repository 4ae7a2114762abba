package kubelet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
)

// configHeaders are the config documents the node checks read; the fuzz
// target writes one above arbitrary YAML, or none (the last index) to take
// the YAML as it is.
var configHeaders = []string{
	"apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
	"apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n",
	"apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n",
	"apiVersion: audit.k8s.io/v1\nkind: Policy\n",
	"",
}

// FuzzConfigDocuments decodes arbitrary config documents through the
// manifest decoder and runs the kubelet and kube-proxy checks over them:
// a document of a config kind becomes a typed object or an error, and
// every result has a status, an object, and a reason when it is neither a
// pass nor a failure.
func FuzzConfigDocuments(f *testing.F) {
	noHeader := uint8(len(configHeaders) - 1)
	files, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(noHeader, data)
	}
	for _, seed := range []string{
		"readOnlyPort: 10255\nauthentication: {anonymous: {enabled: true}, x509: {clientCAFile: ''}}\nauthorization: {mode: AlwaysAllow}\n",
		"metadata: {annotations: {palisade.dev/defaults-applied: 'true'}}\neventRecordQPS: -1\npodPidsLimit: 0\ntlsCipherSuites: [TLS_RSA_WITH_RC4_128_SHA, '']\nstreamingConnectionIdleTimeout: -5m\n",
		"featureGates: {RotateKubeletServerCertificate: false}\nserverTLSBootstrap: null\nreadOnlyPort: 99999999999999999999\n",
		"metricsBindAddress: '[::]:10249'\nclientConnection: {kubeconfig: 7}\n",
		"metricsBindAddress: ':'\n---\nmetricsBindAddress: 0.0.0.0\n",
	} {
		for i := range configHeaders[:len(configHeaders)-1] {
			f.Add(uint8(i), []byte(seed))
		}
	}
	checks := Checks()
	f.Fuzz(func(t *testing.T, header uint8, body []byte) {
		data := append([]byte(configHeaders[int(header)%len(configHeaders)]), body...)
		inv := decodeFuzzed(t, data)
		for _, c := range checks {
			c.Run(inv, &check.Options{}, func(r check.Result) { checkFuzzedResult(t, c, r) })
		}
	})
}

// decodeFuzzed decodes a fuzzed document and asserts the decoder's
// contract: errors name the file and are no recovered panic, and a
// document of a kind Palisade reads is typed unless an error says why.
func decodeFuzzed(t *testing.T, data []byte) *inventory.Inventory {
	t.Helper()
	res := manifest.Decode([]manifest.Input{{File: "fuzz.yaml", Data: data, Source: "file"}})
	for _, e := range res.Errors {
		if e.File != "fuzz.yaml" || e.Message == "" || strings.Contains(e.Message, "internal error") {
			t.Fatalf("decoding error %q: no file, no message, or a panic", e.Error())
		}
	}
	for _, o := range res.Objects {
		if o.Typed == nil && manifest.NewTyped(o.APIVersion, o.Kind) != nil && len(res.Errors) == 0 {
			t.Fatalf("%s %s decoded to neither a typed object nor an error", o.APIVersion, o.Kind)
		}
	}
	return inventory.New(res.Objects, res.Errors)
}

// checkFuzzedResult asserts that a result has a status, an object, and a
// reason when it is neither a pass nor a failure.
func checkFuzzedResult(t *testing.T, c *check.Check, r check.Result) {
	t.Helper()
	switch r.Status {
	case "", check.Fail, check.Pass:
	case check.NotApplicable, check.NotChecked:
		if r.Message == "" {
			t.Fatalf("%s: %s result without a reason", c.ID, r.Status)
		}
	default:
		t.Fatalf("%s: result with status %q", c.ID, r.Status)
	}
	if r.Object == nil {
		t.Fatalf("%s: result without an object: %+v", c.ID, r)
	}
	r.Object.Locate(r.Path)
}
