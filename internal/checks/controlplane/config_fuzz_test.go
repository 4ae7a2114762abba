package controlplane

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
	"apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n",
	"",
}

// fuzzedAPIServer is an API server whose flags name the config documents
// the fuzz target writes, so that the checks judge them.
const fuzzedAPIServer = `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    command: [kube-apiserver, --encryption-provider-config=/etc/kubernetes/enc.yaml, --audit-policy-file=/etc/kubernetes/audit.yaml,
      --authentication-config=/etc/kubernetes/authn.yaml, --audit-log-path=/var/log/audit.log, --authorization-mode=Node,RBAC]
---
`

// FuzzConfigDocuments decodes arbitrary config documents through the
// manifest decoder, beside an API server that names them, and runs the
// control-plane checks over them: a document of a config kind becomes a
// typed object or an error, and every result has a status, an object, and
// a reason when it is neither a pass nor a failure.
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
		"resources:\n- resources: [secrets, '*.*', '']\n  providers:\n  - identity: {}\n  - kms: {apiVersion: v2, name: k, endpoint: 'unix:///k.sock'}\n  - aesgcm: {keys: [{name: a, secret: ''}]}\n",
		"resources:\n- resources: null\n  providers: [{}, null]\n- {}\n",
		"omitStages: [RequestReceived]\nrules:\n- level: Metadata\n  resources: [{group: '', resources: [secrets, configmaps]}]\n- level: RequestResponse\n  verbs: ['*']\n  nonResourceURLs: ['/*']\n- level: Bogus\n- {}\n",
		"rules: []\n---\napiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, users: [system:anonymous]}]\n",
		"anonymous: {enabled: true, conditions: [{path: /livez}]}\njwt: [{issuer: {url: 'http://x', audiences: []}, claimMappings: {username: {claim: sub, prefix: ''}}}]\n",
	} {
		for i := range configHeaders[:len(configHeaders)-1] {
			f.Add(uint8(i), []byte(seed))
		}
	}
	checks := Checks()
	f.Fuzz(func(t *testing.T, header uint8, body []byte) {
		h := configHeaders[int(header)%len(configHeaders)]
		data := []byte(h)
		if h != "" {
			data = append([]byte(fuzzedAPIServer), data...)
		}
		data = append(data, body...)
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
