package policyreport

// The API group, version and kinds of the Policy WG's report CRDs, which
// Policy Reporter, Kyverno and other tools read. The types below follow the
// published v1alpha2 CRD schema; the upstream Go module is not available.
const (
	APIVersion              = "wgpolicyk8s.io/v1alpha2"
	KindPolicyReport        = "PolicyReport"
	KindClusterPolicyReport = "ClusterPolicyReport"
)

// Result values the CRD allows.
const (
	ResultPass  = "pass"
	ResultFail  = "fail"
	ResultWarn  = "warn"
	ResultError = "error"
	ResultSkip  = "skip"
)

// PolicyReport is a PolicyReport (namespaced) or a ClusterPolicyReport: the
// two kinds share one schema.
type PolicyReport struct {
	APIVersion string   `json:"apiVersion" yaml:"apiVersion"`
	Kind       string   `json:"kind" yaml:"kind"`
	Metadata   Metadata `json:"metadata" yaml:"metadata"`
	Summary    Summary  `json:"summary" yaml:"summary"`
	Results    []Result `json:"results,omitempty" yaml:"results,omitempty"`
}

// Metadata is the part of ObjectMeta a report sets.
type Metadata struct {
	Name        string            `json:"name" yaml:"name"`
	Namespace   string            `json:"namespace,omitempty" yaml:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty" yaml:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty" yaml:"annotations,omitempty"`
}

// Summary counts the results by value.
type Summary struct {
	Pass  int `json:"pass" yaml:"pass"`
	Fail  int `json:"fail" yaml:"fail"`
	Warn  int `json:"warn" yaml:"warn"`
	Error int `json:"error" yaml:"error"`
	Skip  int `json:"skip" yaml:"skip"`
}

// Result is the outcome of one policy (a Palisade check) on one resource.
type Result struct {
	// Source names the engine that wrote the result: "palisade".
	Source string `json:"source" yaml:"source"`
	// Policy is the check ID.
	Policy   string `json:"policy" yaml:"policy"`
	Category string `json:"category,omitempty" yaml:"category,omitempty"`
	// Severity is critical, high, medium, low or info.
	Severity  string     `json:"severity,omitempty" yaml:"severity,omitempty"`
	Timestamp *Timestamp `json:"timestamp,omitempty" yaml:"timestamp,omitempty"`
	// Result is pass, fail, warn, error or skip.
	Result string `json:"result" yaml:"result"`
	Scored bool   `json:"scored" yaml:"scored"`
	// Resources is the checked object; its fieldPath is the finding's path.
	Resources []ObjectReference `json:"resources,omitempty" yaml:"resources,omitempty"`
	Message   string            `json:"message,omitempty" yaml:"message,omitempty"`
	// Properties carry what the schema has no field for: location,
	// remediation, frameworks, risk, baseline, exception, fix.
	Properties map[string]string `json:"properties,omitempty" yaml:"properties,omitempty"`
}

// ObjectReference names the checked object, as the CRD's copy of
// core/v1 ObjectReference does.
type ObjectReference struct {
	APIVersion string `json:"apiVersion,omitempty" yaml:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty" yaml:"kind,omitempty"`
	Namespace  string `json:"namespace,omitempty" yaml:"namespace,omitempty"`
	Name       string `json:"name,omitempty" yaml:"name,omitempty"`
	// FieldPath is the field the result is about.
	FieldPath string `json:"fieldPath,omitempty" yaml:"fieldPath,omitempty"`
}

// Timestamp is a protobuf Timestamp, as the CRD declares it.
type Timestamp struct {
	Seconds int64 `json:"seconds" yaml:"seconds"`
	Nanos   int32 `json:"nanos" yaml:"nanos"`
}
