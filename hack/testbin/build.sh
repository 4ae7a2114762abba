#!/usr/bin/env bash
# Builds the kube-apiserver and etcd binaries that integration tests run
# (internal/testcluster), from the Go modules in hack/testbin/apiserver and
# hack/testbin/etcd, into a cache keyed by version:
#
#   .cache/testbin/kube-apiserver-<version>
#   .cache/testbin/etcd-<version>
#
# A binary that is already there is not rebuilt, so a warm run costs nothing.
# Safe to run concurrently: builds hold a lock and write to a temporary name
# that is renamed into place. On success it prints one NAME=PATH line per
# binary on stdout (progress goes to stderr).
#
# Environment:
#   PALISADE_TESTBIN_DIR  cache directory (default: <repo>/.cache/testbin)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${PALISADE_TESTBIN_DIR:-$root/.cache/testbin}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# version MODDIR MODULE: the version of MODULE required in MODDIR/go.mod.
version() {
	local v
	v="$(awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$here/$1/go.mod")"
	if [[ -z "$v" ]]; then
		echo "build.sh: $2 not found in $here/$1/go.mod" >&2
		exit 1
	fi
	echo "$v"
}

# build NAME MODDIR PACKAGE VERSION: builds PACKAGE in module MODDIR to $out/NAME-VERSION.
build() {
	local name="$1" moddir="$2" pkg="$3" ver="$4"
	local bin="$out/$name-$ver"
	if [[ -x "$bin" ]]; then
		echo "$name=$bin"
		return
	fi
	# Serialise builds of the same binary; a waiter finds it built and stops.
	exec {lock}>"$bin.lock"
	flock "$lock"
	if [[ ! -x "$bin" ]]; then
		echo "build.sh: building $name $ver into $bin (takes minutes on a cold cache)" >&2
		local start=$SECONDS tmp="$bin.tmp.$$"
		if ! (cd "$here/$moddir" &&
			GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$tmp" "$pkg"); then
			rm -f "$tmp"
			echo "build.sh: building $name $ver failed" >&2
			exit 1
		fi
		mv -f "$tmp" "$bin"
		echo "build.sh: built $name in $((SECONDS - start)) s" >&2
	fi
	exec {lock}>&-
	echo "$name=$bin"
}

build etcd etcd go.etcd.io/etcd/server/v3 "$(version etcd go.etcd.io/etcd/server/v3)"
build kube-apiserver apiserver k8s.io/kubernetes/cmd/kube-apiserver \
	"$(version apiserver k8s.io/kubernetes)"
