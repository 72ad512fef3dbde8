# ns: namespaces as seen from inside: new ones, shared ones, joined ones
# (by path), user namespace mappings, hostname/domainname, time offsets.

# ns_lines NS...: "readlink /proc/self/ns/NS" commands for /init.
ns_args() {
	_sep=
	for _n in "$@"; do
		printf '%s readlink /proc/self/ns/%s' "$_sep" "$_n"
		_sep=" --"
	done
}

# expect_ns_lines same|differ NS...: $OUT has one line per NS, in order,
# the same as the host's (or different from it).
expect_ns_lines() {
	_how=$1
	shift
	_i=0
	for _n in "$@"; do
		_i=$((_i + 1))
		_in=$(sed -n "${_i}p" "$OUT")
		case $_in in "$_n:["*"]") ;; *) fail "ns $_n: unexpected '$_in'" ;; esac
		if [ "$_how" = same ]; then
			expect_eq "$_n namespace (host's)" "$(host_ns "$_n")" "$_in"
		else
			expect_ne "$_n namespace (host's)" "$(host_ns "$_n")" "$_in"
		fi
	done
}

test_pid_1() {
	inside pid -- ppid
	expect_file_eq "$OUT" "1
0"
}

# The template's namespaces are new ones.
test_new_namespaces() {
	inside $(ns_args uts ipc net mnt pid)
	expect_ns_lines differ uts ipc net mnt pid
}

# Namespaces not listed are the host's.
test_unlisted_shared() {
	CFG_NS="pid mount" CFG_HOSTNAME="" inside $(ns_args uts ipc net user cgroup)
	expect_ns_lines same uts ipc net user cgroup
}

test_cgroup_ns() {
	[ -e /proc/self/ns/cgroup ] || skip "kernel without cgroup namespaces"
	CFG_NS="pid network ipc uts mount cgroup" inside $(ns_args cgroup)
	expect_ns_lines differ cgroup
}

test_hostname() {
	_h=$(cat /proc/sys/kernel/hostname)
	CFG_HOSTNAME=box-$TNUM inside hostname
	expect_file_eq "$OUT" "box-$TNUM"
	expect_eq "host hostname after the run" "$_h" "$(cat /proc/sys/kernel/hostname)"
}

test_domainname() {
	runlet_only "runc 1.1 silently ignores domainname"
	_d=$(cat /proc/sys/kernel/domainname)
	CFG_DOMAINNAME=dom-$TNUM.example inside domainname
	expect_file_eq "$OUT" "dom-$TNUM.example"
	expect_eq "host domainname after the run" "$_d" "$(cat /proc/sys/kernel/domainname)"
}

# hostname without a uts namespace of its own is an error (it would set
# the host's).
test_hostname_without_uts_fails() {
	_h=$(cat /proc/sys/kernel/hostname)
	CFG_NS="pid mount" CFG_HOSTNAME=nouts-$TNUM mkctr /init hostname
	run_fg
	expect_fail
	expect_eq "host hostname" "$_h" "$(cat /proc/sys/kernel/hostname)"
}

# holder FLAGS...: a process in new namespaces (unshare FLAGS sleep);
# its pid in HOLDER, registered for cleanup.
holder() {
	need unshare
	unshare "$@" sleep 60 &
	HOLDER=$!
	echo "$HOLDER unshare-holder" >>"$T/bg"
	wait_for "unshare $* to take effect" holder_ready
}

holder_ready() {
	[ "$(readlink "/proc/$HOLDER/ns/net")" != "$(host_ns net)" ] ||
		[ "$(readlink "/proc/$HOLDER/ns/uts")" != "$(host_ns uts)" ]
}

test_join_netns() {
	holder --net
	CFG_NS="pid network=/proc/$HOLDER/ns/net ipc uts mount" \
		inside $(ns_args net uts)
	expect_eq "joined net namespace" "$(readlink "/proc/$HOLDER/ns/net")" \
		"$(sed -n 1p "$OUT")"
	expect_ne "uts namespace (host's)" "$(host_ns uts)" "$(sed -n 2p "$OUT")"
	kill "$HOLDER"
}

test_join_several() {
	holder --net --ipc --uts
	CFG_NS="pid network=/proc/$HOLDER/ns/net ipc=/proc/$HOLDER/ns/ipc uts=/proc/$HOLDER/ns/uts mount" \
		CFG_HOSTNAME="" inside $(ns_args net ipc uts)
	_i=0
	for _n in net ipc uts; do
		_i=$((_i + 1))
		expect_eq "joined $_n namespace" "$(readlink "/proc/$HOLDER/ns/$_n")" \
			"$(sed -n "${_i}p" "$OUT")"
	done
	kill "$HOLDER"
}

# A namespace path that does not exist, or is of another type: create
# fails and leaves nothing.
test_join_bad_path_fails() {
	CFG_NS="pid network=$T/no-such-ns ipc uts mount" mkctr /init hello
	create
	expect_fail
	CFG_NS="pid network=/proc/self/ns/ipc ipc uts mount" mkctr /init hello
	create
	expect_fail
	CFG_NS="pid network=/etc/hostname ipc uts mount" mkctr /init hello
	create
	expect_fail
}

