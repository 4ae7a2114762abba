package netpol

import "github.com/palisade-dev/palisade/internal/inventory"

// The types below are the JSON form of answers and exposures, for
// commands and tests: plain values, no pointers into the model.

// SideResult is one side of a ReachResult.
type SideResult struct {
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
	// Isolating are the policies ("ns/name") selecting the pod.
	Isolating []string `json:"isolating,omitempty"`
	// Allowing are the rules ("ns/name spec.ingress[0]") that admit it.
	Allowing []string `json:"allowing,omitempty"`
}

// ReachResult is one answer of `palisade netpol reach`.
type ReachResult struct {
	From    string     `json:"from"`
	To      string     `json:"to"`
	Port    string     `json:"port"`
	Verdict Verdict    `json:"verdict"`
	Egress  SideResult `json:"egress"`
	Ingress SideResult `json:"ingress"`
}

// Result returns the answer's JSON form.
func (a Answer) Result() ReachResult {
	return ReachResult{From: a.From.Name, To: a.To.Name, Port: a.Port.String(), Verdict: a.Verdict,
		Egress: a.Egress.result(), Ingress: a.Ingress.result()}
}

func (s Side) result() SideResult {
	r := SideResult{Verdict: s.Verdict, Reason: s.Reason}
	for _, p := range s.Isolating {
		r.Isolating = append(r.Isolating, p.ID())
	}
	for _, a := range s.Allowing {
		r.Allowing = append(r.Allowing, a.Policy.ID()+" "+a.Path)
	}
	return r
}

// RouteResult is one route of an ExposureResult.
type RouteResult struct {
	Kind    RouteKind     `json:"kind"`
	Via     inventory.Ref `json:"via"`
	Path    string        `json:"path"`
	Port    string        `json:"port"`
	Verdict Verdict       `json:"verdict"`
	Reason  string        `json:"reason"`
}

// PortResult is one listening port of an ExposureResult.
type PortResult struct {
	Port    string  `json:"port"`
	Verdict Verdict `json:"verdict"`
	Reason  string  `json:"reason"`
}

// ExposureResult is one workload of `palisade netpol exposure`.
type ExposureResult struct {
	Workload inventory.Ref `json:"workload"`
	// External is the widest verdict of the routes from outside.
	External Verdict       `json:"external"`
	Routes   []RouteResult `json:"routes,omitempty"`
	// ClusterWide are the listening ports and whether any pod of any
	// namespace may connect to each.
	ClusterWide []PortResult `json:"clusterWide,omitempty"`
	// Unread says why routes from outside may be missing, or is empty.
	Unread string `json:"unread,omitempty"`
}

// Result returns the exposure's JSON form.
func (e *Exposure) Result() ExposureResult {
	r := ExposureResult{Workload: e.Workload.Object.Ref(), External: e.External(), Unread: e.Unread}
	for _, rv := range e.Routes {
		r.Routes = append(r.Routes, RouteResult{Kind: rv.Kind, Via: rv.Via.Ref(), Path: rv.Path,
			Port: rv.Port.String(), Verdict: rv.Side.Verdict, Reason: rv.Side.Reason})
	}
	for _, p := range e.Ports {
		r.ClusterWide = append(r.ClusterWide, PortResult{Port: p.Port.String(), Verdict: p.Side.Verdict, Reason: p.Side.Reason})
	}
	return r
}
