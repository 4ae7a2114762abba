package policyreport

import (
	"os"
	"strings"
	"testing"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"sigs.k8s.io/yaml"

	"github.com/palisade-dev/palisade/internal/report/reporttest"
)

// TestOutputMatchesTheCRDSchema validates every document against the
// v1alpha2 schema with the API server's own CRD validator, and prunes it
// with the API server's pruning: a value the schema rejects or a field it
// would silently drop fails the test.
func TestOutputMatchesTheCRDSchema(t *testing.T) {
	validator, structural := loadSchema(t)
	out := reporttest.RenderWith(t, Write, reporttest.Full(), Options{Time: scanTime})
	for i, doc := range strings.Split(out, "\n---\n") {
		var obj map[string]any
		if err := yaml.Unmarshal([]byte(doc), &obj); err != nil {
			t.Fatalf("document %d is not YAML: %v", i, err)
		}
		if errs := validation.ValidateCustomResource(nil, obj, validator); len(errs) > 0 {
			t.Errorf("document %d (%s) fails the CRD schema: %v", i, obj["kind"], errs.ToAggregate())
		}
		opts := structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}
		if pruned := pruning.PruneWithOptions(obj, structural, true, opts); len(pruned) > 0 {
			t.Errorf("document %d (%s): the API server would drop %s", i, obj["kind"], strings.Join(pruned, ", "))
		}
	}
}

// TestSchemaCatchesMistakes makes sure the validation above has teeth.
func TestSchemaCatchesMistakes(t *testing.T) {
	validator, structural := loadSchema(t)
	bad := map[string]any{
		"apiVersion": APIVersion, "kind": KindPolicyReport, "metadata": map[string]any{"name": "x"},
		"results": []any{map[string]any{"result": "excepted", "severity": "urgent", "extra": "field"}},
	}
	errs := validation.ValidateCustomResource(nil, bad, validator).ToAggregate()
	for _, want := range []string{"result", "severity", "policy"} {
		if errs == nil || !strings.Contains(errs.Error(), want) {
			t.Errorf("validation errors %v do not mention %q", errs, want)
		}
	}
	opts := structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}
	if pruned := pruning.PruneWithOptions(bad, structural, true, opts); len(pruned) != 1 {
		t.Errorf("pruned %v, want results[0].extra", pruned)
	}
}

func loadSchema(t *testing.T) (validation.SchemaValidator, *structuralschema.Structural) {
	t.Helper()
	raw, err := os.ReadFile("testdata/v1alpha2-schema.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var v1 apiextensionsv1.JSONSchemaProps
	if err := yaml.UnmarshalStrict(raw, &v1); err != nil {
		t.Fatalf("reading the schema: %v", err)
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(&v1, &internal, nil); err != nil {
		t.Fatalf("converting the schema: %v", err)
	}
	validator, _, err := validation.NewSchemaValidator(&internal)
	if err != nil {
		t.Fatalf("building the validator: %v", err)
	}
	structural, err := structuralschema.NewStructural(&internal)
	if err != nil {
		t.Fatalf("building the structural schema: %v", err)
	}
	return validator, structural
}
