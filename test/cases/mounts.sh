# mounts: the template's mounts, /dev (devices, symlinks), root.readonly,
# root.path, maskedPaths, readonlyPaths, host mounts untouched.

# mnt MOUNTPOINT [FILE]: "FSTYPE MOUNT-OPTIONS SUPER-OPTIONS" of the top
# mount at MOUNTPOINT in a mountinfo dump ($OUT by default).
mnt() {
	awk -v m="$1" '$5 == m {
		for (i = 7; i < NF && $i != "-"; i++) ;
		r = $(i + 1) " " $6 " " $(i + 3)
	} END { print r }' "${2:-$OUT}"
}

# expect_mnt MOUNTPOINT FSTYPE OPTION...: mounted with that type and each
# OPTION among its mount or superblock options. FSTYPE "-": any.
expect_mnt() {
	_m=$(mnt "$1")
	[ -n "$_m" ] || fail "nothing mounted on $1:
$(sed 's/^/  | /' "$OUT")"
	_mp=$1
	_type=$2
	shift 2
	[ "$_type" = - ] || expect_eq "type of $_mp" "$_type" "${_m%% *}"
	_opts=",$(echo "$_m" | cut -d' ' -f2),$(echo "$_m" | cut -d' ' -f3),"
	for _o in "$@"; do
		case $_opts in *",$_o,"*) ;; *) fail "$_mp: option $_o not in '$_m'" ;; esac
	done
}

test_template_mounts() {
	inside mounts
	expect_mnt / - ro
	expect_mnt /proc proc
	expect_mnt /dev tmpfs nosuid mode=755
	expect_mnt /dev/pts devpts nosuid noexec ptmxmode=666 mode=620 gid=5
	expect_mnt /dev/shm tmpfs nosuid noexec nodev
	expect_mnt /dev/mqueue mqueue nosuid noexec nodev
	expect_mnt /sys sysfs ro nosuid noexec nodev
	[ -n "$(mnt /sys/fs/cgroup)" ] || fail "nothing mounted on /sys/fs/cgroup"
}

# /proc is the container's own: it shows only the container's processes.
test_proc_is_own() {
	inside ls /proc
	expect_eq "pids in /proc" 1 "$(grep -E '^[0-9]+$' "$OUT" | tr '\n' ' ' | sed 's/ $//')"
}

test_dev_modes() {
	inside stat /dev -- stat /dev/shm -- stat /dev/pts
	expect_file_eq "$OUT" "dir 0755
dir 1777
dir 0755"
}

# The spec's default devices, and nothing else from the host.
test_default_devices() {
	inside stat /dev/null -- stat /dev/zero -- stat /dev/full -- stat /dev/random \
		-- stat /dev/urandom -- stat /dev/tty -- ls /dev
	expect_file_eq "$OUT" "chr 0666 1:3
chr 0666 1:5
chr 0666 1:7
chr 0666 1:8
chr 0666 1:9
chr 0666 5:0
fd
full
mqueue
null
ptmx
pts
random
shm
stderr
stdin
stdout
tty
urandom
zero"
}

# The devices are the real ones (not files made to look like them).
test_devices_work() {
	inside_rc 1 write /dev/null x -- write /dev/full x -- cat /dev/null -- echo end
	expect_file_eq "$OUT" "ok
error: No space left on device
end"
}

test_dev_symlinks() {
	inside readlink /dev/fd -- readlink /dev/stdin -- readlink /dev/stdout \
		-- readlink /dev/stderr
	expect_file_eq "$OUT" "/proc/self/fd
/proc/self/fd/0
/proc/self/fd/1
/proc/self/fd/2"
	# /dev/ptmx: a symlink to pts/ptmx, or a bind mount of it.
	inside stat /dev/ptmx -- readlink /dev/ptmx
	case $(sed -n 1p "$OUT") in
	"lnk 0777")
		case $(sed -n 2p "$OUT") in
		pts/ptmx | /dev/pts/ptmx) ;;
		*) fail "/dev/ptmx -> $(sed -n 2p "$OUT"), expected pts/ptmx" ;;
		esac
		;;
	"chr "*" 5:2") ;;
	*) fail "/dev/ptmx: $(sed -n 1p "$OUT"), expected a symlink to pts/ptmx" ;;
	esac
}

test_root_readonly() {
	inside_rc 1 touch /x -- mkdir /d -- touch /dev/x -- touch /dev/shm/x
	expect_file_eq "$OUT" "error: Read-only file system
error: Read-only file system
ok
ok"
	[ -e "$BUNDLE/rootfs/x" ] && fail "/x appeared in the rootfs"
	return 0
}

test_root_writable() {
	CFG_READONLY=false inside touch /x -- write /y hi -- mounts
	expect_eq "touch /x" ok "$(sed -n 1p "$OUT")"
	expect_eq "write /y" ok "$(sed -n 2p "$OUT")"
	[ -f "$BUNDLE/rootfs/x" ] || fail "/x did not appear in the bundle's rootfs"
	expect_file_eq "$BUNDLE/rootfs/y" "hi"
	expect_mnt / - rw
}

