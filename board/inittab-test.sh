#!/bin/busybox sh
# board/inittab-test.sh setup|check: the busybox init example
# (board/examples/busybox/inittab) on the emulated board.
#
# setup (board/init.sh, before it execs busybox init as pid 1): installs
# runlet and runlet-run where the example's respawn line expects them, makes
# the bundle the line names (busybox sh in a loop, printing "NAME: started"
# once, then a tick every 2 s), and writes /etc/inittab: the example's
# respawn line verbatim, and this script's check as a `once` action.
#
# check (run by busybox init): the container is started at boot (and in
# its loop: its lines are out before it is killed); then it is killed
# three ways, and each time busybox init must start it again
# (a new container process, the old one gone):
#   1. SIGKILL to the container's process (runlet run exits 137);
#   2. SIGKILL to `runlet run` itself: its container is left running, and
#      the restarted runlet-run must `delete --force` it;
#   3. SIGTERM to `runlet run`: forwarded to the container, whose shell
#      traps it, prints "NAME: SIGTERM" and exits 3.
# Prints "BOARD-SUMMARY inittab: N passed, N failed, 0 skipped", then the
# BOARD-RESULT line (/board-result holds the stages' part), and powers off.
# The container's output goes to the console: board/test.sh counts its
# "NAME: started" lines (4) and "NAME: SIGTERM" (1) in the serial log.

EX=/runlet/board/examples
INITTAB_WAIT=${INITTAB_WAIT:-90}

# the example's line, e.g. ::respawn:/usr/sbin/runlet-run app /srv/containers/app
LINE=$(grep '^::respawn:/usr/sbin/runlet-run ' "$EX/busybox/inittab")
# shellcheck disable=SC2086
set -- "${1:-none}" ${LINE#::respawn:}
MODE=$1 WRAPPER=${2:-} ID=${3:-} BUNDLE=${4:-}

setup() {
	if [ -z "$BUNDLE" ]; then
		echo "BOARD: no '::respawn:/usr/sbin/runlet-run ID BUNDLE' line in $EX/busybox/inittab"
		return 1
	fi
	mkdir -p /etc /usr/bin /usr/sbin /run "$BUNDLE/rootfs/bin" || return 1
	cp /runlet/runlet /usr/bin/runlet &&
		cp "$EX/runlet-run" "$WRAPPER" &&
		chmod 755 "$WRAPPER" &&
		cp /bin/busybox "$BUNDLE/rootfs/bin/busybox" || return 1
	ln -s busybox "$BUNDLE/rootfs/bin/sh"
	ln -s busybox "$BUNDLE/rootfs/bin/sleep"
	cat >"$BUNDLE/rootfs/app.sh" <<EOF
trap 'echo "$ID: SIGTERM"; exit 3' TERM
read -r up _ </proc/uptime
echo "$ID: started (up \${up}s)"
n=0
while :; do
	n=\$((n + 1))
	echo "$ID: tick \$n"
	/bin/sleep 2
done
EOF
	(cd "$BUNDLE" && /usr/bin/runlet spec --args "/bin/sh /app.sh" --no-terminal) || return 1
	cat >/etc/inittab <<EOF
::sysinit:/bin/echo "BOARD: busybox init, inittab: $LINE"
$LINE
::once:/bin/sh /runlet/board/inittab-test.sh check
EOF
}

passed=0
failed=0

ok() {
	echo "ok inittab/$1 (container pid $P, up $(cut -d' ' -f1 /proc/uptime)s)"
	passed=$((passed + 1))
}

nok() {
	echo "FAIL inittab/$1: $2"
	failed=$((failed + 1))
}

# ctr_pid: the container's pid if `runlet state` says it is running.
ctr_pid() {
	_s=$(runlet state "$ID" 2>/dev/null | tr -d ' \n')
	case $_s in *'"status":"running"'*) ;; *) return 1 ;; esac
	_p=${_s#*\"pid\":}
	echo "${_p%%[!0-9]*}"
}

# wait_new OLD: wait until a running container whose pid is not OLD has
# printed its first lines (its shell has a `sleep` child: it is in the
# loop); its pid in P.
wait_new() {
	_n=0
	while :; do
		P=$(ctr_pid) && [ "$P" != "$1" ] && in_loop "$P" && return 0
		_n=$((_n + 1))
		[ $_n -lt $((INITTAB_WAIT * 2)) ] || return 1
		sleep 0.5
	done
}

# in_loop PID: PID has a child named sleep. (app.sh runs /bin/sleep by
# its path: busybox sh would run a plain `sleep` in its own process.)
in_loop() {
	for _st in /proc/[0-9]*/stat; do
		{ read -r _l <"$_st"; } 2>/dev/null || continue
		case $_l in *" (sleep) "[!Z]" $1 "*) return 0 ;; esac
	done
	return 1
}

# runlet_pid: the pid of `runlet run --bundle BUNDLE ID` (what init runs,
# after runlet-run's exec).
runlet_pid() {
	for _d in /proc/[0-9]*; do
		_c=$(tr '\0' ' ' <"$_d/cmdline" 2>/dev/null)
		[ "$_c" = "runlet run --bundle $BUNDLE $ID " ] && { echo "${_d#/proc/}"; return 0; }
	done
	return 1
}

gone() {
	_n=0
	while [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; do
		_n=$((_n + 1))
		[ $_n -lt 20 ] || return 1
		sleep 0.5
	done
}

# restart NAME OLD-PID WHAT: after a kill, init must have started a new
# container, and OLD-PID must be gone.
restart() {
	if ! wait_new "$2"; then
		nok "$1" "no new container within ${INITTAB_WAIT}s after $3"
	elif ! gone "$2"; then
		nok "$1" "the old container process $2 is still alive after $3"
	else
		ok "$1"
	fi
}

check() {
	export PATH=/usr/sbin:/usr/bin:/sbin:/bin
	echo "BOARD: inittab: checking $ID (up $(cut -d' ' -f1 /proc/uptime)s)"
	if wait_new 0; then
		ok started_at_boot
	else
		nok started_at_boot "$ID not running ${INITTAB_WAIT}s after init started"
	fi
	if [ $failed = 0 ]; then
		p=$P
		kill -KILL "$p"
		restart restarted_after_container_killed "$p" "SIGKILL to the container ($p)"
		p=$P
		if r=$(runlet_pid); then
			kill -KILL "$r"
			restart stale_container_replaced "$p" "SIGKILL to runlet run ($r)"
		else
			nok stale_container_replaced "no runlet run process for $ID"
		fi
		p=$P
		if r=$(runlet_pid); then
			kill -TERM "$r"
			restart restarted_after_sigterm "$p" "SIGTERM to runlet run ($r)"
		else
			nok restarted_after_sigterm "no runlet run process for $ID"
		fi
	fi
	# Time for the last container to print its line before the power-off.
	sleep 3
	echo "BOARD-SUMMARY inittab: $passed passed, $failed failed, 0 skipped"
	echo "BOARD-RESULT $(cat /board-result); inittab($LINE): $passed passed, $failed failed, 0 skipped"
	sync
	poweroff -f
}

case $MODE in
setup) setup ;;
check) check ;;
*) echo "usage: inittab-test.sh setup|check" >&2; exit 2 ;;
esac
