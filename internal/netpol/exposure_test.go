package netpol_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
	"github.com/palisade-dev/palisade/internal/netpol"
)

// TestExposure checks every kind of route, and the ports reachable from
// any pod, against a golden file (regenerate with -update).
func TestExposure(t *testing.T) {
	m := load(t, filepath.Join("..", "exposure", "exposure.yaml"))
	var got []netpol.ExposureResult
	for _, e := range m.Exposures() {
		got = append(got, e.Result())
	}
	out, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checktest.Golden(t, filepath.Join("testdata", "exposure", "exposure.golden.json"), string(out)+"\n")
}
