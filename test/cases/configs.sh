# A minimal build (the optional CFG_* off): it builds, says so, and
# refuses each compiled-out feature by name before anything is created.
# (CFG_CAPS stays on here: without it every config that lists
# capabilities, the template included, is refused first.)

MINIMAL_CFG='-DCFG_SECCOMP=0 -DCFG_USERNS=0 -DCFG_TIMENS=0 -DCFG_DEBUG=0 -DCFG_HOOKS=0 -DCFG_TERMINAL=0 -DCFG_EXEC=0 -DCFG_EVENTS=0'

build_minimal() {
	runlet_only "a build of runlet"
	need musl-gcc make
	[ -f "$REPO/runtime.c" ] || skip "no sources at $REPO"
	mkdir -p "$T/src"
	cp "$REPO"/*.c "$REPO"/*.h "$REPO/Makefile" "$T/src/" && mkdir -p "$T/src/scripts" &&
		cp "$REPO/scripts/deps.sh" "$T/src/scripts/" || fail "copy the sources"
	# the board rules are optional for this build
	sed -i '/^include board/d' "$T/src/Makefile"
	make -s -C "$T/src" CFG="$MINIMAL_CFG" runlet >"$T/build.log" 2>&1 ||
		fail "the minimal build failed: $(tail -n 5 "$T/build.log")"
	MIN=$T/src/runlet
}

test_minimal_build_refuses() {
	build_minimal
	"$MIN" --version >"$T/v"
	expect_grep '\-SECCOMP -HOOKS -TERMINAL -EXEC -EVENTS' "$T/v"
	for _case in \
		'seccomp|"linux": {|"linux": { "seccomp": { "defaultAction": "SCMP_ACT_ALLOW" },' \
		'CFG_USERNS=0|"namespaces": \[|"namespaces": [ { "type": "user" },' \
		'CFG_TIMENS=0|"namespaces": \[|"namespaces": [ { "type": "time" },' \
		'CFG_HOOKS=0|^{$|{ "hooks": { "prestart": [ { "path": "/bin/true" } ] },' \
		'CFG_TERMINAL=0|"terminal": false|"terminal": true'; do
		_want=${_case%%|*}
		_rest=${_case#*|}
		_from=${_rest%%|*}
		_to=${_rest#*|}
		mkctr /init hello
		sed -i "s#$_from#$_to#" "$BUNDLE/config.json"
		"$MIN" --root "$ROOT" run --console-socket "$T/none" --bundle "$BUNDLE" "$ID" >"$OUT" 2>"$ERR" </dev/null
		RC=$?
		expect_fail
		expect_grep "$_want" "$ERR"
	done
	"$MIN" --root "$ROOT" exec x /init >"$T/out" 2>"$T/err"
	RC=$?
	expect_fail
	expect_grep 'CFG_EXEC=0' "$T/err"
}

# linux.intelRdt: without a mounted resctrl the spec says MUST fail.
test_intel_rdt_without_resctrl() {
	runlet_only "runc 1.1.5 creates the container regardless (a MUST of the spec)"
	grep -q ' - resctrl ' /proc/self/mountinfo && skip "resctrl is mounted here"
	CFG_LINUX='"intelRdt": { "closID": "guaranteed_group", "schemata": [ "L3:0=7f0" ] }' mkctr /init hello
	create
	expect_fail
	expect_grep 'linux\.intelRdt: no resctrl filesystem is mounted here' "$ERR"
}
