package rbac

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

func TestChecks(t *testing.T) {
	checktest.Run(t, "testdata", Checks(), nil)
}
