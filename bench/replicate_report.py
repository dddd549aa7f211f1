#!/usr/bin/env python3
"""Reads the JSON lines bench/replicate.sh wrote ({"round", "phase", "tool", "seconds"}) and prints, per phase,
each tool's median and the ratios tool / ours (how many times faster we are), as markdown."""
import json
import statistics
import sys

TOOLS = ["controlplane replicate", "aws s3 sync", "rclone sync"]
PHASES = ["full copy", "no-op resync", "resync after 100 changes"]

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
times = {}
for row in rows:
    times.setdefault((row["phase"], row["tool"]), []).append(row["seconds"])

print("| phase | ours s (median) | aws s3 sync s | rclone s | aws / ours | rclone / ours | runs per tool |")
print("|---|---:|---:|---:|---:|---:|---:|")
for phase in PHASES:
    medians = {tool: statistics.median(times[(phase, tool)]) for tool in TOOLS if (phase, tool) in times}
    if len(medians) < len(TOOLS):
        continue
    ours = medians[TOOLS[0]]
    print(f"| {phase} | {ours:.2f} | {medians[TOOLS[1]]:.2f} | {medians[TOOLS[2]]:.2f} | "
          f"{medians[TOOLS[1]] / ours:.1f}x | {medians[TOOLS[2]] / ours:.1f}x | {len(times[(phase, TOOLS[0])])} |")
print()
for phase in PHASES:
    for tool in TOOLS:
        if (phase, tool) in times:
            print(f"- {phase}, {tool}: " + " / ".join(f"{t:.2f}" for t in times[(phase, tool)]) + " s")
