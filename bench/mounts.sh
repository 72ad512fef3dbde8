#!/bin/bash
# bench/mounts.sh: what the mounts of podman's default config cost, in
# runlet and in crun. The same bundle (podman-default.config.json of
# ../shared/fixtures/engines, made runnable by its make-bundle.sh, running
# busybox's true) is timed as it is and with its mounts (but /proc, which
# its sysctl needs), maskedPaths and readonlyPaths removed; the difference
# is the mount setup. One hyperfine
# run for all four; then the same runs traced with ftrace, which times the
# mount setup inside each run (bench/mountwin.py). Writes bench/RESULTS-mounts.md. Run bench/run.sh first
# once on a hybrid host (it prepares the cgroups crun needs).
#   bench/mounts.sh [--runs N]
. "$(dirname "$0")/fixture.sh" mounts "$@"
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
# The same runs traced (ftrace: the mount syscalls and the scheduler's
# switches of each run's processes, bench/mountwin.py reads them): the
# window from the container process's first mount call to the end of
# its last, less the time it slept waiting for its parent (crun's child
# waits there for its parent's work). Interleaved, $RUNS runs each.
TR=/sys/kernel/tracing
[ -d $TR/instances ] || mount -t tracefs nodev $TR 2>/dev/null || die "no tracefs: the kernel has no ftrace"
I=$TR/instances/runlet-bench-$$
mkdir "$I" || die "cannot make a tracing instance $I"
trap 'rmdir "$I" 2>/dev/null' EXIT
echo mono >"$I/trace_clock"
echo 1 >"$I/options/event-fork"
echo 32768 >"$I/buffer_size_kb"
for c in mount umount pivot_root chroot mount_setattr open_tree move_mount fsopen fsconfig fsmount; do
	for d in enter exit; do
		[ ! -d "$I/events/syscalls/sys_${d}_$c" ] || echo 1 >"$I/events/syscalls/sys_${d}_$c/enable"
	done
done
echo 1 >"$I/events/sched/sched_switch/enable"
say "tracing the mount setup ($RUNS runs each, interleaved)"
(
	echo "$BASHPID" >"$I/set_event_pid"
	for ((i = 0; i < RUNS; i++)); do
		for rt in runlet crun; do
			for b in full bare; do
				echo "RUN $rt $b" >"$I/trace_marker"
				"${BIN[$rt]}" --root "$WORK/root-$rt" run -b "$WORK/$b" "bt-$rt-$b" </dev/null
			done
		done
	done
)
echo 0 >"$I/tracing_on"
[ "$(awk '/^overrun/ { n += $2 } END { print n + 0 }' "$I"/per_cpu/cpu*/stats)" = 0 ] || die "the trace buffer overran: fewer --runs"
python3 "$BENCH/mountwin.py" <"$I/trace" >"$WORK/win.txt"
# runtime bundle runs window work cpu calls
win() { awk -v r="$1" -v b="$2" -v f="$3" '$1 == r && $2 == b { print $f }' "$WORK/win.txt"; }
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
	echo "## The mount setup, traced"
	echo
	echo "The same bundles, $RUNS runs each, interleaved, under ftrace (\`bench/mountwin.py\`): in"
	echo "each run, the container process's window from its first mount-family syscall to the"
	echo "end of its last (the rootfs bind, every mount, /dev, pivot_root, the masked and"
	echo "read-only paths). *work* is that window less the time the process slept waiting for"
	echo "another (crun's child waits there on its parent), *CPU* the time it ran. Medians."
	echo
	echo "| runtime | mount calls | work, with mounts (ms) | CPU, with mounts (ms) | work, without (ms) | CPU, without (ms) | mount setup, work (ms) | mount setup, CPU (ms) |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|"
	for rt in runlet crun; do
		fw=$(win "$rt" full 5) fc=$(win "$rt" full 6) bw=$(win "$rt" bare 5) bc=$(win "$rt" bare 6)
		echo "| $rt | $(win "$rt" full 7) | $fw | $fc | $bw | $bc | $(ms "$(awk -v a="$fw" -v b="$bw" 'BEGIN { print a - b }')") | $(ms "$(awk -v a="$fc" -v b="$bc" 'BEGIN { print a - b }')") |"
	done
	echo
	echo "## Raw hyperfine table"
	echo
	cat "$WORK/m.md"
} >"$BENCH/RESULTS-mounts.md"
say "wrote $BENCH/RESULTS-mounts.md"
