package cluster

import (
	"context"
	"encoding/json"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/client-go/discovery"
)

// discovered is what the server said about itself.
type discovered struct {
	version   *version.Info
	resources []*metav1.APIResourceList
	// served maps the group versions the server listed to their resources.
	served map[schema.GroupVersion]map[string]bool
	// failed are the group versions whose discovery failed.
	failed map[schema.GroupVersion]error
}

// discover asks the server for its version, then for every API group and
// resource. The version request is the first contact: its failure (no
// server, bad credentials, no answer) ends the load.
func discover(ctx context.Context, dc *discovery.DiscoveryClient, retry retryPolicy) (*discovered, error) {
	d := &discovered{served: map[schema.GroupVersion]map[string]bool{}}
	err := retry.do(ctx, firstContactRetryable, func() error {
		raw, err := dc.RESTClient().Get().AbsPath("/version").MaxRetries(0).Do(ctx).Raw()
		if err != nil {
			return err
		}
		d.version = &version.Info{}
		if err := json.Unmarshal(raw, d.version); err != nil {
			return fmt.Errorf("decoding /version: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = retry.do(ctx, transient, func() error {
		var err error
		_, d.resources, err = dc.ServerGroupsAndResourcesWithContext(ctx)
		return err
	})
	if failed, ok := discovery.GroupDiscoveryFailedErrorGroups(err); ok {
		d.failed, err = failed, nil // one broken aggregated API must not stop the scan
	}
	if err != nil {
		return nil, fmt.Errorf("discovering API resources: %w", err)
	}
	for _, list := range d.resources {
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			continue
		}
		names := map[string]bool{}
		for _, r := range list.APIResources {
			names[r.Name] = true
		}
		d.served[gv] = names
	}
	return d, nil
}

// firstContactRetryable is transient without timeouts: a server that does
// not answer the first request in time is most likely not there, and
// waiting for it several times over only delays the error.
func firstContactRetryable(err error) bool { return transient(err) && !isTimeout(err) }

// check returns nil when the server serves r, or why it cannot be listed.
func (d *discovered) check(r resource) error {
	gv := r.gvr.GroupVersion()
	if err := d.failed[gv]; err != nil {
		return fmt.Errorf("discovering %s: %w", gv, err)
	}
	if !d.served[gv][r.gvr.Resource] {
		return notServedError{r}
	}
	return nil
}
