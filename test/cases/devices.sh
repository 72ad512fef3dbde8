# The device allowlist (linux.resources.devices): cgroup v1's devices
# controller, or the eBPF filter runlet assembles for cgroup v2. On a
# hybrid host RUNLET_DEVICES=ebpf makes runlet use the eBPF filter even
# though v1 is there, so both are tested here.

# /dev/kmsg (c 1:11) is made in the container by linux.devices; whether it
# may be opened is up to the allowlist.
kmsg_ctr() { # ALLOW: true or false
	_rule=
	[ "$1" = true ] && _rule=', { "allow": true, "type": "c", "major": 1, "minor": 11, "access": "w" }'
	CFG_LINUX='"devices": [ { "path": "/dev/kmsg", "type": "c", "major": 1, "minor": 11, "fileMode": 438 } ]' \
		mkctr /init write /dev/kmsg "<7>runlet-test" -- write /dev/null x -- write /dev/full x -- echo end
	sed -i "s|\"resources\": { \"devices\": \[ { \"allow\": false, \"access\": \"rwm\" }|&$_rule|" "$BUNDLE/config.json"
}

devices_case() { # MODE ALLOW EXPECTED-FIRST-LINE
	[ "$1" = ebpf ] && { runlet_only "RUNLET_DEVICES is runlet's"; export RUNLET_DEVICES=ebpf; }
	kmsg_ctr "$2"
	run_fg
	unset RUNLET_DEVICES
	expect_file_eq "$OUT" "$3
ok
error: No space left on device
end"
}

test_devices_v1_denied() {
	devices_case v1 false "error: Operation not permitted"
}

test_devices_v1_allowed() {
	devices_case v1 true "ok"
}

test_devices_ebpf_denied() {
	devices_case ebpf false "error: Operation not permitted"
}

test_devices_ebpf_allowed() {
	devices_case ebpf true "ok"
}
