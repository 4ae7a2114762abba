#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test
# (internal/report/html). Does nothing when a chromium is already on PATH.
# Needs root and apt; the test calls it from TestMain, so a clean CI machine
# needs no manual step.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "chromium is missing and installing it needs root: apt-get install chromium" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Serialise with other apt users (parallel test binaries, other scripts).
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_get update -qq
apt_get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
command -v chromium
