#!/bin/sh
# board/test.sh BOARD: run runlet's integration suite on the board.
#
# Boots Debian's own kernel for the board's architecture in qemu-system
# (TCG), with an initramfs of busybox-static, the board's runlet, the test
# helpers and test/ (board/init.sh is its /init), and waits for the result.
# The serial log is kept in $BOARD_OUT/serial.log. Exit status 0 only when
# both stages of board/init.sh ended with "N passed, 0 failed, N skipped".
# A BOARD_NATIVE board (i386) runs the suite on this machine's kernel instead.
#
# Run through `make board-test BOARD=...`, which builds first. Environment:
#   BOARD_OUT      where the board's build is (default build/BOARD)
#   BOARD_CACHE    downloads and toolchains (default build/cache)
#   STAGE1         run.sh pattern for the tests on the initramfs root
#                  (default lifecycle/: pivot_root's fallback)
#   STAGE2         run.sh pattern after switch_root (default: all)
#                  (either: several patterns, space separated; "-": not run)
#   INITTAB        1 (default): then busybox init runs the inittab example
#                  (board/inittab-test.sh); 0: not
#   BOARD_MODULES  kernel modules loaded at boot, with their dependencies
#                  (default "overlay veth": mounts/overlay, ns/net_devices;
#                  and the virtio disk's drivers where they are modules)
#   DISK           1 (default): a 16 MB virtio disk, for the io/blkio
#                  tests (cgroup/blkio_limits ...: a throttle rule needs a
#                  real block device); 0: none
#   CGROUP         v2 (default: cgroup2 alone) or hybrid (v1 controllers,
#                  cgroup2 on /sys/fs/cgroup/unified)
#   SMP MEM        qemu's CPUs (2) and memory in MB (512)
#   BOOT_TIMEOUT   seconds before qemu is killed (1200)
#   TEST_TIMEOUT WAIT_TIMEOUT   for run.sh (default 300 and 30: TCG is slow,
#                  and slower still when the host's 2 CPUs are busy: 16
#                  parallel lifecycles outlasted 120 s then)
#   N_CTRS         containers of concurrency/parallel_churn (default 16, the
#                  host's 50 take over 120 s under TCG)
#   TEST_SRC       the suite to copy (default test/: run.sh, lib.sh, cases/)
#   LSM            selinux: boot with SELinux instead of AppArmor, and load
#                  test/selinux/min.cil (compiled with secilc) permissive;
#                  a CFG_SELINUX=0 build in $BOARD_OUT/noselinux goes along
#                  (board/rules.mk makes it)

