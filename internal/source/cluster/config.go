package cluster

import (
	"errors"
	"fmt"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/flowcontrol"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultQPS            = 50
	DefaultBurst          = 100
	DefaultPageSize       = 500
	DefaultConcurrency    = 4
)

// Options configure how a cluster is reached and read. Zero values take
// the defaults above; the connection fields follow kubectl's conventions.
type Options struct {
	// Kubeconfig is an explicit kubeconfig file (--kubeconfig). When empty,
	// KUBECONFIG and then ~/.kube/config are used, and inside a pod the
	// in-cluster service account.
	Kubeconfig string
	// Context is the kubeconfig context to use (--context); empty means the
	// current context.
	Context string
	// Namespaces limits namespaced resources to these namespaces (listed
	// one namespace at a time); empty means all namespaces.
	Namespaces []string
	// ExcludeNamespaces are dropped from the result, whatever Namespaces says.
	ExcludeNamespaces []string
	// RequestTimeout bounds every single request (DefaultRequestTimeout).
	RequestTimeout time.Duration
	// QPS and Burst bound the request rate, shared by every request of a
	// load. Zero keeps the rest.Config's own values, or DefaultQPS and
	// DefaultBurst when it has none; a negative QPS removes the limit.
	QPS   float32
	Burst int
	// PageSize is the limit of one LIST page (DefaultPageSize).
	PageSize int64
	// Concurrency is the number of LISTs in flight (DefaultConcurrency).
	Concurrency int
	// Progress, when set, is told about each page read. Calls are
	// serialised: the function need not be safe for concurrent use.
	Progress func(Progress)
}

// Progress is a snapshot of a load in flight, for a progress line.
type Progress struct {
	// Resource is the resource just read from, e.g. "pods in namespace shop".
	Resource string
	// ListsDone and ListsTotal count the LISTs (one resource in one scope).
	ListsDone, ListsTotal int
	// Objects is the number of objects read so far.
	Objects int
}

// RESTConfig loads the client configuration the way kubectl does: an
// explicit kubeconfig, else KUBECONFIG, else ~/.kube/config, else the
// in-cluster configuration when running in a pod; then the chosen context.
func RESTConfig(opts Options) (*rest.Config, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = opts.Kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: opts.Context}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	cfg, err := cc.ClientConfig()
	if err == nil {
		return cfg, nil
	}
	raw, rawErr := cc.RawConfig()
	if rawErr != nil {
		return nil, fmt.Errorf("loading kubeconfig: %w", rawErr)
	}
	return nil, kubeconfigError(opts, raw, err)
}

// kubeconfigError turns clientcmd's errors into one actionable line.
func kubeconfigError(opts Options, raw clientcmdapi.Config, err error) error {
	current := opts.Context
	if current == "" {
		current = raw.CurrentContext
	}
	switch {
	case current != "" && raw.Contexts[current] == nil:
		return fmt.Errorf("loading kubeconfig: context %q not found (kubectl config get-contexts lists them)", current)
	case current == "" && len(raw.Contexts) > 0:
		return errors.New("loading kubeconfig: no current context: pass --context or run kubectl config use-context")
	case clientcmd.IsEmptyConfig(err):
		return errors.New("loading kubeconfig: no configuration found: " +
			"set --kubeconfig or KUBECONFIG, create ~/.kube/config, or run inside a pod")
	}
	return fmt.Errorf("loading kubeconfig: %w", err)
}

// withDefaults fills the zero fields of opts.
func (opts Options) withDefaults() Options {
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	return opts
}

// clientConfig returns a copy of cfg set up for reading: protobuf for
// built-in types, the request timeout, one rate limiter shared by every
// client made from it, and no server warnings printed on stderr.
func clientConfig(cfg *rest.Config, opts Options) *rest.Config {
	c := rest.CopyConfig(cfg)
	c.ContentType = "application/vnd.kubernetes.protobuf"
	c.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	c.Timeout = opts.RequestTimeout
	c.QPS, c.Burst = firstNonZero(opts.QPS, cfg.QPS, DefaultQPS), firstNonZero(opts.Burst, cfg.Burst, DefaultBurst)
	c.RateLimiter = nil
	if c.QPS > 0 {
		c.RateLimiter = flowcontrol.NewTokenBucketRateLimiter(c.QPS, c.Burst)
	}
	c.WarningHandler = rest.NoWarnings{}
	if c.UserAgent == "" {
		c.UserAgent = "palisade"
	}
	return c
}

// firstNonZero returns the first of values that is not zero.
func firstNonZero[T float32 | int](values ...T) T {
	for _, v := range values {
		if v != 0 {
			return v
		}
	}
	return 0
}
