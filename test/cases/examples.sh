# examples: the init-system examples of board/examples/. runlet-run (the
# wrapper busybox init, OpenRC and procd start) is run for real against the
# runtime; the OpenRC and procd scripts are sourced with stand-ins for
# their init system's functions and must ask for the wrapper with the
# right arguments; the systemd unit goes through `systemd-analyze verify`.
# The busybox inittab line itself runs under busybox init on the emulated
# boards (board/inittab-test.sh).

EX=$REPO/board/examples

need_examples() {
	[ -d "$EX" ] || skip "no $EX (board/examples is not shipped with this copy of the suite)"
}

# wrapper ARGS...: runlet-run in the background against this test's
# --root; its pid (runlet's, after the exec) in WPID.
wrapper() {
	RUNLET=$RUNTIME RUNLET_ROOT=$ROOT sh "$EX/runlet-run" "$@" >"$OUT" 2>"$ERR" </dev/null &
	WPID=$!
	echo "$WPID runlet-run" >>"$T/bg"
}

test_syntax() {
	need_examples
	for _f in runlet-run openrc/runlet procd/runlet; do
		sh -n "$EX/$_f" || fail "$_f: sh -n failed"
	done
	_l=$(grep -c '^::respawn:/usr/sbin/runlet-run ' "$EX/busybox/inittab")
	expect_eq "respawn lines running runlet-run in busybox/inittab" 1 "$_l"
	RUNLET=$RUNTIME sh "$EX/runlet-run" onlyid >/dev/null 2>&1
	expect_eq "runlet-run without a bundle: exit status" 2 $?
}

# The container's status becomes the wrapper's: it execs runlet run.
test_wrapper_status() {
	need_examples
	mkctr /init exit 3
	wrapper "$ID" "$BUNDLE"
	wait_exit "$WPID"
	expect_rc 3
	rt_cap state "$ID"
	expect_fail
}

# SIGTERM to the wrapper's pid (as a supervisor stops it) reaches the
# container: death by signal 15 is status 143.
test_wrapper_forwards_term() {
	need_examples
	mkctr /init sigwait
	wrapper "$ID" "$BUNDLE"
	wait_out '^ready$'
	kill -TERM "$WPID"
	wait_exit "$WPID"
	expect_rc 143
	expect_file_eq "$OUT" "ready
signal 15"
}

# A runlet SIGKILLed under the supervisor leaves its container running;
# the restarted wrapper deletes it and runs a new one.
test_wrapper_replaces_stale() {
	need_examples
	mkctr /init sleep 60
	wrapper "$ID" "$BUNDLE"
	wait_status running
	_old=$(pid_of)
	record_pid
	kill -KILL "$WPID"
	wait "$WPID" 2>/dev/null
	expect_eq "status after runlet was killed" running "$(state_of)"
	wrapper "$ID" "$BUNDLE"
	_w2=$WPID
	wait_for "a new container" new_pid "$_old"
	not_alive "$_old" || fail "the stale container (pid $_old) is still alive"
	record_pid
	rt kill "$ID" KILL || fail "kill failed"
	wait_exit "$_w2"
	expect_rc 137
}

new_pid() {
	_p=$(pid_of)
	[ -n "$_p" ] && [ "$_p" != 0 ] && [ "$_p" != "$1" ] && [ "$(state_of)" = running ]
}

# procd: each enabled section of /etc/config/runlet is an instance running
# runlet-run, respawned forever; a disabled one is not started.
test_procd() {
	need_examples
	(
		config_load() { :; }
		config_foreach() { "$1" app; "$1" off; }
		config_get() {
			case $2.$3 in
			off.bundle) eval "$1=/data/off" ;;
			*) eval "$1=\$4" ;;
			esac
		}
		config_get_bool() {
			case $2 in off) eval "$1=0" ;; *) eval "$1=\$4" ;; esac
		}
		procd_open_instance() { echo "instance $1"; }
		procd_set_param() { echo "param $*"; }
		procd_close_instance() { echo "close"; }
		. "$EX/procd/runlet"
		[ "$USE_PROCD" = 1 ] || fail "USE_PROCD is not 1"
		start_service
	) >"$T/procd" || fail "start_service failed"
	expect_file_eq "$T/procd" "instance app
param command /usr/sbin/runlet-run app /srv/containers/app
param respawn 3600 5 0
param term_timeout 10
param stdout 1
param stderr 1
param file /srv/containers/app/config.json
close"
}

# OpenRC: runlet.NAME supervises runlet-run NAME BUNDLE; start_pre refuses
# the unlinked script and a bundle without config.json.
test_openrc() {
	need_examples
	mkdir -p "$T/app"
	(
		eerror() { echo "eerror: $*"; }
		RC_SVCNAME=runlet.app
		bundle=$T/app
		. "$EX/openrc/runlet"
		echo "$supervisor $command $command_args"
		start_pre && echo "start_pre: 0"
		: >"$T/app/config.json"
		start_pre && echo "start_pre: 0"
	) >"$T/openrc" 2>&1
	expect_file_eq "$T/openrc" "supervise-daemon /usr/sbin/runlet-run app $T/app
eerror: $T/app/config.json: no such file
start_pre: 0"
	(
		eerror() { echo "eerror: $*"; }
		RC_SVCNAME=runlet
		. "$EX/openrc/runlet"
		start_pre
	) >"$T/openrc" 2>&1 && fail "start_pre accepted the unlinked script"
	expect_grep 'link this script as runlet.NAME' "$T/openrc"
}

# systemd: `systemd-analyze verify` of an instance in a scratch root
# holding the unit, systemd's own units and a runlet; any complaint about
# the unit fails (verify exits 0 on "ignoring" warnings).
test_systemd() {
	need_examples
	need systemd-analyze
	[ -f /usr/lib/systemd/system/sysinit.target ] || skip "no systemd units in /usr/lib/systemd/system to verify against"
	_r=$T/sysroot
	mkdir -p "$_r/etc/systemd/system" "$_r/usr/lib/systemd" "$_r/usr/bin" "$_r/srv/containers/app"
	cp "$EX/systemd/runlet@.service" "$_r/etc/systemd/system/"
	cp -R /usr/lib/systemd/system "$_r/usr/lib/systemd/"
	cp "$RUNTIME" "$_r/usr/bin/runlet"
	: >"$_r/srv/containers/app/config.json"
	systemd-analyze verify --man=no --root="$_r" runlet@app.service >"$T/verify" 2>&1
	_rc=$?
	[ $_rc = 0 ] || fail "systemd-analyze verify: exit status $_rc: $(cat "$T/verify")"
	expect_no_grep 'runlet@' "$T/verify"
	grep -q '^ExecStartPre=/usr/bin/runlet delete --force %i$' "$EX/systemd/runlet@.service" ||
		fail "the unit does not delete a stale container before starting"
}
