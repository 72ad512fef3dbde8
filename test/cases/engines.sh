# runlet under a real engine: podman (through conmon) with
# --runtime runlet, on an image imported from a tarball (no registry).
# podman's own storage lives in the test's directory (vfs driver).
# More scenarios, using these helpers, are in engines2.sh.

# PODMAN_RUNTIME: what podman is given as --runtime: the runtime's path
# (default), or "runlet", the name podman_conf registers.
podman_rt() {
	CONTAINERS_CONF=$T/containers.conf \
		podman --root "$T/storage" --runroot "$T/prun" --storage-driver vfs \
		--runtime "${PODMAN_RUNTIME:-$RUNTIME}" --cgroup-manager cgroupfs --events-backend none "$@"
}

# The test's containers.conf (CONTAINERS_CONF: podman 4.3 then reads it
# instead of /usr/share/containers/containers.conf, whose only settings
# are podman's built-in defaults anyway):
# - default_ulimits: the machine may lack CAP_SYS_RESOURCE (this VM
#   does): then no runtime, runc and crun included, may raise a hard
#   rlimit, and podman asks for its own (higher) ones, also for the
#   infra container of a pod, which takes no --ulimit. Lowering is
#   always allowed.
# - the runtime registered by name, "runlet", as a packager would, through
#   a wrapper that logs each command line to $T/argv.log; podman gives
#   --log-format=json --log FILE only to the runtimes named in
#   runtime_supports_json (by name, or by the basename of a --runtime path).
podman_conf() {
	printf '#!/bin/sh\necho "$*" >>"%s/argv.log"\nexec "%s" "$@"\n' "$T" "$RUNTIME" >"$T/runlet-argv"
	chmod +x "$T/runlet-argv"
	cat >"$T/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime_supports_json = ["runlet", "$RUNTIME_NAME"]
[engine.runtimes]
runlet = ["$T/runlet-argv"]
CONF
}

podman_image() {
	need podman conmon
	podman_conf
	mkdir -p "$T/img"
	cp "$INIT" "$T/img/init"
	tar -C "$T/img" -cf "$T/img.tar" . || fail "tar"
	podman_rt import "$T/img.tar" localhost/rltest:1 >/dev/null 2>"$T/err" ||
		skip "podman import failed here: $(tail -n 1 "$T/err")"
}

podman_done() {
	podman_rt pod rm -af -t 0 >/dev/null 2>&1
	podman_rt rm -af -t 0 >/dev/null 2>&1
	podman_rt rmi -af >/dev/null 2>&1
	# podman leaves its storage mounted only with overlay; vfs has none
}

test_podman_run() {
	podman_image
	podman_rt run --rm --network none localhost/rltest:1 /init hello -- hostname >"$T/out" 2>"$T/err"
	RC=$?
	podman_done
	expect_rc 0
	expect_grep '^hello world$' "$T/out"
}

test_podman_detach_exec_stop() {
	podman_image
	podman_rt run -d --network none --name rlt-$$ --pids-limit 50 localhost/rltest:1 /init sleep 60 >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman run -d: $(cat "$T/err")"; }
	podman_rt exec "rlt-$$" /init id >"$T/out" 2>>"$T/err"
	RC=$?
	podman_rt exec -u 1000 -e FOO=bar -w /proc "rlt-$$" /init id -- env -- cwd >"$T/exec2" 2>>"$T/err"
	podman_rt pause "rlt-$$" >/dev/null 2>>"$T/err"
	podman_rt ps -a --format '{{.Names}} {{.Status}}' >"$T/paused" 2>>"$T/err"
	podman_rt unpause "rlt-$$" >/dev/null 2>>"$T/err"
	podman_rt update --memory 100m "rlt-$$" >/dev/null 2>>"$T/err"
	_pid=$(podman_rt inspect -f '{{.State.Pid}}' "rlt-$$" 2>>"$T/err")
	_mem=
	_line=$(grep -E '^[0-9]+:memory:' "/proc/$_pid/cgroup" 2>/dev/null)
	[ -n "$_line" ] && _mem=$(cat "/sys/fs/cgroup/memory${_line#*:memory:}/memory.limit_in_bytes" 2>/dev/null)
	podman_rt ps --format '{{.Names}} {{.Status}}' >"$T/ps" 2>>"$T/err"
	podman_rt stop -t 1 "rlt-$$" >/dev/null 2>>"$T/err"
	_stop=$?
	podman_done
	expect_rc 0
	expect_grep '^uid=0 gid=0' "$T/out"
	expect_grep '^uid=1000 gid=0' "$T/exec2"
	expect_grep '^FOO=bar$' "$T/exec2"
	expect_grep '^/proc$' "$T/exec2"
	expect_grep "^rlt-$$ Paused" "$T/paused"
	expect_grep "^rlt-$$ Up" "$T/ps"
	[ -z "$_line" ] || expect_eq "memory limit after podman update" 104857600 "$_mem"
	expect_eq "podman stop" 0 "$_stop"
}

