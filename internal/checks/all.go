// Package checks assembles every check family into the one registry,
// validated when it is built.
package checks

import (
	"fmt"
	"sync"

	"github.com/palisade-dev/palisade/internal/check"
	"github.com/palisade-dev/palisade/internal/checks/cluster"
	"github.com/palisade-dev/palisade/internal/checks/controlplane"
	"github.com/palisade-dev/palisade/internal/checks/image"
	"github.com/palisade-dev/palisade/internal/checks/kubelet"
	"github.com/palisade-dev/palisade/internal/checks/namespace"
	"github.com/palisade-dev/palisade/internal/checks/network"
	"github.com/palisade-dev/palisade/internal/checks/nodefiles"
	"github.com/palisade-dev/palisade/internal/checks/probe"
	"github.com/palisade-dev/palisade/internal/checks/pss"
	"github.com/palisade-dev/palisade/internal/checks/rbac"
	"github.com/palisade-dev/palisade/internal/checks/secret"
	"github.com/palisade-dev/palisade/internal/checks/service"
	"github.com/palisade-dev/palisade/internal/checks/workload"
)

var (
	once     sync.Once
	registry *check.Registry
	regErr   error
)

// Registry returns the registry of every check. It is built once; an
// invalid check is a programming error reported at start-up.
func Registry() (*check.Registry, error) {
	once.Do(func() {
		var all []*check.Check
		for _, family := range families {
			all = append(all, family()...)
		}
		registry, regErr = check.NewRegistry(all...)
		if regErr != nil {
			regErr = fmt.Errorf("invalid check registry: %w", regErr)
		}
	})
	return registry, regErr
}

var families = []func() []*check.Check{
	workload.Checks,
	image.Checks,
	service.Checks,
	pss.Checks,
	secret.Checks,
	namespace.Checks,
	cluster.Checks,
	controlplane.Checks,
	rbac.Checks,
	kubelet.Checks,
	nodefiles.Checks,
	network.Checks,
	probe.Checks,
}
