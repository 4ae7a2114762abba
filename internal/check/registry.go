package check

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Registry is the validated set of all checks.
type Registry struct {
	checks []*Check
	byID   map[string]*Check
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(\.[A-Za-z0-9]+)?$`)

// NewRegistry validates checks and returns them sorted by ID. It reports
// every problem at once: duplicate or malformed IDs, unknown severities or
// framework keys, missing title, rationale or remediation, or no function.
func NewRegistry(checks ...*Check) (*Registry, error) {
	r := &Registry{byID: map[string]*Check{}}
	var errs []error
	for _, c := range checks {
		if err := validate(c); err != nil {
			errs = append(errs, err)
		}
		if _, dup := r.byID[c.ID]; dup {
			errs = append(errs, fmt.Errorf("check %s: duplicate id", c.ID))
		}
		r.byID[c.ID] = c
		r.checks = append(r.checks, c)
	}
	sort.Slice(r.checks, func(i, j int) bool { return r.checks[i].ID < r.checks[j].ID })
	return r, errors.Join(errs...)
}

func validate(c *Check) error {
	var errs []string
	if !idPattern.MatchString(c.ID) {
		errs = append(errs, "id must be lower-case words joined by '-'")
	}
	if c.Severity.Rank() == 0 {
		errs = append(errs, fmt.Sprintf("unknown severity %q", c.Severity))
	}
	if c.Title == "" || c.Rationale == "" {
		errs = append(errs, "title and rationale are required")
	}
	if !strings.HasSuffix(c.Remediation, ".") {
		errs = append(errs, "remediation is required and ends with a period")
	}
	if c.Run == nil {
		errs = append(errs, "no function")
	}
	for k, refs := range c.Frameworks {
		if !slices.Contains(Frameworks, k) {
			errs = append(errs, fmt.Sprintf("unknown framework %q", k))
		}
		if len(refs) == 0 {
			errs = append(errs, fmt.Sprintf("framework %q has no references", k))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("check %s: %s", c.ID, strings.Join(errs, "; "))
	}
	return nil
}

// All returns every check, sorted by ID.
func (r *Registry) All() []*Check { return r.checks }

// Get returns a check by ID, or nil.
func (r *Registry) Get(id string) *Check { return r.byID[id] }
