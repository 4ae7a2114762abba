package frameworks

import (
	"math"
	"strings"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

// Control statuses of a framework result.
const (
	StatusPass          = "pass"
	StatusFail          = "fail"
	StatusNotApplicable = "not-applicable"
	StatusNotChecked    = "not-checked"
	StatusManual        = "manual"
)

// Statuses lists the control statuses in the order renderers show them.
var Statuses = []string{StatusFail, StatusPass, StatusNotChecked, StatusManual, StatusNotApplicable}

// resourceKey identifies a resource across checks; a nameless config
// document is told apart by its file.
type resourceKey struct {
	ref  inventory.Ref
	file string
}

func keyOf(f *report.Finding) resourceKey {
	k := resourceKey{ref: f.Resource}
	if f.Resource.Name == "" && f.Location != nil {
		k.file = f.Location.File
	}
	return k
}

// resources numbers the resources of a report's findings once, so that
// scoring several frameworks hashes each finding's resource once.
type resources struct {
	id   []int32       // per finding
	keys []resourceKey // per id
}

func indexResources(fs []report.Finding) *resources {
	r := &resources{id: make([]int32, len(fs))}
	ids := map[resourceKey]int32{}
	for i := range fs {
		k := keyOf(&fs[i])
		id, ok := ids[k]
		if !ok {
			id = int32(len(r.keys))
			ids[k] = id
			r.keys = append(r.keys, k)
		}
		r.id[i] = id
	}
	return r
}

// verdictRank orders what one resource's results say about a control: a
// failure anywhere decides it, then a result that could not be decided,
// then a failure excepted by policy, then a pass, then out of scope.
func verdictRank(s check.Status) int {
	switch s {
	case check.Fail:
		return 5
	case check.NotChecked:
		return 4
	case check.Excepted:
		return 3
	case check.Pass:
		return 2
	case check.NotApplicable:
		return 1
	}
	return 0
}

// tally is what the findings say about one control.
type tally struct {
	verdicts map[int32]check.Status
	// firstNA and firstNC are messages that explain a control that is
	// wholly not applicable or not checked.
	firstNA, firstNC string
}

func (t *tally) add(f *report.Finding, k int32) {
	if verdictRank(f.Status) > verdictRank(t.verdicts[k]) {
		t.verdicts[k] = f.Status
	}
	switch {
	case f.Status == check.NotApplicable && t.firstNA == "":
		t.firstNA = f.Check.ID + ": " + f.Message
	case f.Status == check.NotChecked && t.firstNC == "":
		t.firstNC = f.Check.ID + ": " + f.Message
	}
}

// Score judges every control of f from the findings of rep, which must
// hold the pass and not-applicable results as well as the failures (see
// Apply). m gives the checks that decide each control, including checks
// that did not run; rep.Checks are those that ran.
func Score(rep *report.Report, f *Framework, m Mapping) report.FrameworkResult {
	return score(rep, f, m, indexResources(rep.Findings))
}

func score(rep *report.Report, f *Framework, m Mapping, res *resources) report.FrameworkResult {
	tallies := make(map[string]*tally, len(f.Controls))
	for i := range rep.Findings {
		fd := &rep.Findings[i]
		for _, id := range fd.Check.Frameworks[f.Name] {
			t := tallies[id]
			if t == nil {
				t = &tally{verdicts: map[int32]check.Status{}}
				tallies[id] = t
			}
			t.add(fd, res.id[i])
		}
	}
	ran := map[string]bool{}
	for _, meta := range rep.Checks {
		ran[meta.ID] = true
	}
	out := report.FrameworkResult{Name: f.Name, Title: f.Title, Statuses: map[string]int{}}
	for _, s := range Statuses {
		out.Statuses[s] = 0
	}
	sc := newScorer(res)
	for _, c := range f.Controls {
		cr := judge(c, m.Checks(f.Name, c.ID), tallies[c.ID], ran, len(rep.Coverage) > 0)
		out.Statuses[cr.Status]++
		out.Controls = append(out.Controls, cr)
		if t := tallies[c.ID]; t != nil && (cr.Status == StatusPass || cr.Status == StatusFail) {
			sc.add(t)
		}
	}
	out.Score, out.Namespaces = sc.result()
	return out
}

// judge decides one control from its tally (nil when no finding cites it).
func judge(c Control, checks []string, t *tally, ran map[string]bool, coverageGaps bool) report.ControlResult {
	cr := report.ControlResult{ID: c.ID, Title: c.Title, Checks: checks}
	if c.Manual {
		cr.Guidance = c.Guidance
	}
	if t != nil {
		for _, v := range t.verdicts {
			switch v {
			case check.Fail:
				cr.Failed++
			case check.NotChecked:
				cr.NotChecked++
			case check.Excepted:
				cr.Excepted++
			case check.Pass:
				cr.Passed++
			case check.NotApplicable:
				cr.NotApplicable++
			}
		}
	}
	switch {
	case cr.Failed > 0:
		cr.Status = StatusFail
	case cr.NotChecked > 0:
		cr.Status, cr.Reason = StatusNotChecked, t.firstNC
	case cr.Passed+cr.Excepted > 0:
		cr.Status = StatusPass
	case cr.NotApplicable > 0:
		cr.Status, cr.Reason = StatusNotApplicable, t.firstNA
	default:
		cr.Status, cr.Reason = undecided(c, checks, ran, coverageGaps)
	}
	return cr
}

// undecided explains a control that no result speaks to.
func undecided(c Control, checks []string, ran map[string]bool, coverageGaps bool) (string, string) {
	status := StatusNotChecked
	if c.Manual {
		status = StatusManual
	}
	if len(checks) == 0 {
		if c.Manual {
			return status, "" // the guidance says it all
		}
		return status, "no Palisade check decides this control"
	}
	var idle []string
	for _, id := range checks {
		if !ran[id] {
			idle = append(idle, id)
		}
	}
	if len(idle) == len(checks) {
		return status, "its checks did not run: " + strings.Join(idle, ", ")
	}
	reason := "nothing in the scan is in the scope of its checks"
	if coverageGaps {
		reason += ", and parts of the input could not be read (see coverage)"
	}
	return status, reason
}

// scorer averages, over decided controls, the share of passed resources,
// for the whole scan and for each namespace.
type scorer struct {
	res        *resources
	sum, n     float64
	nsSum, nsN map[string]float64
}

func newScorer(res *resources) *scorer {
	return &scorer{res: res, nsSum: map[string]float64{}, nsN: map[string]float64{}}
}

func (s *scorer) add(t *tally) {
	var pass, eval float64
	nsPass, nsEval := map[string]float64{}, map[string]float64{}
	for k, v := range t.verdicts {
		if v != check.Pass && v != check.Fail {
			continue
		}
		ns := s.res.keys[k].ref.Namespace
		eval++
		nsEval[ns]++
		if v == check.Pass {
			pass++
			nsPass[ns]++
		}
	}
	if eval == 0 {
		return // only excepted resources: nothing to score
	}
	s.sum += pass / eval
	s.n++
	for ns, e := range nsEval {
		if ns == "" {
			continue // cluster-scoped, or namespace chosen at apply time
		}
		s.nsSum[ns] += nsPass[ns] / e
		s.nsN[ns]++
	}
}

func (s *scorer) result() (*float64, map[string]float64) {
	if s.n == 0 {
		return nil, nil
	}
	score := percent(s.sum / s.n)
	var ns map[string]float64
	for name, n := range s.nsN {
		if ns == nil {
			ns = map[string]float64{}
		}
		ns[name] = percent(s.nsSum[name] / n)
	}
	return &score, ns
}

// percent turns a ratio into a percentage with one decimal.
func percent(r float64) float64 { return math.Round(r*1000) / 10 }
