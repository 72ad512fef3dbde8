#!/bin/busybox sh
# board/init.sh: /init of the emulated board's initramfs (busybox sh).
# board/test.sh writes /board.conf (BOARD, CGROUP, STAGE1, STAGE2, INITTAB,
# TEST_TIMEOUT, WAIT_TIMEOUT, N_CTRS, LSM).
#
# Stage 1 runs part of the suite ($STAGE1, a run.sh pattern) with the
# initramfs itself as / : pivot_root fails there (EINVAL: the root is the
# rootfs mount), so runlet's MS_MOVE + chroot fallback is what runs. Then
# everything is copied to a tmpfs, switch_root, and stage 2 runs the whole
# suite (or $STAGE2) with pivot_root working. A stage whose pattern is "-"
# is not run. cgroups: CGROUP=v2 mounts cgroup2 alone (a pure v2 host),
# CGROUP=hybrid v1 controllers and cgroup2 on unified/.
# With INITTAB=1, busybox init then becomes pid 1 with the inittab example
# (board/inittab-test.sh), whose check prints the last lines.
# The last lines are the BOARD-RESULT marker, then poweroff.

/bin/busybox --install -s /bin
export PATH=/bin HOME=/root
. /board.conf
export TEST_TIMEOUT WAIT_TIMEOUT N_CTRS

mount_all() {
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /dev/pts /dev/shm /sys/fs/cgroup
	mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
	ln -sf pts/ptmx /dev/ptmx
	mount_cgroup_$CGROUP
	[ "$LSM" != selinux ] || mount -t selinuxfs selinuxfs /sys/fs/selinux
}

# LSM=selinux: the kernel booted with SELinux (board/test.sh): load the
# policy of test/selinux/min.cil, once, and stay permissive.
selinux_load() {
	if cat /selinux.policy >/sys/fs/selinux/load && echo 0 >/sys/fs/selinux/enforce; then
		echo "BOARD: SELinux policy loaded, enforce $(cat /sys/fs/selinux/enforce), running as $(tr -d '\0' </proc/self/attr/current)"
	else
		echo "BOARD: SELinux: loading the policy failed"
	fi
}

# v2: the unified hierarchy alone, every controller enabled for children.
mount_cgroup_v2() {
	mount -t cgroup2 cgroup2 /sys/fs/cgroup
	for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
		echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	done
}

# hybrid: every controller on its own v1 hierarchy, and an empty cgroup2
# on unified/ (systemd's hybrid layout, as on Debian 10 hosts).
mount_cgroup_hybrid() {
	mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
	for c in $(awk 'NR > 1 && $4 == 1 { print $1 }' /proc/cgroups); do
		mkdir -p /sys/fs/cgroup/$c
		mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c || rmdir /sys/fs/cgroup/$c
	done
	mkdir -p /sys/fs/cgroup/unified
	mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
}

umount_all() {
	for m in $(awk '$2 ~ "^/sys/fs/cgroup/" { print $2 }' /proc/mounts); do
		umount $m
	done
	[ "$LSM" != selinux ] || umount /sys/fs/selinux
	umount /sys/fs/cgroup /dev/pts /dev /sys /proc
}

# summary LOG: run.sh's last line, or "not run".
summary() {
	grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$|^not run$' "$1" | tail -n 1
}

# suite NAME [PATTERN]: run test/run.sh (PATTERN: its patterns, space
# separated; "-": not at all); its summary line is prefixed with NAME for
# board/test.sh.
suite() {
	if [ "$2" = - ]; then
		echo "not run" >/tmp/$1.log
		echo "BOARD-SUMMARY $1: not run"
		return
	fi
	echo "BOARD: $1: sh /runlet/test/run.sh $2 ($(uname -r) $(uname -m), up $(cut -d' ' -f1 /proc/uptime)s)"
	sh /runlet/test/run.sh $2 2>&1 | tee /tmp/$1.log
	echo "BOARD-SUMMARY $1: $(summary /tmp/$1.log)"
}

if [ ! -e /.stage2 ]; then
	mkdir -p /proc /sys /dev /tmp /root
	for m in $(cat /lib/modules.load 2>/dev/null); do
		insmod /lib/modules/$m || echo "BOARD: insmod $m failed"
	done
	mount_all
	[ "$LSM" != selinux ] || selinux_load
	suite stage1 "$STAGE1"
	cp /tmp/stage1.log /stage1.log
	umount_all
	mkdir -p /newroot
	mount -t tmpfs -o mode=755 tmpfs /newroot
	for d in bin runlet shared board.conf init stage1.log root selinux.policy; do
		[ ! -e /$d ] || cp -a /$d /newroot/
	done
	mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp
	touch /newroot/.stage2
	exec switch_root /newroot /init
fi

mount_all
mount -t tmpfs -o mode=1777 tmpfs /tmp
suite stage2 "$STAGE2"
s1=$(summary /stage1.log)
s2=$(summary /tmp/stage2.log)
res="board=$BOARD cgroup=$CGROUP${LSM:+ lsm=$LSM} stage1(initramfs root, $STAGE1): ${s1:-no summary}; stage2(tmpfs root${STAGE2:+, $STAGE2}): ${s2:-no summary}"
if [ "${INITTAB:-0}" = 1 ]; then
	echo "$res" >/board-result
	if sh /runlet/board/inittab-test.sh setup; then
		exec /bin/busybox init
	fi
	echo "BOARD-SUMMARY inittab: 0 passed, 1 failed, 0 skipped"
	res="$res; inittab: setup failed"
fi
echo "BOARD-RESULT $res"
sync
poweroff -f
