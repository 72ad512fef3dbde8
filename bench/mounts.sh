#!/bin/bash
# bench/mounts.sh: what the mounts of podman's default config cost, in
# runlet and in crun. The same bundle (podman-default.config.json of
# ../shared/fixtures/engines, made runnable by its make-bundle.sh, running
# busybox's true) is timed as it is and with its mounts (but /proc, which
# its sysctl needs), maskedPaths and readonlyPaths removed; the difference
# is the mount setup. One hyperfine
# run for all four. Writes bench/RESULTS-mounts.md. Run bench/run.sh first
# once on a hybrid host (it prepares the cgroups crun needs).
#   bench/mounts.sh [--runs N]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RUNLET=${RUNLET:-$REPO/runlet}
FIX=${FIXTURES:-$REPO/../shared/fixtures/engines}
RUNS=100
[ "${1:-}" = --runs ] && RUNS=$2
WORK=$BENCH/work/mounts
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

sh "$REPO/scripts/deps.sh" bench
[ -x "$RUNLET" ] || die "$RUNLET not found: run make first"
[ -f "$FIX/podman-default.config.json" ] || die "no $FIX/podman-default.config.json (FIXTURES=DIR)"
[ -x /bin/busybox ] || apt-get install -y -qq busybox-static >/dev/null
rm -rf "$WORK"
mkdir -p "$WORK/rootfs/bin"
cp /bin/busybox "$WORK/rootfs/bin/"
for a in sh true; do ln -s busybox "$WORK/rootfs/bin/$a"; done
for b in full bare; do
	ROOTFS=$WORK/rootfs bash "$FIX/make-bundle.sh" "$FIX/podman-default.config.json" "$WORK/$b" \
		--no-tty --args /bin/true >/dev/null
done
jq '.mounts |= map(select(.destination == "/proc")) | .linux.maskedPaths = [] | .linux.readonlyPaths = []' "$WORK/bare/config.json" >"$WORK/c.json"
mv "$WORK/c.json" "$WORK/bare/config.json"
nmounts=$(jq '.mounts | length' "$WORK/full/config.json")
nmasked=$(jq '.linux.maskedPaths | length' "$WORK/full/config.json")
nro=$(jq '.linux.readonlyPaths | length' "$WORK/full/config.json")

declare -A BIN=([runlet]=$RUNLET [crun]=crun)
cmds=()
for rt in runlet crun; do
	for b in full bare; do
		"${BIN[$rt]}" --root "$WORK/root-$rt" run -b "$WORK/$b" "bm-$rt-$b" </dev/null ||
			die "$rt could not run the $b bundle"
		cmds+=(-n "$rt $b" "${BIN[$rt]} --root $WORK/root-$rt run -b $WORK/$b bm-$rt-$b </dev/null")
	done
done
say "timing run of podman's default config, with and without its mounts ($RUNS runs)"
hyperfine -N -w 10 -r "$RUNS" --export-markdown "$WORK/m.md" --export-json "$WORK/m.json" "${cmds[@]}" ||
	hyperfine -w 10 -r "$RUNS" --export-markdown "$WORK/m.md" --export-json "$WORK/m.json" "${cmds[@]}"
med() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' "$WORK/m.json"; }
ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v }'; }
{
	echo "# runlet benchmark: the mounts of podman's default config"
	echo
	echo "Written by \`bench/mounts.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script."
	echo
	echo "- kernel $(uname -r), $(nproc) CPUs: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "- runlet: $("$RUNLET" --version | head -1); $(crun --version | head -1)"
	echo
	echo "\`RUNTIME run\` of podman-default.config.json (podman 4.3's \`run --rm bb echo hi\`, made"
	echo "runnable by make-bundle.sh; busybox true): as it is ($nmounts mounts, $nmasked masked paths,"
	echo "$nro read-only paths), and with those three lists emptied (but /proc, which the"
	echo "config's sysctl needs). The difference is the"
	echo "cost of the mount setup. $RUNS runs after 10 warmup runs, one hyperfine invocation."
	echo
	echo "| runtime | with mounts (ms) | without (ms) | mount setup (ms) |"
	echo "|---|--:|--:|--:|"
	for rt in runlet crun; do
		f=$(med "$rt full")
		b=$(med "$rt bare")
		echo "| $rt | $(ms "$f") | $(ms "$b") | $(ms "$(awk -v a="$f" -v b="$b" 'BEGIN { print a - b }')") |"
	done
	echo
	echo "## Raw hyperfine table"
	echo
	cat "$WORK/m.md"
} >"$BENCH/RESULTS-mounts.md"
say "wrote $BENCH/RESULTS-mounts.md"