. "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: board/test.sh BOARD"
read_board "$1"
OUT=${BOARD_OUT:-build/$BOARD}
case $OUT in /*) ;; *) OUT=$REPO/$OUT ;; esac
for f in runlet test/init test/hello test/recvtty test/seccomp-listener test/oldkernel; do
	[ -x "$OUT/$f" ] || die "$OUT/$f is missing: make BOARD=$BOARD first"
done
TEST_SRC=${TEST_SRC:-$REPO/test}
STAGE1=${STAGE1-lifecycle/}
STAGE2=${STAGE2:-}
INITTAB=${INITTAB:-1}
# Modules the suite uses that Debian's kernels have as modules.
BOARD_MODULES=${BOARD_MODULES-overlay veth}
TEST_TIMEOUT=${TEST_TIMEOUT:-300}
# concurrency/: 50 containers at once outlast a test's time under TCG
N_CTRS=${N_CTRS:-16}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-30}
export TEST_TIMEOUT WAIT_TIMEOUT
LSM=${LSM:-}
KERNEL_LSM=
case $LSM in
'') ;;
# security= picks the one "major" LSM (Debian's default is AppArmor)
selinux) KERNEL_LSM="security=selinux selinux=1" ;;
*) die "LSM=$LSM: only selinux is known" ;;
esac

if [ "$BOARD_NATIVE" = 1 ]; then
	log "running the suite natively (this kernel runs $BOARD binaries)"
	[ "$(id -u)" = 0 ] || die "needs root"
	# the suite beside the board's own helpers (the tests find them in
	# their own directory), the repository's build/ for the rest
	rm -rf "$OUT/suite"
	mkdir -p "$OUT/suite"
	cp "$OUT/test/init" "$OUT/test/hello" "$OUT/test/recvtty" "$OUT/test/seccomp-listener" \
		"$OUT/test/oldkernel" "$OUT/suite/"
	cp -R "$TEST_SRC/run.sh" "$TEST_SRC/lib.sh" "$TEST_SRC/cases" "$OUT/suite/"
	[ ! -d "$TEST_SRC/fixtures" ] || cp -R "$TEST_SRC/fixtures" "$OUT/suite/"
	REPO=$REPO RUNTIME=$OUT/runlet INIT=$OUT/suite/init RECVTTY=$OUT/suite/recvtty \
		exec sh "$OUT/suite/run.sh"
fi

host_pkgs $BOARD_QEMU_PKG cpio ${KERNEL_LSM:+secilc}
fapt_init "$BOARD_DEB_ARCH" "$BOARD_SUITE"

# fetch_kernel: the newest image of the board's flavour (the meta package's
# dependency, its -unsigned build where there is one); sets VMLINUZ.
fetch_kernel() {
	_pkg=$(fapt_cache depends "$BOARD_KERNEL" | sed -n 's/^ *Depends: \(linux-image-[^ ]*\).*/\1/p' | head -n 1)
	[ -n "$_pkg" ] || die "cannot resolve $BOARD_KERNEL"
	if fapt_cache policy "$_pkg-unsigned" | grep -q 'Candidate: [0-9]'; then
		_pkg=$_pkg-unsigned
	fi
	_deb=$(fetch_deb "$_pkg")
	if [ "$(cat "$BC/kernel/.from" 2>/dev/null)" != "$_deb" ] ||
		! ls "$BC"/kernel/lib/modules/*/modules.order "$BC"/kernel/usr/lib/modules/*/modules.order >/dev/null 2>&1; then
		rm -rf "$BC/kernel"
		mkdir -p "$BC/kernel"
		# boot/ and the modules' list; of the modules (ten times larger
		# than the kernel), only those of $BOARD_MODULES (fetch_modules).
		dpkg-deb --fsys-tarfile "$_deb" | tar -x -C "$BC/kernel" --wildcards './boot/*' '*/modules.order'
		echo "$_deb" >"$BC/kernel/.from"
	fi
	VMLINUZ=$(ls "$BC"/kernel/boot/vmlinu[xz]-* | head -n 1)
	log "kernel $(basename "$VMLINUZ") from $(basename "$_deb")"
	fetch_modules "$_deb"
}

