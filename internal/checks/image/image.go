// Package image holds the checks on container image references: mutable
// tags, missing digests, registries outside the allow-list.
package image

import (
	"fmt"
	"strings"

	"github.com/distribution/reference"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
)

// imageCheck runs fn on the image of every container of every pod
// template. An image that does not parse is reported by the tag check
// only, as a failure naming the parse error.
func imageCheck(m check.Meta, fn func(ref reference.Named, c inventory.Container, opts *check.Options) (check.Status, string)) *check.Check {
	m.Category = "image"
	return &check.Check{Meta: m, Run: func(inv *inventory.Inventory, opts *check.Options, report func(check.Result)) {
		for _, pt := range inv.PodTemplates {
			for _, c := range pt.Containers() {
				r := check.Result{Object: pt.Object, Path: c.Path + ".image", Status: check.Pass}
				ref, err := reference.ParseNormalizedNamed(strings.TrimSpace(c.Image))
				switch {
				case c.Image == "":
					r.Status, r.Message = check.NotApplicable, "container has no image"
				case err != nil:
					r.Status, r.Message = check.NotChecked, fmt.Sprintf("image %q does not parse: %v", c.Image, err)
					if m.ID == latestTagID {
						r.Status = check.Fail
					}
				default:
					r.Status, r.Message = fn(ref, c, opts)
				}
				report(r)
			}
		}
	}}
}

const latestTagID = "image-tag-latest"

var latestTag = imageCheck(check.Meta{
	ID:          latestTagID,
	Title:       "Image uses the latest tag or no tag",
	Severity:    check.Medium,
	Rationale:   "An image without a tag means :latest; latest and no tag are mutable, so what runs changes without a change to the manifest, cannot be audited, and can be swapped by whoever controls the registry.",
	Remediation: "Use a specific version tag, and preferably pin the image by digest (name:tag@sha256:...).",
	Frameworks:  map[string][]string{check.NSA: {"image-scanning"}, check.MITRE: {"T1525", "T1204.003"}},
}, func(ref reference.Named, c inventory.Container, _ *check.Options) (check.Status, string) {
	if _, ok := ref.(reference.Digested); ok {
		return check.Pass, "image is pinned by digest"
	}
	t, ok := ref.(reference.Tagged)
	switch {
	case !ok:
		return check.Fail, fmt.Sprintf("image %q has no tag, which means latest", c.Image)
	case t.Tag() == "latest":
		return check.Fail, fmt.Sprintf("image %q uses the latest tag", c.Image)
	}
	return check.Pass, ""
})

var notPinned = imageCheck(check.Meta{
	ID:          "image-not-pinned",
	Title:       "Image not pinned by digest",
	Severity:    check.Low,
	Rationale:   "Tags can be moved to other images; only a digest guarantees that the image that was reviewed and scanned is the one that runs.",
	Remediation: "Reference the image by digest (name:tag@sha256:...), for example with a tool that resolves tags to digests at release time.",
	Frameworks:  map[string][]string{check.NSA: {"image-scanning"}, check.MITRE: {"T1525"}},
}, func(ref reference.Named, c inventory.Container, _ *check.Options) (check.Status, string) {
	if _, ok := ref.(reference.Digested); ok {
		return check.Pass, ""
	}
	return check.Fail, fmt.Sprintf("image %q is not pinned by digest", c.Image)
})

var registryAllowed = imageCheck(check.Meta{
	ID:          "image-registry-not-allowed",
	Title:       "Image from a registry outside the allow-list",
	Severity:    check.Medium,
	Rationale:   "Images from registries the organisation does not control or mirror bypass its scanning and provenance controls.",
	Remediation: "Pull the image through an allowed registry (mirror it), or add the registry to allowedRegistries in .palisade.yaml after review.",
	Frameworks:  map[string][]string{check.CIS: {"5.5.1"}, check.NSA: {"image-scanning"}, check.MITRE: {"T1204.003"}},
}, func(ref reference.Named, c inventory.Container, opts *check.Options) (check.Status, string) {
	if len(opts.AllowedRegistries) == 0 {
		return check.NotApplicable, "no registry allow-list is configured (allowedRegistries in .palisade.yaml)"
	}
	name := ref.Name() // normalized: docker.io/library/nginx
	for _, allowed := range opts.AllowedRegistries {
		allowed = strings.TrimSuffix(allowed, "/")
		if name == allowed || strings.HasPrefix(name, allowed+"/") || reference.Domain(ref) == allowed {
			return check.Pass, ""
		}
	}
	return check.Fail, fmt.Sprintf("image %q comes from %s, which is not in the allowed registries", c.Image, reference.Domain(ref))
})

// Checks returns every image check.
func Checks() []*check.Check { return []*check.Check{latestTag, notPinned, registryAllowed} }
