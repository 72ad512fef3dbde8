#!/bin/sh
# bench/parse.sh: time config.json's parse + validate (what `create` does
# before it touches the host) on podman's default config, in the build
# runlet ships (musl, -Oz with its HOT_BEGIN parts at -O2, runlet's own objects and allocator) and in a
# glibc -O2 build of the same sources for reference; write
# bench/RESULTS-parse.md.
#
#   bench/parse.sh [--runs N] [--warmup N]     (defaults 5000, 500)
#
# The program is bench/parse.c (built by test/json.mk). A benchmark, not a
# test: it fails only when something cannot be built or measured. The
# machine may be shared: the load average is written down with the figures.
set -eu

BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RESULTS=$BENCH/RESULTS-parse.md
FIX=$REPO/test/fixtures/engines
MAIN=$FIX/podman-default.config.json
RUNS=5000
WARMUP=500

while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=$2; shift ;;
	--warmup) WARMUP=$2; shift ;;
	*) echo "usage: bench/parse.sh [--runs N] [--warmup N]" >&2; exit 2 ;;
	esac
	shift
done

cd "$REPO"
make -s runlet build/bench/parse-musl build/bench/parse-glibc >&2

# row BIN FILE: "| file | bytes | parse median (mean) | validate ... | both ... |"
row() {
	"$1" -n "$RUNS" -w "$WARMUP" "$2" >"$REPO/build/bench/out" || exit 1
	awk -v f="$(basename "$2")" '
		/bytes, arena/ { bytes = $2; arena = $(NF - 1) }
		$1 == "parse" || $1 == "validate" || $1 == "both" {
			for (i = 1; i <= NF; i++) { if ($i == "mean") m[$1] = $(i + 1); if ($i == "median") md[$1] = $(i + 1); if ($i == "min") mn[$1] = $(i + 1) }
		}
		END { printf "| %s | %s | %s | %s (%s) | %s (%s) | **%s** (%s) | %s |\n", f, bytes, arena, md["parse"], m["parse"], md["validate"], m["validate"], md["both"], m["both"], mn["both"] }
	' "$REPO/build/bench/out"
}

header() {
	echo "| config | bytes | arena bytes | parse: median (mean) | validate: median (mean) | both: median (mean) | both: min |"
	echo "|---|--:|--:|--:|--:|--:|--:|"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
musl_main=$(row build/bench/parse-musl "$MAIN")
glibc_main=$(row build/bench/parse-glibc "$MAIN")
musl_all=""
for f in "$FIX"/*.config.json "$REPO"/test/fixtures/runlet/every-field.config.json "$REPO"/test/fixtures/spec/config-md-15-full.json; do
	# validate() refuses some (a hook or seccomp listener that cannot run
	# here...): those are timed for the parse alone, by the same program
	if build/bench/parse-musl -n 1 -w 0 "$f" >/dev/null 2>&1; then
		musl_all="$musl_all
$(row build/bench/parse-musl "$f")"
	fi
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

cat >"$RESULTS" <<EOM
# Parse bench: config.json parse + validate

Written by \`bench/parse.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script.

What is timed: \`json_parse_config\` (the RFC 8259 check, jsmn, the
table walk into \`struct oci_config\`) and then runtime.c's \`validate()\`,
the checks \`create\` makes before it changes anything (process_validate:
capabilities, rlimits, scheduler, the seccomp profile compiled to BPF;
namespaces, id maps, sysctl, hooks). From a buffer in memory, $RUNS runs
after $WARMUP warmup runs, each timed alone (CLOCK_MONOTONIC); times in
microseconds. Each run allocates from the start of one arena with
runlet's own allocator (alloc.c): "arena bytes" is what one parse takes.

## Machine

- $(uname -sr) ($(uname -m)), $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
- load average $load0 before, $load1 after (a shared machine: the mean
  moves with it, the median and min less)
- $(musl-gcc --version 2>/dev/null | head -n 1 | sed 's/^/musl-gcc: /'); musl $(dpkg-query -W -f '${Version}' musl 2>/dev/null || echo '?')
- $(cc --version | head -n 1)

## podman-default.config.json (10.9 KB, a 437-syscall seccomp profile)

$(header)
| musl -Oz (as shipped) | | | | | | |
$musl_main
| glibc -O2 (reference) | | | | | | |
$glibc_main

## Every fixture that validates here (musl -Oz, as shipped)

$(header)$musl_all

## Builds

- musl: \`bench/parse.c\` and runlet's own objects (\`build/*.o\` but
  runtime.o and alloc.o, which parse.c includes) with the flags of
  runlet's objects: \`$(make -s parse-bench-flags)\`
- glibc: \`cc -O2 -fno-builtin-malloc\`, the same sources, alloc.c as the allocator.
EOM
cat "$RESULTS"
