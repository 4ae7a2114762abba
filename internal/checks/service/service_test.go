package service

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/checktest"
)

func TestChecks(t *testing.T) {
	checktest.Run(t, "testdata", Checks(), &check.Options{AllowedRegistries: []string{"registry.example.com", "docker.io/library"}})
}
