# json: config.json through json.c's model and back. build/dumpcfg
# (test/dumpcfg.c) parses a file as runlet does and writes the model as
# JSON in the spec's field names; each fixture must come back the same
# (jq -S), but for the differences listed below, each with its reason.
#
# Fixtures: test/fixtures/engines (configs podman and containerd wrote),
# test/fixtures/runlet (every field of the model) and test/fixtures/spec (the runtime-spec's examples and schema tests,
# made by test/fixtures/spec/extract.sh), and, when ../shared is beside
# the repository, its engine fixtures and schema tests too (so one added
# there is covered before it is copied here).

DUMPCFG=${DUMPCFG:-$REPO/build/dumpcfg}
FIX=$TESTDIR/fixtures
SHARED=$REPO/../shared

need_dumpcfg() {
	need jq awk diff
	[ -x "$DUMPCFG" ] || skip "no $DUMPCFG: make build/dumpcfg (make check builds it)"
}

# ------------------------------------------------------------ the exceptions
#
# What json.c's model does not keep, or fills in, as jq applied to the
# input before the comparison. Nothing else may differ.
NORM_IN='
# dflt(f; d): where f is an object, the members of d it lacks, with d'"'"'s
# values: fields with no presence flag in oci.h, whose absence the model
# holds as their default.
def dflt(f; d): if (f | type) == "object" then f |= d + . else . end;
def dflt_each(f; d): if (f | type) == "array" then f |= map(d + .) else . end;

def process_in:
	# Windows-only fields (config.md): not read on Linux
	del(.commandLine) | del(.user.username)
	# no presence flag: false when absent; user is REQUIRED on Linux, its
	# uid and gid 0 when absent
	| {terminal: false, noNewPrivileges: false, user: {}} + .
	| dflt(.user; {uid: 0, gid: 0})
	| dflt(.scheduler; {nice: 0, priority: 0, runtime: 0, deadline: 0, period: 0})
	| dflt(.ioPriority; {priority: 0})
	| dflt_each(.rlimits; {soft: 0, hard: 0});

def resources_in:
	# the spec'"'"'s defaults, which json.c fills in: type "a", access "rwm"
	dflt_each(.devices; {type: "a", access: "rwm"})
	# no presence flag: false when absent (written whenever memory is)
	| dflt(.memory; {checkBeforeUpdate: false});

def config_in:
	# no presence flag: false when absent
	dflt(.root; {readonly: false})
	| if .process then .process |= process_in else . end
	| if .linux.resources then .linux.resources |= resources_in else . end
	# no presence flag: 0 when absent
	| if .linux.seccomp.syscalls then .linux.seccomp.syscalls |= map(dflt_each(.args; {valueTwo: 0})) else . end
	# linux.personality.flags: none are defined, json.c skips them
	| if .linux.personality then del(.linux.personality.flags) else . end
	# linux.resources.oomScoreAdj (in the schema tests'"'"' spec-example.json):
	# gone from the spec since v1.0.0-rc5 (now process.oomScoreAdj), so an
	# unknown key, skipped
	| if .linux.resources then del(.linux.resources.oomScoreAdj) else . end
	# no presence flag: false when absent
	| dflt(.linux.intelRdt; {enableMonitoring: false});
'
# Applied to both sides: what has no order (or no duplicates) in the model.
NORM_BOTH='
def sets:
	# one slot per namespace type in the model: in its order, not the file'"'"'s
	(if .linux.namespaces then .linux.namespaces |= sort_by(.type) else . end)
	# a bit per architecture and per flag: a set
	| if .linux.seccomp.architectures then .linux.seccomp.architectures |= unique else . end
	| if .linux.seccomp.flags then .linux.seccomp.flags |= unique else . end;
'

# Fixtures json.c refuses by a field's name while the model lacks the
# field (none today: the whole 1.3 model is parsed). A field added to the
# model needs one dump_* function in test/dumpcfg.c, and its line here
# removed. FILE (basename) and the field the refusal names.
PENDING='
'

# ------------------------------------------------------------ the comparison

# Numbers of 16 digits or more become strings "#N" on both sides: jq 1.6
# holds numbers as doubles, where 2^64-1 and 2^64-2 are the same.
BIGNUM_AWK='BEGIN { RS = "\001" }
{
	s = $0; n = length(s); out = ""; i = 1; instr = 0
	while (i <= n) {
		c = substr(s, i, 1)
		if (instr) {
			if (c == "\\") { out = out substr(s, i, 2); i += 2; continue }
			if (c == "\"") instr = 0
			out = out c; i++; continue
		}
		if (c == "\"") { instr = 1; out = out c; i++; continue }
		if (c ~ /[-0-9]/) {
			j = i
			while (j <= n && substr(s, j, 1) ~ /[-+.eE0-9]/) j++
			tok = substr(s, i, j - i); d = tok; gsub(/[^0-9]/, "", d)
			out = out (length(d) >= 16 ? "\"#" tok "\"" : tok)
			i = j; continue
		}
		out = out c; i++
	}
	printf "%s", out
}'

kind_of() {
	case $1 in
	*.process.json) echo process ;;
	*.resources.json) echo resources ;;
	*) echo config ;;
	esac
}

