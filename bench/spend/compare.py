#!/usr/bin/env python3
"""Checks that the spend-analysis results agree and prints the timing table.

Usage: compare.py [--times TIMES.tsv] NAME=RESULT.json [NAME=RESULT.json ...]

The first result is the baseline. Per category id: öre and row counts must be
equal (integers), kg CO2e equal to a relative 1e-9. TIMES.tsv holds lines
`tool wall_seconds peak_rss_kb`, one per run; the table shows the median per
tool and the ratio to the first tool. Exit status 1 when the results differ.
"""

import argparse
import json
import statistics
import sys

REL_TOL = 1e-9


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    cats = {}
    for c in data["categories"]:
        if c["id"] in cats:
            raise SystemExit(f"{path}: kategorin {c['id']} förekommer två gånger")
        cats[c["id"]] = (int(c["ore"]), int(c["rows"]), float(c["kg_co2e"]))
    t = data["total"]
    return cats, (int(t["ore"]), int(t["rows"]), float(t["kg_co2e"]))


def kg_close(a, b):
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or (abs(a) < 1e-9 and abs(b) < 1e-9)


def check(results):
    """Returns a list of differences (empty when everything agrees)."""
    (base_name, (base_cats, base_total)), *rest = results
    diffs = []
    for name, (cats, total) in rest:
        for cid in sorted(set(base_cats) | set(cats)):
            a, b = base_cats.get(cid), cats.get(cid)
            if a is None or b is None:
                diffs.append(f"{cid}: finns bara i {name if a is None else base_name}")
                continue
            if a[0] != b[0]:
                diffs.append(f"{cid}: öre {base_name}={a[0]} {name}={b[0]} (diff {b[0] - a[0]})")
            if a[1] != b[1]:
                diffs.append(f"{cid}: rader {base_name}={a[1]} {name}={b[1]}")
            if not kg_close(a[2], b[2]):
                diffs.append(f"{cid}: kg CO2e {base_name}={a[2]!r} {name}={b[2]!r}")
        if total[0] != base_total[0] or total[1] != base_total[1]:
            diffs.append(f"total: {base_name}={base_total[:2]} {name}={total[:2]}")
        if not kg_close(total[2], base_total[2]):
            diffs.append(f"total kg CO2e: {base_name}={base_total[2]!r} {name}={total[2]!r}")
    return diffs


def table(times_path, order):
    runs = {}
    with open(times_path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            tool, wall, kb = parts
            runs.setdefault(tool, []).append((float(wall), int(kb)))
    tools = [t for t in order if t in runs] + sorted(t for t in runs if t not in order)
    if not tools:
        return
    med = {t: (statistics.median(w for w, _ in runs[t]), statistics.median(k for _, k in runs[t]) / 1024) for t in tools}
    base_wall, base_mb = med[tools[0]]
    print(f"{'tool':<11} {'runs':>4} {'wall s':>8} {'peak MB':>9} {'time ×':>8} {'memory ×':>9}")
    for t in tools:
        wall, mb = med[t]
        print(
            f"{t:<11} {len(runs[t]):>4} {wall:>8.2f} {mb:>9.1f} "
            f"{wall / base_wall if base_wall else float('nan'):>8.2f} {mb / base_mb if base_mb else float('nan'):>9.2f}"
        )
    print(f"(median of the runs; ratios relative to {tools[0]}; wall and peak RSS from GNU time)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--times")
    ap.add_argument("results", nargs="+", metavar="NAME=RESULT.json")
    args = ap.parse_args()
    results = []
    for spec in args.results:
        name, sep, path = spec.partition("=")
        if not sep:
            raise SystemExit(f"väntade NAMN=FIL, fick {spec}")
        results.append((name, load(path)))
    if args.times:
        table(args.times, [n for n, _ in results])
    base_name, (base_cats, base_total) = results[0]
    diffs = check(results) if len(results) > 1 else []
    names = ", ".join(n for n, _ in results)
    if diffs:
        print(f"RESULTS DIFFER ({names}):")
        for d in diffs:
            print("  " + d)
        sys.exit(1)
    print(
        f"Results agree ({names}): {len(base_cats)} categories, {base_total[1]} rows, "
        f"{base_total[0]} öre, {base_total[2]:.6f} kg CO2e; öre exact, kg CO2e to relative {REL_TOL:g}."
    )


if __name__ == "__main__":
    main()
