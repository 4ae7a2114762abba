package kubelet

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

// TestChecks runs the fixtures of every check a config document decides;
// kubelet-hostname-override is a flag only, tested on node trees.
func TestChecks(t *testing.T) {
	var cs []*check.Check
	for _, c := range Checks() {
		if c.ID != "kubelet-hostname-override" {
			cs = append(cs, c)
		}
	}
	checktest.Run(t, "testdata", cs, nil)
}
