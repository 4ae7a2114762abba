package sarif

import (
	"encoding/json"
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

func TestArtifactURI(t *testing.T) {
	tests := []struct {
		file, base, want string
	}{
		{"deploy/api.yaml", "", "deploy/api.yaml"},
		{"./deploy/api.yaml", "", "deploy/api.yaml"},
		{`deploy\api.yaml`, "", "deploy/api.yaml"},
		{"/repo/deploy/api.yaml", "/repo", "deploy/api.yaml"},
		{"/elsewhere/api.yaml", "/repo", "file:///elsewhere/api.yaml"},
		{"deploy/my app.yaml", "", "deploy/my%20app.yaml"},
		{`C:\repo\api.yaml`, "", "file:///C:/repo/api.yaml"},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := artifactURI(&inventory.Location{File: tt.file}, tt.base); got != tt.want {
				t.Errorf("artifactURI(%q, %q) = %q, want %q", tt.file, tt.base, got, tt.want)
			}
		})
	}
}

func TestFallbackURI(t *testing.T) {
	r := testReport()
	out := reporttest.RenderWith(t, Write, r, Options{FallbackURI: "clusters/prod.yaml"})
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	for i, res := range log.Runs[0].Results {
		phys := res.Locations[0].PhysicalLocation
		if phys == nil {
			t.Fatalf("result %d (%s) has no physical location", i, res.RuleID)
		}
		if r.Findings[i].Location == nil && (phys.ArtifactLocation.URI != "clusters/prod.yaml" || phys.Region != nil) {
			t.Errorf("finding without a file got %+v, want the fallback URI and no region", phys)
		}
	}
}
