# bench/fixture.sh: sourced by the benches that run an engine-written
# config (bench/mounts.sh, bench/cgroup.sh) as `. fixture.sh NAME "$@"`.
# Sets BENCH REPO RUNLET FIX RUNS (--runs N) WORK (bench/work/NAME), say
# and die; installs the bench packages; makes a busybox rootfs in
# $WORK/rootfs for ../shared/fixtures/engines/make-bundle.sh.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
RUNLET=${RUNLET:-$REPO/runlet}
FIX=${FIXTURES:-$REPO/../shared/fixtures/engines}
WORK=$BENCH/work/$1
RUNS=100
[ "${2:-}" = --runs ] && RUNS=$3
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

sh "$REPO/scripts/deps.sh" bench
[ -x "$RUNLET" ] || die "$RUNLET not found: run make first"
[ -f "$FIX/make-bundle.sh" ] || die "no $FIX/make-bundle.sh (FIXTURES=DIR: ../shared/fixtures/engines)"
[ -x /bin/busybox ] || apt-get install -y -qq busybox-static >/dev/null
rm -rf "$WORK"
mkdir -p "$WORK/rootfs/bin"
cp /bin/busybox "$WORK/rootfs/bin/"
for a in sh true cat; do ln -s busybox "$WORK/rootfs/bin/$a"; done
