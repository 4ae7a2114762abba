package controlplane

import (
	"slices"
	"strconv"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// processNames are the components read from node processes.
var processNames = []string{APIServer, ControllerManager, Scheduler, Etcd, Kubelet, KubeProxy}

// processComponents returns the components of the node facts' Process
// objects, whose flags are paths "argv[N]" of the process; a flag written
// in a systemd unit or drop-in notes that file and line.
func processComponents(inv *inventory.Inventory) []*Component {
	var out []*Component
	for _, o := range inv.ByKind(facts.KindProcess) {
		p, ok := o.Typed.(*facts.Process)
		if !ok || !slices.Contains(processNames, p.Binary) || len(p.Argv) == 0 {
			continue
		}
		c := &Component{Name: p.Binary, Object: o, ArgvPath: "argv", Process: p}
		argv := make([]arg, 0, len(p.Argv)-1)
		for i, a := range p.Argv[1:] {
			argv = append(argv, arg{a, "argv[" + strconv.Itoa(i+1) + "]", p.Origin(i + 1)})
		}
		c.Flags = parseFlags(argv, boolFlags[p.Binary], facts.SingleDash[p.Binary])
		out = append(out, c)
	}
	return out
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
