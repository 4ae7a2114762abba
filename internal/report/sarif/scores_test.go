package sarif

import (
	"encoding/json"
	"testing"

	"github.com/palisade-dev/palisade/internal/report"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestRiskBaselineAndScores checks where each analysis lands: the risk
// score as the result's rank, the baseline mark as its baselineState, the
// framework scores and the baseline counts as run properties.
func TestRiskBaselineAndScores(t *testing.T) {
	out := reporttest.RenderWith(t, Write, reporttest.FullWithBaseline(), Options{})
	var log struct {
		Runs []struct {
			Properties struct {
				Frameworks []struct {
					Name  string   `json:"name"`
					Score *float64 `json:"score"`
				} `json:"palisade/frameworks"`
				Baseline *report.BaselineSummary `json:"palisade/baseline"`
			} `json:"properties"`
			Results []struct {
				Rank          float64 `json:"rank"`
				BaselineState string  `json:"baselineState"`
				Properties    struct {
					Factors []string `json:"palisade/riskFactors"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	first := run.Results[0]
	if first.Rank != 92 || first.BaselineState != "new" || len(first.Properties.Factors) != 2 {
		t.Errorf("first result: rank %v, baselineState %q, factors %q", first.Rank, first.BaselineState, first.Properties.Factors)
	}
	if run.Results[1].BaselineState != "unchanged" {
		t.Errorf("existing finding has baselineState %q, want unchanged", run.Results[1].BaselineState)
	}
	fw := run.Properties.Frameworks
	if len(fw) != 3 || fw[0].Name != "CIS-1.12" || fw[0].Score == nil || *fw[0].Score != 62.5 || fw[2].Score != nil {
		t.Errorf("framework scores %+v", fw)
	}
	if b := run.Properties.Baseline; b == nil || b.New != 2 || b.Fixed != 1 {
		t.Errorf("baseline %+v", b)
	}
}
