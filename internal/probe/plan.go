package probe

import (
	"net/http"

	"github.com/palisade-dev/palisade/internal/probe/endpoint"
)

// call is one request of a component's plan. Every call reads: GETs, and
// etcd's range request, which is a POST only because etcd's JSON gateway
// takes its arguments as a body (see etcdCountAll).
type call struct {
	method, path string
	accept       string
	body         string
}

// metadataOnly asks the API server for object metadata only
// (PartialObjectMetadataList), so that a LIST anonymous may read never
// brings a Secret's values to the prober.
const metadataOnly = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json"

// etcdCountAll is a read-only v3 range request over every key (key "\0"
// to range_end "\0") that asks only for the count: it proves that the
// data can be read without reading any key or value.
const etcdCountAll = `{"key":"AA==","range_end":"AA==","count_only":true}`

// The requests each component is asked, in order.
var plans = map[endpoint.Component][]call{
	endpoint.APIServer: {
		get("/version"), get("/api"), get("/apis"),
		list("/api/v1/namespaces"), list("/api/v1/pods"), list("/api/v1/secrets"), list("/api/v1/nodes"),
	},
	endpoint.Kubelet:         {get("/pods")},
	endpoint.KubeletReadOnly: {get("/pods")},
	endpoint.Etcd: {
		get("/version"), get("/health"),
		{method: http.MethodPost, path: "/v3/kv/range", accept: "application/json", body: etcdCountAll},
	},
	endpoint.KubeProxy:         {get("/metrics"), get("/healthz")},
	endpoint.ControllerManager: {get("/metrics"), get("/healthz")},
	endpoint.Scheduler:         {get("/metrics"), get("/healthz")},
}

func get(path string) call {
	return call{method: http.MethodGet, path: path, accept: "application/json, */*"}
}

// list is a LIST of one object, metadata only.
func list(path string) call {
	return call{method: http.MethodGet, path: path + "?limit=1", accept: metadataOnly}
}
