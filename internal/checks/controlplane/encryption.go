package controlplane

import (
	"fmt"
	"slices"
	"strconv"

	apiserverv1 "k8s.io/apiserver/pkg/apis/apiserver/v1"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// encryptionCheck is CIS 1.2.28: the EncryptionConfiguration's first
// provider for secrets, which encrypts every write.
func encryptionCheck() *check.Check {
	m := check.Meta{ID: "apiserver-encryption-providers", Title: "Secrets are encrypted at rest with a strong provider", Severity: check.Medium,
		Category:    "control-plane",
		Rationale:   "The first provider listed for secrets encrypts every write: identity stores them in clear text, aescbc is open to padding-oracle attacks, and KMS v1 is deprecated; KMS v2, secretbox or aesgcm (with key rotation) protect etcd and its backups.",
		Remediation: "List kms (apiVersion v2), secretbox or aesgcm first for secrets in the EncryptionConfiguration that --encryption-provider-config names, then rewrite existing secrets (kubectl get secrets -A -o json | kubectl replace -f -).",
		Frameworks:  map[string][]string{check.CIS: {"1.2.28"}}}
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, _ *check.Options, report func(check.Result)) {
		runConfigFile(inv, apiserverv1.SchemeGroupVersion.WithKind("EncryptionConfiguration").GroupKind(), "encryption-provider-config", "apiserver-encryption-provider-config",
			func(o *inventory.Object) []check.Result { return []check.Result{judgeEncryption(inv, o)} }, report)
	}}
}

func judgeEncryption(inv *inventory.Inventory, o *inventory.Object) check.Result {
	cfg, ok := o.Typed.(*apiserverv1.EncryptionConfiguration)
	if !ok {
		return untypedDoc(inv, o, apiserverv1.SchemeGroupVersion.String())
	}
	for i, rc := range cfg.Resources {
		if !coversSecrets(rc.Resources) {
			continue
		}
		path := "resources[" + strconv.Itoa(i) + "]"
		if len(rc.Providers) == 0 {
			return check.Result{Object: o, Status: check.Fail, Path: path + ".providers", Message: "the entry for secrets lists no provider"}
		}
		return judgeProvider(o, path+".providers[0]", rc.Providers[0])
	}
	return check.Result{Object: o, Status: check.Fail, Path: "resources", Severity: check.High,
		Message: "no entry covers secrets: they are stored in clear text"}
}

// coversSecrets reports whether a resource list matches core secrets:
// "secrets", "*." (every core resource) or "*.*".
func coversSecrets(resources []string) bool {
	return slices.Contains(resources, "secrets") || slices.Contains(resources, "*.") || slices.Contains(resources, "*.*")
}

func judgeProvider(o *inventory.Object, path string, p apiserverv1.ProviderConfiguration) check.Result {
	res := check.Result{Object: o, Status: check.Fail, Path: path}
	switch {
	case p.KMS != nil && p.KMS.APIVersion == "v2":
		res.Status, res.Message = check.Pass, fmt.Sprintf("secrets are encrypted first with KMS v2 (%s)", p.KMS.Name)
	case p.KMS != nil:
		res.Severity, res.Message = check.Low, fmt.Sprintf("secrets are encrypted first with KMS v1 (%s), which is deprecated and disabled by default", p.KMS.Name)
	case p.Secretbox != nil:
		res.Status, res.Message = check.Pass, "secrets are encrypted first with secretbox"
	case p.AESGCM != nil:
		res.Status, res.Message = check.Pass, "secrets are encrypted first with aesgcm (rotate its key before 2^32 writes)"
	case p.AESCBC != nil:
		res.Message = "secrets are encrypted first with aescbc, which is open to padding-oracle attacks"
	case p.Identity != nil:
		res.Severity, res.Message = check.High, "the first provider for secrets is identity: new secrets are stored in clear text"
	default:
		res.Status, res.Message = check.NotChecked, "the first provider for secrets is of a kind Palisade does not know"
	}
	return res
}
