package cluster

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/util/version"

	"github.com/palisade-dev/palisade/internal/yamltree"
)

//go:embed data/versions.yaml
var versionsYAML []byte

// Data is the embedded support calendar and CVE list, as of Date.
type Data struct {
	Date      string   `json:"date"`
	Supported []string `json:"supported"`
	Minors    []Minor  `json:"minors"`
	CVEs      []CVE    `json:"cves"`

	date time.Time
}

// Minor is one Kubernetes minor release and its upstream end of life.
type Minor struct {
	Minor     string `json:"minor"`
	Released  string `json:"released"`
	EOL       string `json:"eol"`
	Estimated bool   `json:"estimated"`

	version       *version.Version
	released, eol time.Time
}

// CVE is one known vulnerability of a component, with the first fixed
// patch of each minor that received the fix (none: no fix exists).
type CVE struct {
	ID         string   `json:"id"`
	Component  string   `json:"component"`
	OS         string   `json:"os"`
	Summary    string   `json:"summary"`
	Introduced string   `json:"introduced"`
	Fixed      []string `json:"fixed"`
	Mitigation string   `json:"mitigation"`

	introduced *version.Version
	fixed      []*version.Version
}

var (
	loadOnce sync.Once
	loaded   *Data
	loadErr  error
)

// embedded returns the parsed embedded data; an error is a defect of the
// data file, caught by the package's tests.
func embedded() (*Data, error) {
	loadOnce.Do(func() { loaded, loadErr = parseData(versionsYAML) })
	return loaded, loadErr
}

// parseData decodes and validates the data file.
func parseData(text []byte) (*Data, error) {
	doc, err := yamltree.ParseDocument(yamltree.Chunk{Data: text, Line: 1})
	if err != nil {
		return nil, fmt.Errorf("parsing versions data: %w", err)
	}
	if doc.Root == nil {
		return nil, errors.New("parsing versions data: empty document")
	}
	d := &Data{}
	if err := doc.Root.Decode(d); err != nil {
		return nil, fmt.Errorf("decoding versions data: %w", err)
	}
	if err := d.prepare(); err != nil {
		return nil, fmt.Errorf("validating versions data: %w", err)
	}
	return d, nil
}

// prepare parses every date and version, and checks the minors are in
// ascending order with their end of life after their release.
func (d *Data) prepare() error {
	var errs []error
	var err error
	if d.date, err = time.Parse(time.DateOnly, d.Date); err != nil {
		errs = append(errs, fmt.Errorf("date: %w", err))
	}
	for i := range d.Minors {
		m := &d.Minors[i]
		if m.version, err = version.ParseGeneric(m.Minor); err != nil {
			errs = append(errs, fmt.Errorf("minor %q: %w", m.Minor, err))
			continue
		}
		m.released, err = time.Parse(time.DateOnly, m.Released)
		errs = append(errs, wrap(err, "minor %s released", m.Minor))
		m.eol, err = time.Parse(time.DateOnly, m.EOL)
		errs = append(errs, wrap(err, "minor %s eol", m.Minor))
		if !m.eol.After(m.released) {
			errs = append(errs, fmt.Errorf("minor %s: end of life not after release", m.Minor))
		}
		if i > 0 && d.Minors[i-1].version != nil && !nextMinor(d.Minors[i-1].version, m.version) {
			errs = append(errs, fmt.Errorf("minor %s: minors must ascend one at a time, with no gap", m.Minor))
		}
	}
	for i := range d.CVEs {
		errs = append(errs, d.CVEs[i].prepare())
	}
	return errors.Join(errs...)
}

func (c *CVE) prepare() error {
	if c.ID == "" || c.Component == "" || c.Summary == "" {
		return fmt.Errorf("cve %q: id, component and summary are required", c.ID)
	}
	if len(c.Fixed) == 0 && c.Mitigation == "" {
		return fmt.Errorf("%s: no fixed version and no mitigation", c.ID)
	}
	var err error
	if c.Introduced != "" {
		if c.introduced, err = version.ParseGeneric(c.Introduced); err != nil {
			return fmt.Errorf("%s introduced: %w", c.ID, err)
		}
	}
	for i, f := range c.Fixed {
		v, err := version.ParseGeneric(f)
		if err != nil {
			return fmt.Errorf("%s fixed: %w", c.ID, err)
		}
		if i > 0 && !c.fixed[i-1].LessThan(v) {
			return fmt.Errorf("%s: fixed versions must be in ascending order", c.ID)
		}
		c.fixed = append(c.fixed, v)
	}
	return nil
}

func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
