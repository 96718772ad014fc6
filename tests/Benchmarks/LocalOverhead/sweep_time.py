#!/usr/bin/env python3
"""Sweep time of the newest run in a project's journal: first point's start to last point's end, from the run's
records (what the workers wrote), with the points and the points per second. Usage: sweep_time.py PROJECT_DIR"""
import datetime, glob, json, os, sys

runs = sorted(glob.glob(os.path.join(sys.argv[1], ".experiments", "runs", "*")), key=os.path.getmtime)
if not runs:
    sys.exit(f"no run in {sys.argv[1]}/.experiments/runs")
first, last, points = None, None, set()
for path in glob.glob(os.path.join(runs[-1], "records", "*.jsonl")):
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            start = datetime.datetime.fromisoformat(r["startedAt"].replace("Z", "+00:00")).timestamp()
            first = start if first is None else min(first, start)
            if r["status"] != "started":
                points.add((r["experiment"], r["key"]))
                end = start + (r["duration"] or 0)
                last = end if last is None else max(last, end)
seconds = max(last - first, 1e-3)
print(f"{len(points)} {seconds:.3f} {len(points) / seconds:.0f}")