test_root_path_absolute() {
	CFG_ROOT_ABS=1 inside hello
	expect_file_eq "$OUT" "hello world"
}

# An absolute root.path outside the bundle.
test_root_path_elsewhere() {
	new_ctr
	mkbundle "$BUNDLE" /init hello -- ls /
	mv "$BUNDLE/rootfs" "$T/elsewhere"
	sed -i "s|\"path\": \"rootfs\"|\"path\": \"$T/elsewhere\"|" "$BUNDLE/config.json"
	grep -q "$T/elsewhere" "$BUNDLE/config.json" || fail "could not edit root.path"
	run_fg
	expect_rc 0
	expect_grep '^hello world$' "$OUT"
	expect_grep '^init$' "$OUT"
}

# maskedPaths: each that exists on this kernel reads empty inside.
test_masked_paths() {
	_args=
	_want=
	for _p in /proc/acpi /proc/asound /proc/kcore /proc/keys /proc/latency_stats \
		/proc/timer_list /proc/timer_stats /proc/sched_debug /sys/firmware /proc/scsi; do
		if [ -d "$_p" ]; then
			_args="$_args ls $_p -- echo @$_p --"
		elif [ -f "$_p" ]; then
			_args="$_args cat $_p -- echo @$_p --"
		else
			continue
		fi
		_want="$_want@$_p
"
	done
	[ -n "$_want" ] || skip "none of the masked paths exists on this kernel"
	inside $_args echo end
	expect_file_eq "$OUT" "${_want}end"
	# The host still sees them (nothing was masked outside).
	[ -d /sys/firmware ] && [ -z "$(ls /sys/firmware)" ] &&
		fail "/sys/firmware is empty on the host"
	return 0
}

# readonlyPaths: /proc/sys and the others that exist are read-only.
test_readonly_paths() {
	inside_rc 1 write /proc/sys/kernel/domainname x -- mounts
	expect_eq "write /proc/sys/kernel/domainname" \
		"error: Read-only file system" "$(sed -n 1p "$OUT")"
	for _p in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger; do
		[ -e "$_p" ] || continue
		expect_mnt "$_p" proc ro
	done
}

# Nothing the runtime mounts for a container shows up on the host, also
# while it runs (mount propagation).
test_host_mounts_untouched() {
	cat /proc/self/mountinfo >"$T/before"
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	cat /proc/self/mountinfo >"$T/during"
	rt delete --force "$ID" || fail "delete --force failed"
	cat /proc/self/mountinfo >"$T/after"
	cmp -s "$T/before" "$T/during" || fail "host mounts changed while the container ran:
$(diff "$T/before" "$T/during" | head -n 10)"
	cmp -s "$T/before" "$T/after" || fail "host mounts changed after delete:
$(diff "$T/before" "$T/after" | head -n 10)"
}

# skip_if_refused FIELD: the runtime refused the config naming FIELD (a
# feature of a later issue): skip rather than fail.
skip_if_refused() {
	[ "$RC" != 0 ] && grep -q "$1" "$ERR" &&
		skip "refused as not implemented: $(head -c 200 "$ERR")"
	return 0
}

