# features: the runtime-spec features document (features.md,
# features-linux.md), checked against schema/features-schema.json without jq
# or python (the boards have busybox only): the output is pretty-printed one
# value a line, as runc and runlet print it, so each line is checked for
# shape, brackets and commas, then each array's items against the schema's
# enums. Where python3's jsonschema is (the host), the schema itself
# checks it too, for the full build and a reduced one. runc 1.1.5 has `features` too: the schema tests run against it;
# what must match runlet's --version is runlet only.

# features: run `features`, its output in $T/f.
features() {
	rt_cap features
	expect_rc 0
	cp "$T/out" "$T/f"
}

# ft_list KEY: the strings of array KEY in $T/f, one a line ("[]": none).
ft_list() {
	sed -n "/\"$1\": \[\$/,/^ *\]/p" "$T/f" | sed -n 's/^ *"\([^"]*\)",*$/\1/p'
}

# ft_bool OBJECT KEY: true or false, KEY in object OBJECT; empty if absent.
ft_bool() {
	sed -n "/\"$1\": {\$/,/^ *}/p" "$T/f" | sed -n "s/^ *\"$2\": \([a-z]*\),*\$/\1/p" | head -n 1
}

# expect_items KEY ERE: every item of array KEY matches ERE, whole.
expect_items() {
	_bad=$(ft_list "$1" | grep -Evx -- "$2")
	[ -z "$_bad" ] || fail "$1: not in the schema: $_bad"
}

# expect_item KEY WORD: array KEY has the item WORD.
expect_item() {
	ft_list "$1" | grep -qx -- "$2" || fail "$1: no \"$2\" in: $(ft_list "$1" | tr '\n' ' ')"
}

# json_lines FILE: one JSON value a line: a line is a key and/or a scalar,
# an opening bracket, or a closing one; brackets nest and match; a comma
# ends an item exactly when another follows; objects have keys, arrays not.
json_lines() {
	_stack='' _prev=start _n=0
	while IFS= read -r _l; do
		_n=$((_n + 1))
		_l=${_l#"${_l%%[! ]*}"}
		_comma=end
		case $_l in *,) _comma=comma _l=${_l%,} ;; esac
		_top=${_stack#"${_stack%?}"}
		case $_l in
		'}' | ']')
			case $_prev in open | end) ;; *) fail "line $_n: '$_l' after a comma" ;; esac
			[ "$_top$_l" = '{}' ] || [ "$_top$_l" = '[]' ] || fail "line $_n: '$_l' closes '$_top'"
			_stack=${_stack%?}
			_prev=$_comma
			continue
			;;
		esac
		case $_prev in
		open | comma | start) ;;
		*) fail "line $_n: no comma before it" ;;
		esac
		case $_l in
		'"'*'": '*)
			[ "$_top" = '{' ] || fail "line $_n: a key outside an object"
			_l=${_l#*'": '}
			;;
		*) [ "$_top" != '{' ] || fail "line $_n: no key in an object: $_l" ;;
		esac
		case $_l in
		'{' | '[')
			[ $_comma = end ] || fail "line $_n: a comma after '$_l'"
			_stack=$_stack$_l
			_prev=open
			continue
			;;
		'{}' | '[]' | true | false | null) ;;
		'"'*'"') case ${_l#?} in *[!\\]'"'?*) fail "line $_n: not one string: $_l" ;; esac ;;
		-[0-9]* | [0-9]*) case $_l in *[!0-9.eE+-]*) fail "line $_n: not a number: $_l" ;; esac ;;
		*) fail "line $_n: not a JSON value: $_l" ;;
		esac
		_prev=$_comma
	done <"$1"
	[ $_n -gt 0 ] || fail "no output"
	[ -z "$_stack" ] || fail "unclosed: $_stack"
	[ "$_prev" = end ] || fail "ends with a comma or nothing"
}

