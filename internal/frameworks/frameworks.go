// Package frameworks holds the compliance frameworks (CIS Kubernetes
// Benchmark, NSA-CISA hardening guide, MITRE ATT&CK, Pod Security
// Standards) as embedded data, maps their controls to the checks that
// claim them, and scores a report against them.
//
// The data files list controls only. Which checks decide a control comes
// from the checks' own framework references, so there is one source of
// truth; Validate fails when a check cites a control no data file has.
package frameworks

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"

	"sigs.k8s.io/yaml"
)

//go:embed data/*.yaml
var dataFS embed.FS

// Framework is one compliance framework and its controls.
type Framework struct {
	// Name is the key checks use in their framework references, e.g.
	// "CIS-1.12".
	Name string `json:"name"`
	// Aliases are other names accepted by --framework (case-insensitive).
	Aliases  []string  `json:"aliases,omitempty"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	Controls []Control `json:"controls"`

	byID map[string]*Control
}

// Control is one control (recommendation, section, technique) of a
// framework.
type Control struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Manual is true when the framework leaves the control to a person's
	// judgement (CIS "Manual"); Guidance then says what to review.
	Manual   bool   `json:"manual,omitempty"`
	Guidance string `json:"guidance,omitempty"`
}

// Control returns the control of the given ID, or nil.
func (f *Framework) Control(id string) *Control { return f.byID[id] }

var (
	loadOnce sync.Once
	loaded   []*Framework
	loadErr  error
)

// All returns every framework of the embedded data, in the order of the
// report contract's keys (CIS-1.12, NSA, MITRE, PSS) then by name. The
// data is parsed once; an error is a defect of the data files.
func All() ([]*Framework, error) {
	loadOnce.Do(func() { loaded, loadErr = parseAll() })
	return loaded, loadErr
}

// Get returns the framework named name or one of its aliases, ignoring
// case.
func Get(name string) (*Framework, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		if strings.EqualFold(f.Name, name) || slices.ContainsFunc(f.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			return f, nil
		}
	}
	names := make([]string, len(all))
	for i, f := range all {
		names[i] = f.Name
	}
	return nil, fmt.Errorf("unknown framework %q (one of %s; palisade frameworks lists them)", name, strings.Join(names, ", "))
}

func parseAll() ([]*Framework, error) {
	entries, err := dataFS.ReadDir("data")
	if err != nil {
		return nil, fmt.Errorf("reading framework data: %w", err)
	}
	var out []*Framework
	for _, e := range entries {
		name := path.Join("data", e.Name())
		b, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		f, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("framework data %s: %w", name, err)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *Framework) int { return compareNames(a.Name, b.Name) })
	return out, nil
}

// Parse reads one framework data file and validates it: a name, a title,
// controls with unique IDs and titles, and guidance on every manual
// control. Unknown fields are errors, so a typo never hides a control.
func Parse(data []byte) (*Framework, error) {
	var f Framework
	if err := yaml.UnmarshalStrict(data, &f); err != nil {
		return nil, fmt.Errorf("parsing: %w", err)
	}
	if f.Name == "" || f.Title == "" {
		return nil, fmt.Errorf("name and title are required")
	}
	if len(f.Controls) == 0 {
		return nil, fmt.Errorf("%s has no controls", f.Name)
	}
	f.byID = make(map[string]*Control, len(f.Controls))
	var errs []string
	for i := range f.Controls {
		c := &f.Controls[i]
		switch {
		case c.ID == "" || c.Title == "":
			errs = append(errs, fmt.Sprintf("control %d: id and title are required", i))
		case f.byID[c.ID] != nil:
			errs = append(errs, fmt.Sprintf("control %s: duplicate id", c.ID))
		case c.Manual && c.Guidance == "":
			errs = append(errs, fmt.Sprintf("control %s: a manual control needs guidance", c.ID))
		}
		f.byID[c.ID] = c
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %s", f.Name, strings.Join(errs, "; "))
	}
	return &f, nil
}