test_extra_bind_and_tmpfs() {
	mkdir -p "$T/data"
	echo shared >"$T/data/file"
	CFG_MOUNTS="{ \"destination\": \"/data\", \"type\": \"bind\", \"source\": \"$T/data\",
		  \"options\": [ \"rbind\", \"ro\" ] },
		{ \"destination\": \"/tmp\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",
		  \"options\": [ \"nosuid\", \"nodev\", \"mode=1777\" ] }" \
		mkctr /init cat /data/file -- touch /data/x -- touch /tmp/x -- stat /tmp
	run_fg
	skip_if_refused mounts
	expect_rc 1
	expect_file_eq "$OUT" "shared
error: Read-only file system
ok
dir 1777"
	[ -e "$T/data/x" ] && fail "the read-only bind mount was written to"
	return 0
}

# tmpcopyup (podman): the tmpfs starts with the directory's old content,
# and writes stay in the tmpfs.
test_tmpcopyup() {
	runlet_only "runc 1.1.5 passes tmpcopyup to tmpfs as data"
	CFG_READONLY=false CFG_MOUNTS='{ "destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup", "mode=755"] }' \
		mkctr /init cat /data/f -- readlink /data/l -- write /data/f changed -- cat /data/f
	mkdir -p "$BUNDLE/rootfs/data"
	echo original >"$BUNDLE/rootfs/data/f"
	ln -s f "$BUNDLE/rootfs/data/l"
	run_fg
	expect_rc 0
	expect_file_eq "$OUT" "original
f
ok
changed"
	expect_eq "the image's file" original "$(cat "$BUNDLE/rootfs/data/f")"
}

# rro: read-only all the way down, submounts included (mount_setattr).
test_recursive_readonly_bind() {
	runlet_only "runc 1.1.5 has no recursive mount options"
	# (its error there: oldkernel/recursive_mount_fails_clearly)
	need_new_syscall mount_setattr "rro"
	mkdir -p "$T/src/sub"
	mount -t tmpfs tmpfs "$T/src/sub" || skip "cannot mount a tmpfs for the test"
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"rbind\", \"rro\"] }" \
		mkctr /init write /src/a x -- write /src/sub/b x
	run_fg
	umount "$T/src/sub"
	expect_file_eq "$OUT" "error: Read-only file system
error: Read-only file system"
}

# A hostile image cannot point a mount outside the rootfs: symlinks in the
# destination's path (absolute, or climbing with ..) resolve inside the
# rootfs (the CVE-2021-30465 class). The host's directory stays untouched.
test_mount_destination_symlink_stays_inside() {
	mkdir -p "$T/host-target"
	echo host >"$T/host-target/keep"
	CFG_READONLY=false CFG_MOUNTS='{ "destination": "/evil/x", "type": "tmpfs", "source": "tmpfs" },
		{ "destination": "/climb/y", "type": "tmpfs", "source": "tmpfs" }' \
		mkctr /init ls /
	ln -s "$T/host-target" "$BUNDLE/rootfs/evil"
	ln -s "../../../../../../../../$T/host-target" "$BUNDLE/rootfs/climb"
	run_fg
	expect_rc 0
	expect_eq "the host directory" "keep" "$(ls "$T/host-target")"
	grep -qF " $T/host-target" /proc/self/mountinfo && fail "a mount landed on the host: $(grep -F " $T/host-target" /proc/self/mountinfo)"
	# the mount points were made inside the rootfs, where the links lead
	[ -d "$BUNDLE/rootfs$T/host-target/x" ] || fail "no mount point inside the rootfs at $T/host-target/x"
	[ -d "$BUNDLE/rootfs$T/host-target/y" ] || fail "no mount point inside the rootfs at $T/host-target/y"
}

# Idmapped bind mounts (mount_setattr MOUNT_ATTR_IDMAP). The mapping is
# read as a user namespace's: a file the filesystem has as 0 is seen
# through the mount as the mapped 1000, and a file made through the mount
# by 1000 lands on the filesystem as 0. No user namespace is needed with
# the mount's own mappings.
idmap_src() {
	mkdir -p "$T/src"
	echo data >"$T/src/f"
}
# A filesystem the kernel cannot idmap (tmpfs before Linux 6.3) is the
# host's limit, not runlet's: skipped, saying so.
skip_unidmappable() {
	[ "$RC" != 0 ] && grep -q 'cannot be idmapped here' "$ERR" &&
		skip "$(stat -fc %T "$T") cannot be idmapped by this kernel ($(uname -r))"
	return 0
}
idmap_maps='"uidMappings": [ { "containerID": 0, "hostID": 1000, "size": 1 } ],
	"gidMappings": [ { "containerID": 0, "hostID": 1000, "size": 1 } ]'

test_idmap_bind_mount() {
	runlet_only "runc 1.1.5 (Debian 12) has no idmapped mounts: it ignores idmap"
	need_new_syscall open_tree "an idmapped mount"
	idmap_src
	chmod 777 "$T/src"
	CFG_UID=1000 CFG_GID=1000 \
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\",
		\"options\": [\"bind\", \"idmap\"], $idmap_maps }" \
		mkctr /init owner /src/f -- cat /src/f -- write /src/new x -- owner /src/new -- mounts
	run_fg
	skip_unidmappable
	expect_rc 0
	expect_eq "owner through the mount" "1000:1000" "$(sed -n 1p "$OUT")"
	expect_eq "content" data "$(sed -n 2p "$OUT")"
	expect_eq "new file inside" "1000:1000" "$(sed -n 4p "$OUT")"
	expect_eq "new file on the host" "0:0" "$(stat -c %u:%g "$T/src/new")"
	grep -q ' /src .*idmapped' "$OUT" || fail "mountinfo of /src does not say idmapped: $(grep ' /src ' "$OUT")"
}

# ridmap: the submounts are idmapped too; idmap: only the top one.
test_ridmap_recursive() {
	runlet_only "runc 1.1.5 (Debian 12) has no idmapped mounts: it ignores idmap"
	need_new_syscall open_tree "an idmapped mount"
	idmap_src
	mkdir -p "$T/src/sub"
	mount -t tmpfs tmpfs "$T/src/sub" || skip "cannot mount a tmpfs for the test"
	for _opt in ridmap idmap; do
		CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\",
			\"options\": [\"rbind\", \"$_opt\"], $idmap_maps }" \
			mkctr /init owner /src -- owner /src/sub
		run_fg
		[ "$RC" != 0 ] && grep -q 'cannot be idmapped here' "$ERR" && umount "$T/src/sub"
		skip_unidmappable
		echo "$_opt $(tr '\n' ' ' <"$OUT")" >>"$T/res"
	done
	umount "$T/src/sub"
	# tmpfs can be idmapped since Linux 6.3; before, ridmap fails on it
	expect_file_eq "$T/res" "ridmap 1000:1000 1000:1000 
idmap 1000:1000 0:0 "
}

# Without mappings of its own, an idmapped mount takes the container's
# user namespace: the host's root files are the container root's.
test_idmap_container_userns() {
	runlet_only "runc 1.1.5 (Debian 12) has no idmapped mounts: it ignores idmap"
	need_new_syscall open_tree "an idmapped mount"
	idmap_src
	CFG_NS="pid network ipc uts mount user" \
	CFG_LINUX=$USERNS_MAPS \
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"bind\", \"idmap\"] }" \
		mkctr /init owner /src/f -- write /src/new x -- owner /src/new
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_fg
	skip_unidmappable
	expect_rc 0
	expect_file_eq "$OUT" "0:0
ok
0:0"
	expect_eq "new file on the host" "0:0" "$(stat -c %u:%g "$T/src/new")"
}

test_idmap_errors() {
	runlet_only "runc 1.1.5 (Debian 12) has no idmapped mounts: it ignores idmap"
	mkdir -p "$T/src"
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"bind\", \"idmap\"] }" \
		mkctr /init hello
	create
	expect_fail
	expect_grep 'mounts\[[0-9]*\]: idmap needs uidMappings and gidMappings, or a user namespace' "$ERR"
	CFG_MOUNTS="{ \"destination\": \"/t\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"idmap\"], $idmap_maps }" \
		mkctr /init hello
	create
	expect_fail
	expect_grep 'mounts\[[0-9]*\]: only a bind mount can be idmapped' "$ERR"
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"bind\", \"idmap\"],
		\"uidMappings\": [ { \"containerID\": 0, \"hostID\": 1000, \"size\": 1 } ] }" \
		mkctr /init hello
	create
	expect_fail
	expect_grep 'mounts\[[0-9]*\]: uidMappings and gidMappings go together' "$ERR"
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\", \"options\": [\"bind\"],
		\"uidMappings\": [ { \"containerID\": 0, \"hostID\": \"x\", \"size\": 1 } ], \"gidMappings\": [] }" \
		mkctr /init hello
	create
	expect_fail
	expect_grep 'mounts\[[0-9]*\]\.uidMappings\[0\]\.hostID: expected' "$ERR"
}

# Where the kernel lacks open_tree/mount_setattr (test/oldkernel makes
# them ENOSYS), an idmapped mount is refused clearly, never made plain.
test_idmap_old_kernel() {
	runlet_only "runc 1.1.5 (Debian 12) has no idmapped mounts: it ignores idmap"
	[ -x "$TESTDIR/oldkernel" ] || skip "test/oldkernel is not built (make test/oldkernel)"
	idmap_src
	CFG_MOUNTS="{ \"destination\": \"/src\", \"type\": \"bind\", \"source\": \"$T/src\",
		\"options\": [\"bind\", \"idmap\"], $idmap_maps }" \
		mkctr /init hello
	"$TESTDIR/oldkernel" "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_fail
	expect_grep 'mounts\[[0-9]+\]: idmap: open .*idmapped mounts need Linux 5.12' "$ERR"
}

# overlay: the options other than flags go to the filesystem as data
# (lowerdir, upperdir, workdir); the merged view reads the lower layer and
# writes land in the upper one, on the host.
test_overlay_mount() {
	mkdir -p "$T/lower" "$T/upper" "$T/work"
	echo from-lower >"$T/lower/a"
	CFG_MOUNTS="{ \"destination\": \"/o\", \"type\": \"overlay\", \"source\": \"overlay\",
		\"options\": [ \"lowerdir=$T/lower\", \"upperdir=$T/upper\", \"workdir=$T/work\", \"nodev\" ] }" \
		mkctr /init cat /o/a -- write /o/b new -- mounts
	run_fg
	expect_rc 0
	expect_eq "lower layer" from-lower "$(sed -n 1p "$OUT")"
	expect_eq "write into the upper layer" new "$(cat "$T/upper/b" 2>&1)"
	[ -e "$T/lower/b" ] && fail "the write reached the lower layer"
	grep -Eq " /o [^ ]*nodev[^ ]*( .*)? - overlay overlay .*lowerdir=$T/lower" "$OUT" ||
		fail "mountinfo of /o: $(grep ' /o ' "$OUT")"
}

# ---------------------------------------------------------------------
# Mount propagation (linux.rootfsPropagation and the per-mount options).
# The host's / may be private here, so the volume is a tmpfs of the
# test's own, made shared (a peer group of its own) and bound into the
# container at /vol. After create, the host mounts a tmpfs on
# $T/vol/host, and a tmpfs is mounted on /vol/in in the container's mount
# namespace (nsenter, running the rootfs's /init: the container itself
# has no CAP_SYS_ADMIN). Then start: the container lists both from
# inside and prints its mountinfo. As runc: the default and "rslave"
# receive the host's mount and send nothing back; "rprivate" neither;
# "rshared" both ways.

# prop_case ROOTFS_PROPAGATION BIND_OPTION: the above; sets IN (what the
# container listed in /vol/host), BACK ("yes" if the container's mount
# reached the host), VOLF and ROOTF (the optional fields of /vol and /
# in the container's mountinfo: "shared:N", "master:N" or "") and HOSTG
# (the host's peer group of $T/vol, "shared:N"); $T/created.mi is the
# container's mountinfo as the host read it after create.
prop_case() {
	need nsenter
	mkdir -p "$T/vol"
	mount -t tmpfs vol "$T/vol" || skip "cannot mount a tmpfs for the test"
	mount --make-shared "$T/vol" || fail "mount --make-shared $T/vol"
	mkdir "$T/vol/host" "$T/vol/in" "$T/vol/pre"
	# a submount the host had before: the container's old root (its
	# copy there) is detached after pivot_root, which must unmount
	# nothing on the host, even when the copy is a peer (rshared)
	mount -t tmpfs pre "$T/vol/pre" && echo x >"$T/vol/pre/keep" || fail "mount a tmpfs on $T/vol/pre"
	HOSTG=$(opt_fields "$T/vol" /proc/self/mountinfo)
	_lx=
	[ -n "$1" ] && _lx="\"rootfsPropagation\": \"$1\""
	CFG_LINUX=$_lx CFG_MOUNTS="{ \"destination\": \"/vol\", \"type\": \"bind\", \"source\": \"$T/vol\",
		\"options\": [ $(json_list rbind $2) ] }" \
		mkctr /init ls /vol/host -- echo @ -- ls /vol/in -- echo @ -- mounts
	create
	[ "$RC" = 0 ] || { umount "$T/vol/pre" "$T/vol"; expect_rc 0; }
	cat "/proc/$(pid_of)/mountinfo" >"$T/created.mi"
	_pre=$(ls "$T/vol/pre")
	mount -t tmpfs host "$T/vol/host" || fail "mount a tmpfs on $T/vol/host"
	echo x >"$T/vol/host/from-host"
	nsenter -t "$(pid_of)" -m /init mount tmpfs /vol/in -- write /vol/in/from-ctr x >"$T/ns.out" 2>&1
	BACK=no
	[ -e "$T/vol/in/from-ctr" ] && BACK=yes
	rt start "$ID" || fail "start failed"
	wait_status stopped
	rt delete "$ID" || fail "delete failed"
	umount "$T/vol/in" 2>/dev/null
	umount "$T/vol/host" && umount "$T/vol/pre" && umount "$T/vol" || fail "could not undo the test's mounts"
	expect_eq "the host's $T/vol/pre after create" keep "$_pre"
	expect_file_eq "$T/ns.out" "ok
ok"
	IN=$(part 0)
	expect_eq "the container's own mount on /vol/in, from inside" from-ctr "$(part 1)"
	VOLF=$(opt_fields /vol "$OUT")
	ROOTF=$(opt_fields / "$OUT")
}

# part N: the Nth part of $OUT, the parts separated by "@" lines.
part() {
	awk -v n="$1" '/^@$/ { k++; next } k == n' "$OUT"
}

# opt_fields MOUNTPOINT FILE: the optional fields of the top mount at
# MOUNTPOINT in a mountinfo dump, space separated ("" if none).
opt_fields() {
	awk -v m="$1" '$5 == m {
		r = ""
		for (i = 7; i <= NF && $i != "-"; i++) r = r (r == "" ? "" : " ") $i
	} END { print r }' "$2"
}

