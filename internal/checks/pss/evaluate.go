package pss

import (
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// libraryChecks are the upstream checks the API server enforces by default.
var libraryChecks = sync.OnceValue(policy.DefaultChecks)

// evaluator is the upstream evaluator over libraryChecks, with every check
// function wrapped so that its result says which check produced it.
var evaluator = sync.OnceValues(func() (policy.Evaluator, error) {
	var checks []policy.Check
	for _, c := range libraryChecks() {
		c.Versions = append([]policy.VersionedCheck(nil), c.Versions...)
		for i := range c.Versions {
			c.Versions[i].CheckPod = tagged(c.ID, c.Versions[i].CheckPod)
		}
		checks = append(checks, c)
	}
	ev, err := policy.NewEvaluator(checks, nil)
	if err != nil {
		return nil, fmt.Errorf("building the Pod Security Standards evaluator: %w", err)
	}
	return ev, nil
})

// tagSep separates the check ID from the upstream reason in a tagged result;
// upstream reasons are human text and never contain it.
const tagSep = "\x00"

// tagged runs fn and prefixes its ForbiddenReason with the check ID, so that
// a result of EvaluatePod can be traced to its check whatever the order.
func tagged(id policy.CheckID, fn policy.CheckPodFn) policy.CheckPodFn {
	return func(meta *metav1.ObjectMeta, spec *corev1.PodSpec) policy.CheckResult {
		r := fn(meta, spec)
		r.ForbiddenReason = string(id) + tagSep + r.ForbiddenReason
		return r
	}
}

// evaluate runs every check of lv on one pod and returns the results by
// check ID.
func evaluate(ev policy.Evaluator, lv api.LevelVersion, meta *metav1.ObjectMeta, spec *corev1.PodSpec) (map[policy.CheckID]policy.CheckResult, error) {
	if meta == nil {
		meta = &metav1.ObjectMeta{}
	}
	out := map[policy.CheckID]policy.CheckResult{}
	for _, r := range ev.EvaluatePod(lv, meta, spec) {
		id, reason, ok := strings.Cut(r.ForbiddenReason, tagSep)
		if !ok {
			return nil, fmt.Errorf("evaluating pod security at %s: result without check id", lv)
		}
		r.ForbiddenReason = reason
		if !r.Allowed && reason == "" {
			r.ForbiddenReason = policy.UnknownForbiddenReason
		}
		out[policy.CheckID(id)] = r
	}
	return out, nil
}

// verdicts are the upstream results of every pod template of one inventory
// at one level and version, computed once and shared by all checks.
type verdicts struct {
	byTemplate map[*inventory.PodTemplate]map[policy.CheckID]policy.CheckResult
	err        error
}

// verdictsKey names the verdicts among the inventory's derived views.
type verdictsKey struct{ lv api.LevelVersion }

// verdictsFor returns the verdicts of inv at lv, evaluating each pod
// template once however many checks ask.
func verdictsFor(inv *inventory.Inventory, lv api.LevelVersion) *verdicts {
	return inv.Derived(verdictsKey{lv}, func() any {
		vs := &verdicts{}
		vs.byTemplate, vs.err = evaluateAll(inv.PodTemplates, lv)
		return vs
	}).(*verdicts)
}

func evaluateAll(pts []*inventory.PodTemplate, lv api.LevelVersion) (map[*inventory.PodTemplate]map[policy.CheckID]policy.CheckResult, error) {
	ev, err := evaluator()
	if err != nil {
		return nil, err
	}
	out := make(map[*inventory.PodTemplate]map[policy.CheckID]policy.CheckResult, len(pts))
	for _, pt := range pts {
		rs, err := evaluate(ev, lv, pt.Meta, pt.Spec)
		if err != nil {
			return nil, err
		}
		out[pt] = rs
	}
	return out, nil
}

// activeVersion is the revision of c that applies at version v, or nil when
// c is newer than v.
func activeVersion(c policy.Check, v api.Version) *policy.VersionedCheck {
	var active *policy.VersionedCheck
	for i := range c.Versions {
		if !v.Older(c.Versions[i].MinimumVersion) {
			active = &c.Versions[i]
		}
	}
	return active
}