test_podman_tty() {
	podman_image
	podman_rt run --rm -t --network none localhost/rltest:1 /init readlink /proc/self/fd/0 >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	podman_done
	expect_rc 0
	tr -d '\r' <"$T/out" | grep -q '^/dev/pts/0$' || fail "no pty under podman -t: $(cat "$T/out")"
}

# podman exec -t: the exec'd process's stdio is a pseudo-terminal (podman
# passes --tty and a --console-socket of conmon's to the runtime's exec);
# without -t it is not.
test_podman_exec_tty() {
	podman_image
	PODMAN_RUNTIME=runlet podman_rt run -d --network none --name "rlt-t$$" localhost/rltest:1 /init sleep 60 \
		>/dev/null 2>"$T/err" || { podman_done; fail "podman run -d: $(cat "$T/err")"; }
	PODMAN_RUNTIME=runlet podman_rt exec -t "rlt-t$$" /init readlink /proc/self/fd/0 -- readlink /proc/self/fd/1 \
		>"$T/out" 2>>"$T/err" </dev/null
	RC=$?
	PODMAN_RUNTIME=runlet podman_rt exec "rlt-t$$" /init readlink /proc/self/fd/1 >"$T/notty" 2>>"$T/err" </dev/null
	podman_done
	expect_rc 0
	[ "$(tr -d '\r' <"$T/out" | grep -c '^/dev/pts/[0-9]*$')" = 2 ] ||
		fail "podman exec -t: stdin and stdout not a pty: $(cat -v "$T/out"); stderr: $(cat "$T/err")"
	expect_no_grep '^/dev/pts/' "$T/notty"
	expect_grep '^(--[a-z-]+[ =][^ ]+ )*exec .*(--tty|-t)( |$)' "$T/argv.log"
	expect_grep '^(--[a-z-]+[ =][^ ]+ )*exec .*--console-socket' "$T/argv.log"
}

# containerd through its runc shim (io.containerd.runc.v2) with
# --runc-binary runlet: a private containerd (root, state and socket in
# the test's directory) and an OCI image made here from test/init.

ctd_start() {
	need containerd ctr containerd-shim-runc-v2 sha256sum
	mkdir -p "$T/ctd" "$T/oci/blobs/sha256" "$T/layer"
	cat >"$T/ctd/config.toml" <<CFG
version = 2
root = "$T/ctd/root"
state = "$T/ctd/state"
[grpc]
  address = "$T/ctd/sock"
[plugins."io.containerd.grpc.v1.cri"]
  disable = true
CFG
	containerd --config "$T/ctd/config.toml" >"$T/ctd/log" 2>&1 &
	CTD_PID=$!
	echo "$CTD_PID containerd" >>"$T/bg"
	wait_for "containerd's socket" test -S "$T/ctd/sock"
	# the OCI image: one layer holding /init
	cp "$INIT" "$T/layer/init"
	tar -C "$T/layer" -cf "$T/layer.tar" . || fail "tar"
	_blob() { # FILE: its digest, the blob stored
		_d=$(sha256sum "$1" | cut -d' ' -f1)
		cp "$1" "$T/oci/blobs/sha256/$_d"
		echo "$_d"
	}
	_l=$(_blob "$T/layer.tar")
	printf '{"architecture":"%s","os":"linux","config":{"Cmd":["/init","hello"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
		"$(ctr_arch)" "$_l" >"$T/cfg.json"
	_c=$(_blob "$T/cfg.json")
	printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
		"$_c" "$(wc -c <"$T/cfg.json")" "$_l" "$(wc -c <"$T/layer.tar")" >"$T/man.json"
	_m=$(_blob "$T/man.json")
	printf '{"imageLayoutVersion":"1.0.0"}' >"$T/oci/oci-layout"
	printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"localhost/rltest:1"}}]}' \
		"$_m" "$(wc -c <"$T/man.json")" >"$T/oci/index.json"
	tar -C "$T/oci" -cf "$T/img.tar" . || fail "tar"
	ctr_ images import --base-name localhost/rltest "$T/img.tar" >/dev/null 2>"$T/err" ||
		fail "ctr images import: $(cat "$T/err")"
}

