# Bad input, everywhere: a corpus of hostile ids, bundles, config files,
# paths and arguments. Each one must fail fast (within 10 s: nothing may
# hang, a FIFO or /dev/zero included) with a non-zero status that is not
# a crash (not 128+N), an error that names the thing (the flag, the field,
# the file), and nothing left behind (the state dir, processes, mounts,
# cgroups: the leak check after each test). Counts are printed to the log
# ("# hostile: N inputs, N clear errors").
#
# Decisions, documented here and at each case:
# - ids: runc's set, [A-Za-z0-9_+.-]{1,1024}, not "." or ".."; anything
#   else is refused before a path is made of it (cli.sh, test_bad_ids,
#   runs every command on the worst ones); the error shows at most 64
#   characters of it, control characters as '?'.
# - config.json: a regular file of at most 4 MiB, nested at most 256
#   levels (the worst JSON under both limits parses in under a second);
#   opened with O_NONBLOCK, so a FIFO fails at once instead of hanging.
# - root.path that is a symlink: followed, as a bundle path may hold one
#   (/var/run -> /run); the state's "rootfs" is the resolved directory,
#   which runlet binds once, so nothing can swap it later. runc 1.1.5
#   refuses it ("invalid rootfs: not an absolute path, or a symlink").
# - paths in config.json with "..": mount destinations and process.cwd
#   resolve inside the rootfs (".." stops at its root); a relative mount
#   destination is refused (runc 1.1.5 warns and skips the mount).
# - a hook that never exits: hooks[].timeout ends it (an error naming the
#   hook); without a timeout runlet waits, as the spec and runc do.

N_INPUTS=0
N_CLEAR=0

# bad WHAT ERE ARGS...: the runtime with ARGS (after --root) fails within
# 10 s, not killed by a signal, and (runlet) its error matches ERE, which names
# WHAT. Under another runtime only the failure is checked.
bad() {
	_what=$1
	_ere=$2
	shift 2
	LAST_CMD="$RUNTIME_NAME --root ROOT $*"
	_before=$(ls -A "$ROOT" 2>/dev/null)
	_t0=$(date +%s)
	with_timeout 10 "$RUNTIME" --root "$ROOT" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	_t1=$(date +%s)
	N_INPUTS=$((N_INPUTS + 1))
	[ $((_t1 - _t0)) -lt 10 ] || fail "$_what: took $((_t1 - _t0)) s (hung?)$(show_cmd)"
	[ "$RC" != 0 ] || fail "$_what: accepted$(show_cmd)"
	# 129..192: killed by a signal (runc's own errors are 1 or 255)
	[ "$RC" -le 128 ] || [ "$RC" -gt 192 ] || fail "$_what: exit status $RC: killed by a signal$(show_cmd)"
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		grep -Eq -- "^runlet: .*$_ere" "$T/err" || fail "$_what: the error does not match /$_ere/$(show_cmd)"
		[ "$(wc -l <"$T/err")" -le 2 ] || fail "$_what: more than an error line$(show_cmd)"
	fi
	N_CLEAR=$((N_CLEAR + 1))
	[ "$(ls -A "$ROOT" 2>/dev/null)" = "$_before" ] || fail "$_what: left in --root: $(ls -A "$ROOT")"
}

counts() {
	echo "# hostile: $N_INPUTS inputs, $N_CLEAR clear errors" >&2
}

test_hostile_ids() {
	mkctr /init hello
	_long=$(printf '%010000d' 0)
	for _id in a/b .. . ../x /abs "$_long" 'a b' "$(printf 'a\tb')" "$(printf 'a\nb')" \
		"$(printf 'a\033[2Jb')" 'a;b' '$(id)' 'a*' 'ä' 'a:b' 'a\b'; do
		bad "id" 'invalid container id' run --bundle "$BUNDLE" "$_id"
		bad "id" 'invalid container id' delete --force "$_id"
	done
	bad "the empty id" 'invalid container id ""' run --bundle "$BUNDLE" ""
	bad "an id like an option" 'unknown option -x' run --bundle "$BUNDLE" -x
	if [ "$RUNTIME_IS_RUNLET" = 1 ]; then
		# control characters shown as '?', the length capped
		bad "id" 'invalid container id "a\?b\?\[2Jb"' state "$(printf 'a\nb\033[2Jb')"
		bad "id" 'invalid container id "0{64}\.\.\."' state "$_long"
	fi
	counts
}

