#!/usr/bin/env bash
# Times the whole `palisade scan` on the generated performance corpus and
# compares it with the standard decode floor and, when installed, kube-score.
# Prints a table of wall time (min / median / max over RUNS), CPU time
# (user + system, which a busy machine disturbs less) and peak RSS.
#
#   scripts/perf.sh                 # 10,000 objects, 5 runs each
#   OBJECTS=2000 RUNS=3 scripts/perf.sh
#
# Environment: OBJECTS (10000), SEED (1), RUNS (5), CORPUS (perf/corpus,
# regenerated every time), KUBE_SCORE (kube-score from PATH or ~/go/bin;
# install with `go install github.com/zegl/kube-score/cmd/kube-score@latest`),
# HYPERFINE=0 to skip hyperfine even when installed, BASELINE=path to
# another palisade binary to time beside this one (e.g. one built from an
# older commit).
# Needs GNU time (/usr/bin/time; Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

OBJECTS=${OBJECTS:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-perf/corpus}

if [[ ! -x /usr/bin/time ]]; then
	echo "perf.sh: /usr/bin/time is missing (apt-get install -y time)" >&2
	exit 2
fi

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
echo "building into $bin ..." >&2
go build -o "$bin/palisade" ./cmd/palisade
go build -o "$bin/palisade-corpus" ./cmd/palisade-corpus
go build -o "$bin/floor" ./internal/perfcorpus/floor

rm -rf "$CORPUS"
"$bin/palisade-corpus" -dir "$CORPUS" -objects "$OBJECTS" -seed "$SEED" >&2
mapfile -t files < <(find "$CORPUS" -name '*.yaml' | sort)
bytes=$(cat "${files[@]}" | wc -c)

# measure NAME CMD...: runs CMD RUNS times (after one warm-up run) with its
# output discarded, and prints one table row.
measure() {
	local name=$1
	shift
	local walls=() rsss=() cpus=() t0 t1 log
	log=$(mktemp)
	"$@" >/dev/null 2>&1 || true
	for ((i = 0; i < RUNS; i++)); do
		t0=$EPOCHREALTIME
		/usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
		rsss+=("$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")")
		cpus+=("$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")")
	done
	rm -f "$log"
	local w r c
	w=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f / %.3f / %.3f", v[1], v[int((NR + 1) / 2)], v[NR] }')
	r=$(printf '%s\n' "${rsss[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%d / %d", v[int((NR + 1) / 2)], v[NR] }')
	c=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f / %.2f", v[1], v[int((NR + 1) / 2)] }')
	printf '| %-42s | %-25s | %-13s | %-13s |\n' "$name" "$w" "$c" "$r"
}

ks=${KUBE_SCORE:-$(command -v kube-score || true)}
if [[ -z $ks && -x $HOME/go/bin/kube-score ]]; then
	ks=$HOME/go/bin/kube-score
fi

echo
echo "corpus: $OBJECTS objects, ${#files[@]} files, $bytes bytes, seed $SEED; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $RUNS each after one warm-up; wall from the shell clock, RSS from /usr/bin/time -v"
echo
printf '| %-42s | %-25s | %-13s | %-13s |\n' "command" "wall s (min / med / max)" "CPU s (min / med)" "RSS MB (med / max)"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..44})" "$(printf -- '-%.0s' {1..27})" "$(printf -- '-%.0s' {1..15})" "$(printf -- '-%.0s' {1..15})"
measure "palisade scan -o json" "$bin/palisade" scan "$CORPUS" -o json --fail-on none
if [[ -n ${BASELINE:-} ]]; then
	measure "baseline: $(basename "$BASELINE") scan -o json" "$BASELINE" scan "$CORPUS" -o json --fail-on none
fi
measure "palisade scan -o json, GOMAXPROCS=1" env GOMAXPROCS=1 "$bin/palisade" scan "$CORPUS" -o json --fail-on none
measure "floor: universal deserializer, 1 core" env GOMAXPROCS=1 "$bin/floor" -mode universal "$CORPUS"
measure "floor: YAMLToJSON + encoding/json, 1 core" env GOMAXPROCS=1 "$bin/floor" -mode stdjson "$CORPUS"
if [[ -n $ks ]]; then
	measure "kube-score score -o json" "$ks" score -o json "${files[@]}"
else
	echo "| kube-score: not installed (go install github.com/zegl/kube-score/cmd/kube-score@latest) |"
fi

if [[ ${HYPERFINE:-1} != 0 ]] && command -v hyperfine >/dev/null; then
	echo
	hyperfine --style basic --warmup 1 --runs "$RUNS" --ignore-failure \
		-n palisade "$bin/palisade scan $CORPUS -o json --fail-on none" \
		-n floor-universal "GOMAXPROCS=1 $bin/floor -mode universal $CORPUS" 2>&1 | grep -Ev '^\s*$'
fi
