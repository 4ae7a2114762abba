package cluster

import (
	"context"
	"fmt"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// Result is what Load read from a cluster.
type Result struct {
	// Inventory holds the objects read; its Coverage has one entry per
	// LIST that could not be read, and why.
	Inventory *inventory.Inventory
	// Server is the URL of the API server.
	Server string
	// Version is the server's /version, for the version checks.
	Version *version.Info
	// APIResources is the server's discovery, every group version and its
	// resources: it tells which optional APIs (policy engines, CNI CRDs)
	// the cluster has.
	APIResources []*metav1.APIResourceList
	// Stats say how much of the cluster was read.
	Stats Stats
}

// Stats count what a load attempted and what it read.
type Stats struct {
	// Resources counts the resource kinds attempted; ResourcesRead those
	// read in full (in every namespace asked for).
	Resources, ResourcesRead int
	// Lists counts the LISTs attempted (one resource in one namespace, or
	// cluster-wide); ListsRead those read in full.
	Lists, ListsRead int
	// Objects is the number of objects in the inventory.
	Objects int
	// Duration is the wall time of the load, discovery included.
	Duration time.Duration
	// read lists the resources read in full, by group version.
	read map[string][]string
}

// Load reads the cluster cfg points at into an inventory, with the
// options' namespaces, limits and timeouts. It only reads. A LIST that
// fails (forbidden, not served, failing after retries) becomes a coverage
// entry and the load goes on; an error is returned only when the server
// cannot be used at all: unreachable, credentials rejected, no answer in
// time, overloaded for longer than the retries, or ctx ended.
func Load(ctx context.Context, cfg *rest.Config, opts Options) (*Result, error) {
	return load(ctx, cfg, opts, defaultRetry)
}

func load(ctx context.Context, cfg *rest.Config, opts Options, retry retryPolicy) (*Result, error) {
	start := time.Now()
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = cfg.Timeout // e.g. a kubeconfig override; else the default
	}
	opts = opts.withDefaults()
	cfg = clientConfig(cfg, opts)
	d, l, err := connect(ctx, cfg, opts, retry)
	if err != nil {
		return nil, err
	}
	tasks := plan(d, opts)
	outcomes := run(ctx, l, tasks, opts)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfg.Host, err)
	}
	res := &Result{Server: cfg.Host, Version: d.version, APIResources: d.resources}
	objects, cov, err := assemble(tasks, outcomes, &res.Stats)
	if err != nil {
		return nil, connectionError(cfg.Host, opts.RequestTimeout, err)
	}
	kubelets, kcov := kubeletConfigs(ctx, l, nodesOf(objects), opts)
	objects, cov = append(objects, kubelets...), append(cov, kcov...)
	res.Stats.Objects = len(objects)
	res.Inventory = inventory.New(objects, nil)
	res.Inventory.Cluster = clusterInfo(res)
	res.Inventory.Cluster.Limited = newSelection(opts).describe()
	res.Inventory.Coverage = append(cov, missingNamespaces(res.Inventory, tasks, outcomes, opts)...)
	res.Stats.Duration = time.Since(start)
	return res, nil
}

// connect makes the clients, over one HTTP client, and runs discovery.
func connect(ctx context.Context, cfg *rest.Config, opts Options, retry retryPolicy) (*discovered, *lister, error) {
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("configuring the client for %s: %w", cfg.Host, err)
	}
	dc, err := discovery.NewDiscoveryClientForConfigAndClient(cfg, hc)
	if err != nil {
		return nil, nil, fmt.Errorf("configuring discovery for %s: %w", cfg.Host, err)
	}
	d, err := discover(ctx, dc, retry)
	if err != nil {
		return nil, nil, connectionError(cfg.Host, opts.RequestTimeout, err)
	}
	l, err := newLister(cfg, hc, opts.PageSize, retry)
	if err != nil {
		return nil, nil, err
	}
	return d, l, nil
}