# fetch_modules DEB: the modules of $BOARD_MODULES (Debian builds them =m)
# and those they depend on (their modinfo "depends="), from DEB into
# $BC/kernel, found by their paths in modules.order (the package has no
# modules.dep: depmod makes it on install). MODS: their paths, in load
# order; MODDIR: where.
fetch_modules() {
	MODS=
	_ord=$(ls "$BC"/kernel/lib/modules/*/modules.order "$BC"/kernel/usr/lib/modules/*/modules.order 2>/dev/null | head -n 1)
	[ -n "$_ord" ] || { log "no modules.order in the kernel package: no modules"; return 0; }
	MODDIR=${_ord%/modules.order}
	_todo=$BOARD_MODULES
	# the disk's drivers: modules on some boards, built in on others
	if [ "${DISK:-1}" = 1 ]; then
		for _m in virtio_pci virtio_mmio virtio_blk; do
			grep -qE "(^|/)$_m\.ko\$" "$_ord" && _todo="$_todo $_m"
		done
	fi
	while [ -n "$_todo" ]; do
		# extract what is missing, in one pass over the package
		_want=
		for _m in $_todo; do
			_p=$(grep -E "(^|/)$_m\.ko\$" "$_ord" | head -n 1)
			[ -n "$_p" ] || die "module $_m: not in $_ord"
			# once each: tar reports a pattern given twice as not found
			case " $_want " in *" ./${MODDIR#"$BC/kernel/"}/$_p* "*) continue ;; esac
			ls "$MODDIR/$_p"* >/dev/null 2>&1 || _want="$_want ./${MODDIR#"$BC/kernel/"}/$_p*"
		done
		# shellcheck disable=SC2086
		[ -z "$_want" ] || dpkg-deb --fsys-tarfile "$1" | tar -x -C "$BC/kernel" --wildcards $_want
		_next=
		for _m in $_todo; do
			_p=$(grep -E "(^|/)$_m\.ko\$" "$_ord" | head -n 1)
			_f=$(ls "$MODDIR/$_p"* | head -n 1)
			case " $MODS " in *" ${_f#"$MODDIR/"} "*) continue ;; esac
			_deps=$(mod_cat "$_f" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' ')
			_new=
			for _d in $_deps; do
				case " $MODS " in *"/$_d.ko"*) ;; *) _new="$_new $_d" ;; esac
			done
			if [ -n "$_new" ]; then
				_next="$_next$_new $_m"
			else
				MODS="$MODS ${_f#"$MODDIR/"}"
			fi
		done
		[ "$_next" != "$_todo" ] || die "modules: cannot order $_todo"
		_todo=$_next
	done
	log "modules: $MODS"
}

# mod_cat FILE: a module, uncompressed (busybox insmod takes plain .ko).
mod_cat() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*) cat "$1" ;;
	esac
}

# mk_initramfs: $OUT/initrd.gz.
mk_initramfs() {
	_r=$OUT/initramfs
	rm -rf "$_r"
	mkdir -p "$_r/bin" "$_r/runlet/test"
	_deb=$(fetch_deb busybox-static)
	dpkg-deb --fsys-tarfile "$_deb" | tar -x -O --wildcards '*bin/busybox' >"$_r/bin/busybox"
	chmod 755 "$_r/bin/busybox"
	cp "$OUT/runlet" "$_r/runlet/runlet"
	cp "$OUT/test/init" "$OUT/test/hello" "$OUT/test/recvtty" "$OUT/test/seccomp-listener" \
		"$OUT/test/oldkernel" "$_r/runlet/test/"
	cp -R "$TEST_SRC/run.sh" "$TEST_SRC/lib.sh" "$TEST_SRC/cases" "$_r/runlet/test/"
	# the engine configs and schemas checked in (seccomp/podman_default_profile ...)
	[ ! -d "$TEST_SRC/fixtures" ] || cp -R "$TEST_SRC/fixtures" "$_r/runlet/test/"
	mkdir -p "$_r/runlet/board"
	cp -R "$BOARD_SRC/examples" "$BOARD_SRC/inittab-test.sh" "$_r/runlet/board/"
	# Engine configs some tests read from $REPO/../shared/fixtures.
	if [ -d "$REPO/../shared/fixtures/engines" ]; then
		mkdir -p "$_r/shared/fixtures"
		cp -R "$REPO/../shared/fixtures/engines" "$_r/shared/fixtures/"
	fi
	cp "$BOARD_SRC/init.sh" "$_r/init"
	if [ "$LSM" = selinux ]; then
		# (secilc writes file_contexts into its cwd too: -f sends it away)
		secilc -o "$_r/selinux.policy" -f /dev/null "$REPO/test/selinux/min.cil" ||
			die "secilc test/selinux/min.cil failed"
		[ ! -x "$OUT/noselinux/runlet" ] || cp "$OUT/noselinux/runlet" "$_r/runlet/test/runlet-noselinux"
	fi
	# The modules, uncompressed (busybox insmod), and their load order.
	mkdir -p "$_r/lib/modules"
	: >"$_r/lib/modules.load"
	for _f in $MODS; do
		_n=${_f##*/}
		_n=${_n%.ko*}.ko
		mod_cat "$MODDIR/$_f" >"$_r/lib/modules/$_n"
		echo "$_n" >>"$_r/lib/modules.load"
	done
	cat >"$_r/board.conf" <<EOF
BOARD=$BOARD
CGROUP=${CGROUP:-v2}
STAGE1='$STAGE1'
STAGE2='$STAGE2'
INITTAB=$INITTAB
LSM=$LSM
TEST_TIMEOUT=$TEST_TIMEOUT
WAIT_TIMEOUT=$WAIT_TIMEOUT
N_CTRS=$N_CTRS
EOF
	(cd "$_r" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$OUT/initrd.gz"
}

fetch_kernel
mk_initramfs
log "boot: $BOARD_QEMU (TCG), serial log $OUT/serial.log"
DRIVE=
if [ "${DISK:-1}" = 1 ]; then
	rm -f "$OUT/disk.img"
	truncate -s 16M "$OUT/disk.img"
	# on -M virt the MMIO transport (no PCI host driver needed: armv7's
	# kernel has it as a module), elsewhere (q35) PCI
	case " $BOARD_QEMU " in
	*" -M virt "*) DRIVE="-drive file=$OUT/disk.img,format=raw,if=none,id=disk -device virtio-blk-device,drive=disk" ;;
	*) DRIVE="-drive file=$OUT/disk.img,format=raw,if=virtio" ;;
	esac