test_propagation_default_slave() {
	prop_case "" ""
	expect_eq "the host's new mount, inside" from-host "$IN"
	expect_eq "the container's mount reached the host" no "$BACK"
	expect_eq "propagation of /vol" "master:${HOSTG#shared:}" "$VOLF"
	expect_eq "propagation of /" "" "$ROOTF"
}

test_propagation_rslave() {
	prop_case rslave rslave
	expect_eq "the host's new mount, inside" from-host "$IN"
	expect_eq "the container's mount reached the host" no "$BACK"
	expect_eq "propagation of /vol" "master:${HOSTG#shared:}" "$VOLF"
	expect_eq "propagation of /" "" "$ROOTF"
}

test_propagation_rprivate() {
	prop_case rprivate rprivate
	expect_eq "the host's new mount, inside" "" "$IN"
	expect_eq "the container's mount reached the host" no "$BACK"
	expect_eq "propagation of /vol" "" "$VOLF"
	expect_eq "propagation of /" "" "$ROOTF"
}

test_propagation_rshared() {
	prop_case rshared rshared
	expect_eq "the host's new mount, inside" from-host "$IN"
	expect_eq "the container's mount reached the host" yes "$BACK"
	# /vol is in the host's peer group; / is shared in a group of its own
	expect_eq "propagation of /vol" "$HOSTG" "$VOLF"
	runlet_only "runc 1.1.5 leaves the new / private (later runc applies rootfsPropagation to it after pivot_root: runc#4724, backported to 1.2 in #4791)"
	case $ROOTF in
	"$HOSTG" | "") fail "propagation of /: '$ROOTF', expected a peer group of its own" ;;
	shared:*) ;;
	*) fail "propagation of /: '$ROOTF', expected shared:N" ;;
	esac
}

