#!/usr/bin/env python3
"""bench/mountwin.py: the mount setup of each traced run, from ftrace.

Reads a trace (tracefs text: syscalls:sys_{enter,exit}_<mount calls>,
sched:sched_switch, and "RUN <runtime> <bundle>" markers written before
each run) on stdin. A run's container process is the one that calls
pivot_root (or chroot, for --no-pivot); its mount setup is the window from
its first mount-family syscall to the end of its last one. Of that window:

  work   the window less the time the process slept interruptibly (state S:
         a read of a pipe from its parent, a wait for another process).
         It keeps the time the process ran and the time it spent in the
         kernel in uninterruptible waits for its own mounts (state D)
         or preempted (R).
  cpu    the time the process was on a CPU within the window.

Prints one line per runtime and bundle: runs, then the median of each
figure (ms) and of the number of mount-family syscalls in the window.
"""
import re
import statistics
import sys
from collections import defaultdict

MOUNT_CALLS = {"mount", "umount", "pivot_root", "chroot", "mount_setattr",
               "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount"}
LINE = re.compile(r"\s*(.*?)-(\d+)\s+(?:\(\s*\S+\)\s+)?\[\d+\]\s+\S+\s+([\d.]+): (\w+)(: | -> |\()(.*)")


def main():
    label = None
    runs = defaultdict(lambda: {"label": None, "calls": [], "root": False})
    switches = []  # (ts, prev_pid, prev_state, next_pid)
    for line in sys.stdin:
        m = LINE.match(line)
        if not m:
            continue
        pid, ts, event, sep, rest = int(m.group(2)), float(m.group(3)), m.group(4), m.group(5), m.group(6)
        if event == "tracing_mark_write":
            if rest.startswith("RUN "):
                label = rest[4:].strip()
            continue
        if event == "sched_switch":
            f = dict(kv.split("=", 1) for kv in re.findall(r"\w+=\S+", rest))
            switches.append((ts, int(f["prev_pid"]), f["prev_state"], int(f["next_pid"])))
            continue
        # a syscall event prints as "sys_mount(args)", its exit as
        # "sys_mount -> 0x0"
        name = event[4:] if event.startswith("sys_") else None
        if name not in MOUNT_CALLS or sep == ": ":
            continue
        r = runs[pid]
        if r["label"] is None:
            r["label"] = label
        r["calls"].append((ts, "enter" if sep == "(" else "exit"))
        if name in ("pivot_root", "chroot"):
            r["root"] = True

    off = defaultdict(list)  # pid -> [(from, to, state)] off the CPU
    out_since = {}
    for ts, prev, state, nxt in switches:
        if prev in runs:
            out_since[prev] = (ts, state)
        if nxt in out_since:
            t0, st = out_since.pop(nxt)
            off[nxt].append((t0, ts, st))

    figures = defaultdict(lambda: defaultdict(list))
    for pid, r in runs.items():
        if not r["root"] or r["label"] is None or not r["calls"]:
            continue
        first = min(t for t, k in r["calls"] if k == "enter")
        last = max(t for t, k in r["calls"] if k == "exit")
        window = last - first
        sleep = offcpu = 0.0
        for t0, t1, st in off[pid]:
            o = max(0.0, min(t1, last) - max(t0, first))
            offcpu += o
            if st.startswith("S"):
                sleep += o
        f = figures[r["label"]]
        f["window"].append(window * 1e3)
        f["work"].append((window - sleep) * 1e3)
        f["cpu"].append((window - offcpu) * 1e3)
        f["calls"].append(sum(1 for _, k in r["calls"] if k == "enter"))

    for lab in sorted(figures):
        f = figures[lab]
        med = {k: statistics.median(v) for k, v in f.items()}
        print(lab, len(f["work"]), "%.3f %.3f %.3f %d" % (med["window"], med["work"], med["cpu"], med["calls"]))


main()
