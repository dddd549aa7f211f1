#!/usr/bin/env python3
"""Whole-process timing of two commands in turn (anchor, ours, anchor, ours, ...), so a drift in the
machine's speed hits both alike; the ratio ours/anchor is taken pair by pair and its median quoted.

Usage: paired_time.py RUNS WARMUP LABEL 'ANCHOR COMMAND' 'OUR COMMAND' [JSONL_FILE]
Each command is split like a shell splits words and run without a shell, its output thrown away;
a run that exits non-zero stops the bench. Prints markdown table rows; appends a JSON line to JSONL_FILE.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter_ns()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e9
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"paired_time: {argv[-2:]} exited {child.returncode}: {child.stderr.read().decode(errors='replace')[-2000:]}")
    child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def main():
    runs, warmup, label, anchor, ours = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], shlex.split(sys.argv[4]), shlex.split(sys.argv[5])
    for _ in range(warmup):
        run_once(anchor)
        run_once(ours)
    a_wall, a_cpu, o_wall, o_cpu, ratios = [], [], [], [], []
    for _ in range(runs):
        aw, ac = run_once(anchor)
        ow, oc = run_once(ours)
        a_wall.append(aw); a_cpu.append(ac); o_wall.append(ow); o_cpu.append(oc); ratios.append(ow / aw)
    med = statistics.median
    for name, wall, cpu in (("anchor", a_wall, a_cpu), (label, o_wall, o_cpu)):
        print(f"| {name} | {med(wall):.3f} | {min(wall):.3f} | {max(wall):.3f} | {med(cpu):.3f} |")
    print(f"| {label} / anchor (median of pairwise ratios) | {med(ratios):.2f}x | {min(ratios):.2f}x | {max(ratios):.2f}x | |")
    if len(sys.argv) > 6:
        with open(sys.argv[6], "a") as jsonl:
            print(json.dumps({"label": label, "runs": runs, "anchor_wall_s": a_wall, "ours_wall_s": o_wall,
                              "anchor_cpu_s": a_cpu, "ours_cpu_s": o_cpu, "ratios": ratios}), file=jsonl)


if __name__ == "__main__":
    main()
