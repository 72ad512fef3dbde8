#!/bin/bash
# bench/podman.sh: `podman run --rm IMAGE true`-style runs with runlet,
# crun and runc as podman's OCI runtime, in one hyperfine run. Writes
# bench/RESULTS-podman.md. The image is imported from a tarball (offline).
#   bench/podman.sh [--runs N]
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RUNLET=${RUNLET:-$REPO/runlet}
RUNS=20
[ "${1:-}" = --runs ] && RUNS=$2
WORK=$BENCH/work/podman
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

sh "$REPO/scripts/deps.sh" bench
command -v podman >/dev/null || { apt-get install -y -qq podman >/dev/null || die "podman not installable"; }
[ -x "$RUNLET" ] || die "$RUNLET not found: run make first"
rm -rf "$WORK" && mkdir -p "$WORK/img"
printf 'int main(void) { return 0; }\n' >"$WORK/true.c"
musl-gcc -static -Os -s -o "$WORK/img/true" "$WORK/true.c"
tar -C "$WORK/img" -cf "$WORK/img.tar" .
PM=(podman --root "$WORK/storage" --runroot "$WORK/run" --storage-driver vfs --cgroup-manager cgroupfs --events-backend none)
"${PM[@]}" import "$WORK/img.tar" localhost/rlbench:1 >/dev/null
# This VM lacks CAP_SYS_RESOURCE: no runtime may raise podman's default
# rlimits, so ask for lower ones (the same for all three).
ARGS="run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 localhost/rlbench:1 /true"
cmds=()
for rt in "$RUNLET" /usr/bin/crun /usr/sbin/runc; do
	"${PM[@]}" --runtime "$rt" $ARGS || die "podman with $rt failed"
	cmds+=(-n "$(basename "$rt")" "${PM[*]} --runtime $rt $ARGS")
done
hyperfine -w 3 -r "$RUNS" --export-markdown "$WORK/podman.md" --export-json "$WORK/podman.json" "${cmds[@]}"
{
	echo "# runlet benchmark: \`podman run --rm\` with each runtime"
	echo
	echo "Written by \`bench/podman.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit: rerun the script."
	echo
	echo "- kernel $(uname -r), $(nproc) CPUs; $(podman --version); conmon $(conmon --version | head -1 | awk '{ print $3 }')"
	echo "- the image: one static \`/true\`; \`--network none\`, podman's default seccomp profile, vfs storage"
	echo
	echo "| runtime | median (ms) | mean ± σ (ms) | min (ms) |"
	echo "|---|--:|--:|--:|"
	for rt in runlet crun runc; do
		jq -r --arg n "$rt" '.results[] | select(.command == $n) |
			"| \($n) | \(.median * 1000 | round) | \(.mean * 1000 | round) ± \(.stddev * 1000 | round) | \(.min * 1000 | round) |"' "$WORK/podman.json"
	done
	echo
	echo "Most of the time is podman's own (storage, conmon, the database); the"
	echo "runtime's share is the difference between the rows."
} >"$BENCH/RESULTS-podman.md"
echo "bench: wrote $BENCH/RESULTS-podman.md" >&2
