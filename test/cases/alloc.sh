# alloc: runlet's allocator (alloc.c) never frees, by design: each command
# lives for moments. The one that lives on, `events`, must not grow with
# every round of its poll.

# vm_kb PID FIELD: FIELD of /proc/PID/status in kB (VmRSS, VmData).
vm_kb() {
	sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status" 2>/dev/null
}

# events polls every 100 ms (OOM kills, the end of the container) and
# writes stats every --interval: 20 ms here, so stats every round. Over 3
# seconds (30 rounds, about 150 files read) its memory must stay flat; it
# grew 100 kB a second, without bound, before the rounds gave their
# memory back.
test_events_memory_flat() {
	runlet_only "runlet's own allocator"
	# ASan's allocator keeps freed memory in quarantine: its RSS grows
	[ "${RUNLET_ASAN:-0}" = 1 ] && skip "RUNTIME is an ASan build: its memory is ASan's"
	mkctr /init sleep 30
	run_detach
	expect_rc 0
	wait_status running
	"$RUNTIME" --root "$ROOT" events --interval 20ms "$ID" >"$T/events" 2>"$T/events.err" &
	_ev=$!
	echo "$_ev runtime" >>"$T/bg"
	wait_for "two stats events" sh -c "[ \$(grep -c '\"type\":\"stats\"' '$T/events') -ge 2 ]"
	sleep 1
	_d0=$(vm_kb "$_ev" VmData)
	_r0=$(vm_kb "$_ev" VmRSS)
	_n0=$(grep -c '"type":"stats"' "$T/events")
	sleep 3
	_d1=$(vm_kb "$_ev" VmData)
	_r1=$(vm_kb "$_ev" VmRSS)
	_n1=$(grep -c '"type":"stats"' "$T/events")
	[ -n "$_d0" ] && [ -n "$_d1" ] || fail "events (pid $_ev) is gone: $(cat "$T/events.err")"
	[ $((_n1 - _n0)) -ge 10 ] || fail "only $((_n1 - _n0)) stats events in 3 s"
	# one 256 KiB chunk of alloc.c at most, whatever the rounds do
	[ $((_d1 - _d0)) -le 256 ] ||
		fail "events grew by $((_d1 - _d0)) kB of data ($((_r1 - _r0)) kB resident) over $((_n1 - _n0)) stats events"
	[ $((_r1 - _r0)) -le 128 ] ||
		fail "events grew by $((_r1 - _r0)) kB resident over $((_n1 - _n0)) stats events"
	rt delete --force "$ID" || fail "delete failed"
	wait_for "events to end with the container" not_alive "$_ev"
}
