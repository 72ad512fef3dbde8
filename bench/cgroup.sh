#!/bin/bash
# bench/cgroup.sh: create + start + delete of a container with podman's
# cgroup settings (podman-mem64m-pids50-tty.config.json of
# ../shared/fixtures/engines: --memory 64m --pids-limit 50, the device
# allowlist, seccomp, podman's mounts; made runnable by its make-bundle.sh,
# without the tty, running busybox true), runlet vs crun vs runc in one
# hyperfine run. Writes bench/RESULTS-cgroup.md. Run bench/run.sh first
# once on a hybrid host (it prepares the cgroups crun needs).
#   bench/cgroup.sh [--runs N]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RUNLET=${RUNLET:-$REPO/runlet}
FIX=${FIXTURES:-$REPO/../shared/fixtures/engines}
RUNS=100
[ "${1:-}" = --runs ] && RUNS=$2
WORK=$BENCH/work/cgroup
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

sh "$REPO/scripts/deps.sh" bench
[ -x "$RUNLET" ] || die "$RUNLET not found: run make first"
[ -f "$FIX/podman-mem64m-pids50-tty.config.json" ] || die "no fixtures in $FIX (FIXTURES=DIR)"
[ -x /bin/busybox ] || apt-get install -y -qq busybox-static >/dev/null
rm -rf "$WORK"
mkdir -p "$WORK/rootfs/bin"
cp /bin/busybox "$WORK/rootfs/bin/"
for a in sh true cat; do ln -s busybox "$WORK/rootfs/bin/$a"; done
declare -A BIN=([runlet]=$RUNLET [crun]=crun [runc]=runc)
cmds=()
for rt in runlet crun runc; do
	ROOTFS=$WORK/rootfs bash "$FIX/make-bundle.sh" "$FIX/podman-mem64m-pids50-tty.config.json" \
		"$WORK/b-$rt" --no-tty --args /bin/true >/dev/null
	R="${BIN[$rt]} --root $WORK/root-$rt"
	seq="$R create -b $WORK/b-$rt bc-$rt </dev/null && $R start bc-$rt && $R delete --force bc-$rt"
	sh -c "$seq" || die "$rt: create, start, delete failed"
	cmds+=(-n "$rt" "$seq")
done
say "timing create + start + delete with podman's cgroup config ($RUNS runs)"
hyperfine -w 10 -r "$RUNS" --export-markdown "$WORK/c.md" --export-json "$WORK/c.json" "${cmds[@]}"
{
	echo "# runlet benchmark: create + start + delete with podman's cgroup settings"
	echo
	echo "Written by \`bench/cgroup.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script."
	echo
	echo "- kernel $(uname -r), $(nproc) CPUs: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "- cgroups: $(if [ -d /sys/fs/cgroup/unified ]; then echo hybrid; elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo v2; else echo v1; fi)"
	echo "- runlet: $("$RUNLET" --version | head -1); $(crun --version | head -1); $(runc --version | head -1)"
	echo
	echo "Each command: \`create\`, \`start\` and \`delete --force\` of podman-mem64m-pids50-tty.config.json"
	echo "(memory 64 MiB with 128 MiB swap, pids 50, podman's device allowlist and seccomp"
	echo "profile, its mounts; made runnable by make-bundle.sh, no tty, busybox true), through"
	echo "\`sh -c\`. $RUNS runs after 10 warmup runs, one hyperfine invocation."
	echo
	echo "| runtime | median (ms) | mean ± σ (ms) | vs crun |"
	echo "|---|--:|--:|--:|"
	crun_med=$(jq -r '.results[] | select(.command == "crun") | .median' "$WORK/c.json")
	for rt in runlet crun runc; do
		jq -r --arg n "$rt" --argjson c "$crun_med" '.results[] | select(.command == $n) |
			"| \($n) | \(.median * 1000 | . * 100 | round / 100) | \(.mean * 1000 | . * 100 | round / 100) ± \(.stddev * 1000 | . * 100 | round / 100) | \(.median / $c | . * 100 | round / 100)× |"' "$WORK/c.json"
	done
	echo
	echo "## Raw hyperfine table"
	echo
	cat "$WORK/c.md"
} >"$BENCH/RESULTS-cgroup.md"
say "wrote $BENCH/RESULTS-cgroup.md"
