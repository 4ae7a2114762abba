package sarif

import (
	"net/url"
	"path"
	"path/filepath"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/palisade-dev/palisade/internal/baseline"
	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// FingerprintKey names the partial fingerprint GitHub uses to recognise
// the same finding across runs. Bump its version if the hash changes.
const FingerprintKey = "palisadeFinding/v1"

func result(f report.Finding, ruleIndex int, opts Options) *gosarif.Result {
	res := gosarif.NewRuleResult(f.Check.ID).
		WithRuleIndex(ruleIndex).
		WithLevel(level(f.Check.Severity)).
		WithMessage(gosarif.NewTextMessage(messageText(f))).
		AddLocation(location(f, opts)).
		WithPartialFingerprints(map[string]string{FingerprintKey: baseline.Fingerprint(&f)})
	if f.Risk != nil {
		// SARIF's rank (0-100, higher first) is what the risk score is.
		res.WithRank(float64(f.Risk.Score))
		if len(f.Risk.Factors) > 0 {
			res.WithProperties(gosarif.NewPropertyBag().Add("palisade/riskFactors", f.Risk.Factors))
		}
	}
	if state := baselineState(f.Baseline); state != "" {
		res.WithBaselineState(state)
	}
	if f.Status == check.Excepted {
		s := gosarif.NewSuppression().WithKind("external")
		if f.Exception != nil && f.Exception.Reason != "" {
			s.WithJustification(f.Exception.Reason)
		}
		res.AddSuppression(s)
	}
	return res
}

// resourceName is "Kind/namespace/name", leaving out what is empty
// (cluster-scoped objects, nameless config documents).
func resourceName(ref inventory.Ref) string {
	parts := []string{ref.Kind}
	for _, p := range []string{ref.Namespace, ref.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

func messageText(f report.Finding) string {
	text := resourceName(f.Resource) + ": " + f.Message
	if f.Path != "" {
		text += " (field " + f.Path + ")"
	}
	return text
}

// location places a finding in its file where it has one, and always
// names its resource as a logical location, which is all a finding read
// from a cluster has.
func location(f report.Finding, opts Options) *gosarif.Location {
	loc := gosarif.NewLocation()
	if uri := artifactURI(f.Location, opts.BaseDir); uri != "" {
		phys := gosarif.NewPhysicalLocation().WithArtifactLocation(gosarif.NewSimpleArtifactLocation(uri))
		if f.Location.Line > 0 {
			region := gosarif.NewRegion().WithStartLine(f.Location.Line)
			if f.Location.Column > 0 {
				region.WithStartColumn(f.Location.Column)
			}
			phys.WithRegion(region)
		}
		loc.WithPhysicalLocation(phys)
	} else if opts.FallbackURI != "" {
		fallback := artifactURI(&inventory.Location{File: opts.FallbackURI}, opts.BaseDir)
		loc.WithPhysicalLocation(gosarif.NewPhysicalLocation().WithArtifactLocation(gosarif.NewSimpleArtifactLocation(fallback)))
	}
	logical := gosarif.NewLogicalLocation().
		WithKind("resource").
		WithName(orTitle(f.Resource.Name, f.Resource.Kind)).
		WithFullyQualifiedName(resourceName(f.Resource))
	return loc.AddLogicalLocation(logical)
}

// artifactURI is the file of loc as a URI reference with forward slashes:
// relative where possible (GitHub resolves it against the repository
// root), a file URI when the path is absolute and outside baseDir.
func artifactURI(loc *inventory.Location, baseDir string) string {
	if loc == nil || loc.File == "" {
		return ""
	}
	p := loc.File
	if baseDir != "" && filepath.IsAbs(p) {
		if rel, err := filepath.Rel(baseDir, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			p = rel
		}
	}
	p = strings.ReplaceAll(p, `\`, "/")
	switch {
	case len(p) >= 2 && p[1] == ':': // a Windows drive letter
		return (&url.URL{Scheme: "file", Path: "/" + p}).String()
	case strings.HasPrefix(p, "/"):
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: path.Clean(p)}).String()
}

// baselineState maps a --baseline mark to SARIF's baselineState.
func baselineState(mark string) string {
	switch mark {
	case baseline.New:
		return "new"
	case baseline.Existing:
		return "unchanged"
	}
	return ""
}
