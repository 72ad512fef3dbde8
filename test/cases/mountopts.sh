# mountopts: each mount option of mount.c's tables (the spec's list), as
# the container's own mountinfo shows it, a table per group and one
# container run per table; bind and rbind, (r)unbindable; a bind of a
# file and of a directory; the read-only /sys of a user namespace without
# its own network namespace; /sys/fs/cgroup on this host, with and
# without a cgroup namespace; linux.devices of types b, p and u.

# mo_check OUTPUT: read "MOUNTPOINT TOKEN..." lines on stdin and print
# each token that the top mount at MOUNTPOINT in OUTPUT (a mountinfo dump)
# does not satisfy. Tokens:
#   +m:X -m:X     X is, is not, among the mount options (field 6)
#   +s:X -s:X     the same among the superblock options
#   atime:MODE    relatime, noatime or strictatime (neither shown)
#   prop:P        shared, slave, private (no optional field), unbindable
#   type:T        the filesystem type
#   absent        nothing is mounted there
mo_check() {
	awk '
	function has(list, x,   n, a, i) {
		n = split(list, a, ",")
		for (i = 1; i <= n; i++)
			if (a[i] == x)
				return 1
		return 0
	}
	FILENAME == ARGV[1] {
		for (i = 7; i < NF && $i != "-"; i++)
			o = o " " $i
		mo[$5] = $6; opt[$5] = o; fst[$5] = $(i + 1); so[$5] = $(i + 3)
		o = ""
		next
	}
	{
		mp = $1
		for (t = 2; t <= NF; t++) {
			k = $t
			v = substr(k, index(k, ":") + 1)
			if (k == "absent") {
				if (mp in mo)
					print mp ": mounted (" fst[mp] " " mo[mp] "), expected nothing there"
				continue
			}
			if (!(mp in mo)) {
				print mp ": nothing mounted"
				break
			}
			if (k ~ /^[+-]m:/ && has(mo[mp], v) != (substr(k, 1, 1) == "+"))
				print mp ": " k ": mount options are " mo[mp]
			else if (k ~ /^[+-]s:/ && has(so[mp], v) != (substr(k, 1, 1) == "+"))
				print mp ": " k ": superblock options are " so[mp]
			else if (k ~ /^atime:/) {
				a = has(mo[mp], "noatime") ? "noatime" : has(mo[mp], "relatime") ? "relatime" : "strictatime"
				if (a != v)
					print mp ": " k ": mount options are " mo[mp]
			} else if (k ~ /^prop:/) {
				p = opt[mp] ~ /shared:/ ? "shared" : opt[mp] ~ /master:/ ? "slave" \
					: opt[mp] ~ /unbindable/ ? "unbindable" : "private"
				if (p != v)
					print mp ": " k ": optional fields are \"" opt[mp] "\""
			} else if (k ~ /^type:/ && fst[mp] != v)
				print mp ": " k ": type " fst[mp]
		}
	}' "$1" -
}

# mo_table TABLE DIR: CFG_MOUNTS for each row "NAME SOURCE OPTIONS TOKENS..."
# of TABLE: at DIR/NAME, a tmpfs (SOURCE "tmpfs") or a bind of SOURCE,
# with the comma-separated OPTIONS ("-": none).
mo_table() {
	printf '%s\n' "$1" | awk -v dir="$2" 'NF >= 3 && $1 !~ /^#/ {
		n = $3 == "-" ? 0 : split($3, o, ",")
		s = ""
		for (i = 1; i <= n; i++)
			s = s (i > 1 ? ", " : "") "\"" o[i] "\""
		printf "%s{ \"destination\": \"%s/%s\", \"type\": \"%s\", \"source\": \"%s\", \"options\": [ %s ] }",
			(m++ ? ",\n" : ""), dir, $1, $2 == "tmpfs" ? "tmpfs" : "bind", $2, s
	}'
}

# mo_expect TABLE DIR: "DIR/NAME TOKENS..." of each row, for mo_check.
mo_expect() {
	printf '%s\n' "$1" | awk -v dir="$2" 'NF >= 3 && $1 !~ /^#/ {
		printf "%s/%s", dir, $1
		for (i = 4; i <= NF; i++)
			printf " %s", $i
		printf "\n"
	}'
}

# mo_run TABLE DIR [-- INIT ARGS]: run one container with a mount per row
# of TABLE under DIR; its mountinfo (then what INIT ARGS print) in $OUT,
# its exit status in RC.
mo_run() {
	_tab=$1
	_dir=$2
	shift 2
	CFG_MOUNTS=$(mo_table "$_tab" "$_dir") mkctr /init mounts "$@"
	run_fg
}

# mo_verify TABLE DIR: after mo_run, fail with each mismatch.
mo_verify() {
	[ "$RC" = 0 ] || fail "exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	mo_expect "$1" "$2" | mo_check "$OUT" >"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "mountinfo differs from the options:
$(sed 's/^/  | /' "$T/mismatch")"
}

# Two host trees with a submount each, to bind in: $T/plain (a directory
# of the test's filesystem, a default tmpfs on plain/sub) and $T/strict
# (a bind of itself, and a tmpfs on strict/sub, both ro, nosuid, nodev,
# noexec, noatime, nodiratime, nosymfollow). Each sub holds a file
# "marker". mo_untrees unmounts them (before any check: the leak check
# counts mounts left under $T; and on the test's exit, whatever it is).
MO_STRICT=ro,nosuid,nodev,noexec,noatime,nodiratime,nosymfollow
mo_trees() {
	mkdir -p "$T/plain/sub" "$T/strict/sub" || fail "mkdir"
	trap mo_untrees EXIT
	mount -t tmpfs tmpfs "$T/plain/sub" || skip "cannot mount a tmpfs on the host"
	echo plain >"$T/plain/sub/marker"
	mount --bind "$T/strict" "$T/strict" &&
		mount -t tmpfs -o size=1m tmpfs "$T/strict/sub" &&
		echo strict >"$T/strict/sub/marker" &&
		mount -o remount,$MO_STRICT "$T/strict/sub" &&
		mount -o remount,bind,$MO_STRICT "$T/strict" ||
		{ mo_untrees; skip "the host's mount cannot make the strict tree ($MO_STRICT; nosymfollow needs Linux 5.10 and util-linux 2.38)"; }
}

mo_untrees() {
	umount "$T/strict/sub" "$T/strict" "$T/plain/sub" 2>/dev/null
	return 0
}

# The flags, each set and (after its opposite) cleared on a new tmpfs.
# The kernel's atime rules: relatime is the default, strictatime
# outweighs noatime, which outweighs relatime (flags add up, whatever
# their order, as in mount(8)); so relatime shows only on a bind of a
# noatime tree, and norelatime (the flag cleared, the default again) is
# not seen at all: there it is only accepted. iversion, noiversion,
# silent and loud are not shown by mountinfo: accepted too.
MO_FLAGS='
# name		source		options			what mountinfo shows
ro		tmpfs		ro			+m:ro
rw		tmpfs		ro,rw			+m:rw -m:ro
nosuid		tmpfs		nosuid			+m:nosuid
suid		tmpfs		nosuid,suid		-m:nosuid
nodev		tmpfs		nodev			+m:nodev
dev		tmpfs		nodev,dev		-m:nodev
noexec		tmpfs		noexec			+m:noexec
exec		tmpfs		noexec,exec		-m:noexec
sync		tmpfs		sync			+s:sync
async		tmpfs		sync,async		-s:sync
dirsync		tmpfs		dirsync			+s:dirsync
noatime		tmpfs		noatime			atime:noatime
atime		tmpfs		noatime,atime		atime:relatime
nodiratime	tmpfs		nodiratime		+m:nodiratime
diratime	tmpfs		nodiratime,diratime	-m:nodiratime
relatime	STRICT		bind,relatime		atime:relatime
norelatime	tmpfs		relatime,norelatime	atime:relatime
strictatime	tmpfs		strictatime		atime:strictatime
strictnoatime	tmpfs		noatime,strictatime	atime:strictatime
nostrictatime	tmpfs		strictatime,nostrictatime atime:relatime
lazytime	tmpfs		lazytime		+s:lazytime
nolazytime	tmpfs		lazytime,nolazytime	-s:lazytime
iversion	tmpfs		iversion		type:tmpfs
noiversion	tmpfs		iversion,noiversion	type:tmpfs
silent		tmpfs		silent			type:tmpfs
loud		tmpfs		silent,loud		type:tmpfs
nosymfollow	tmpfs		nosymfollow		+m:nosymfollow
symfollow	tmpfs		nosymfollow,symfollow	-m:nosymfollow
data		tmpfs		size=1m,mode=0700	+s:size=1024k +s:mode=700
bindflags	PLAIN		bind,ro,nosuid,nodev,noexec,noatime +m:ro +m:nosuid +m:nodev +m:noexec atime:noatime
bindclear	STRICT		bind,rw,suid,dev,exec,symfollow,strictatime +m:rw -m:nosuid -m:nodev -m:noexec -m:nosymfollow atime:strictatime
'

test_flag_options() {
	mo_trees
	_tab=$(printf '%s\n' "$MO_FLAGS" | sed "s|PLAIN|$T/plain|; s|STRICT|$T/strict|")
	mo_run "$_tab" /o
	mo_untrees
	mo_verify "$_tab" /o
}

# A bind keeps its source's ro, nosuid, nodev and noexec when its options
# ask for other flags only (the remount that sets them must not drop the
# source's).
test_bind_keeps_source_flags() {
	runlet_only "runc 1.1.5 drops the source's ro, nosuid, nodev and noexec when a bind asks for other flags"
	mo_trees
	_tab="keep $T/strict bind,relatime atime:relatime +m:ro +m:nosuid +m:nodev +m:noexec"
	mo_run "$_tab" /o
	mo_untrees
	mo_verify "$_tab" /o
}

# A bind that asks for other flags keeps its source's nosymfollow: the
# remount that sets them must repeat it (statfs shows it as
# ST_NOSYMFOLLOW, 0x2000, not as MS_NOSYMFOLLOW), as it does ro, nosuid,
# nodev and noexec above. The source: a host tmpfs mounted nosymfollow
# alone.
test_bind_keeps_source_nosymfollow() {
	runlet_only "runc 1.1.5 drops the source's nosymfollow when a bind asks for other flags"
	mkdir -p "$T/nsf" || fail "mkdir"
	mount -t tmpfs -o size=1m,nosymfollow tmpfs "$T/nsf" ||
		skip "the host's mount cannot mount a tmpfs nosymfollow (Linux 5.10, util-linux 2.38)"
	_tab="ro $T/nsf bind,ro +m:ro +m:nosymfollow
nodev $T/nsf bind,nodev +m:rw +m:nodev +m:nosymfollow
symfollow $T/nsf bind,ro,symfollow +m:ro -m:nosymfollow"
	mo_run "$_tab" /n
	umount "$T/nsf"
	mo_verify "$_tab" /n
}

# mo_userns_run MOUNTS CMD...: run CMD in a container with a user namespace
# of its own (root is 100000:200000 on the host) and the mounts MOUNTS
mo_userns_run() {
	_m=$1
	shift
	CFG_NS="pid network ipc uts mount user" CFG_LINUX=$USERNS_MAPS CFG_MOUNTS=$_m mkctr "$@"
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_fg
}
# mo_userns_check LINE: the run succeeded and its `mounts` output has LINE's
# flags (mo_check's form)
mo_userns_check() {
	[ "$RC" = 0 ] || fail "exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	echo "$1" | mo_check "$OUT" >"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "$(cat "$T/mismatch")"
}

# A bind keeps its source's atime mode and nodiratime unless its options
# say otherwise: "relatime" on a noatime,nodiratime source is relatime
# and still nodiratime ("diratime" clears that), "ro" changes neither.
test_bind_keeps_source_atime() {
	runlet_only "runc 1.1.5 drops the source's nodiratime when a bind sets an atime mode"
	mkdir -p "$T/nat" || fail "mkdir"
	mount -t tmpfs -o size=1m,noatime,nodiratime tmpfs "$T/nat" || fail "mount a noatime tmpfs"
	_tab="ro $T/nat bind,ro +m:ro atime:noatime +m:nodiratime
rel $T/nat bind,relatime atime:relatime +m:nodiratime
reldir $T/nat bind,relatime,diratime atime:relatime -m:nodiratime
strict $T/nat bind,nosuid,strictatime +m:nosuid atime:strictatime +m:nodiratime"
	mo_run "$_tab" /a
	umount "$T/nat"
	mo_verify "$_tab" /a
}

# In a user namespace the atime mode is locked too: a bind asking another
# of a noatime source keeps noatime (and still gets its ro), where the
# remount would fail with EPERM.
test_bind_locked_atime_userns() {
	runlet_only "runc 1.1.5 fails the remount (EPERM) where the source's atime is locked"
	need_userns
	mkdir -p "$T/nat" || fail "mkdir"
	mount -t tmpfs -o size=1m,noatime tmpfs "$T/nat" || fail "mount a noatime tmpfs"
	mo_userns_run "{ \"destination\": \"/a\", \"type\": \"bind\", \"source\": \"$T/nat\", \"options\": [\"bind\", \"ro\", \"strictatime\"] }" \
		/init mounts
	umount "$T/nat"
	mo_userns_check "/a +m:ro atime:noatime"
}

# In a user namespace the source's flags are locked (the kernel refuses
# to clear them): an rbind that asks rw and suid of the strict tree stays
# read-only and nosuid (and noexec, nodev). Outside one, rw clears ro
# (bindclear above). nosymfollow is not locked: symfollow clears it. (rbind: a plain bind of a tree with a locked
# submount would uncover what the submount hides: EINVAL.)
test_bind_locked_flags_userns() {
	runlet_only "runc 1.1.5 fails the remount (EPERM) where the source's flags are locked"
	need_userns
	mo_trees
	mo_userns_run "{ \"destination\": \"/l\", \"type\": \"bind\", \"source\": \"$T/strict\", \"options\": [\"rbind\", \"rw\", \"suid\", \"nodev\", \"symfollow\"] }" \
		/init mounts
	mo_untrees
	mo_userns_check "/l +m:ro +m:nosuid +m:nodev +m:noexec -m:nosymfollow"
}

# In a user namespace the mounts copied from the host are locked: a bind
# (not rbind) of a tree with one under it would uncover what it hides, and
# the kernel refuses (EINVAL). The error names the mount and says to use
# rbind; the same bind of a tree with nothing mounted under it works.
test_bind_locked_submount_userns() {
	need_userns
	mo_trees
	mkdir -p "$T/flat" && echo flat >"$T/flat/marker" || fail "mkdir"
	_flat="{ \"destination\": \"/f\", \"type\": \"bind\", \"source\": \"$T/flat\", \"options\": [\"bind\"] }"
	mo_userns_run "$_flat,
		{ \"destination\": \"/p\", \"type\": \"bind\", \"source\": \"$T/plain\", \"options\": [\"bind\"] }" \
		/init cat /f/marker
	_rc=$RC
	cp "$ERR" "$T/err.locked"
	mo_userns_run "$_flat" /init cat /f/marker
	mo_untrees
	expect_rc 0
	expect_file_eq "$OUT" flat
	RC=$_rc
	expect_fail
	runlet_only "runc 1.1.5 reports the bare EINVAL of the mount"
	expect_grep "mounts\[[0-9]+\]: .*$T/plain.*user namespace needs rbind" "$T/err.locked"
}

# defaults: nothing set (rw, relatime: the kernel's defaults).
test_defaults_option() {
	runlet_only "runc 1.1.5 passes defaults to the filesystem as data (tmpfs: EINVAL)"
	_tab="defaults tmpfs defaults +m:rw -m:nosuid -m:nodev -m:noexec atime:relatime -s:sync"
	mo_run "$_tab" /o
	mo_verify "$_tab" /o
}

# mand: mandatory locks are gone since Linux 5.15, which still takes the
# flag (and shows it) but warns and ignores it; a kernel built without
# CONFIG_MANDATORY_FILE_LOCKING before that refuses it (EPERM): then
# the runtime must fail naming the mount.
MO_MAND='
mand		tmpfs		mand			+s:mand
nomand		tmpfs		mand,nomand		-s:mand
'

test_mand() {
	mo_run "$MO_MAND" /o
	if [ "$RC" != 0 ] && grep -q 'mounts\[[0-9]*\].*/o/mand' "$ERR"; then
		skip "this kernel ($(uname -r)) refuses mand: $(head -c 200 "$ERR")"
	fi
	mo_verify "$MO_MAND" /o
}

# The recursive forms (mount_setattr with AT_RECURSIVE), on an rbind of
# a tree with a submount: the flag on both. Set from the plain tree,
# cleared from the strict one.
MO_RECURSIVE='
rro		PLAIN		rbind,rro		+m:ro
rrw		STRICT		rbind,rrw		+m:rw
rnosuid		PLAIN		rbind,rnosuid		+m:nosuid
rsuid		STRICT		rbind,rsuid		-m:nosuid
rnodev		PLAIN		rbind,rnodev		+m:nodev
rdev		STRICT		rbind,rdev		-m:nodev
rnoexec		PLAIN		rbind,rnoexec		+m:noexec
rexec		STRICT		rbind,rexec		-m:noexec
rnoatime	PLAIN		rbind,rnoatime		atime:noatime
rrelatime	STRICT		rbind,rrelatime		atime:relatime
rstrictatime	PLAIN		rbind,rstrictatime	atime:strictatime
rnodiratime	PLAIN		rbind,rnodiratime	+m:nodiratime
rdiratime	STRICT		rbind,rdiratime		-m:nodiratime
rnosymfollow	PLAIN		rbind,rnosymfollow	+m:nosymfollow
rsymfollow	STRICT		rbind,rsymfollow	-m:nosymfollow
'

# ratime, rnorelatime and rnostrictatime bring the atime mode back to the
# kernel's default, relatime, as atime, norelatime and nostrictatime do
# on a new mount: here from the strict tree's noatime.
MO_RECURSIVE_ATIME='
ratime		STRICT		rbind,ratime		atime:relatime
rnorelatime	STRICT		rbind,rnorelatime	atime:relatime
rnostrictatime	STRICT		rbind,rnostrictatime	atime:relatime
'

test_recursive_options() {
	mo_recursive "$MO_RECURSIVE"
}

test_recursive_atime_cleared() {
	runlet_only "runc 1.1.5 refuses ratime and rnostrictatime (EINVAL: it clears one atime bit, mount_setattr takes them all), and its rnorelatime changes nothing"
	mo_recursive "$MO_RECURSIVE_ATIME"
}

mo_recursive() {
	need_new_syscall mount_setattr "the recursive mount options"
	mo_trees
	_tab=$(printf '%s\n' "$1" | sed "s|PLAIN|$T/plain|; s|STRICT|$T/strict|")
	# each row again for its submount: the same tokens at NAME/sub
	_sub=$(printf '%s\n' "$_tab" | awk 'NF >= 3 && $1 !~ /^#/ { $1 = $1 "/sub"; print }')
	mo_run "$_tab" /r
	mo_untrees
	mo_verify "$_tab" /r
	mo_expect "$_sub" /r | mo_check "$OUT" >"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "submounts differ from the recursive options:
$(sed 's/^/  | /' "$T/mismatch")"
	# the submounts are there to check
	[ "$(grep -c ' /r/[a-z]*/sub ' "$OUT")" = "$(printf '%s\n' "$_sub" | grep -c .)" ] ||
		fail "not every rbind has its submount:
$(grep ' /r/' "$OUT" | sed 's/^/  | /')"
}

# bind leaves the submount behind (an empty directory there), rbind takes
# it; unbindable on a new tmpfs, runbindable on a whole rbind.
test_bind_rbind_unbindable() {
	mo_trees
	_tab="bind $T/plain bind prop:private
rbind $T/plain rbind prop:private
unbindable tmpfs unbindable prop:unbindable
runbindable $T/plain rbind,runbindable prop:unbindable"
	mo_run "$_tab" /b -- ls /b/bind/sub -- cat /b/rbind/sub/marker
	mo_untrees
	[ "$RC" = 0 ] || fail "exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	{
		mo_expect "$_tab" /b
		echo "/b/bind/sub absent"
		echo "/b/rbind/sub type:tmpfs"
		echo "/b/runbindable/sub type:tmpfs prop:unbindable"
	} | mo_check "$OUT" >"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "mountinfo differs:
$(sed 's/^/  | /' "$T/mismatch")"
	# ls of the empty directory prints nothing; the marker through rbind
	expect_eq "after the mountinfo" plain "$(tail -n 1 "$OUT")"
	expect_no_grep '^marker$' "$OUT"
}

# A bind of a file: the destination (and its missing parent) made as a
# file; of a directory: made as a directory. Both in the rootfs, as
# mount points, empty, after the run.
test_bind_file_and_dir() {
	echo "file content" >"$T/file"
	chmod 640 "$T/file"
	mkdir -p "$T/dir"
	echo inner >"$T/dir/inner"
	CFG_MOUNTS="{ \"destination\": \"/etc/new/file\", \"type\": \"bind\", \"source\": \"$T/file\", \"options\": [\"bind\"] },
		{ \"destination\": \"/mnt/dir\", \"type\": \"bind\", \"source\": \"$T/dir\", \"options\": [\"rbind\", \"ro\"] }" \
		mkctr /init stat /etc/new/file -- cat /etc/new/file -- stat /mnt/dir -- ls /mnt/dir -- write /mnt/dir/x y
	run_fg
	expect_rc 1
	expect_file_eq "$OUT" "reg 0640
file content
dir 0755
inner
error: Read-only file system"
	[ -f "$BUNDLE/rootfs/etc/new/file" ] && [ ! -s "$BUNDLE/rootfs/etc/new/file" ] ||
		fail "the file's mount point in the rootfs: $(ls -la "$BUNDLE/rootfs/etc/new" 2>&1)"
	[ -d "$BUNDLE/rootfs/mnt/dir" ] || fail "the directory's mount point is not a directory"
	[ ! -e "$T/dir/x" ] || fail "the read-only bind was written to"
}

# In a user namespace without its own network namespace, a new sysfs is
# refused (it would show the host's network devices): the host's /sys is
# bound instead, read-only.
test_sysfs_readonly_fallback() {
	runlet_only "runc 1.1.5 has no fallback: its sysfs mount fails there (EPERM)"
	need_userns
	CFG_NS="pid ipc uts mount user" CFG_LINUX=$USERNS_MAPS \
		mkctr /init mounts -- ls /sys/class/net
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_fg
	[ "$RC" = 0 ] || fail "exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	echo "/sys type:sysfs +m:ro +m:nosuid +m:nodev +m:noexec" | mo_check "$OUT" >"$T/mismatch"
	# and every mount under it (the host's cgroup hierarchies, ...)
	awk '$5 ~ "^/sys/" && ("," $6 ",") !~ /,ro,/ { print $5 ": " $6 ", not read-only" }' "$OUT" >>"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "$(cat "$T/mismatch")"
	# the host's sysfs: its network devices, not a new namespace's lo alone
	_host=$(LC_ALL=C ls /sys/class/net | tr '\n' ' ')
	_in=$(sed -n '/^[0-9]/!p' "$OUT" | tr '\n' ' ')
	expect_eq "network devices in /sys/class/net" "$_host" "$_in"
}

# /sys/fs/cgroup on a v1 or hybrid host: a tmpfs with each of the host's
# hierarchies (v1 controllers, name=systemd, the unified cgroup2) at the
# same name, of the same type and superblock, read-only, its root the
# container's own cgroup there (as /proc/self/cgroup shows it). With a
# cgroup namespace, that cgroup is the root: "/" everywhere.
mo_cgroup_view() {
	[ "$(findmnt -n -o FSTYPE /sys/fs/cgroup 2>/dev/null)" = tmpfs ] ||
		skip "not a cgroup v1 or hybrid host (/sys/fs/cgroup is not a tmpfs)"
	new_ctr
	CFG_LINUX="\"cgroupsPath\": \"/$ID\"" \
		mkbundle "$BUNDLE" /init mounts -- echo --- -- cat /proc/self/cgroup
	run_fg
	[ "$RC" = 0 ] || fail "exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	# "NAME TYPE SUPER" of each of the host's hierarchies
	awk '$5 ~ "^/sys/fs/cgroup/[^/]*$" {
		for (i = 7; $i != "-"; i++) ;
		n = $5; sub(".*/", "", n)
		print n, $(i + 1), $(i + 3)
	}' /proc/self/mountinfo >"$T/host"
	[ -s "$T/host" ] || fail "no hierarchy under the host's /sys/fs/cgroup"
	if [ "$RUNTIME_IS_RUNLET" = 0 ]; then
		# the difference test_cgroup_unified documents
		grep -v '^unified cgroup2 ' "$T/host" >"$T/h2"
		mv "$T/h2" "$T/host"
	fi
	_want=$1
	[ "$_want" = cgroupsPath ] && _want=/$ID
	awk -v want="$_want" '
	FILENAME == ARGV[1] { host[$1] = $2 " " $3; next }
	$0 == "---" { cg = 1; next }
	cg {
		# "ID:CONTROLLERS:PATH"; the hierarchy is found by its controllers
		split($0, f, ":")
		path[f[2]] = substr($0, length(f[1]) + length(f[2]) + 3)
		next
	}
	$5 ~ "^/sys/fs/cgroup/[^/]*$" {
		for (i = 7; $i != "-"; i++) ;
		n = $5; sub(".*/", "", n)
		seen[n] = 1
		if (!(n in host)) { print $5 ": not a hierarchy of the host"; next }
		if (host[n] != $(i + 1) " " $(i + 3))
			print $5 ": " $(i + 1) " " $(i + 3) ", the host has " host[n]
		if ($6 !~ /^ro,/)
			print $5 ": not read-only: " $6
		c = $(i + 1) == "cgroup2" ? "" : $(i + 3)
		sub(/^r[ow],/, "", c)
		roots[n] = $4; ctl[n] = c
	}
	END {
		for (n in host) {
			if (!(n in seen)) { print "/sys/fs/cgroup/" n ": missing"; continue }
			if (!(ctl[n] in path)) { print "/sys/fs/cgroup/" n ": no line for " ctl[n] " in /proc/self/cgroup"; continue }
			if (roots[n] != path[ctl[n]])
				print "/sys/fs/cgroup/" n ": root " roots[n] ", the container is in " path[ctl[n]]
			if (want != "" && roots[n] != want)
				print "/sys/fs/cgroup/" n ": root " roots[n] ", expected " want
		}
	}' "$T/host" "$OUT" >"$T/mismatch"
	echo "/sys/fs/cgroup type:tmpfs" | mo_check "$OUT" >>"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "the container's /sys/fs/cgroup:
$(sed 's/^/  | /' "$T/mismatch")"
}

