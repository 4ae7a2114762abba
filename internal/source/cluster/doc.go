// Package cluster reads a live Kubernetes cluster into the same inventory
// the manifest sources build, so every check runs unchanged on it.
//
// The package is read-only by construction: it only issues discovery
// requests and GET/LIST requests (paged, with continue tokens). It never
// creates, updates, patches or deletes anything, and never watches. Secrets
// are listed as metadata only (PartialObjectMetadataList): the server never
// sends their values to Palisade.
package cluster
