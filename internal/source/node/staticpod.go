package node

import (
	"path"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// staticPod reads the files named by the flags of a control-plane static
// pod whose component is not running (a running process's flags are what
// is in effect, and were read already).
func (l *loader) staticPod(o *inventory.Object) {
	pod, ok := o.Typed.(*corev1.Pod)
	if !ok {
		return
	}
	for _, c := range pod.Spec.Containers {
		name, argv := containerArgv(c)
		if _, cp := manifestRoles[name]; !cp || l.running[name] {
			continue
		}
		l.component(name, 0, facts.ParseFlags(argv, facts.BoolFlags[name], facts.SingleDash[name]))
		return
	}
}

// containerArgv returns the component a container runs (from its command,
// or its name for an image whose entrypoint is the binary) and the
// arguments after the binary.
func containerArgv(c corev1.Container) (string, []string) {
	if len(c.Command) > 0 {
		if b := path.Base(c.Command[0]); manifestRoles[b] != "" {
			return b, append(append([]string{}, c.Command[1:]...), c.Args...)
		}
	}
	if manifestRoles[c.Name] != "" && len(c.Command) == 0 {
		return c.Name, c.Args
	}
	return "", nil
}

func errorAt(file, msg string) inventory.LoadError {
	return inventory.LoadError{File: file, Message: msg}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
