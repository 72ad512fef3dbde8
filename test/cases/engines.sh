# runlet under a real engine: podman (through conmon) with
# --runtime runlet, on an image imported from a tarball (no registry).
# podman's own storage lives in the test's directory (vfs driver).

podman_rt() {
	podman --root "$T/storage" --runroot "$T/prun" --storage-driver vfs \
		--runtime "$RUNTIME" --cgroup-manager cgroupfs --events-backend none "$@"
}

# The machine may lack CAP_SYS_RESOURCE (this VM does): then no runtime,
# runc and crun included, may raise a hard rlimit, and podman asks for its
# own (higher) ones. Lowering is always allowed.
ulimits() {
	echo "--ulimit nofile=1024:1024 --ulimit nproc=4096:4096"
}

podman_image() {
	need podman conmon
	mkdir -p "$T/img"
	cp "$INIT" "$T/img/init"
	tar -C "$T/img" -cf "$T/img.tar" . || fail "tar"
	podman_rt import "$T/img.tar" localhost/rltest:1 >/dev/null 2>"$T/err" ||
		skip "podman import failed here: $(tail -n 1 "$T/err")"
}

podman_done() {
	podman_rt rm -af >/dev/null 2>&1
	podman_rt rmi -af >/dev/null 2>&1
	# podman leaves its storage mounted only with overlay; vfs has none
}

test_podman_run() {
	podman_image
	# shellcheck disable=SC2046
	podman_rt run --rm --network none $(ulimits) localhost/rltest:1 /init hello -- hostname >"$T/out" 2>"$T/err"
	RC=$?
	podman_done
	expect_rc 0
	expect_grep '^hello world$' "$T/out"
}

test_podman_detach_exec_stop() {
	podman_image
	# shellcheck disable=SC2046
	podman_rt run -d --network none $(ulimits) --name rlt-$$ --pids-limit 50 localhost/rltest:1 /init sleep 60 >/dev/null 2>"$T/err" ||
		{ podman_done; fail "podman run -d: $(cat "$T/err")"; }
	podman_rt exec "rlt-$$" /init id >"$T/out" 2>>"$T/err"
	RC=$?
	podman_rt ps --format '{{.Names}} {{.Status}}' >"$T/ps" 2>>"$T/err"
	podman_rt stop -t 1 "rlt-$$" >/dev/null 2>>"$T/err"
	_stop=$?
	podman_done
	expect_rc 0
	expect_grep '^uid=0 gid=0' "$T/out"
	expect_grep "^rlt-$$ Up" "$T/ps"
	expect_eq "podman stop" 0 "$_stop"
}

test_podman_tty() {
	podman_image
	# shellcheck disable=SC2046
	podman_rt run --rm -t --network none $(ulimits) localhost/rltest:1 /init readlink /proc/self/fd/0 >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	podman_done
	expect_rc 0
	tr -d '\r' <"$T/out" | grep -q '^/dev/pts/0$' || fail "no pty under podman -t: $(cat "$T/out")"
}
