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

# build NAME MODDIR PACKAGE VERSION [LDFLAGS]: builds PACKAGE in module MODDIR
# to $out/NAME-VERSION, adding LDFLAGS (which then also name the binary, so a
# change of flags is a new cache entry).
build() {
	local name="$1" moddir="$2" pkg="$3" ver="$4" extra="${5:-}"
	local bin="$out/$name-$ver"
	if [[ -n "$extra" ]]; then
		bin="$bin-$(printf '%s' "$extra" | sha256sum | cut -c1-8)"
	fi
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
			GOWORK=off CGO_ENABLED=0 go build -trimpath -ldflags="-s -w $extra" -o "$tmp" "$pkg"); then
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
# kube-apiserver built from modules reports v0.0.0-master unless told its
# version; version checks need the real one.
kver="$(version apiserver k8s.io/kubernetes)"
kminor="${kver#v1.}"
kminor="${kminor%%.*}"
vpkg=k8s.io/component-base/version
build kube-apiserver apiserver k8s.io/kubernetes/cmd/kube-apiserver "$kver" \
	"-X $vpkg.gitVersion=$kver -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$kminor -X $vpkg.gitTreeState=clean"
