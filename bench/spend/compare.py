#!/usr/bin/env python3
"""Checks that the spend-analysis results agree and prints the timing table.

Usage: compare.py [--times TIMES.tsv] NAME=RESULT.json [NAME=RESULT.json ...]

The first result is the baseline. Per category id: öre and row counts must be
equal (integers), kg CO2e equal to a relative 1e-9. TIMES.tsv holds lines
`tool wall_s peak_rss_kb user_s sys_s`, one per run; the table shows the median per
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
            # A category one tool lists with no rows is the same as one it leaves out.
            a, b = base_cats.get(cid, (0, 0, 0.0)), cats.get(cid, (0, 0, 0.0))
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
            if len(parts) != 5:
                continue
            tool, wall, kb, user, sys_ = parts
            runs.setdefault(tool, []).append((float(wall), int(kb), float(user) + float(sys_)))
    tools = [t for t in order if t in runs] + sorted(t for t in runs if t not in order)
    if not tools:
        return
    med = {
        t: (
            statistics.median(r[0] for r in runs[t]),
            statistics.median(r[1] for r in runs[t]) / 1024,
            statistics.median(r[2] for r in runs[t]),
        )
        for t in tools
    }
    base = med[tools[0]]

    def ratio(a, b):
        return a / b if b else float("nan")

    print(f"{'tool':<11} {'runs':>4} {'wall s':>8} {'CPU s':>7} {'peak MB':>9} {'wall ×':>7} {'CPU ×':>6} {'memory ×':>9}")
    for t in tools:
        wall, mb, cpu = med[t]
        print(
            f"{t:<11} {len(runs[t]):>4} {wall:>8.2f} {cpu:>7.2f} {mb:>9.1f} "
            f"{ratio(wall, base[0]):>7.2f} {ratio(cpu, base[2]):>6.2f} {ratio(mb, base[1]):>9.2f}"
        )
    print(f"(median of the runs; ratios relative to {tools[0]}; wall, user+sys CPU and peak RSS from GNU time)")


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
    used = sum(1 for c in base_cats.values() if c[1])
    print(
        f"Results agree ({names}): {used} categories, {base_total[1]} rows, "
        f"{base_total[0]} öre, {base_total[2]:.6f} kg CO2e; öre exact, kg CO2e to relative {REL_TOL:g}."
    )


if __name__ == "__main__":
    main()