# config.json that is not a small regular file: refused by its type or
# size before a byte is read.
test_hostile_config_files() {
	mkctr /init hello
	rm "$BUNDLE/config.json"
	mkdir "$BUNDLE/config.json"
	bad "a directory" 'config\.json: not a regular file' run --bundle "$BUNDLE" "$ID"
	rmdir "$BUNDLE/config.json"
	ln -s "$T/nowhere" "$BUNDLE/config.json"
	bad "a dangling symlink" 'read .*/config\.json: No such file or directory' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/config.json"
	truncate -s 1G "$BUNDLE/config.json" || skip "cannot make a sparse file here"
	bad "1 GB (sparse)" 'config\.json: not a regular file of at most 4 MiB' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/config.json"
	: >"$BUNDLE/config.json"
	bad "empty" 'config\.json: ' run --bundle "$BUNDLE" "$ID"
	printf '\001\002\003\377garbage' >"$BUNDLE/config.json"
	bad "binary" 'config\.json: ' run --bundle "$BUNDLE" "$ID"
	echo '[1, 2, 3]' >"$BUNDLE/config.json"
	bad "not an object" 'config\.json: expected a JSON object' run --bundle "$BUNDLE" "$ID"
	printf '{ "ociVersion": "1.0.2", "root": { "path": "rootfs" }, "x": %s1%s }' \
		"$(printf '%0300d' 0 | tr 0 '[')" "$(printf '%0300d' 0 | tr 0 ']')" >"$BUNDLE/config.json"
	bad "300 nested arrays" 'config\.json: nested deeper than 256 levels' run --bundle "$BUNDLE" "$ID"
	mkbundle "$BUNDLE" /init hello
	sed -i 's|"/init",|"/init\\u0000x",|' "$BUNDLE/config.json"
	bad "a NUL in a string" 'process\.args\[0\]: \\u0000 \(NUL\) in string' run --bundle "$BUNDLE" "$ID"
	counts
}

# The same for files runc reads as they come: a FIFO (runc blocks on it,
# waiting for a writer) and a character device.
test_hostile_config_not_regular() {
	runlet_only "runc 1.1.5 opens config.json blocking: a FIFO hangs it"
	mkctr /init hello
	rm "$BUNDLE/config.json"
	mkfifo "$BUNDLE/config.json"
	bad "a FIFO" 'config\.json: not a regular file' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/config.json"
	ln -s /dev/zero "$BUNDLE/config.json"
	bad "/dev/zero" 'config\.json: not a regular file' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/config.json"
	mkbundle "$BUNDLE" /init hello
	# real but too large: 5 MiB of annotations
	head -c 5242880 /dev/zero | tr '\0' ' ' >>"$BUNDLE/config.json"
	bad "5 MiB" 'config\.json: not a regular file of at most 4 MiB' run --bundle "$BUNDLE" "$ID"
	counts
}

