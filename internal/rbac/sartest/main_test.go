// Package sartest proves the effective-permission model exact: it loads a
// generated RBAC set into a real kube-apiserver and requires the model to
// give the server's SubjectAccessReview answer for every one of more than
// a thousand requests.
package sartest

import (
	"testing"

	"github.com/palisade-dev/palisade/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }
