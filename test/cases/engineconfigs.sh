# engineconfigs: the config.json that real engines wrote (test/fixtures/engines,
# copies of ../shared/fixtures/engines: podman 4.3's default, --privileged
# and pod member, containerd 1.6's default), made runnable by the fixtures'
# own make-bundle.sh with a busybox rootfs (Debian's busybox-static), run
# with busybox's `echo hi`; then the container's /proc/self/mountinfo is
# compared with what the config asked, entry by entry (ec_compare).
#
# Adaptations, each needed on any host but the one that captured the
# config (make-bundle.sh does the first four, this file the others):
#   - root.path: the capturing host's overlay -> the bundle's rootfs;
#   - bind sources under /run/containers and /var/lib/containers (podman's
#     per-container userdata, gone) -> files made in BUNDLE/binds;
#   - namespaces joined by path (a netns of a dead podman network, the
#     /proc/<pid>/ns/* of a dead pod infra) -> fresh namespaces; for the
#     pod member, the test puts back paths: those of an infra container it
#     runs itself, so the member still joins net, ipc and uts;
#   - hooks dropped (none in these four);
#   - linux.cgroupsPath -> "/ID": make-bundle's /oci-fixture/<bundle dir>
#     would be the same in every test directory and leave its parent
#     behind; "/ID" is unique and the leak check finds it by the id;
#   - process.args: `echo hi`, then the mountinfo and which masked and
#     read-only paths exist, for the comparison (busybox sh and cat).
# mounts (but for the bind sources above), maskedPaths, readonlyPaths and
# rootfsPropagation stay as the engine wrote them: ec_bundle checks it.

FIXTURES=${FIXTURES:-$REPO/test/fixtures/engines}

# ec_need: what these tests use on the host, or skip saying what lacks.
ec_need() {
	need jq bash findmnt chroot
	[ -f "$FIXTURES/make-bundle.sh" ] || skip "no $FIXTURES/make-bundle.sh"
	_shared=$REPO/../shared/fixtures/engines/make-bundle.sh
	if [ -f "$_shared" ] && ! cmp -s "$_shared" "$FIXTURES/make-bundle.sh"; then
		fail "test/fixtures/engines/make-bundle.sh differs from $_shared: copy it there"
	fi
	# a static busybox (busybox-static; scripts/deps.sh test installs
	# it): the rootfs has nothing else, so a dynamic one would not start
	mkdir -p "$T/rootfs/bin"
	for _bb in /bin/busybox /usr/bin/busybox ""; do
		[ -n "$_bb" ] || skip "needs a static busybox on the host (Debian: busybox-static)"
		[ -x "$_bb" ] && cp "$_bb" "$T/rootfs/bin/busybox" &&
			chroot "$T/rootfs" /bin/busybox true 2>/dev/null && break
	done
	ln -sf busybox "$T/rootfs/bin/sh"
	ln -sf busybox "$T/rootfs/bin/cat"
}

# The container's process: $0 is sh, the arguments are the masked and
# read-only paths; prints "dir P" or "file P" for each that exists.
EC_SCRIPT='echo hi
echo "--- mountinfo"
cat /proc/self/mountinfo
echo "--- paths"
for p in "$@"; do
	if [ -d "$p" ]; then echo "dir $p"; elif [ -e "$p" ]; then echo "file $p"; fi
done'

# ec_bundle FIXTURE: a new container ($ID, $BUNDLE) from
# test/fixtures/engines/FIXTURE.config.json, adapted as above.
ec_bundle() {
	_fix=$FIXTURES/$1.config.json
	[ -f "$_fix" ] || fail "no fixture $_fix"
	new_ctr
	ROOTFS=$T/rootfs bash "$FIXTURES/make-bundle.sh" "$_fix" "$BUNDLE" --no-tty >"$T/mkb.log" 2>&1 ||
		fail "make-bundle.sh $1: $(cat "$T/mkb.log")"
	jq --arg id "$ID" --arg script "$EC_SCRIPT" '
		(if .linux.cgroupsPath then .linux.cgroupsPath = "/" + $id else . end)
		| .process.args = ["sh", "-c", $script, "sh"]
			+ (.linux.maskedPaths // []) + (.linux.readonlyPaths // [])
	' "$BUNDLE/config.json" >"$T/c.json" && mv "$T/c.json" "$BUNDLE/config.json" ||
		fail "jq could not adapt $1"
	# what must not have changed
	_keep='[(.mounts // [] | map(del(.source))), .linux.maskedPaths, .linux.readonlyPaths, .linux.rootfsPropagation]'
	[ "$(jq -cS "$_keep" "$_fix")" = "$(jq -cS "$_keep" "$BUNDLE/config.json")" ] ||
		fail "the adapted bundle of $1 changed mounts, maskedPaths, readonlyPaths or rootfsPropagation"
}

# ec_spec CONFIG: what ec_compare expects, one tab-separated line each:
#   M INDEX DESTINATION TYPE SOURCE OPTIONS   an entry of mounts
#   F SOURCE FSTYPE                           the host's filesystem of a bind source
#   K PATH / R PATH                           a masked / read-only path
#   P VALUE                                   linux.rootfsPropagation
ec_spec() {
	jq -r '
		(.mounts // [] | to_entries[] | ["M", .key, .value.destination, .value.type // "-",
			.value.source // "-", ((.value.options // []) | join(","))] | @tsv),
		(.linux.maskedPaths // [] | .[] | ["K", .] | @tsv),
		(.linux.readonlyPaths // [] | .[] | ["R", .] | @tsv),
		(.linux.rootfsPropagation // empty | ["P", .] | @tsv)' "$1" || fail "jq: $1"
	# a bind mount shows its source's filesystem (read on the host)
	jq -r '.mounts // [] | .[] | select(.type == "bind" or
		any(.options // [] | .[]; . == "bind" or . == "rbind")) | .source' "$1" |
		while IFS= read -r _src; do
			printf 'F\t%s\t%s\n' "$_src" "$(findmnt -n -o FSTYPE -T "$_src")"
		done
}

# ec_compare SPEC OUTPUT: print each way the container's mountinfo (in
# OUTPUT, from EC_SCRIPT) differs from SPEC (ec_spec); nothing if none.
# For each entry of mounts, at its destination (the top mount there):
#   - fstype: the type asked; a bind's is its source's; "cgroup" is a
#     tmpfs of hierarchies on a v1 or hybrid host, cgroup2 on a v2 one;
#   - mount options: ro/rw, nosuid, nodev, noexec, nodiratime,
#     nosymfollow, and the atime mode (relatime, noatime or strict), as the
#     options, in order, leave them (a new mount: those not asked are off,
#     relatime the kernel's default; a bind: only those asked);
#   - superblock options (a new mount): sync, dirsync, mand, lazytime;
#     and each key=value the filesystem shows (tmpfs size, mode,
#     nr_inodes, uid, gid; devpts mode, ptmxmode, uid, gid: these must
#     show unless they are the default, tmpfs mode=1777), values compared
#     as numbers (0620 = 620, 64m = 65536k);
#   - propagation: shared -> "shared:N", slave -> "master:N", unbindable,
#     private -> none; a new mount that asks none is private, unless the
#     rootfs is shared (it would be a peer then);
#   - "cgroup" and the recursive r* forms: the flags asked hold on the
#     mounts below the destination too (and a v1 host has some).
# Masked paths: a directory under a read-only tmpfs, a file under a bind
# of the null device; read-only paths: a read-only mount; a path that is
# not there need not be (the runtime skips it), one that is must be.
ec_compare() {
	_v2=0
	[ "$(findmnt -n -o FSTYPE /sys/fs/cgroup)" = cgroup2 ] && _v2=1
	awk -F '\t' -v v2=$_v2 '
	function has(list, x,   n, a, i) {
		n = split(list, a, ",")
		for (i = 1; i <= n; i++)
			if (a[i] == x)
				return 1
		return 0
	}
	function kv(list, key,   n, a, i) {
		n = split(list, a, ",")
		for (i = 1; i <= n; i++)
			if (index(a[i], key "=") == 1)
				return substr(a[i], length(key) + 2)
		return "\001"
	}
	function num(key, v,   n, u) {
		if (key ~ /mode$/) {
			sub(/^0+/, "", v)
			return v == "" ? "0" : v
		}
		if (key == "size" && v ~ /^[0-9]+[kKmMgG]?$/) {
			u = tolower(substr(v, length(v)))
			n = v + 0
			if (u ~ /[0-9]/)
				n = int(n / 1024)
			else if (u == "m")
				n *= 1024
			else if (u == "g")
				n *= 1048576
			return n "k"
		}
		return v
	}
	function bad(msg) {
		print msg
	}
	# the atime mode mountinfo shows
	function atime(mo) {
		return has(mo, "noatime") ? "noatime" : has(mo, "relatime") ? "relatime" : "strictatime"
	}
	function propof(mp) {
		return opt[mp] ~ /shared:/ ? (opt[mp] ~ /master:/ ? "shared+slave" : "shared") \
			: opt[mp] ~ /master:/ ? "slave" : opt[mp] ~ /unbindable/ ? "unbindable" : "private"
	}
	BEGIN {
		# option -> flag it sets / clears; r* forms are handled below
		split("ro:RO nosuid:NOSUID nodev:NODEV noexec:NOEXEC noatime:NOATIME nodiratime:NODIRATIME " \
		      "relatime:RELATIME strictatime:STRICT sync:SYNC dirsync:DIRSYNC mand:MAND lazytime:LAZY " \
		      "nosymfollow:NOSYMFOLLOW", a, " ")
		for (i in a) { split(a[i], p, ":"); setf[p[1]] = p[2] }
		split("rw:RO suid:NOSUID dev:NODEV exec:NOEXEC atime:NOATIME diratime:NODIRATIME " \
		      "norelatime:RELATIME nostrictatime:STRICT async:SYNC nomand:MAND nolazytime:LAZY " \
		      "symfollow:NOSYMFOLLOW", a, " ")
		for (i in a) { split(a[i], p, ":"); clrf[p[1]] = p[2] }
		split("private:private rprivate:private shared:shared rshared:shared slave:slave " \
		      "rslave:slave unbindable:unbindable runbindable:unbindable", a, " ")
		for (i in a) { split(a[i], p, ":"); propf[p[1]] = p[2] }
		# mount flags (mountinfo field 6) and superblock flags
		split("RO:ro NOSUID:nosuid NODEV:nodev NOEXEC:noexec NODIRATIME:nodiratime " \
		      "NOSYMFOLLOW:nosymfollow", a, " ")
		for (i in a) { split(a[i], p, ":"); mtok[p[1]] = p[2] }
		split("SYNC:sync DIRSYNC:dirsync MAND:mand LAZY:lazytime", a, " ")
		for (i in a) { split(a[i], p, ":"); stok[p[1]] = p[2] }
		split("tmpfs:size tmpfs:mode tmpfs:nr_inodes tmpfs:uid tmpfs:gid " \
		      "devpts:mode devpts:ptmxmode devpts:uid devpts:gid", a, " ")
		for (i in a) { split(a[i], p, ":"); shown[p[1], p[2]] = 1 }
	}
	FILENAME == ARGV[1] {
		spec[++ns] = $0
		if ($1 == "F")
			srcfs[$2] = $3
		next
	}
	$0 == "--- mountinfo" { sec = "mi"; next }
	$0 == "--- paths" { sec = "paths"; next }
	sec == "" && !said { said = 1; hi = $0 }
	sec == "mi" {
		n = split($0, f, " ")
		mp = f[5]
		if (!(mp in mo))
			mps[++nmp] = mp
		root[mp] = f[4]
		mo[mp] = f[6]
		o = ""
		for (i = 7; i <= n && f[i] != "-"; i++)
			o = o " " f[i]
		opt[mp] = o
		fst[mp] = f[i + 1]
		so[mp] = f[i + 3]
	}
	sec == "paths" { kind[substr($0, index($0, " ") + 1)] = substr($0, 1, index($0, " ") - 1) }
	END {
		if (hi != "hi")
			bad("echo hi: first line \"" hi "\"")
		if (nmp == 0)
			bad("no mountinfo in the output")
		for (s = 1; s <= ns; s++) {
			split(spec[s], e, "\t")
			if (e[1] == "P") {
				w = propf[e[2]]
				if (w == "" || propof("/") != w)
					bad("linux.rootfsPropagation " e[2] ": / is " propof("/") " (" opt["/"] ")")
				rootshared = w == "shared"
			}
		}
		for (s = 1; s <= ns; s++) {
			split(spec[s], e, "\t")
			if (e[1] == "M")
				check_mount(e[2], e[3], e[4], e[5], e[6])
			else if (e[1] == "K")
				check_masked(e[2])
			else if (e[1] == "R" && (e[2] in mo) && !has(mo[e[2]], "ro"))
				bad("linux.readonlyPaths " e[2] ": not read-only (" mo[e[2]] ")")
			else if (e[1] == "R" && !(e[2] in mo) && (e[2] in kind))
				bad("linux.readonlyPaths " e[2] ": exists, but no mount makes it read-only")
		}
	}
	function check_masked(p) {
		if (!(p in mo)) {
			if (p in kind)
				bad("linux.maskedPaths " p ": exists, but is not masked")
		} else if (kind[p] == "dir" && (fst[p] != "tmpfs" || !has(mo[p], "ro"))) {
			bad("linux.maskedPaths " p ": a directory masked by " fst[p] " " mo[p] ", not a read-only tmpfs")
		} else if (kind[p] != "dir" && root[p] !~ /\/null$/) {
			bad("linux.maskedPaths " p ": masked by " root[p] " (" fst[p] "), not the null device")
		}
	}
	function check_mount(idx, dest, type, src, opts,   w, n, o, i, x, k, isbind, fresh, val, asked, data,
			     prop, rec, want, got, wantfs, mp, nsub) {
		w = "mounts[" idx "] " dest
		if (!(dest in mo)) {
			bad(w ": nothing mounted there")
			return
		}
		isbind = type == "bind"
		n = split(opts, o, ",")
		for (i = 1; i <= n; i++) {
			x = o[i]
			if (x == "bind" || x == "rbind")
				isbind = 1
			else if (x in setf) {
				val[setf[x]] = 1; asked[setf[x]] = 1
			} else if (x in clrf) {
				val[clrf[x]] = 0; asked[clrf[x]] = 1
			} else if (x in propf)
				prop = propf[x]
			else if (x ~ /^r/ && (substr(x, 2) in setf)) {
				val[setf[substr(x, 2)]] = 1; asked[setf[substr(x, 2)]] = 1; rec = 1
			} else if (x ~ /^r/ && (substr(x, 2) in clrf)) {
				val[clrf[substr(x, 2)]] = 0; asked[clrf[substr(x, 2)]] = 1; rec = 1
			} else if (index(x, "="))
				data[substr(x, 1, index(x, "=") - 1)] = substr(x, index(x, "=") + 1)
		}
		fresh = !isbind
		# the filesystem type
		wantfs = isbind ? srcfs[src] : type == "cgroup" ? (v2 ? "cgroup2" : "tmpfs") : type
		if (fst[dest] != wantfs)
			bad(w ": type " fst[dest] ", expected " wantfs " (" type ")")
		# per-mount flags
		for (k in mtok) {
			if (!asked[k] && !fresh)
				continue
			want = val[k] + 0
			got = k == "RO" ? has(mo[dest], "ro") : has(mo[dest], mtok[k])
			if (k == "RO" && !got && !has(mo[dest], "rw"))
				got = -1
			if (got != want)
				bad(w ": " (k == "RO" ? (want ? "ro" : "rw") : (want ? "" : "not ") mtok[k]) \
				    " asked, mount options are " mo[dest])
		}
		# the atime mode: a bind changes it only when the options set one
		if (fresh || val["NOATIME"] || val["RELATIME"] || val["STRICT"]) {
			want = val["STRICT"] ? "strictatime" : val["NOATIME"] ? "noatime" : "relatime"
			if (atime(mo[dest]) != want)
				bad(w ": " want " asked (or the default), mount options are " mo[dest])
		}
		# superblock flags and data: a bind shares its source superblock
		for (k in stok) {
			if (!fresh || (!asked[k] && type == "cgroup"))
				continue
			if (has(so[dest], stok[k]) != val[k] + 0)
				bad(w ": " (val[k] ? "" : "not ") stok[k] " asked, superblock options are " so[dest])
		}
		for (k in data) {
			if (!fresh)
				continue
			got = kv(so[dest], k)
			if (got == "\001") {
				if (shown[type, k] && !(type == "tmpfs" && k == "mode" && num(k, data[k]) == "1777"))
					bad(w ": " k "=" data[k] " asked, superblock options are " so[dest])
			} else if (num(k, got) != num(k, data[k])) {
				bad(w ": " k "=" data[k] " asked, superblock options have " k "=" got)
			}
		}
		# propagation
		if (prop == "" && fresh && !rootshared)
			prop = "private"
		if (prop != "" && propof(dest) != prop)
			bad(w ": propagation " prop " asked, mountinfo has" (opt[dest] == "" ? " none" : opt[dest]))
		# what holds below the destination too
		if (type != "cgroup" && !rec)
			return
		nsub = 0
		for (i = 1; i <= nmp; i++) {
			mp = mps[i]
			if (index(mp, dest "/") != 1)
				continue
			nsub++
			for (k in mtok) {
				if (!asked[k])
					continue
				got = k == "RO" ? has(mo[mp], "ro") : has(mo[mp], mtok[k])
				if (got != val[k] + 0)
					bad(w ": below it, " mp " has mount options " mo[mp])
			}
		}
		if (type == "cgroup" && !v2 && nsub == 0)
			bad(w ": no cgroup hierarchy mounted below it")
	}' "$1" "$2"
}

# ec_check CONFIG: compare CONFIG with the container's output ($OUT);
# the mismatches in $T/mismatch. Under runc, without the one difference
# test_cgroup_tmpfs_readonly documents.
ec_check() {
	ec_spec "$1" >"$T/spec"
	ec_compare "$T/spec" "$OUT" >"$T/mismatch" || fail "ec_compare: awk failed"
	if [ "$RUNTIME_IS_RUNLET" = 0 ]; then
		grep -v '^mounts\[[0-9]*\] /sys/fs/cgroup: ro asked, mount options are rw,' "$T/mismatch" >"$T/m2"
		mv "$T/m2" "$T/mismatch"
	fi
}

# ec_run FIXTURE: make, run and compare; fails with every mismatch.
ec_run() {
	ec_bundle "$1"
	run_fg
	[ "$RC" = 0 ] || fail "$1: exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	ec_check "$BUNDLE/config.json"
	[ ! -s "$T/mismatch" ] || fail "$1: the container's mounts differ from its config:
$(sed 's/^/  | /' "$T/mismatch")"
}

test_podman_default() {
	ec_need
	ec_run podman-default
}

# podman and containerd ask for a read-only cgroup mount: on a v1 or
# hybrid host, its tmpfs is read-only too, not only the hierarchies in it.
test_cgroup_tmpfs_readonly() {
	runlet_only "runc 1.1.5 leaves the tmpfs at /sys/fs/cgroup read-write on a v1 or hybrid host (only the hierarchies in it are read-only)"
	ec_need
	[ "$(findmnt -n -o FSTYPE /sys/fs/cgroup)" != cgroup2 ] ||
		skip "a cgroup v2 host: /sys/fs/cgroup is the cgroup2 mount itself (no tmpfs)"
	ec_run podman-default
	_l=$(awk '$5 == "/sys/fs/cgroup" { l = $0 } END { print l }' "$OUT")
	case $_l in
	*" tmpfs "*) ;;
	*) fail "/sys/fs/cgroup is not a tmpfs: $_l" ;;
	esac
	case $(echo "$_l" | cut -d' ' -f6) in
	ro,*) ;;
	*) fail "/sys/fs/cgroup's tmpfs is not read-only: $_l" ;;
	esac
}

test_podman_privileged() {
	ec_need
	ec_run podman-privileged
}

test_containerd_default() {
	ec_need
	ec_run containerd-default
}

# The pod member joins the net, ipc and uts namespaces of its pod's infra
# container by /proc/PID/ns/* paths: here those of an infra container
# the test runs (test/init pause), in place of the dead one the fixture
# names. Its mqueue is then the infra's ipc namespace's, its sysfs shows
# the infra's network namespace.
test_podman_pod_member() {
	ec_need
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	_infra=$ID
	_pid=$(pid_of)
	[ -n "$_pid" ] || fail "no pid for the infra container"
	ec_bundle podman-pod-member
	jq --arg pid "$_pid" --slurpfile fix "$FIXTURES/podman-pod-member.config.json" '
		.linux.namespaces = ($fix[0].linux.namespaces | map(if .path then
			.path = "/proc/\($pid)/ns/" + ({"network": "net", "ipc": "ipc", "uts": "uts"}[.type])
			else . end))' "$BUNDLE/config.json" >"$T/c.json" && mv "$T/c.json" "$BUNDLE/config.json" ||
		fail "jq could not set the namespace paths"
	[ "$(jq '[.linux.namespaces[] | select(.path)] | length' "$BUNDLE/config.json")" = 3 ] ||
		fail "the fixture no longer joins 3 namespaces by path"
	# joined, not made: the member's netns is the infra's
	jq '.process.args[2] += "\nreadlink /proc/self/ns/net"' "$BUNDLE/config.json" >"$T/c.json" &&
		mv "$T/c.json" "$BUNDLE/config.json"
	run_fg
	[ "$RC" = 0 ] || fail "pod member: exit status $RC
$(sed 's/^/  | /' "$ERR" | head -n 20)"
	expect_eq "the member's network namespace" "$(readlink "/proc/$_pid/ns/net")" "$(tail -n 1 "$OUT")"
	ec_check "$BUNDLE/config.json"
	rt delete --force "$_infra" || fail "delete the infra container"
	[ ! -s "$T/mismatch" ] || fail "pod member: the container's mounts differ from its config:
$(sed 's/^/  | /' "$T/mismatch")"
}

# The comparison can fail: the output of podman's default config,
# compared with that config changed in six places, shows six mismatches.
test_compare_catches_mismatches() {
	ec_need
	ec_run podman-default
	jq '.mounts |= map(
		if .destination == "/sys" then .options |= map(if . == "ro" then "rw" else . end)
		elif .destination == "/dev" then .options |= map(if . == "size=65536k" then "size=32m" else . end)
		elif .destination == "/etc/hosts" then .options |= map(if . == "rprivate" then "rshared" else . end)
		elif .destination == "/dev/mqueue" then .type = "tmpfs"
		elif .destination == "/dev/pts" then .options |= map(if . == "mode=0620" then "mode=0600" else . end)
		else . end)
		| .linux.maskedPaths += ["/proc/sys"]' "$BUNDLE/config.json" >"$T/wrong.json"
	ec_check "$T/wrong.json"
	expect_grep '^mounts\[2\] /sys: rw asked' "$T/mismatch"
	expect_grep '^mounts\[1\] /dev: size=32m asked, superblock options have size=65536k' "$T/mismatch"
	expect_grep '^mounts\[5\] /etc/hosts: propagation shared asked' "$T/mismatch"
	expect_grep '^mounts\[4\] /dev/mqueue: type mqueue, expected tmpfs' "$T/mismatch"
	expect_grep '^mounts\[3\] /dev/pts: mode=0600 asked, superblock options have mode=620' "$T/mismatch"
	expect_grep '^linux.maskedPaths /proc/sys: a directory masked by proc' "$T/mismatch"
	expect_eq "mismatches" 6 "$(wc -l <"$T/mismatch")"
}