ctr_arch() {
	case $(uname -m) in
	x86_64) echo amd64 ;; aarch64) echo arm64 ;; armv7*) echo arm ;; i?86) echo 386 ;; *) uname -m ;;
	esac
}

ctr_() { timeout 60 ctr --address "$T/ctd/sock" "$@"; }

# ctr_run ARGS...: ctr run with the runtime under test, its state (the
# shim's --root) in the test's directory.
ctr_run() {
	ctr_ run --runc-binary "$RUNTIME" --runc-root "$T/ctd/runc" "$@"
}

ctd_stop() {
	for _c in $(ctr_ containers ls -q 2>/dev/null); do
		ctr_ tasks rm -f "$_c" >/dev/null 2>&1
		ctr_ containers rm "$_c" >/dev/null 2>&1
	done
	kill "$CTD_PID" 2>/dev/null
	wait "$CTD_PID" 2>/dev/null
	# containerd leaves its mounts of the test's directory behind
	grep -F " $T/ctd/" /proc/self/mountinfo | cut -d' ' -f5 | sort -r | while read -r _m; do
		umount -l "$_m" 2>/dev/null
	done
}

test_containerd_run_exec_pause_kill() {
	ctd_start
	ctr_run --rm localhost/rltest:1 rlt-r /init hello >"$T/run.out" 2>"$T/err"
	_run=$?
	ctr_run -d localhost/rltest:1 rlt-c /init sleep 30 >/dev/null 2>>"$T/err"
	ctr_ task exec --exec-id e1 rlt-c /init id >"$T/exec.out" 2>>"$T/err"
	_exec=$?
	ctr_ task pause rlt-c 2>>"$T/err"
	_paused=$(ctr_ task ls 2>>"$T/err" | awk '$1 == "rlt-c" { print $3 }')
	ctr_ task resume rlt-c 2>>"$T/err"
	ctr_ task kill -s KILL rlt-c 2>>"$T/err"
	sleep 1
	_stopped=$(ctr_ task ls 2>>"$T/err" | awk '$1 == "rlt-c" { print $3 }')
	ctd_stop
	expect_eq "ctr run --rm" 0 "$_run"
	expect_file_eq "$T/run.out" "hello world"
	expect_eq "ctr task exec" 0 "$_exec"
	expect_grep '^uid=0 gid=0' "$T/exec.out"
	expect_eq "status after pause" PAUSED "$_paused"
	expect_eq "status after kill" STOPPED "$_stopped"
}

# podman scenarios: each runs one container and checks what is visible
# (output and exit status), as with runc.
pm_case() { # WANT-RC GREP-PATTERN PODMAN-ARGS... -- IMAGE-COMMAND...
	_want=$1 _pat=$2
	shift 2
	podman_rt run --rm --network none "$@" >"$T/pm.out" 2>"$T/pm.err"
	_rc=$?
	[ "$_rc" = "$_want" ] || fail "podman run $*: exit $_rc, not $_want: $(tail -n 3 "$T/pm.err")"
	[ -z "$_pat" ] || grep -Eq "$_pat" "$T/pm.out" "$T/pm.err" ||
		fail "podman run $*: no line matching /$_pat/: $(cat "$T/pm.out" "$T/pm.err" | head -n 5)"
}