test_hostile_bundle_and_flags() {
	mkctr /init hello
	bad "--bundle missing" '--bundle .*: No such file' run --bundle "$T/nowhere" "$ID"
	bad "--bundle a file" 'config\.json: Not a directory' run --bundle "$BUNDLE/config.json" "$ID"
	: >"$T/afile"
	bad "--root a file" '--root\)?: Not a directory|--root' --root "$T/afile" run --bundle "$BUNDLE" "$ID"
	bad "--pid-file in a missing directory" '--pid-file .*/nodir/pid: No such file' \
		run --detach --pid-file "$T/nodir/pid" --bundle "$BUNDLE" "$ID"
	mkdir -p "$T/piddir"
	bad "--pid-file a directory" '--pid-file .*piddir' run --detach --pid-file "$T/piddir" --bundle "$BUNDLE" "$ID"
	bad "--log-format" '--log-format must be text or json' --log-format xml state "$ID"
	bad "--log in a missing directory" '--log .*/nodir/log' --log "$T/nodir/log" state "$ID"
	for _n in abc -1 70000; do
		# (runc takes -1 as 0)
		[ "$_n" = -1 ] && [ "$RUNTIME_IS_RUNLET" != 1 ] && continue
		bad "--preserve-fds $_n" "--preserve-fds: \"$_n\" is not a count" run --preserve-fds "$_n" --bundle "$BUNDLE" "$ID"
	done
	# a container to aim the other commands at
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	for _s in BOGUS SIGBOGUS 99999 ''; do
		# (runc takes "" as the default, SIGTERM)
		[ -z "$_s" ] && [ "$RUNTIME_IS_RUNLET" != 1 ] && continue
		bad "signal '$_s'" "unknown signal \"$_s\"" kill "$ID" "$_s"
	done
	bad "signal '-9'" 'unknown option -9' kill "$ID" -9
	bad "exec --user" '--user "abc"' exec --user abc "$ID" /init hello
	bad "exec --process missing" '--process .*/nowhere' exec --process "$T/nowhere" "$ID"
	bad "update --memory" '--memory: "lots" is not a number' update --memory lots "$ID"
	proc_alive "$(pid_of)" || fail "a refused command hurt the container"
	rt_cap delete --force "$ID"
	expect_rc 0
	counts
}

# --console-socket that is not a listening socket.
test_hostile_console_socket() {
	CFG_TERMINAL=true mkctr /init hello
	: >"$T/notsock"
	bad "--console-socket a file" '--console-socket: connect to .*/notsock' \
		run --detach --console-socket "$T/notsock" --bundle "$BUNDLE" "$ID"
	bad "--console-socket missing" '--console-socket: connect to .*/nowhere: No such file' \
		run --detach --console-socket "$T/nowhere" --bundle "$BUNDLE" "$ID"
	mkdir -p "$T/sockdir"
	bad "--console-socket a directory" '--console-socket: connect to .*/sockdir' \
		run --detach --console-socket "$T/sockdir" --bundle "$BUNDLE" "$ID"
	counts
}

test_hostile_rootfs() {
	mkctr /init hello
	rm -r "$BUNDLE/rootfs"
	bad "root.path missing" 'root\.path: rootfs: No such file' run --bundle "$BUNDLE" "$ID"
	: >"$BUNDLE/rootfs"
	bad "root.path a file" 'root\.path: .*Not a directory' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/rootfs"
	ln -s "$T/nowhere" "$BUNDLE/rootfs"
	bad "root.path a dangling symlink" 'root\.path: rootfs: No such file' run --bundle "$BUNDLE" "$ID"
	rm "$BUNDLE/rootfs"
	CFG_MOUNTS="{ \"destination\": \"/x\", \"type\": \"bind\", \"source\": \"$T/nowhere\" }" mkbundle "$BUNDLE" /init hello
	bad "a missing bind source" "mounts\[7\]\.source: $T/nowhere: No such file" run --bundle "$BUNDLE" "$ID"
	counts
}

# root.path a symlink to the real rootfs: followed (see the top).
test_rootfs_symlink_followed() {
	runlet_only "runc 1.1.5 refuses it: invalid rootfs: not an absolute path, or a symlink"
	mkctr /init sleep 30
	mv "$BUNDLE/rootfs" "$BUNDLE/real"
	ln -s real "$BUNDLE/rootfs"
	create
	expect_rc 0
	expect_eq "the state's rootfs" "$BUNDLE/real" "$(rt state "$ID" | json_get rootfs)"
	rt_cap delete --force "$ID"
	expect_rc 0
}