# A per-mount "rshared" under the default rootfsPropagation (slave), and
# under "rslave": the volume is shared within the container only, still
# a slave of the host's: nothing goes back.
test_propagation_rshared_volume_slave_root() {
	for _rp in "" rslave; do
		prop_case "$_rp" rshared
		expect_eq "rootfsPropagation '$_rp': the host's new mount, inside" from-host "$IN"
		expect_eq "rootfsPropagation '$_rp': the container's mount reached the host" no "$BACK"
		case $VOLF in
		"shared:"*" master:${HOSTG#shared:}") ;;
		*) fail "rootfsPropagation '$_rp': propagation of /vol: '$VOLF', expected shared:N master:${HOSTG#shared:}" ;;
		esac
	done
}

# Several propagation options on one mount apply in order, one mount
# call each (runc's behaviour), the later winning where two conflict:
# "rprivate" then "rshared" cuts the volume from the host's and shares it
# anew (a group of its own); "rshared" then "rprivate" leaves it private.
# ORed into one flags word they were an invalid MS_PRIVATE|MS_SHARED.
test_propagation_options_in_order() {
	prop_case "" "rprivate rshared"
	expect_eq "rprivate, rshared: the host's new mount, inside" "" "$IN"
	case $VOLF in
	"$HOSTG" | *master:*) fail "rprivate, rshared: propagation of /vol: '$VOLF', expected a peer group of its own" ;;
	shared:*) ;;
	*) fail "rprivate, rshared: propagation of /vol: '$VOLF', expected shared:N" ;;
	esac
	prop_case "" "rshared rprivate"
	expect_eq "rshared, rprivate: the host's new mount, inside" "" "$IN"
	expect_eq "rshared, rprivate: propagation of /vol" "" "$VOLF"
}