test_cgroup_view() {
	mo_cgroup_view cgroupsPath
}

test_cgroup_view_cgroupns() {
	[ -e /proc/self/ns/cgroup ] || skip "kernel without cgroup namespaces"
	CFG_NS="pid network ipc uts mount cgroup" mo_cgroup_view /
}

# A hybrid host's unified hierarchy (cgroup2 at /sys/fs/cgroup/unified)
# is in the container's view too.
test_cgroup_unified() {
	runlet_only "runc 1.1.5 leaves a hybrid host's unified cgroup2 hierarchy out of the container's /sys/fs/cgroup"
	grep -q ' /sys/fs/cgroup/unified .* - cgroup2 ' /proc/self/mountinfo ||
		skip "no unified cgroup2 hierarchy at the host's /sys/fs/cgroup/unified"
	mo_cgroup_view cgroupsPath
	echo "/sys/fs/cgroup/unified type:cgroup2 +m:ro" | mo_check "$OUT" >"$T/mismatch"
	[ ! -s "$T/mismatch" ] || fail "$(cat "$T/mismatch")"
}

# linux.devices of types b (block), p (fifo) and u (unbuffered character,
# made as a character device), each with its fileMode, uid and gid, and
# one in a directory that /dev lacks.
test_devices_types() {
	CFG_LINUX='"devices": [
		{ "path": "/dev/rlt-blk", "type": "b", "major": 7, "minor": 200, "fileMode": 416, "uid": 1001, "gid": 1002 },
		{ "path": "/dev/rlt-fifo", "type": "p", "fileMode": 384, "uid": 1003, "gid": 1004 },
		{ "path": "/dev/rlt-u", "type": "u", "major": 1, "minor": 5, "fileMode": 420, "uid": 1005, "gid": 1006 },
		{ "path": "/dev/rlt/chr", "type": "c", "major": 1, "minor": 3, "fileMode": 432, "uid": 1007, "gid": 1008 } ]' \
		inside stat /dev/rlt-blk -- owner /dev/rlt-blk -- stat /dev/rlt-fifo -- owner /dev/rlt-fifo \
		-- stat /dev/rlt-u -- owner /dev/rlt-u -- stat /dev/rlt/chr -- owner /dev/rlt/chr
	expect_file_eq "$OUT" "blk 0640 7:200
1001:1002
fifo 0600
1003:1004
chr 0644 1:5
1005:1006
chr 0660 1:3
1007:1008"
}
