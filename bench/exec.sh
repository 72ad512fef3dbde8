#!/bin/bash
# bench/exec.sh: the cost of `exec` into a running container (what every
# healthcheck and `podman exec` pays), runlet vs crun vs runc in one
# hyperfine run. Writes bench/RESULTS-exec.md. Run bench/run.sh first
# once on a hybrid host (it prepares the cgroups crun needs).
#   bench/exec.sh [--runs N]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RUNLET=${RUNLET:-$REPO/runlet}
RUNS=100
[ "${1:-}" = --runs ] && RUNS=$2
WORK=$BENCH/work/exec
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

sh "$REPO/scripts/deps.sh" bench
[ -x "$RUNLET" ] || die "$RUNLET not found: run make first"
rm -rf "$WORK"
mkdir -p "$WORK/bundle/rootfs"
musl-gcc -static -Os -s -o "$WORK/bundle/rootfs/pause" "$BENCH/pause.c"
musl-gcc -static -Os -s -o "$WORK/bundle/rootfs/hello" "$BENCH/hello.c"
(cd "$WORK/bundle" && runc spec)
jq '.process.args = ["/pause"] | .process.terminal = false' "$WORK/bundle/config.json" >"$WORK/c.json"
mv "$WORK/c.json" "$WORK/bundle/config.json"

declare -A BIN=([runlet]=$RUNLET [crun]=crun [runc]=runc)
ids=()
cleanup() {
	for rt in runlet crun runc; do
		"${BIN[$rt]}" --root "$WORK/root-$rt" delete --force "bx-$rt" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT
cmds=()
for rt in runlet crun runc; do
	"${BIN[$rt]}" --root "$WORK/root-$rt" run -d -b "$WORK/bundle" "bx-$rt" >/dev/null </dev/null ||
		die "$rt could not start the container"
	out=$("${BIN[$rt]}" --root "$WORK/root-$rt" exec "bx-$rt" /hello) || die "$rt exec failed"
	[ "$out" = "hello world" ] || die "$rt exec printed '$out'"
	cmds+=(-n "$rt" "${BIN[$rt]} --root $WORK/root-$rt exec bx-$rt /hello >/dev/null")
done
say "timing exec: runlet crun runc ($RUNS runs)"
hyperfine -w 10 -r "$RUNS" --export-markdown "$WORK/exec.md" --export-json "$WORK/exec.json" "${cmds[@]}"
{
	echo "# runlet benchmark: \`exec\` into a running container"
	echo
	echo "Written by \`bench/exec.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script."
	echo
	echo "- kernel $(uname -r), $(nproc) CPUs: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "- runlet: $("$RUNLET" --version | head -1); $(crun --version | head -1); $(runc --version | head -1)"
	echo
	echo "Each command: \`RUNTIME exec ID /hello\` into a container running /pause (runc's"
	echo "template config: pid, network, ipc, uts, mount namespaces; 3 capabilities;"
	echo "noNewPrivileges), $RUNS runs after 10 warmup runs, one hyperfine invocation."
	echo
	echo "| runtime | median (ms) | mean ± σ (ms) | min (ms) | vs crun |"
	echo "|---|--:|--:|--:|--:|"
	crun_med=$(jq -r '.results[] | select(.command == "crun") | .median' "$WORK/exec.json")
	for rt in runlet crun runc; do
		jq -r --arg n "$rt" --argjson c "$crun_med" '.results[] | select(.command == $n) |
			"| \($n) | \(.median * 1000 | . * 100 | round / 100) | \(.mean * 1000 | . * 100 | round / 100) ± \(.stddev * 1000 | . * 100 | round / 100) | \(.min * 1000 | . * 100 | round / 100) | \(.median / $c | . * 100 | round / 100)× |"' "$WORK/exec.json"
	done
	echo
	echo "## Raw hyperfine table"
	echo
	cat "$WORK/exec.md"
} >"$BENCH/RESULTS-exec.md"
say "wrote $BENCH/RESULTS-exec.md"