# rootfsPropagation "runbindable": / and every mount under it unbindable,
# hence private (nothing reaches the container from the host, nor back),
# from create on (the host reads the container's mountinfo then) and
# inside (but /vol/in, mounted after create: a new mount is private); the
# binds of the masked and read-only paths made before. The host's own /
# is left as it was.
test_propagation_runbindable() {
	runlet_only "runc 1.1.5 fails: it makes / of the namespace unbindable, then binds the rootfs that lies on it (EINVAL)"
	_hostroot=$(opt_fields / /proc/self/mountinfo)
	prop_case runbindable ""
	expect_eq "the host's new mount, inside" "" "$IN"
	expect_eq "the container's mount reached the host" no "$BACK"
	expect_eq "propagation of /vol" unbindable "$VOLF"
	expect_eq "propagation of /" unbindable "$ROOTF"
	expect_eq "propagation of the host's /" "$_hostroot" "$(opt_fields / /proc/self/mountinfo)"
	part 2 >"$T/inside.mi"
	for _mi in "$T/created.mi" "$T/inside.mi"; do
		awk '$5 != "/vol/in" {
			o = ""
			for (i = 7; i <= NF && $i != "-"; i++) o = o (o == "" ? "" : " ") $i
			if (o != "unbindable") print $5 ": \"" o "\""
		}' "$_mi" >"$T/bindable"
		[ ! -s "$T/bindable" ] || fail "$(basename "$_mi"): not unbindable:
$(sed 's/^/  | /' "$T/bindable")"
	done
}

# "unbindable": / alone, from create on; the volume stays a slave of the
# host's, as by default.
test_propagation_unbindable() {
	runlet_only "runc 1.1.5 fails: it makes / of the namespace unbindable, then binds the rootfs that lies on it (EINVAL)"
	prop_case unbindable ""
	expect_eq "the host's new mount, inside" from-host "$IN"
	expect_eq "the container's mount reached the host" no "$BACK"
	expect_eq "propagation of /vol" "master:${HOSTG#shared:}" "$VOLF"
	expect_eq "propagation of /" unbindable "$ROOTF"
	expect_eq "propagation of /, after create" unbindable "$(opt_fields / "$T/created.mi")"
}

# With a terminal, the pty is bound onto /dev/console before / and the
# mounts under it are made unbindable (the bind would fail: EINVAL).
test_propagation_runbindable_terminal() {
	runlet_only "runc 1.1.5 fails: it makes / of the namespace unbindable, then binds the rootfs that lies on it (EINVAL); and runc run needs its own stdin to be a terminal"
	CFG_TERMINAL=true CFG_LINUX='"rootfsPropagation": "runbindable"' mkctr /init mounts
	run_fg
	expect_rc 0
	expect_no_grep 'console' "$ERR"
	tr -d '\r' <"$OUT" >"$T/mi"
	expect_grep ' /dev/console [^ ]* unbindable - devpts ' "$T/mi"
	expect_eq "propagation of /" unbindable "$(opt_fields / "$T/mi")"
}