test_user_namespace() {
	need_userns
	CFG_NS="pid network ipc uts mount user" CFG_LINUX=$USERNS_MAPS \
		mkctr /init id -- cat /proc/self/uid_map -- cat /proc/self/gid_map \
		-- readlink /proc/self/ns/user -- sleep 30
	# As for any user-namespaced rootfs: owned by the mapped root, who
	# must create the mountpoints (/proc, /dev...) in it.
	chown -R 100000:200000 "$BUNDLE/rootfs"
	run_detach
	expect_rc 0
	_pid=$(pid_of)
	wait_out '^user:'
	# The host sees the mapped ids.
	expect_grep '^Uid:[[:space:]]+100000[[:space:]]' "/proc/$_pid/status"
	expect_grep '^Gid:[[:space:]]+200000[[:space:]]' "/proc/$_pid/status"
	rt delete --force "$ID" || fail "delete --force failed"
	tr -s ' \t' ' ' <"$OUT" | sed 's/^ //' >"$T/norm"
	expect_file_eq "$T/norm" "uid=0 gid=0 groups=
0 100000 65536
0 200000 65536
$(sed -n 4p "$OUT")"
	expect_ne "user namespace (host's)" "$(host_ns user)" "$(sed -n 4p "$OUT")"
}

# linux.timeOffsets shift the container's clocks (time namespace).
test_time_namespace() {
	runlet_only "runc 1.1 has no time namespace support"
	[ -e /proc/self/ns/time ] || skip "kernel without time namespaces"
	CFG_NS="pid network ipc uts mount time" \
		CFG_LINUX='"timeOffsets": { "boottime": { "secs": 31536000, "nanosecs": 0 },
			"monotonic": { "secs": 31536000, "nanosecs": 0 } }' \
		inside cat /proc/uptime -- readlink /proc/self/ns/time
	_up=$(cut -d. -f1 "$OUT" | head -n 1)
	[ "$_up" -ge 31536000 ] 2>/dev/null ||
		fail "uptime inside: expected >= 31536000 (one year offset), got '$_up'"
	expect_ne "time namespace (host's)" "$(host_ns time)" "$(sed -n 2p "$OUT")"
}

# linux.netDevices: a host device moved into the container's network
# namespace, renamed, up, with its permanent global addresses kept (the
# kernel drops them on a move); the host no longer has it.
test_net_devices() {
	runlet_only "runc 1.1.5 (Debian 12) has no linux.netDevices"
	command -v ip >/dev/null || skip "no ip (iproute2)"
	_dev=rlt$$t$TNUM
	ip link add "$_dev" type veth peer name "${_dev}p" || skip "cannot make a veth pair here"
	ip addr add 10.199.7.1/24 dev "$_dev"
	# no duplicate address detection (iproute2's `nodad`, which busybox ip
	# lacks): the address is not left tentative on a link that is down
	echo 0 >"/proc/sys/net/ipv6/conf/$_dev/accept_dad"
	ip -6 addr add fd00:7::1/64 dev "$_dev"
	# a dynamic address (busybox ip cannot make one: that check is left out)
	_dyn=1
	ip addr add 10.199.8.1/24 dev "$_dev" valid_lft 300 preferred_lft 300 2>/dev/null || _dyn=0
	ip link add "${_dev}b" type veth peer name "${_dev}q"
	# a second one with a name template: the kernel numbers it
	CFG_LINUX="\"netDevices\": { \"$_dev\": { \"name\": \"ctr0\" }, \"${_dev}b\": { \"name\": \"tpl%d\" } }" \
		mkctr /init sleep 30
	run_detach
	_rc=$RC
	_pid=$(pid_of)
	if [ "$_rc" = 0 ]; then
		nsenter --net="/proc/$_pid/ns/net" ip -o addr show dev ctr0 >"$T/addr" 2>&1
		nsenter --net="/proc/$_pid/ns/net" ip -o link show dev ctr0 >"$T/link" 2>&1
		nsenter --net="/proc/$_pid/ns/net" ip -o link show dev tpl0 >>"$T/link" 2>&1
	fi
	ip link show "$_dev" >"$T/host" 2>&1
	_gone=$?
	rt delete --force "$ID"
	ip link del "$_dev" 2>/dev/null
	ip link del "${_dev}b" 2>/dev/null
	RC=$_rc
	expect_rc 0
	[ "$_gone" != 0 ] || fail "the device is still on the host: $(cat "$T/host")"
	expect_grep 'ctr0 +inet 10\.199\.7\.1/24 ' "$T/addr"
	expect_grep 'ctr0 +inet6 fd00:7::1/64 ' "$T/addr"
	[ $_dyn = 0 ] || ! grep -q '10\.199\.8\.1' "$T/addr" ||
		fail "a dynamic (non-permanent) address was carried over: $(cat "$T/addr")"
	expect_grep 'ctr0@[^:]*: <[^>]*\bUP\b' "$T/link"
	expect_grep 'tpl0@[^:]*: <[^>]*\bUP\b' "$T/link"
	return 0
}

test_net_devices_errors() {
	runlet_only "runc 1.1.5 (Debian 12) has no linux.netDevices"
	CFG_LINUX='"netDevices": { "rlt-no-such0": {} }' mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.netDevices\.rlt-no-such0: no such network device' "$ERR"
	CFG_NS="pid ipc uts mount" CFG_LINUX='"netDevices": { "lo": {} }' mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.netDevices: needs a "network" namespace' "$ERR"
	CFG_LINUX='"netDevices": { "lo": { "name": 7 } }' mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.netDevices\.lo\.name: expected string' "$ERR"
	# the name is taken in the container (its own lo)
	command -v ip >/dev/null || skip "no ip (iproute2)"
	_dev=rlt$$u$TNUM
	ip link add "$_dev" type veth peer name "${_dev}p" || skip "cannot make a veth pair here"
	CFG_LINUX="\"netDevices\": { \"$_dev\": { \"name\": \"lo\" } }" mkctr /init hello
	create
	ip link del "$_dev" 2>/dev/null
	expect_fail
	expect_grep "linux\.netDevices\.$_dev: move it into the container as lo: File exists" "$ERR"
}
