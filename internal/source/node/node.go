// Package node reads the facts of one Kubernetes node under a root
// directory (the host itself, or the host mounted into a container): the
// components' running command lines from /proc, the kubelet's systemd
// unit and drop-ins, static pod manifests, the config files, kubeconfigs
// and PKI the flags name, and the modes and owners of the files the CIS
// Kubernetes Benchmark cares about, with ids resolved through the node's
// own /etc/passwd and /etc/group. It turns them into inventory objects
// (package facts, and the config documents' own kinds) so that checks
// stay blind to where the objects came from.
package node

import (
	"fmt"
	"os"
	"strconv"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// Options configure a node read.
type Options struct {
	// Root is the directory the node's file system is mounted at ("/"
	// on the node itself).
	Root string
	// FS, when set, replaces the files under Root (tests).
	FS FS
}

// Load reads the node under opts.Root. What cannot be read is reported in
// the inventory (errors, coverage, or an Error on a File fact), never
// returned: every other fact is still read.
func Load(opts Options) *inventory.Inventory {
	if opts.Root == "" {
		opts.Root = "/"
	}
	if opts.FS == nil {
		info, err := os.Stat(opts.Root)
		if err == nil && !info.IsDir() {
			err = fmt.Errorf("not a directory")
		}
		if err != nil {
			return inventory.New(nil, []inventory.LoadError{{File: opts.Root, Message: "cannot read the node root: " + reason(err)}})
		}
		opts.FS = dirFS{root: opts.Root}
	}
	l := newLoader(opts.FS)
	l.run()
	return l.inventory()
}

// loader gathers one node's facts.
type loader struct {
	fsys     FS
	ids      *ids
	files    map[string]*facts.File
	order    []string // file paths in the order found
	certs    map[string]bool
	objects  []*inventory.Object
	errs     []inventory.LoadError
	coverage []inventory.Coverage
	decoded  map[string][]*inventory.Object
	running  map[string]bool
}

func newLoader(fsys FS) *loader {
	return &loader{fsys: fsys, ids: readIDs(fsys), files: map[string]*facts.File{}, certs: map[string]bool{},
		decoded: map[string][]*inventory.Object{}, running: map[string]bool{}}
}

// run reads everything, in dependency order: processes (and the kubelet's
// unit), the kubelet's config (which names the static pod directory), the
// static pods of components that are not running, then well-known paths.
func (l *loader) run() {
	procs := l.processes()
	staticPods := defaultStaticPodPath
	for _, p := range procs {
		if dir := l.component(p.Binary, p.PID, p.flags()); dir != "" {
			staticPods = dir
		}
	}
	l.staticPods(staticPods)
	l.wellKnown()
}

// processes returns the component processes, the kubelet's from its
// systemd unit when it is not running, each added as a Process object.
func (l *loader) processes() []*process {
	procs, err := findProcesses(l.fsys)
	if err != nil {
		l.coverage = append(l.coverage, inventory.Coverage{Resource: "/proc", Status: "not-read",
			Message: "running components not read (" + reason(err) + "): their static pods, unit files and files are judged instead"})
	}
	u := readUnit(l.fsys, "kubelet.service")
	l.unitFiles(u)
	var kubelet *process
	for _, p := range procs {
		if p.Binary == "kubelet" {
			kubelet = p
		}
	}
	if kubelet != nil && u != nil {
		kubelet.Origins = u.attribute(kubelet.Argv)
	}
	if kubelet == nil && u != nil && u.binary() == "kubelet" {
		procs = append(procs, &process{Process: facts.Process{Binary: "kubelet", Argv: u.argv, Origins: u.origins, UID: -1}, cmdline: u.files[0]})
	}
	names := map[string]int{}
	for _, p := range procs {
		names[p.Binary]++
	}
	for _, p := range procs {
		name := p.Binary
		if names[name] > 1 {
			name += "-" + strconv.Itoa(p.PID)
		}
		proc := p.Process
		l.objects = append(l.objects, &inventory.Object{APIVersion: facts.APIVersion, Kind: facts.KindProcess, Name: name,
			Typed: &proc, Location: inventory.Location{File: p.cmdline}, Source: "node"})
		l.running[p.Binary] = true
	}
	return procs
}

// unitFiles records the kubelet's unit and drop-ins (CIS 4.1.1, 4.1.2).
func (l *loader) unitFiles(u *unit) {
	if u == nil {
		l.file("/etc/systemd/system/kubelet.service", facts.RoleKubeletService, "")
		return
	}
	for _, f := range u.files {
		l.file(f, facts.RoleKubeletService, "")
	}
	l.errs = append(l.errs, u.errs...)
}

func (l *loader) inventory() *inventory.Inventory {
	objs := l.objects
	for _, p := range l.order {
		f := l.files[p]
		objs = append(objs, &inventory.Object{APIVersion: facts.APIVersion, Kind: facts.KindFile, Name: f.Path,
			Typed: f, Location: inventory.Location{File: f.Path}, Source: "node"})
	}
	inv := inventory.New(objs, l.errs)
	inv.Coverage = append(inv.Coverage, l.coverage...)
	return inv
}

// decode reads a config or manifest file through the manifest decoder, so
// a node's documents decode exactly as in a manifest scan; its location
// is the path as the node names it.
func (l *loader) decode(display, access string) []*inventory.Object {
	if objs, done := l.decoded[display]; done {
		return objs
	}
	data, err := readFile(l.fsys, access)
	if err != nil {
		l.errs = append(l.errs, inventory.LoadError{File: display, Message: "cannot read: " + reason(err)})
		l.decoded[display] = nil
		return nil
	}
	res := manifest.Decode([]manifest.Input{{File: display, Data: data, Source: "node"}})
	l.errs = append(l.errs, res.Errors...)
	for _, s := range res.Skipped {
		l.errs = append(l.errs, inventory.LoadError{File: s.File, Line: s.Line, Message: "not a Kubernetes config document: " + s.Message})
	}
	if len(res.Objects) == 0 && len(res.Errors) == 0 && len(res.Skipped) == 0 {
		l.errs = append(l.errs, inventory.LoadError{File: display, Message: "empty file: no document"})
	}
	l.objects = append(l.objects, res.Objects...)
	l.decoded[display] = res.Objects
	return res.Objects
}
