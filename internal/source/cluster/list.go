package cluster

import (
	"context"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// metadataListAccept asks for the metadata of a list only, in protobuf or
// JSON, and for nothing else: a server that cannot strip the objects
// answers 406 rather than sending whole Secrets.
const metadataListAccept = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1," +
	"application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1"

// lister reads resources page by page, over one shared HTTP client.
type lister struct {
	typed    map[schema.GroupVersion]rest.Interface
	metadata rest.Interface
	pageSize int64
	retry    retryPolicy
}

// newLister makes one REST client per group version (typed, protobuf
// first) and one for metadata-only lists, configured as
// k8s.io/client-go/metadata configures its own.
func newLister(cfg *rest.Config, hc *http.Client, pageSize int64, retry retryPolicy) (*lister, error) {
	l := &lister{typed: map[schema.GroupVersion]rest.Interface{}, pageSize: pageSize, retry: retry}
	for _, r := range resources {
		gv := r.gvr.GroupVersion()
		if r.metadataOnly || r.custom || l.typed[gv] != nil {
			continue
		}
		c := rest.CopyConfig(cfg)
		c.GroupVersion, c.APIPath = &gv, "/apis"
		if gv.Group == "" {
			c.APIPath = "/api"
		}
		c.NegotiatedSerializer = listCodecs.WithoutConversion()
		rc, err := rest.RESTClientForConfigAndClient(c, hc)
		if err != nil {
			return nil, fmt.Errorf("creating the %s client: %w", gv, err)
		}
		l.typed[gv] = rc
	}
	mc := metadata.ConfigFor(cfg)
	mc.GroupVersion, mc.APIPath = &schema.GroupVersion{}, "/"
	rc, err := rest.RESTClientForConfigAndClient(mc, hc)
	if err != nil {
		return nil, fmt.Errorf("creating the metadata client: %w", err)
	}
	l.metadata = rc
	return l, nil
}

// list reads every page of one resource in one namespace ("" for all or
// for cluster-scoped resources), keeping the objects keep accepts. page is
// told the size of each page read. A continue token that expired while
// paging restarts the list once from the start.
func (l *lister) list(ctx context.Context, r resource, namespace string, keep func(*metav1.ObjectMeta) bool, page func(int)) ([]*inventory.Object, error) {
	var out []*inventory.Object
	cont, restarted := "", false
	for {
		objs, next, err := l.page(ctx, r, namespace, cont, keep)
		if err != nil && apierrors.IsResourceExpired(err) && cont != "" && !restarted {
			out, cont, restarted = nil, "", true
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
		page(len(objs))
		if next == "" {
			return out, nil
		}
		cont = next
	}
}

// page reads one page, retrying transient failures.
func (l *lister) page(ctx context.Context, r resource, namespace, cont string, keep func(*metav1.ObjectMeta) bool) (objs []*inventory.Object, next string, err error) {
	opts := metav1.ListOptions{Limit: l.pageSize, Continue: cont}
	err = l.retry.do(ctx, transient, func() error {
		if r.custom {
			var err error
			objs, next, err = l.customPage(ctx, r, namespace, opts, keep)
			return err
		}
		if r.metadataOnly {
			list := &metav1.PartialObjectMetadataList{}
			if err := l.request(l.metadata, r, namespace, opts).SetHeader("Accept", metadataListAccept).Do(ctx).Into(list); err != nil {
				return err
			}
			objs, next = r.secretsOf(list, keep), list.Continue
			return nil
		}
		list := r.newList()
		if err := l.request(l.typed[r.gvr.GroupVersion()], r, namespace, opts).Do(ctx).Into(list); err != nil {
			return err
		}
		var err error
		objs, err = r.objectsOf(list, keep)
		next = list.(metav1.ListInterface).GetContinue()
		return err
	})
	return objs, next, err
}

// request is a GET of one page of a collection, without client-go's own
// retries: retryPolicy bounds them instead.
func (l *lister) request(c rest.Interface, r resource, namespace string, opts metav1.ListOptions) *rest.Request {
	return c.Get().AbsPath(r.path(namespace, "")).
		SpecificallyVersionedParams(&opts, paramCodec, optionsVersion).
		MaxRetries(0)
}