# The rootfs on a mount of its own (as an engine's overlay) and a bind of
# a directory on the host's / (as an engine's resolv.conf, here / itself):
# with rootfsPropagation (r)unbindable, the bind is made before anything
# is unbindable (made so first, / of the namespace would refuse it:
# EINVAL).
test_propagation_unbindable_host_bind() {
	runlet_only "runc 1.1.5 fails: it makes / of the namespace unbindable before its mounts (EINVAL)"
	for _p in unbindable runbindable; do
		new_ctr
		mkdir -p "$BUNDLE" && mount -t tmpfs rootfs "$BUNDLE" || skip "cannot mount a tmpfs for the bundle"
		CFG_LINUX="\"rootfsPropagation\": \"$_p\"" \
			CFG_MOUNTS='{ "destination": "/host", "type": "bind", "source": "/", "options": [ "bind", "ro" ] }' \
			mkbundle "$BUNDLE" /init mounts
		run_fg
		umount "$BUNDLE"
		[ "$RC" = 0 ] || fail "$_p: exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
		expect_eq "$_p: propagation of /" unbindable "$(opt_fields / "$OUT")"
		[ $_p = unbindable ] || expect_eq "$_p: propagation of /host" unbindable "$(opt_fields /host "$OUT")"
	done
}

# ---------------------------------------------------------------------
# A bind mount at /dev (the host's /dev, or an engine's directory): the
# directory is not the runtime's to fill. As runc (needsSetupDev), no
# device node (linux.devices' neither), no /dev/fd... link, and no
# /dev/ptmx unlinked: a scratch directory with a file, a regular file
# named ptmx, the mount points of the template's /dev submounts and a
# null device (maskedPaths' files are masked with /dev/null, which must
# be the null device) is the same afterwards, name for name and byte for
# byte. (The destination is written "/dev/": runc's CleanPath, and
# runlet's, see /dev in it.)
dev_listing() {
	(cd "$T/dev" && find . | sort | while read -r _f; do stat -c '%n %F %a %s %t:%T' "$_f"; done)
}

test_dev_bind_untouched() {
	mkdir -p "$T/dev/pts" "$T/dev/shm" "$T/dev/mqueue"
	echo keep >"$T/dev/keep"
	echo host >"$T/dev/ptmx"
	mknod -m 666 "$T/dev/null" c 1 3 || skip "cannot make a device node in $T"
	dev_listing >"$T/before"
	CFG_READONLY=false CFG_LINUX='"devices": [ { "path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438 } ]' \
		mkctr /init cat /dev/keep -- ls /dev
	sed -i '/"destination": "\/dev", "type": "tmpfs"/{
		s|"/dev", "type": "tmpfs", "source": "tmpfs"|"/dev/", "type": "bind", "source": "'"$T/dev"'"|
		n
		s|"options": \[.*\]|"options": [ "rbind" ]|
	}' "$BUNDLE/config.json"
	grep -q "\"source\": \"$T/dev\"" "$BUNDLE/config.json" || fail "could not edit the /dev mount"
	run_fg
	expect_rc 0
	dev_listing >"$T/after"
	expect_file_eq "$T/after" "$(cat "$T/before")"
	expect_file_eq "$T/dev/ptmx" host
	expect_file_eq "$OUT" "keep
keep
mqueue
null
ptmx
pts
shm"
	runlet_only "runc says nothing of the linux.devices it does not make"
	expect_grep 'warning.*linux\.devices: not made: /dev is a bind mount' "$ERR"
}

# A masked directory is an empty tmpfs, read-only: nothing can be written
# into it (runc's maskPath).
test_masked_dir_readonly() {
	CFG_READONLY=false mkctr /init ls /masked -- write /masked/x y -- mkdir /masked/d -- mounts
	mkdir -p "$BUNDLE/rootfs/masked"
	echo secret >"$BUNDLE/rootfs/masked/f"
	sed -i 's|"maskedPaths": \[|"maskedPaths": [ "/masked",|' "$BUNDLE/config.json"
	run_fg
	expect_rc 1
	expect_eq "write into the masked directory" "error: Read-only file system" "$(sed -n 1p "$OUT")"
	expect_eq "mkdir in the masked directory" "error: Read-only file system" "$(sed -n 2p "$OUT")"
	expect_mnt /masked tmpfs ro
	expect_file_eq "$BUNDLE/rootfs/masked/f" secret
}

