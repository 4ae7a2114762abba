package testcluster

import "fmt"

// Launch starts a cluster outside a test, for tools such as the live-cluster
// quick start (hack/quickstart): it builds the binaries if they are
// missing and keeps the cluster's files in dir. The caller stops it with
// Stop.
func Launch(dir string, opts ...Option) (*Cluster, error) {
	bins, err := ensureBinaries()
	if err != nil {
		return nil, err
	}
	return start(bins, dir, buildOptions(opts))
}

// Stop kills the cluster's processes and waits for them to exit.
func (c *Cluster) Stop() { c.stop() }

// ApplyManifests server-side applies multi-document YAML as the admin, as
// Apply does, returning the error instead of failing a test.
func (c *Cluster) ApplyManifests(manifests string) error {
	if _, err := c.apply(manifests); err != nil {
		return fmt.Errorf("applying manifests: %w", err)
	}
	return nil
}