# Well-formed, and what the schema types and enums allow.
test_schema() {
	features
	json_lines "$T/f"
	head -n 1 "$T/f" | grep -qx '{' || fail "not an object"
	expect_grep '^ *"ociVersionMin": "[0-9]+\.[0-9]+\.[0-9]+[^"]*",?$' "$T/f"
	expect_grep '^ *"ociVersionMax": "[0-9]+\.[0-9]+\.[0-9]+[^"]*",?$' "$T/f"
	expect_items hooks 'prestart|createRuntime|createContainer|startContainer|poststart|poststop'
	expect_items namespaces 'mount|pid|network|uts|ipc|user|cgroup|time'
	expect_items capabilities 'CAP_[A-Z_]+'
	expect_items actions 'SCMP_ACT_(KILL|KILL_PROCESS|KILL_THREAD|TRAP|ERRNO|TRACE|ALLOW|LOG|NOTIFY)'
	expect_items operators 'SCMP_CMP_(NE|LT|LE|EQ|GE|GT|MASKED_EQ)'
	expect_items archs 'SCMP_ARCH_(X86|X86_64|X32|ARM|AARCH64|LOONGARCH64|M68K|MIPS|MIPS64|MIPS64N32|MIPSEL|MIPSEL64|MIPSEL64N32|PPC|PPC64|PPC64LE|S390|S390X|SH|SHEB|PARISC|PARISC64|RISCV64)'
	_flags='SECCOMP_FILTER_FLAG_(TSYNC|LOG|SPEC_ALLOW|WAIT_KILLABLE_RECV)'
	expect_items knownFlags "$_flags"
	expect_items supportedFlags "$_flags"
	for _f in $(ft_list supportedFlags); do
		expect_item knownFlags "$_f"
	done
	for _k in v1 v2 systemd systemdUser rdma; do
		case $(ft_bool cgroup $_k) in '' | true | false) ;; *) fail "cgroup.$_k: not a boolean" ;; esac
	done
	for _o in seccomp apparmor selinux intelRdt idmap netDevices; do
		case $(ft_bool $_o enabled) in '' | true | false) ;; *) fail "$_o.enabled: not a boolean" ;; esac
	done
}

# What every runtime supports, and nothing it would refuse.
test_common_entries() {
	features
	expect_item mountOptions rbind
	expect_item mountOptions ro
	# (a runlet built with CFG_CAPS=0 refuses process.capabilities)
	[ "$RUNTIME_IS_RUNLET" = 1 ] && "$RUNTIME" --version | grep -q -- -CAPS ||
		expect_item capabilities CAP_SYS_ADMIN
	expect_item namespaces mount
	expect_item namespaces pid
	[ "$(ft_bool idmap enabled)" = true ] || ! ft_list mountOptions | grep -qx idmap ||
		fail "mountOptions lists idmap, but mountExtensions.idmap is not enabled"
}

test_no_arguments() {
	rt_cap features extra
	expect_rc 1
}

# The document says what --version says was compiled in.
test_matches_build() {
	runlet_only "features differ from runlet's compiled-in flags"
	raw_cap --version
	expect_rc 0
	cp "$T/out" "$T/v"
	features
	expect_grep '^  "ociVersionMin": "1\.0\.0",$' "$T/f"
	expect_grep '^  "ociVersionMax": "1\.3\.0",$' "$T/f"
	if grep -q '+HOOKS' "$T/v"; then
		for _h in prestart createRuntime createContainer startContainer poststart poststop; do
			expect_item hooks $_h
		done
	else
		[ -z "$(ft_list hooks)" ] || fail "-HOOKS but hooks listed: $(ft_list hooks | tr '\n' ' ')"
	fi
	for _ns in pid network ipc uts mount cgroup; do
		expect_item namespaces $_ns
	done
	for _p in USERNS:user TIMENS:time; do
		if grep -q "+${_p%:*}" "$T/v"; then
			expect_item namespaces "${_p#*:}"
		elif ft_list namespaces | grep -qx "${_p#*:}"; then
			fail "namespaces lists ${_p#*:}, but --version says -${_p%:*}"
		fi
	done
	_want=false
	grep -q '+SECCOMP' "$T/v" && _want=true
	expect_eq "seccomp.enabled (--version: $(grep -o '.SECCOMP' "$T/v"))" $_want "$(ft_bool seccomp enabled)"
	if [ $_want = true ]; then
		expect_item actions SCMP_ACT_ERRNO
		expect_item operators SCMP_CMP_MASKED_EQ
		[ -n "$(ft_list archs)" ] || fail "seccomp enabled but no archs"
	else
		[ -z "$(ft_list actions)" ] || fail "seccomp disabled but actions listed"
	fi
	_want=false
	grep -q '+CGROUP_V1' "$T/v" && _want=true
	expect_eq "cgroup.v1" $_want "$(ft_bool cgroup v1)"
	_want=false
	grep -q '+CGROUP_V2' "$T/v" && _want=true
	expect_eq "cgroup.v2" $_want "$(ft_bool cgroup v2)"
	if grep -q '+CAPS' "$T/v"; then
		expect_item capabilities CAP_SYS_ADMIN
	else
		[ -z "$(ft_list capabilities)" ] || fail "-CAPS but capabilities listed"
	fi
	_want=false
	grep -q '+SELINUX' "$T/v" && _want=true
	expect_eq "selinux.enabled (--version: $(grep -o '.SELINUX' "$T/v"))" $_want "$(ft_bool selinux enabled)"
	expect_eq "intelRdt.enabled" false "$(ft_bool intelRdt enabled)"
	for _o in apparmor idmap netDevices; do
		expect_eq "$_o.enabled" true "$(ft_bool $_o enabled)"
	done
	expect_grep '^    "runlet.version": "[0-9]' "$T/f"
}