# A mount option the kernel rejects (here a tmpfs size that is no
# number: runlet passes what is not a flag to the filesystem as data):
# create fails, the error names the mount, and nothing is left mounted
# or created (the leak check after the test: state, cgroups, mounts).
test_mount_bad_option_named() {
	CFG_MOUNTS='{ "destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": [ "nosuid", "size=bogus" ] }' \
		mkctr /init hello
	create
	expect_fail
	expect_eq "containers left" "" "$(ls "$ROOT" 2>/dev/null)"
	grep -qF " $BUNDLE/" /proc/self/mountinfo && fail "left mounted: $(grep -F " $BUNDLE/" /proc/self/mountinfo)"
	runlet_only "runc names the mount by source and destination (\"error mounting \\\"tmpfs\\\" to rootfs at \\\"/t\\\"\"), not mounts[N]"
	expect_grep 'mounts\[7\]: mount tmpfs on /t \(type tmpfs\): Invalid argument' "$ERR"
}

# ---------------------------------------------------------------------
# --no-pivot: the rootfs moved onto / (MS_MOVE) and chroot, not
# pivot_root. What tells them apart: chroot leaves the host's tree in the
# container's mount namespace, under the rootfs, where pivot_root
# detaches it. Seen from the host: detach the rootfs in that namespace
# (nsenter running the rootfs's /init: umount /, MNT_DETACH; the
# container's processes keep their root), and a process entering the
# namespace then has the host's tree as its / (it reads this test's
# marker file), where after pivot_root it has nothing (the namespace's
# bare root mount). Done once the container has looked from inside (the
# detach takes its submounts, /proc too): the marker is out of its reach
# either way.
test_no_pivot_uses_chroot() {
	need nsenter
	awk '$5 == "/" { for (i = 7; $i != "-"; i++); if ($(i + 1) == "rootfs") exit 0; exit 1 }' /proc/self/mountinfo &&
		skip "/ is the initramfs: pivot_root falls back to chroot here too (the board's stage 1)"
	echo here >"$T/marker"
	for _mode in pivot no-pivot; do
		mkctr /init cat "$T/marker" -- ls / -- echo ready -- pause
		if [ $_mode = pivot ]; then run_detach; else run_detach --no-pivot; fi
		expect_rc 0
		wait_out '^ready$'
		_pid=$(pid_of)
		nsenter -t "$_pid" -m /init umount / >"$T/umount.out" 2>&1
		nsenter -t "$_pid" -m cat "$T/marker" >"$T/$_mode.host" 2>&1
		rt delete --force "$ID" || fail "$_mode: delete --force failed"
		expect_file_eq "$T/umount.out" ok
		expect_eq "$_mode: the marker from inside" "error: No such file or directory" "$(sed -n 1p "$OUT")"
		expect_grep '^init$' "$OUT"
	done
	grep -qx here "$T/pivot.host" && fail "pivot_root: the host's tree is still in the container's mount namespace"
	expect_file_eq "$T/no-pivot.host" here
}

# The automatic fallback: where pivot_root fails with EINVAL, runlet
# moves the rootfs onto / and chroots, saying so with --debug, and the
# container runs. board/init.sh's stage 1 runs the suite where the root
# is the initramfs (the case the fallback is for: pivot_root cannot move
# that one away); here pivot_root meets the other EINVAL it has, a root
# whose parent mount is shared: runlet (copied with the bundle into a
# tmpfs "c" mounted on a shared tmpfs, with /proc, /sys and /dev) runs
# chrooted into c, in a mount namespace of the test's own.
test_pivot_root_fallback() {
	runlet_only "runc has no fallback: pivot_root's EINVAL is its error (--no-pivot is for the user to ask)"
	need unshare chroot
	mkctr /init echo inside -- ls /
	# OLDKERNEL=1: RUNTIME is a wrapper script; copy what it runs
	_rt=$RUNTIME _pre=
	if [ -n "${OLDKERNEL_RUNTIME:-}" ]; then
		_rt=$OLDKERNEL_RUNTIME _pre=/oldkernel
		cp "$TESTDIR/oldkernel" "$T/oldkernel"
	fi
	! ldd "$_rt" >/dev/null 2>&1 ||
		skip "$_rt is dynamically linked (an ASan build?): it cannot run chrooted into a bare tmpfs"
	cat >"$T/fallback.sh" <<EOF
set -e
mkdir -p "$T/outer"
mount -t tmpfs outer "$T/outer"
mount --make-shared "$T/outer"
mkdir "$T/outer/c"
mount -t tmpfs c "$T/outer/c"
cd "$T/outer/c"
mkdir proc sys dev state
mount -t proc proc proc
mount --rbind /sys sys
mount --rbind /dev dev
cp "$_rt" runlet
[ -z "$_pre" ] || cp "$T/oldkernel" oldkernel
cp -a "$BUNDLE" bundle
chroot . $_pre /runlet --debug --root /state run --bundle /bundle "$ID" || echo "exit status \$?"
echo "state: \$(ls state)"
EOF
	unshare -m --propagation private sh "$T/fallback.sh" >"$OUT" 2>"$ERR"
	expect_grep 'pivot_root: Invalid argument; falling back to MS_MOVE and chroot' "$ERR"
	expect_file_eq "$OUT" "inside
bin
dev
init
proc
sys
state: "
}
