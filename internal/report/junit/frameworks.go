package junit

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/palisade-dev/palisade/internal/report"
)

// frameworkSuite is one framework as a test suite: its score and status
// counts as properties, one test case per control. A failing control is a
// failure; manual, not-checked and not-applicable controls are skipped
// with the reason, so a control no check decides never looks like a pass.
func frameworkSuite(f report.FrameworkResult) *testSuite {
	props := []property{{Name: "score", Value: scoreValue(f.Score)}}
	for _, s := range []string{"fail", "pass", "not-checked", "manual", "not-applicable"} {
		props = append(props, property{Name: "controls." + s, Value: strconv.Itoa(f.Statuses[s])})
	}
	names := make([]string, 0, len(f.Namespaces))
	for ns := range f.Namespaces {
		names = append(names, ns)
	}
	sort.Strings(names)
	for _, ns := range names {
		v := f.Namespaces[ns]
		props = append(props, property{Name: "score.namespace." + ns, Value: scoreValue(&v)})
	}
	s := &testSuite{Name: "framework " + f.Name + ": " + f.Title, Properties: &properties{Property: props}}
	for _, c := range f.Controls {
		s.add(controlCase(f.Name, c))
	}
	return s
}

func controlCase(framework string, c report.ControlResult) testCase {
	tc := testCase{Classname: framework, Name: c.ID + ": " + c.Title}
	switch c.Status {
	case "pass":
	case "fail":
		msg := fmt.Sprintf("%d of %d resources fail", c.Failed, c.Failed+c.Passed)
		tc.Failure = &outcome{Message: msg, Type: "fail", Text: xmlSafe(controlDetails(c))}
	case "manual":
		tc.Skipped = &outcome{Message: "manual: " + orDefault(c.Guidance, c.Reason)}
	default:
		tc.Skipped = &outcome{Message: c.Status + ": " + c.Reason}
	}
	return tc
}

func controlDetails(c report.ControlResult) string {
	lines := []string{
		"checks: " + strings.Join(c.Checks, ", "),
		fmt.Sprintf("resources: %d failed, %d passed, %d excepted, %d not checked", c.Failed, c.Passed, c.Excepted, c.NotChecked),
	}
	if c.Guidance != "" {
		lines = append(lines, "review: "+c.Guidance)
	}
	return strings.Join(lines, "\n")
}

// scoreValue is the score in percent, or "none" when nothing was decided.
func scoreValue(s *float64) string {
	if s == nil {
		return "none"
	}
	return strconv.FormatFloat(*s, 'f', -1, 64)
}
