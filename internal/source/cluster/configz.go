package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/source/manifest"
	"github.com/palisade-dev/palisade/internal/source/node/facts"
)

// Kubelet configuration read through the API server's node proxy.
const (
	KubeletConfigAPIVersion = "kubelet.config.k8s.io/v1beta1"
	KubeletConfigKind       = "KubeletConfiguration"
	// AnnotationDefaulted marks a KubeletConfiguration whose absent fields
	// already hold the kubelet's defaults, as configz reports them; a
	// config file read from disk has no such annotation.
	AnnotationDefaulted = facts.DefaultsAppliedAnnotation
)

// Bounds of the configz reads, so that a large cluster whose kubelets the
// API server cannot reach (a firewall) does not hold the scan for
// nodes x timeout: each GET has at most configzTimeout, and after
// configzGiveUp failures in a row with no success, or one forbidden
// answer (nodes/proxy is granted cluster-wide or not at all), the other
// nodes are not asked and say why.
const (
	configzTimeout = 10 * time.Second
	configzGiveUp  = 5
)

// kubeletConfigs reads each node's running kubelet configuration from
// /api/v1/nodes/NAME/proxy/configz, opts.Concurrency at a time. It only
// sends GET requests. A node whose kubelet cannot be reached, or a user who
// may not get nodes/proxy, becomes a coverage entry naming the node.
func kubeletConfigs(ctx context.Context, l *lister, nodes []*inventory.Object, opts Options) ([]*inventory.Object, []inventory.Coverage) {
	core := l.typed[schema.GroupVersion{Version: "v1"}]
	if core == nil || len(nodes) == 0 {
		return nil, nil
	}
	objs := make([]*inventory.Object, len(nodes))
	errs := make([]error, len(nodes))
	var gate configzGate
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	for i, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := gate.closed(); err != nil {
				errs[i] = err
				return
			}
			objs[i], errs[i] = kubeletConfig(ctx, core, n.Name, opts)
			gate.record(errs[i])
		}()
	}
	wg.Wait()
	var out []*inventory.Object
	var cov []inventory.Coverage
	for i, n := range nodes {
		if errs[i] != nil {
			c := coverage(configzPath(n.Name), errs[i])
			c.Kind, c.Name = KubeletConfigKind, n.Name
			cov = append(cov, c)
			continue
		}
		if objs[i] != nil {
			out = append(out, objs[i])
		}
	}
	return out, cov
}

// configzGate stops the configz reads once they cannot succeed: after a
// forbidden answer, or configzGiveUp failures in a row before any success.
type configzGate struct {
	mu       sync.Mutex
	failures int
	success  bool
	stop     error
}

func (g *configzGate) closed() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stop
}

func (g *configzGate) record(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case err == nil:
		g.success, g.failures = true, 0
	case g.stop != nil:
	case apierrors.IsForbidden(err):
		g.stop = skippedError{err, "another node's configz was forbidden, so this one was not asked"}
	case !g.success:
		if g.failures++; g.failures == configzGiveUp {
			g.stop = skippedError{err, fmt.Sprintf("the first %d kubelets could not be reached, so this one was not asked", configzGiveUp)}
		}
	}
}

// skippedError is a configz read not attempted, for the reason of another;
// it keeps that reason's class (forbidden, say) for coverage.
type skippedError struct {
	cause error
	why   string
}

func (e skippedError) Error() string { return e.why + ": " + e.cause.Error() }
func (e skippedError) Unwrap() error { return e.cause }

// kubeletConfig GETs one node's configz and decodes it.
func kubeletConfig(ctx context.Context, core rest.Interface, node string, opts Options) (*inventory.Object, error) {
	ctx, cancel := context.WithTimeout(ctx, min(opts.RequestTimeout, configzTimeout))
	defer cancel()
	raw, err := core.Get().Resource("nodes").Name(node).SubResource("proxy").Suffix("configz").
		SetHeader("Accept", "application/json").DoRaw(ctx)
	if err != nil {
		return nil, statusError(raw, err)
	}
	return configzObject(node, raw)
}

// configzObject turns a configz answer, {"kubeletconfig": {...}}, into a
// KubeletConfiguration object named after its node.
func configzObject(node string, raw []byte) (*inventory.Object, error) {
	var body struct {
		KubeletConfig json.RawMessage `json:"kubeletconfig"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, fmt.Errorf("decoding the configz of node %s: %w", node, err)
	}
	if len(body.KubeletConfig) == 0 || string(body.KubeletConfig) == "null" {
		return nil, fmt.Errorf("the configz of node %s has no kubeletconfig", node)
	}
	typed, err := manifest.DecodeJSON(KubeletConfigAPIVersion, KubeletConfigKind, body.KubeletConfig)
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", node, err)
	}
	return &inventory.Object{
		APIVersion: KubeletConfigAPIVersion,
		Kind:       KubeletConfigKind,
		Name:       node,
		Meta:       configzMeta(node),
		Typed:      typed,
		Location:   inventory.Location{File: configzPath(node)},
		Source:     Source,
	}, nil
}

func configzPath(node string) string { return "/api/v1/nodes/" + node + "/proxy/configz" }

func configzMeta(node string) *metav1.ObjectMeta {
	return &metav1.ObjectMeta{Name: node, Annotations: map[string]string{AnnotationDefaulted: "true"}}
}

// nodesOf returns the Node objects among objs.
func nodesOf(objs []*inventory.Object) []*inventory.Object {
	var out []*inventory.Object
	for _, o := range objs {
		if o.Kind == "Node" && o.APIVersion == "v1" {
			out = append(out, o)
		}
	}
	return out
}

// statusError returns the API server's own Status from the body of a
// failed proxy request (the list codecs of the client cannot decode it, so
// err says only "unknown"), keeping its reason for coverageStatus.
func statusError(body []byte, err error) error {
	var st metav1.Status
	if json.Unmarshal(body, &st) != nil || st.Kind != "Status" || st.Message == "" {
		return err
	}
	return apierrors.FromObject(&st)
}