# ".." in config paths stays inside the rootfs; a relative destination is
# refused (runc warns and skips it).
test_hostile_dotdot_paths() {
	mkdir -p "$T/outside"
	CFG_READONLY=false CFG_CWD="/../../../../../../$T/outside" \
		CFG_MOUNTS="{ \"destination\": \"/../../../../../../$T/outside/m\", \"type\": \"tmpfs\", \"source\": \"tmpfs\" }" \
		mkctr /init cwd -- ls .
	run_fg
	expect_rc 0
	expect_grep "^$T/outside\$" "$OUT"
	expect_eq "the host's $T/outside" "" "$(ls -A "$T/outside")"
	[ -d "$BUNDLE/rootfs$T/outside/m" ] || fail "the mount point is not inside the rootfs"
	runlet_only "runc 1.1.5 warns about a relative mount destination and goes on"
	CFG_MOUNTS='{ "destination": "tmp/rel", "type": "tmpfs", "source": "tmpfs" }' mkctr /init hello
	bad "a relative mount destination" 'mounts\[7\]\.destination: "tmp/rel" must be an absolute path' \
		run --bundle "$BUNDLE" "$ID"
	counts
}

# A hook that never exits, with a timeout: ended, named, nothing left.
test_hostile_hook_never_exits() {
	runlet_only "runc 1.1.5 waits for the hook's output to close, past the timeout (hooks.sh)"
	printf '#!/bin/sh\nexec sleep 1000\n' >"$T/forever.sh"
	chmod +x "$T/forever.sh"
	mkctr /init hello
	sed -i "1s|^{\$|{ \"hooks\": { \"createContainer\": [ { \"path\": \"$T/forever.sh\", \"timeout\": 1 } ] },|" \
		"$BUNDLE/config.json"
	bad "a hook that never exits" "hooks\.createContainer\[0\]: .*forever\.sh timed out after 1 s" \
		run --bundle "$BUNDLE" "$ID"
	counts
}

# The container's process gone before start: start fails and says so;
# delete then cleans up.
test_hostile_exit_before_start() {
	mkctr /init hello
	create
	expect_rc 0
	kill -9 "$(pid_of)"
	wait_status stopped
	bad "start after the process died" 'exited before start|it is stopped' start "$ID"
	rt_cap delete "$ID"
	expect_rc 0
	counts
}

# Files the runtime may not read: root without CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH (setpriv drops them from the bounding set, so that
# they are not regained at exec) is held to file modes like anyone. An
# unreadable config.json, a bundle that cannot be searched, a rootfs that
# cannot be searched: each a clear error naming it, and nothing left.
test_hostile_unreadable_files() {
	need setpriv
	setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search true 2>/dev/null ||
		skip "setpriv cannot drop capabilities here"
	printf '#!/bin/sh\nexec setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search "%s" "$@"\n' \
		"$RUNTIME" >"$T/nodac"
	chmod 755 "$T/nodac"
	_rt=$RUNTIME
	RUNTIME=$T/nodac
	mkctr /init hello
	chmod 000 "$BUNDLE/config.json"
	bad "config.json of mode 0" 'config\.json: Permission denied' run --bundle "$BUNDLE" "$ID"
	chmod 644 "$BUNDLE/config.json"
	chmod 000 "$BUNDLE"
	bad "a bundle of mode 0" 'config\.json: Permission denied' run --bundle "$BUNDLE" "$ID"
	chmod 755 "$BUNDLE"
	chmod 000 "$BUNDLE/rootfs"
	# (runc 1.1.5: "unable to start init: fork/exec /proc/self/exe:
	# permission denied", its cwd being the bundle)
	bad "a rootfs of mode 0" 'mounts\[0\]\.destination: /proc: Permission denied' run --bundle "$BUNDLE" "$ID"
	chmod 755 "$BUNDLE/rootfs"
	RUNTIME=$_rt
	# the same bundle, readable again, runs
	run_fg
	expect_rc 0
	counts
}