fi
t0=$(date +%s)
# shellcheck disable=SC2086
timeout "${BOOT_TIMEOUT:-1200}" $BOARD_QEMU -smp "${SMP:-2}" -m "${MEM:-512}" $DRIVE \
	-nographic -nic none -no-reboot -kernel "$VMLINUZ" -initrd "$OUT/initrd.gz" \
	-append "console=$BOARD_CONSOLE panic=-1 quiet${KERNEL_LSM:+ $KERNEL_LSM}" </dev/null 2>&1 | tee "$OUT/serial.log"
t1=$(date +%s)
# (The serial lines end in \r\n; a filter here would buffer the live output.)
tr -d '\r' <"$OUT/serial.log" >"$OUT/serial.txt"
res=$(grep -a '^BOARD-RESULT ' "$OUT/serial.txt" | tail -n 1)
log "qemu ran $((t1 - t0)) s"
[ -n "$res" ] || die "no BOARD-RESULT line: the board did not finish (see $OUT/serial.log)"
echo "$res"
# Every stage that ran ended with "0 failed".
want=0
[ "$STAGE1" = - ] || want=$((want + 1))
[ "$STAGE2" = - ] || want=$((want + 1))
[ "$INITTAB" != 1 ] || want=$((want + 1))
n=$(grep -a '^BOARD-SUMMARY ' "$OUT/serial.txt" | grep -c ' 0 failed, ' || :)
rc=0
[ "$n" = "$want" ] || { log "$n of $want stages passed"; rc=1; }
if [ "$INITTAB" = 1 ]; then
	# The container of the inittab example wrote to the console: started at
	# boot and after each of the three kills, and the forwarded SIGTERM.
	_id=$(sed -n 's|^::respawn:/usr/sbin/runlet-run \([^ ]*\) .*|\1|p' "$BOARD_SRC/examples/busybox/inittab")
	_s=$(grep -ac "^$_id: started " "$OUT/serial.txt" || :)
	_t=$(grep -ac "^$_id: SIGTERM\$" "$OUT/serial.txt" || :)
	if [ "$_s" = 4 ] && [ "$_t" = 1 ]; then
		log "inittab: the container's output on the console: '$_id: started' 4 times, '$_id: SIGTERM' once"
	else
		log "inittab: expected '$_id: started' 4 times and '$_id: SIGTERM' once on the console, got $_s and $_t"
		rc=1
	fi
fi
exit $rc
