#!/usr/bin/env bash
# bench/run.sh: time `run` of the seed bundle (a static hello world) under
# runlet, crun and runc side by side in one hyperfine run, next to a baseline
# that only creates the same namespaces; measure peak RSS and binary size;
# write everything to bench/RESULTS.md.
#
# A benchmark, not a test: it fails only when something cannot be measured
# (a runtime is missing or a run fails), never because a number is slow.
# Run as root on Debian 12. See bench/README.md.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
WORK=$BENCH/work                # rebuilt on every run; ignored by git
BUNDLE=$WORK/bundle
RESULTS=$BENCH/RESULTS.md

RUNS=200
WARMUP=20
RSS_RUNS=15
ALLOW_MISSING=0
RUNLET=${RUNLET:-$REPO/runlet}  # built by `make`; this script does not build it

usage() {
	cat <<EOF
usage: bench/run.sh [options]

Times \`RUNTIME --root DIR run -b BUNDLE ID\` for runlet, crun and runc on
the seed bundle, measures peak RSS and binary size, writes bench/RESULTS.md.

  --allow-missing   if ./runlet is missing or fails on the bundle, warn and
                    benchmark crun and runc only (default: that is an error)
  --runs N          timed runs per command (default $RUNS)
  --warmup N        untimed warmup runs per command (default $WARMUP)
  --rss-runs N      runs per command for peak RSS; the median is reported
                    (default $RSS_RUNS)
  -h, --help        this text

Environment: RUNLET=PATH benchmarks another runlet binary (default ./runlet).
EOF
}

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

need_count() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive number, got '$2'"; }

while [ $# -gt 0 ]; do
	case $1 in
	--allow-missing) ALLOW_MISSING=1 ;;
	--runs | --warmup | --rss-runs)
		[ $# -ge 2 ] || die "$1 needs a value"
		need_count "$1" "$2"
		case $1 in
		--runs) RUNS=$2 ;;
		--warmup) WARMUP=$2 ;;
		--rss-runs) RSS_RUNS=$2 ;;
		esac
		shift
		;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
	shift
done

[ "$(id -u)" -eq 0 ] || die "must run as root (containers need it)"

# --- 1. tools -----------------------------------------------------------------

# command -> Debian package; apt-get runs only if something is missing.
ensure_tools() {
	local -A pkg_of=(
		[hyperfine]=hyperfine [crun]=crun [runc]=runc [/usr/bin/time]=time
		[musl-gcc]=musl-tools [jq]=jq [unshare]=util-linux [ldd]=libc-bin
	)
	local cmd missing=()
	for cmd in "${!pkg_of[@]}"; do
		command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg_of[$cmd]}")
	done
	[ ${#missing[@]} -eq 0 ] && return
	say "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
	for cmd in "${!pkg_of[@]}"; do
		command -v "$cmd" >/dev/null 2>&1 || die "$cmd still missing after installing ${pkg_of[$cmd]}"
	done
}

# --- 2. cgroups ---------------------------------------------------------------

# On a hybrid host (cgroup v1 hierarchies plus cgroup2 at /sys/fs/cgroup/unified)
# crun refuses to run ("cgroups in hybrid mode not supported, drop all
# controllers from cgroupv2") while any controller is still attached to the
# cgroup2 tree. Here that is hugetlb; mounting it as a v1 hierarchy moves it out.
# Sets CGROUP_NOTE for RESULTS.md.
CGROUP_NOTE=
fix_hybrid_cgroups() {
	local fs unified=/sys/fs/cgroup/unified ctrl ctrls moved=()
	fs=$(stat -fc %T /sys/fs/cgroup)
	if [ "$fs" = cgroup2fs ]; then
		CGROUP_NOTE="cgroup v2 (unified)"
		return
	fi
	if ! mountpoint -q "$unified" || [ "$(stat -fc %T "$unified")" != cgroup2fs ]; then
		CGROUP_NOTE="cgroup v1"
		return
	fi
	read -ra ctrls <"$unified/cgroup.controllers" || true
	for ctrl in "${ctrls[@]}"; do
		mkdir -p "/sys/fs/cgroup/$ctrl"
		if ! mountpoint -q "/sys/fs/cgroup/$ctrl"; then
			mount -t cgroup -o "$ctrl" none "/sys/fs/cgroup/$ctrl" ||
				die "cannot move the $ctrl controller from cgroup2 to v1; crun will refuse to run"
		fi
		moved+=("$ctrl")
	done
	[ -z "$(cat "$unified/cgroup.controllers")" ] ||
		die "controllers still in cgroup2 after remounting: $(cat "$unified/cgroup.controllers")"
	CGROUP_NOTE="hybrid (v1 hierarchies + cgroup2 at $unified); cgroup2 left without controllers, as crun requires"
	if [ ${#moved[@]} -gt 0 ]; then
		say "hybrid cgroups: moved ${moved[*]} from cgroup2 to v1 for crun"
		CGROUP_NOTE+=" (this run mounted as v1: ${moved[*]})"
	else
		CGROUP_NOTE+=" (already so before this run)"
	fi
}

# --- 3. the seed bundle -------------------------------------------------------

# rootfs = just a static /hello; config.json = `runc spec` with
# process.args ["/hello"] and process.terminal false. Same bundle for all.
build_bundle() {
	rm -rf "$WORK"
	mkdir -p "$BUNDLE/rootfs"
	musl-gcc -static -Os -s -o "$BUNDLE/rootfs/hello" "$BENCH/hello.c"
	(cd "$BUNDLE" && runc spec)
	jq '.process.args = ["/hello"] | .process.terminal = false' \
		"$BUNDLE/config.json" >"$BUNDLE/config.json.new"
	mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

# unshare(1) flags for the namespaces config.json asks for, so the baseline
# creates exactly the runtime's namespaces and nothing else. Sets BASE_FLAGS.
BASE_FLAGS=()
baseline_flags() {
	local t types
	types=$(jq -r '.linux.namespaces[].type' "$BUNDLE/config.json")
	for t in $types; do
		case $t in
		pid) BASE_FLAGS+=(--fork --pid) ;;
		network) BASE_FLAGS+=(--net) ;;
		mount) BASE_FLAGS+=(--mount) ;;
		ipc | uts | user | cgroup | time) BASE_FLAGS+=("--$t") ;;
		*) die "baseline: no unshare flag for namespace '$t'" ;;
		esac
	done
}

# --- 4. runtimes --------------------------------------------------------------

ROOTS=$(mktemp -d /run/runlet-bench.XXXXXX)
cleanup() {
	local root id
	for root in "$ROOTS"/*/; do
		[ -d "$root" ] || continue
		for id in "$root"*/; do
			[ -d "$id" ] || continue
			"$(cat "${root%/}.bin")" --root "$root" delete --force "$(basename "$id")" >/dev/null 2>&1 || true
		done
	done
	rm -rf "$ROOTS"
}
trap cleanup EXIT

NAMES=()              # runtimes that passed the check, in table order
declare -A BIN ROOT   # name -> binary, private --root
SKIPPED=              # why runlet was left out, for RESULTS.md

# One foreground `run` that must print exactly "hello world", exit 0 and leave
# no state behind (run without --keep deletes the container). On failure sets
# CHECK_ERR and returns 1. Not called in a subshell: it fills BIN and ROOT.
CHECK_ERR=
check_runtime() {
	local name=$1 bin=$2 root=$ROOTS/$1 id=check-$$ out err rc=0
	mkdir -p "$root"
	echo "$bin" >"$root.bin"
	out=$("$bin" --root "$root" run -b "$BUNDLE" "$id" </dev/null 2>"$root.err") || rc=$?
	err=$(head -c 2000 "$root.err")
	if [ $rc -ne 0 ]; then
		CHECK_ERR="'$bin --root $root run -b $BUNDLE $id' exited $rc: $err"
	elif [ "$out" != "hello world" ]; then
		CHECK_ERR="'$bin run' printed '$out' instead of 'hello world' ($err)"
	elif [ -e "$root/$id" ]; then
		CHECK_ERR="'$bin run' left state behind in $root/$id"
	else
		BIN[$name]=$bin ROOT[$name]=$root
		return 0
	fi
	return 1
}

add_runlet() {
	local why
	if [ ! -x "$RUNLET" ]; then
		why="$RUNLET not found: build it first with 'make' at the repo root"
	else
		check_runtime runlet "$RUNLET" && { NAMES+=(runlet); return; }
		why="runlet fails on the seed bundle: $CHECK_ERR"
	fi
	[ "$ALLOW_MISSING" -eq 1 ] ||
		die "$why (--allow-missing benchmarks crun and runc only)"
	say "warning: $why"
	say "warning: --allow-missing: benchmarking crun and runc only"
	SKIPPED=$why
}

add_reference() {
	local name=$1 hint=
	[ "$name" = crun ] && hint=" (cgroups: $CGROUP_NOTE)"
	check_runtime "$name" "$(command -v "$name")" ||
		die "$name does not run the seed bundle$hint: $CHECK_ERR"
	NAMES+=("$name")
}

# --- 5. measurements ----------------------------------------------------------

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# Peak RSS (KiB) of one command, median of RSS_RUNS runs. GNU time's %M is
# ru_maxrss from wait4(): the largest peak RSS of any single process in the
# tree the command waits for (itself and every descendant reaped within it),
# not a sum. With "--id" first, each run gets a unique container id appended.
peak_rss() {
	local i f=$WORK/rss.out id=0 cmd
	[ "$1" = --id ] && { id=1; shift; }
	for ((i = 1; i <= RSS_RUNS; i++)); do
		cmd=("$@")
		[ $id -eq 0 ] || cmd+=("rss-$i-$$")
		/usr/bin/time -f %M -o "$f" "${cmd[@]}" </dev/null >/dev/null 2>"$WORK/rss.err" ||
			die "peak RSS run failed: ${cmd[*]}: $(head -c 2000 "$WORK/rss.err")"
		tail -n 1 "$f"
	done | median
}

# Sum of the binary and every shared library ldd lists (vdso has no file).
size_with_libs() {
	local bin=$1
	{
		echo "$bin"
		ldd "$bin" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' || true
	} | xargs -r readlink -f | sort -u | xargs -r stat -Lc %s | awk '{ s += $1 } END { print s }'
}

libs_of() {
	ldd "$1" 2>/dev/null | awk '$2 == "=>" { print $1 } $1 ~ /^\// { n = split($1, p, "/"); print p[n] }' |
		paste -sd ' ' || true
}

version_of() {
	case $1 in
	runlet) "${BIN[runlet]}" --version 2>&1 | head -n 1 ;;
	*) echo "$("$1" --version | head -n 1) (Debian $(dpkg-query -W -f '${Version}' "$1"))" ;;
	esac
}

kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }

# --- main ---------------------------------------------------------------------

ensure_tools
fix_hybrid_cgroups
build_bundle
HELLO=$BUNDLE/rootfs/hello
UNSHARE=$(command -v unshare)
baseline_flags

add_runlet
add_reference crun
add_reference runc
say "benchmarking: ${NAMES[*]} + baseline ($RUNS runs, $WARMUP warmup)"

# Each hyperfine run is `sh -c CMD`; hyperfine measures the cost of spawning
# that shell and subtracts it. $$ is that shell's pid, so every run gets a
# fresh container id. A non-zero exit aborts hyperfine, and so the benchmark.
BASELINE="baseline: unshare ${BASE_FLAGS[*]}"
HF_ARGS=(--warmup "$WARMUP" --runs "$RUNS" --time-unit millisecond --style basic
	--export-json "$WORK/hyperfine.json" --export-markdown "$WORK/hyperfine.md"
	--command-name "$BASELINE" "$UNSHARE ${BASE_FLAGS[*]} $HELLO >/dev/null")
declare -A CMD
for n in "${NAMES[@]}"; do
	CMD[$n]="${BIN[$n]} --root ${ROOT[$n]} run -b $BUNDLE bench-\$\$"
	HF_ARGS+=(--command-name "$n" "${CMD[$n]} >/dev/null")
done
hyperfine "${HF_ARGS[@]}" ||
	die "hyperfine failed: a run exited non-zero (rerun that command by hand to see why)"

for n in "${NAMES[@]}"; do
	left=$(find "${ROOT[$n]}" -mindepth 1 -maxdepth 1 -type d | wc -l)
	[ "$left" -eq 0 ] || die "$n left $left containers behind in ${ROOT[$n]}"
done

say "peak RSS: $RSS_RUNS runs each"
declare -A RSS SIZE SIZE_LIBS
RSS[baseline]=$(peak_rss "$UNSHARE" "${BASE_FLAGS[@]}" "$HELLO")
for n in "${NAMES[@]}"; do
	RSS[$n]=$(peak_rss --id "${BIN[$n]}" --root "${ROOT[$n]}" run -b "$BUNDLE")
	SIZE[$n]=$(stat -Lc %s "${BIN[$n]}")
	SIZE_LIBS[$n]=$(size_with_libs "${BIN[$n]}")
done

# --- 6. RESULTS.md ------------------------------------------------------------

# hyperfine's JSON holds seconds; print ms for one command by its name.
stat_ms() {
	jq -r --arg n "$1" --arg k "$2" '.results[] | select(.command == $n) | .[$k]' "$WORK/hyperfine.json" |
		awk '{ printf "%.2f", $1 * 1000 }'
}

CRUN_MEDIAN=$(stat_ms crun median)
row() {
	local label=$1 key=$2 med vs size libs
	med=$(stat_ms "$key" median)
	vs=$(awk -v a="$med" -v b="$CRUN_MEDIAN" 'BEGIN { printf "%.2f×", a / b }')
	if [ -n "${SIZE[$label]:-}" ]; then
		size="${SIZE[$label]} ($(kib "${SIZE[$label]}") KiB)"
		libs="${SIZE_LIBS[$label]} ($(kib "${SIZE_LIBS[$label]}") KiB)"
	else
		size="—" libs="—"
	fi
	printf '| %s | %s | %s ± %s | %s | %s | %s KiB (%s MiB) | %s | %s |\n' \
		"$label" "$med" "$(stat_ms "$key" mean)" "$(stat_ms "$key" stddev)" \
		"$(stat_ms "$key" min)" "$vs" "${RSS[$label]}" "$(mib "${RSS[$label]}")" "$size" "$libs"
}

goals() {
	local med rss size ok
	med=$(stat_ms runlet median)
	ok=$(awk -v a="$med" -v b="$CRUN_MEDIAN" 'BEGIN { print (a < b / 2) ? "met" : "missed" }')
	echo "- \`run\` median under half of crun's ($CRUN_MEDIAN ms / 2): runlet $med ms — **$ok**"
	rss=${RSS[runlet]}
	echo "- peak RSS ≤ 1 MiB (1024 KiB): runlet $rss KiB — **$([ "$rss" -le 1024 ] && echo met || echo missed)**"
	size=${SIZE[runlet]}
	echo "- binary ≤ 100 KiB (102400 bytes): runlet $size bytes — **$([ "$size" -le 102400 ] && echo met || echo missed)**"
}

{
	echo "# runlet benchmark: \`run\` of the seed bundle"
	echo
	echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script."
	echo
	echo "## Machine"
	echo
	echo "- kernel: $(uname -r) ($(uname -m)), $(nproc) CPUs: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "- memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	# shellcheck source=/dev/null
	echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- cgroups: $CGROUP_NOTE"
	echo
	echo "## Versions"
	echo
	for n in "${NAMES[@]}"; do echo "- $n: $(version_of "$n")"; done
	[ -z "$SKIPPED" ] || echo "- runlet: **not benchmarked** — $SKIPPED"
	echo "- hyperfine: $(hyperfine --version | awk '{ print $2 }'); musl: $(dpkg-query -W -f '${Version}' musl-tools)"
	echo
	echo "## Results"
	echo
	echo "Times in ms over $RUNS runs after $WARMUP warmup runs, one hyperfine invocation."
	echo "Peak RSS is the median of $RSS_RUNS runs. \"vs crun\" is the median time over crun's."
	echo
	echo "| command | median | mean ± σ | min | vs crun | peak RSS | binary (bytes) | binary + shared libs (bytes) |"
	echo "|---|--:|--:|--:|--:|--:|--:|--:|"
	row baseline "$BASELINE"
	for n in "${NAMES[@]}"; do row "$n" "$n"; done
	echo
	if [ -z "$SKIPPED" ]; then
		echo "Goals from issue 2 (reported, not enforced):"
		echo
		goals
		echo
	fi
	echo "Shared libraries (ldd):"
	echo
	for n in "${NAMES[@]}"; do
		l=$(libs_of "${BIN[$n]}")
		echo "- $n: ${l:-none (static)}"
	done
	echo
	echo "## What is measured"
	echo
	echo "- **Time**: wall-clock time of each command below, from hyperfine. Each run is"
	echo "  \`sh -c CMD\`; hyperfine subtracts the measured cost of spawning that shell."
	echo "  \`\$\$\` (the shell's pid) makes every container id unique. Each runtime gets its"
	echo "  own empty \`--root\`; \`run\` without \`--keep\` creates, starts, waits for and"
	echo "  deletes the container, so the timed work is the whole lifecycle. stdout goes to"
	echo "  /dev/null; a non-zero exit aborts the benchmark instead of being timed."
	echo "- **Baseline**: \`unshare\` with the same namespaces as config.json, running the same"
	echo "  static hello from the host (no rootfs, mounts, cgroups or config parsing): roughly"
	echo "  the kernel's cost of the namespaces plus one fork/exec. unshare is dynamically linked."
	echo "- **Peak RSS**: GNU time's \`%M\`, i.e. \`ru_maxrss\` from \`wait4()\`: the largest peak"
	echo "  RSS reached by any *single* process in the tree the runtime waits for (the runtime"
	echo "  itself, and every descendant reaped inside that tree, including the container"
	echo "  process before and after its exec). It is a maximum, not a sum of the tree, and"
	echo "  RSS counts resident shared-library pages. Checked by hand against VmHWM in"
	echo "  /proc while a container sleeps: for both crun and runc the figure is the"
	echo "  \`run\` process itself. runc also forks \`runc init\` (a second Go process that"
	echo "  sets the container up), whose memory is not added: the tree uses more than shown."
	echo "  For the baseline it is unshare's."
	echo "- **Size**: \`binary\` is the file; \`binary + shared libs\` adds every library that"
	echo "  \`ldd\` lists (resolved, counted once), which is what crun and runc need on disk."
	echo
	echo "Commands timed:"
	echo
	echo '```'
	echo "$UNSHARE ${BASE_FLAGS[*]} $HELLO"
	for n in "${NAMES[@]}"; do echo "${CMD[$n]}"; done
	echo '```'
	echo
	echo "## Raw hyperfine table"
	echo
	cat "$WORK/hyperfine.md"
} >"$RESULTS"

say "wrote $RESULTS"