// missingNamespaces records the namespaces asked for that the cluster
// does not have (when the namespaces could be listed): a typo must not
// look like an empty, clean namespace.
func missingNamespaces(inv *inventory.Inventory, tasks []task, outcomes []outcome, opts Options) []inventory.Coverage {
	for i, t := range tasks {
		if t.r.kind == "Namespace" && outcomes[i].err != nil {
			return nil
		}
	}
	var cov []inventory.Coverage
	for _, ns := range newSelection(opts).namespaces {
		if inv.Get("Namespace", "", ns) == nil {
			cov = append(cov, inventory.Coverage{Resource: "namespace " + ns, Status: StatusNotFound, Message: fmt.Sprintf("namespace %q does not exist", ns)})
		}
	}
	return cov
}

// outcome is the result of one task.
type outcome struct {
	objects []*inventory.Object
	err     error
}

// run performs the tasks, opts.Concurrency at a time. The first fatal
// error cancels the tasks not yet finished.
func run(ctx context.Context, l *lister, tasks []task, opts Options) []outcome {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]outcome, len(tasks))
	prog := &progress{report: opts.Progress, total: len(tasks)}
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, t := range tasks {
		if t.skip != nil {
			out[i].err = t.skip
			prog.listDone(t.what())
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			objs, err := l.list(ctx, t.r, t.namespace, t.keep, func(n int) { prog.page(t.what(), n) })
			out[i] = outcome{objects: objs, err: err}
			if fatal(err) {
				cancel()
			}
			prog.listDone(t.what())
		}()
	}
	wg.Wait()
	return out
}

// assemble joins the outcomes in task order (a stable order for reports),
// turns failures into coverage and counts what was read. A fatal failure
// is returned as the error.
func assemble(tasks []task, outcomes []outcome, s *Stats) ([]*inventory.Object, []inventory.Coverage, error) {
	var objects []*inventory.Object
	var cov []inventory.Coverage
	failed := map[schema.GroupVersionResource]bool{}
	for i, o := range outcomes {
		if fatal(o.err) {
			return nil, nil, o.err
		}
		gvr := tasks[i].r.gvr
		failed[gvr] = failed[gvr] || o.err != nil
		if o.err != nil {
			cov = append(cov, coverage(tasks[i].what(), o.err))
			continue
		}
		s.ListsRead++
		objects = append(objects, o.objects...)
	}
	s.Lists, s.Objects, s.Resources = len(tasks), len(objects), len(failed)
	s.read = map[string][]string{}
	for gvr, f := range failed {
		if !f {
			s.ResourcesRead++
			gv := gvr.GroupVersion().String()
			s.read[gv] = append(s.read[gv], gvr.Resource)
		}
	}
	return objects, cov, nil
}

// progress serialises the progress reports of concurrent tasks.
type progress struct {
	mu      sync.Mutex
	report  func(Progress)
	total   int
	done    int
	objects int
}

func (p *progress) page(what string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.objects += n
	p.send(what)
}

func (p *progress) listDone(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.send(what)
}

func (p *progress) send(what string) {
	if p.report != nil {
		p.report(Progress{Resource: what, ListsDone: p.done, ListsTotal: p.total, Objects: p.objects})
	}
}

// clusterInfo summarises discovery for checks that judge the cluster itself.
func clusterInfo(res *Result) *inventory.ClusterInfo {
	info := &inventory.ClusterInfo{Server: res.Server, Resources: map[string][]string{},
		Kinds: res.Stats.Resources, KindsRead: res.Stats.ResourcesRead, Lists: res.Stats.Lists, ListsRead: res.Stats.ListsRead,
		Read: res.Stats.read}
	if res.Version != nil {
		info.GitVersion = res.Version.GitVersion
	}
	for _, list := range res.APIResources {
		for _, r := range list.APIResources {
			info.Resources[list.GroupVersion] = append(info.Resources[list.GroupVersion], r.Name)
		}
	}
	return info
}
