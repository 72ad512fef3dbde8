#!/bin/sh
# board/ci.sh [BOARD]: the emulated-board run of `make check` (test/boards.mk).
#
# Builds BOARD (default aarch64; toolchain, kernel and busybox fetched from
# Debian's mirrors into $BOARD_CACHE the first time) and boots it with a
# short part of the suite (board/README.md):
#   stage 1, initramfs root: $BOARD_CI_STAGE1 (lifecycle/: every step of a
#            container's life through runlet's MS_MOVE+chroot fallback, as
#            pivot_root cannot work there)
#   stage 2, tmpfs root, cgroup v2 alone: $BOARD_CI_STAGE2 (cgroup/ and
#            devices/: resources written to cgroup v2 files and the eBPF
#            device filter, which a hybrid-cgroup build host cannot run)
#   then busybox init with the inittab example (board/inittab-test.sh);
#   then a second boot with SELinux instead of AppArmor (LSM=selinux), its
#            policy test/selinux/min.cil: stage 2 $BOARD_CI_SELINUX
#            (selinux/: the labels on a real SELinux kernel; "-": no
#            second boot).
# Exit status: the board's (a failed download or install is a failure).
# The one skip: qemu cannot run on this machine (missing and this is not
# root, or it does not start), said loudly; BOARD_CI=none is asked for
# explicitly (`make check BOARD_CI=none`) and said as loudly.

. "$(dirname "$0")/lib.sh"

B=${1:-aarch64}
STAGE1=${BOARD_CI_STAGE1-lifecycle/}
STAGE2=${BOARD_CI_STAGE2-cgroup/ devices/}
SELINUX=${BOARD_CI_SELINUX-selinux/}

loud_skip() {
	cat >&2 <<EOF
######################################################################
## BOARD TEST SKIPPED: $*
## \`make check\` did NOT boot an emulated board: runlet was not run on
## a foreign architecture, nor on a cgroup v2 kernel, in this check.
######################################################################
EOF
	exit 0
}

[ "$B" != none ] || loud_skip "BOARD_CI=none was given"
read_board "$B"
[ -n "$BOARD_QEMU" ] || die "board $B has no emulated board (BOARD_QEMU)"
_qemu=${BOARD_QEMU%% *}
if ! command -v "$_qemu" >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || loud_skip "$_qemu is not installed and this is not root ($BOARD_QEMU_PKG)"
fi
# Every host package of the run at once: one apt-get update, not two.
# shellcheck disable=SC2086
host_pkgs $BOARD_HOST_PKGS libjsmn-dev $BOARD_QEMU_PKG cpio secilc
if ! _err=$($_qemu -machine help 2>&1 >/dev/null); then
	loud_skip "$_qemu does not run here: $_err"
fi

t0=$(date +%s)
log "the $B board: stage 1 '$STAGE1', stage 2 '$STAGE2', the inittab example (cache $BOARD_CACHE)"
rc=0
${MAKE:-make} --no-print-directory BOARD="$B" BOARD_CACHE="$BOARD_CACHE" \
	STAGE1="$STAGE1" STAGE2="$STAGE2" INITTAB=1 board-test || rc=$?
log "board $B: exit status $rc after $(($(date +%s) - t0)) s (downloads, build and boot)"
if [ "$SELINUX" != - ]; then
	t1=$(date +%s)
	log "the $B board with SELinux: stage 2 '$SELINUX'"
	${MAKE:-make} --no-print-directory BOARD="$B" BOARD_CACHE="$BOARD_CACHE" \
		STAGE1=- STAGE2="$SELINUX" INITTAB=0 LSM=selinux board-test || rc=$((rc ? rc : $?))
	log "board $B with SELinux: done after $(($(date +%s) - t1)) s (a CFG_SELINUX=0 build and a boot)"
fi
exit $rc