# roundtrip FILE: 0 and nothing printed if it comes back the same; 2 if it
# is pending (refused as expected); else 1 and what differs.
roundtrip() {
	_k=$(kind_of "$1")
	_b=$(basename "$1")
	_pend=$(printf '%s\n' "$PENDING" | awk -v f="$_b" '$1 == f { print $2 }')
	if ! "$DUMPCFG" "$_k" "$1" >"$T/dump" 2>"$T/err"; then
		if [ -n "$_pend" ] && grep -qF "$_pend: not supported" "$T/err"; then
			return 2
		fi
		printf '%s: dumpcfg %s failed: %s\n' "$1" "$_k" "$(cat "$T/err")"
		return 1
	fi
	if [ -n "$_pend" ]; then
		printf '%s: listed as pending (%s is refused), but it parses: remove it from PENDING and dump the field\n' "$1" "$_pend"
		return 1
	fi
	case $_k in
	config) _in=config_in ;;
	process) _in=process_in ;;
	resources) _in=resources_in ;;
	esac
	awk "$BIGNUM_AWK" "$1" | jq -S "$NORM_IN $NORM_BOTH $_in | sets" >"$T/want" 2>"$T/err" &&
		awk "$BIGNUM_AWK" "$T/dump" | jq -S "$NORM_BOTH sets" >"$T/got" 2>>"$T/err" ||
		{ printf '%s: jq: %s\n' "$1" "$(cat "$T/err")"; return 1; }
	if ! diff -u "$T/want" "$T/got" >"$T/diff"; then
		printf '%s: the model differs from the file (- file, + model):\n' "$1"
		sed -n '3,40p' "$T/diff"
		return 1
	fi
	return 0
}

# roundtrip_all FILE...: every file, then one failure listing them all.
roundtrip_all() {
	_ok=0 _pending=0 _bad=0
	: >"$T/report"
	for _f in "$@"; do
		[ -f "$_f" ] || continue
		roundtrip "$_f" >>"$T/report"
		case $? in
		0) _ok=$((_ok + 1)) ;;
		2) _pending=$((_pending + 1)) ;;
		*) _bad=$((_bad + 1)) ;;
		esac
	done
	echo "$_ok round-tripped, $_pending pending, $_bad differ"
	[ $((_ok + _pending + _bad)) -gt 0 ] || fail "no fixtures found"
	[ $_bad = 0 ] || fail "$_bad of $((_ok + _pending + _bad)) fixtures differ:
$(cat "$T/report")"
}

test_roundtrip_engines() {
	need_dumpcfg
	roundtrip_all "$FIX"/engines/*.json
}

# The engine fixtures of ../shared: each one checked in (the same bytes)
# and round-tripped.
test_roundtrip_shared_engines() {
	need_dumpcfg
	[ -d "$SHARED/fixtures/engines" ] || skip "no $SHARED/fixtures/engines beside the repository (the checked-in copies are tested)"
	for _f in "$SHARED"/fixtures/engines/*.json; do
		cmp -s "$_f" "$FIX/engines/$(basename "$_f")" ||
			fail "$(basename "$_f"): not in test/fixtures/engines, or not the same: copy it there"
	done
	roundtrip_all "$SHARED"/fixtures/engines/*.json
}

# Written for this test: every field the model has, at least once, with
# edge values (2^64-1, INT64_MIN, escapes, empty lists and strings); and
# the fields still pending (memoryPolicy, the spec's example with its
# commas fixed; a mount's uid/gidMappings).
test_roundtrip_every_field() {
	need_dumpcfg
	roundtrip_all "$FIX"/runlet/*.json
}

test_roundtrip_spec_examples() {
	need_dumpcfg
	roundtrip_all "$FIX"/spec/*.json
}

test_roundtrip_schema_good() {
	need_dumpcfg
	_files="$FIX/spec/schema-good/*.json"
	[ -d "$SHARED/spec/schema-tests/config/good" ] && _files="$_files $SHARED/spec/schema-tests/config/good/*.json"
	# shellcheck disable=SC2086
	roundtrip_all $_files
}

# The schema tests' bad configs and the spec's examples that are not
# valid JSON: refused, with the message naming what is wrong.
test_refused() {
	need_dumpcfg
	for _case in \
		'schema-bad/invalid-json.json|invalid JSON' \
		'schema-bad/linux-netdevice.json|linux.netDevices.eth0.name: expected string, got number' \
		'schema-bad/linux-rdma.json|linux.resources.rdma.mlx5_1.hcaHandles: expected integer, got string' \
		'invalid/config-md-09.json|invalid JSON' \
		'invalid/config-linux-md-16.json|invalid JSON' \
		'invalid/config-linux-md-20.json|invalid JSON'; do
		_f=$FIX/spec/${_case%%|*}
		! "$DUMPCFG" config "$_f" >/dev/null 2>"$T/err" || fail "${_case%%|*}: accepted"
		grep -q "${_case#*|}" "$T/err" || fail "${_case%%|*}: expected '${_case#*|}', got: $(cat "$T/err")"
	done
	# schema-bad/linux-hugepage.json ("64kB": the schema wants an upper-case
	# unit) is accepted: json.c checks only that pageSize names no path;
	# the kernel has no hugetlb.64kB files, so creating it fails there.
	"$DUMPCFG" config "$FIX/spec/schema-bad/linux-hugepage.json" >/dev/null ||
		fail "linux-hugepage.json: refused at parse time now: move it to the list above"
}