# schema_check FILE: FILE is valid against the runtime-spec's
# features-schema.json (v1.3.0, copied to test/fixtures/spec/schema), by
# python3's jsonschema (Debian's python3-jsonschema, scripts/deps.sh test;
# the boards have no python: skipped there).
schema_check() {
	_py=
	for _p in python3 /usr/bin/python3; do
		"$_p" -c 'import jsonschema' 2>/dev/null && _py=$_p && break
	done
	[ -n "$_py" ] || skip "needs python3 with jsonschema (python3-jsonschema)"
	"$_py" - "$REPO/test/fixtures/spec/schema" "$1" >"$T/schema.out" 2>&1 <<'PY'
import json, os, sys, warnings
import jsonschema
warnings.simplefilter("ignore")  # RefResolver: deprecated in 4.18, all bookworm's 4.10 has
d, doc = os.path.abspath(sys.argv[1]), json.load(open(sys.argv[2]))
schema = json.load(open(d + "/features-schema.json"))
resolver = jsonschema.RefResolver("file://" + d + "/features-schema.json", schema)
jsonschema.Draft4Validator(schema, resolver=resolver).validate(doc)
PY
}

# The document validates against the schema, and the check can fail: the
# same document with a hook name that is a number does not.
test_schema_jsonschema() {
	features
	schema_check "$T/f" || fail "features: not valid against features-schema.json: $(tail -n 5 "$T/schema.out")"
	sed '0,/"hooks": \[/s//"hooks": [ 7,/' "$T/f" >"$T/bad"
	grep -q '"hooks": \[ 7,' "$T/bad" || fail "could not make the bad document"
	! schema_check "$T/bad" || fail "a features document with \"hooks\": [7, ...] passed the schema check"
	expect_grep 'is not of type .string.' "$T/schema.out"
}

# A reduced build (CFG_SECCOMP=0 CFG_HOOKS=0 CFG_USERNS=0, features on)
# says what it lacks: seccomp not enabled and no actions, no hooks, no
# user namespace; the rest as the full build's; still valid against the
# schema, and what --version says (test_matches_build with it).
test_reduced_build() {
	. "$TESTDIR/cases/minimal.sh" # build_cfg
	build_cfg reduced '-DCFG_SECCOMP=0 -DCFG_HOOKS=0 -DCFG_USERNS=0'
	raw_cap --version
	expect_grep '(^| )-SECCOMP( |$)' "$T/out"
	expect_grep '(^| )-HOOKS( |$)' "$T/out"
	expect_grep '(^| )-USERNS( |$)' "$T/out"
	expect_grep '(^| )\+FEATURES( |$)' "$T/out"
	features
	json_lines "$T/f"
	expect_eq "seccomp.enabled" false "$(ft_bool seccomp enabled)"
	for _k in actions operators archs knownFlags supportedFlags; do
		[ -z "$(ft_list $_k)" ] || fail "seccomp disabled, but $_k lists: $(ft_list $_k | tr '\n' ' ')"
	done
	expect_grep '^  "hooks": \[\],$' "$T/f"
	! ft_list namespaces | grep -qx user || fail "namespaces lists user in a CFG_USERNS=0 build"
	for _ns in pid network ipc uts mount cgroup time; do
		expect_item namespaces $_ns
	done
	expect_item capabilities CAP_SYS_ADMIN
	test_matches_build
	# last: it skips where there is no python3 jsonschema
	schema_check "$T/f" || fail "features: not valid against features-schema.json: $(tail -n 5 "$T/schema.out")"
}
