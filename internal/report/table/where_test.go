package table

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/inventory"
	"github.com/palisade-dev/palisade/internal/report"
)

func TestWhere(t *testing.T) {
	cases := []struct {
		loc  *inventory.Location
		path string
		want string
	}{
		{&inventory.Location{File: "deploy/app.yaml", Line: 12}, "spec.x", "deploy/app.yaml:12"},
		{&inventory.Location{File: "chart/templates/app.yaml"}, "spec.x", "chart/templates/app.yaml"},
		{&inventory.Location{File: "/apis/apps/v1/namespaces/shop/deployments/api"}, "spec.template.spec.hostPID", "spec.template.spec.hostPID"},
		{&inventory.Location{File: "/api/v1/namespaces/shop"}, "", "/api/v1/namespaces/shop"},
		{nil, "spec.x", "spec.x"},
	}
	for _, c := range cases {
		if got := where(report.Finding{Location: c.loc, Path: c.path}); got != c.want {
			t.Errorf("where(%v, %q) = %q, want %q", c.loc, c.path, got, c.want)
		}
	}
}
