// Package endpoint is the synthetic kind a live probe records what it saw
// in: one Endpoint object per probed host and port, carrying the observed
// facts (reachable or not, TLS, the answer to each request) so that
// registered checks judge them like any other inventory object.
package endpoint

import (
	"net"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/palisade-dev/palisade/internal/inventory"
)

// APIVersion and Kind identify Endpoint objects; the group is Palisade's
// own, so the kind never clashes with the core v1 Endpoints.
const (
	APIVersion = "palisade.dev/v1"
	Kind       = "Endpoint"
)

// Component is the Kubernetes component a probed port is expected to be.
type Component string

// The components a probe knows how to ask.
const (
	APIServer         Component = "apiserver"
	Etcd              Component = "etcd"
	Kubelet           Component = "kubelet"
	KubeletReadOnly   Component = "kubelet-read-only"
	KubeProxy         Component = "kube-proxy"
	ControllerManager Component = "controller-manager"
	Scheduler         Component = "scheduler"
)

// Endpoint is what a probe observed at one host and port. Its name is
// "host:port".
type Endpoint struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              Spec   `json:"spec"`
	Status            Status `json:"status"`
}

// Spec is the target as the user named it.
type Spec struct {
	Host      string    `json:"host"`
	Port      int       `json:"port"`
	Component Component `json:"component"`
}

// Status is what the probe observed.
type Status struct {
	// Address is the IP address and port connected to; empty when no TCP
	// connection was made.
	Address string `json:"address,omitempty"`
	// Error says why the target could not be probed (refused, timed out,
	// not TLS nor HTTP); empty when requests were sent.
	Error string `json:"error,omitempty"`
	// Scheme is "https" or "http", as the port answered.
	Scheme string `json:"scheme,omitempty"`
	// TLS describes the handshake when the port speaks TLS.
	TLS *TLS `json:"tls,omitempty"`
	// Requests are the read-only requests sent without credentials, in
	// order, with their answers.
	Requests []Request `json:"requests,omitempty"`
}

// TLS is what the TLS handshake showed.
type TLS struct {
	// Version is the negotiated version, e.g. "TLS 1.3".
	Version string `json:"version,omitempty"`
	// ClientCertRequested is true when the server asked for a client
	// certificate (it may still accept a client without one).
	ClientCertRequested bool `json:"clientCertRequested,omitempty"`
	// ClientCertRequired is true when the server refused the connection
	// because no client certificate was sent.
	ClientCertRequired bool `json:"clientCertRequired,omitempty"`
	// Alert is the TLS alert the server refused the connection with.
	Alert string `json:"alert,omitempty"`
}

// Request is one request sent without credentials and its answer.
type Request struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	// Code is the HTTP status code, 0 when there was no answer.
	Code int `json:"code,omitempty"`
	// Error says why there was no answer.
	Error string `json:"error,omitempty"`
	// Summary describes the body without its contents: its kind, how
	// many items, a version; never values.
	Summary string `json:"summary,omitempty"`
}

// Name is the object name of the endpoint of host and port: "host:port",
// with an IPv6 address in brackets.
func Name(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// New returns the Endpoint of a target, with nothing observed yet.
func New(host string, port int, c Component) *Endpoint {
	return &Endpoint{
		TypeMeta:   metav1.TypeMeta{APIVersion: APIVersion, Kind: Kind},
		ObjectMeta: metav1.ObjectMeta{Name: Name(host, port)},
		Spec:       Spec{Host: host, Port: port, Component: c},
	}
}

// Object wraps the endpoint as an inventory object. Endpoints have no
// source file: findings name the endpoint and the field path.
func (e *Endpoint) Object() *inventory.Object {
	return &inventory.Object{APIVersion: APIVersion, Kind: Kind, Name: e.Name, Meta: &e.ObjectMeta, Typed: e, Source: "probe"}
}

// Of returns the endpoints of the inventory of one component, with their
// objects, in inventory order.
func Of(inv *inventory.Inventory, c Component) []Observed {
	var out []Observed
	for _, o := range inv.ByKind(Kind) {
		if e, ok := o.Typed.(*Endpoint); ok && o.APIVersion == APIVersion && e.Spec.Component == c {
			out = append(out, Observed{Object: o, Endpoint: e})
		}
	}
	return out
}

// Observed is an endpoint and the inventory object that carries it.
type Observed struct {
	Object *inventory.Object
	*Endpoint
}

// Find returns the request of a method and path and its field path
// ("status.requests[2]"), or nil when it was not sent.
func (e *Endpoint) Find(method, path string) (*Request, string) {
	for i := range e.Status.Requests {
		if r := &e.Status.Requests[i]; r.Method == method && r.Path == path {
			return r, "status.requests[" + strconv.Itoa(i) + "]"
		}
	}
	return nil, ""
}