test_podman_scenarios() {
	podman_image
	mkdir -p "$T/vol" && echo from-the-host >"$T/vol/f"
	_img=localhost/rltest:1
	pm_case 3 '' "$_img" /init exit 3
	pm_case 127 'not found|No such file' "$_img" /nonexistent
	# a file that is not executable: the runtime says "permission
	# denied", which podman turns into 126
	pm_case 126 '[Pp]ermission denied' "$_img" /etc/hosts
	pm_case 137 '' --memory 32m --memory-swap 32m "$_img" /init alloc 100
	pm_case 0 '^uid=1000 gid=1000' --user 1000:1000 "$_img" /init id
	pm_case 1 '^error: Read-only file system$' --read-only --tmpfs /scratch "$_img" /init write /x y
	pm_case 0 '^ok$' --read-only --tmpfs /scratch "$_img" /init write /scratch/y z
	pm_case 0 '^CapEff:.0000000000000000$' --cap-drop ALL "$_img" /init caps
	pm_case 0 '^CapEff:.0000000000200000$' --cap-drop ALL --cap-add SYS_ADMIN "$_img" /init caps
	if [ "${OLDKERNEL:-0}" = 1 ]; then
		# the harness's own filter is inherited: count podman's on top
		pm_case 0 '^Seccomp_filters:.1$' --security-opt seccomp=unconfined "$_img" /init status
		pm_case 0 '^Seccomp_filters:.2$' "$_img" /init status
	else
		pm_case 0 '^Seccomp:.0$' --security-opt seccomp=unconfined "$_img" /init status
		pm_case 0 '^Seccomp:.2$' "$_img" /init status
	fi
	pm_case 0 '^4096$' --sysctl kernel.msgmax=4096 "$_img" /init cat /proc/sys/kernel/msgmax
	pm_case 0 '^from-the-host$' -v "$T/vol:/vol" "$_img" /init cat /vol/f
	_pids=/sys/fs/cgroup/pids.max
	[ -d /sys/fs/cgroup/pids ] && _pids=/sys/fs/cgroup/pids/pids.max
	pm_case 0 '^20$' --pids-limit 20 "$_img" /init cat "$_pids"
	pm_case 0 '^ +0 +100000 +65536$' --uidmap 0:100000:65536 --gidmap 0:100000:65536 "$_img" /init cat /proc/self/uid_map
	pm_case 0 '^chr [0-7]+ 1:11$' --device /dev/kmsg "$_img" /init stat /dev/kmsg
	# an OCI hook through podman's hooks dir: a prestart hook runs
	mkdir -p "$T/hooks"
	printf '#!/bin/sh\necho ran >>"%s/hook.log"\n' "$T" >"$T/hook.sh"
	chmod +x "$T/hook.sh"
	printf '{"version":"1.0.0","hook":{"path":"%s/hook.sh"},"when":{"always":true},"stages":["prestart"]}' "$T" \
		>"$T/hooks/h.json"
	podman_rt --hooks-dir "$T/hooks" run --rm --network none "$_img" /init hello >"$T/pm.out" 2>"$T/pm.err" ||
		fail "podman --hooks-dir run: $(tail -n 3 "$T/pm.err")"
	expect_file_eq "$T/hook.log" "ran"
	podman_done
}

# A container joining another's namespaces (what pod members do): the
# pid namespace shows the first container's init as pid 1, the hostname
# is the first one's.
test_podman_join_namespaces() {
	podman_image
	podman_rt run -d --network none --name "rlt-a$$" localhost/rltest:1 /init sleep 60 >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman run -d: $(cat "$T/err")"; }
	podman_rt run --rm --pid "container:rlt-a$$" --ipc "container:rlt-a$$" --uts "container:rlt-a$$" \
		--network "container:rlt-a$$" localhost/rltest:1 /init cat /proc/1/cmdline -- hostname >"$T/out" 2>>"$T/err"
	RC=$?
	_host=$(podman_rt inspect -f '{{.Config.Hostname}}' "rlt-a$$" 2>>"$T/err")
	podman_rt rm -f -t 0 "rlt-a$$" >/dev/null 2>&1
	podman_done
	expect_rc 0
	tr '\0' ' ' <"$T/out" | grep -q '^/init sleep 60 ' || fail "pid 1 is not the first container's init: $(tr '\0' ' ' <"$T/out")"
	expect_grep "^$_host\$" "$T/out"
}
