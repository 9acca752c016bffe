#!/usr/bin/env python3
"""Markdown results of bench/web/run.sh from its measurements file and wrk outputs.

Every figure is given with its ratio to the issue's target, written so that
>= 1.00× means the target is met: req/s ÷ 3,000; 50 ms ÷ p99; 10 s ÷ import s.

Usage: report.py bench/out/web-measurements.tsv
"""

import re
import statistics
import sys

TARGET_RPS = 3000.0
TARGET_P99_MS = 50.0
TARGET_IMPORT_S = 10.0
PAGES = {"overview": "Översikt `/`", "spend": "Inköpsanalys `/spend/{id}`", "health": "`/health` (ceiling)"}
BACKENDS = {"sqlite": "SQLite", "postgres": "PostgreSQL", "python": "Python reference"}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(f"latency {text!r}")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def size(text):
    m = re.fullmatch(r"([\d.]+)([KMGT]?B)", text)
    return float(m.group(1)) * {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30, "TB": 1 << 40}[m.group(2)]


def parse_wrk(path):
    text = open(path, encoding="utf-8").read()
    out = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "75", "90", "99"):
        out[pct] = ms(re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M).group(1))
    m = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", text)
    out["requests"] = int(m.group(1))
    out["read"] = size(m.group(3))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["bad"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["socket_errors"] = sum(map(int, m.groups())) if m else 0
    return out


def x(value):
    return f"{value:.2f}×"


def main():
    meta, imports, wrk, serve = {"tick": "100"}, [], [], {}
    for line in open(sys.argv[1], encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "meta":
            meta[f[1]] = f[2]
        elif f[0] == "import":
            imports.append({"backend": f[1], "run": int(f[2]), "s": float(f[3]), "rows": int(f[4]),
                            "peak_kb": int(f[5]), "load": f[6], "ours": int(f[7]), "other": f[8]})
        elif f[0] == "wrk":
            w = parse_wrk(f[5])
            w.update({"backend": f[1], "page": f[2], "url": f[3], "body": int(f[4]), "load": f[6],
                      "ours": int(f[7]), "wrk_ticks": int(f[8]), "other": f[9]})
            wrk.append(w)
        elif f[0] == "serve":
            serve[f[1]] = (int(f[2]), int(f[3]))

    print("# Web application benchmark results\n")
    print(f"- date: {meta.get('date', '?')}")
    print(f"- machine: {meta.get('machine', '?')}")
    print(f"- ledger: {meta.get('ledger', '?')}")
    print(f"- load generator: {meta.get('wrk', '?')}, on the same machine as the server")
    print(f"- versions: {meta.get('versions', '?')}")
    print("- ratios: ≥ 1.00× means the target is met (req/s ÷ 3,000; 50 ms ÷ p99; 10 s ÷ import seconds)")
    print("- CPU: of the server and, on PostgreSQL, the bench database's backends; \"other\" is the mean number of")
    print("  cores other processes on the shared machine used meanwhile (0 = quiet; the machine has 2)\n")
    tick = float(meta["tick"])

    problems = []
    if imports:
        print("## Import of the ledger through the upload form (target < 10 s)\n")
        print("Upload (multipart, as the browser posts it) + analysis + storage of every line, until the "
              "303 response; each run on a fresh database.\n")
        print("| backend | median s | × target | runs s | rows checked | server peak RSS MB | CPU s (median) | other cores |")
        print("|---|---:|---:|---|---:|---:|---:|---|")
        for backend in BACKENDS:
            runs = [i for i in imports if i["backend"] == backend]
            if not runs:
                continue
            med = statistics.median(i["s"] for i in runs)
            print(f"| {BACKENDS[backend]} | {med:.2f} | {x(TARGET_IMPORT_S / med)} | "
                  f"{', '.join('%.2f' % i['s'] for i in runs)} | {runs[-1]['rows']:,} | "
                  f"{max(i['peak_kb'] for i in runs) / 1024:.0f} | "
                  f"{statistics.median(i['ours'] for i in runs) / tick:.1f} | {', '.join(i['other'] for i in runs)} |")
        print()

    if wrk:
        print("## Pages, 64 concurrent connections (target ≥ 3,000 req/s and p99 < 50 ms)\n")
        print("| backend | page | req/s | × target | p50 ms | p99 ms | × target (p99) | CPU µs/req | page bytes | errors | other cores |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for w in wrk:
            per_response = w["read"] / max(w["requests"], 1)
            errors = w["bad"] + w["socket_errors"]
            # Every response must be the page itself (a redirect to /login would be short).
            if per_response < w["body"] * 0.98:
                problems.append(f"{w['backend']} {w['page']}: {per_response:.0f} bytes per response, "
                                f"page is {w['body']} bytes (not all responses were the page)")
            if errors:
                problems.append(f"{w['backend']} {w['page']}: {errors} errors")
            page = "Översikt, static file" if w["backend"] == "python" else PAGES.get(w["page"], w["page"])
            print(f"| {BACKENDS.get(w['backend'], w['backend'])} | {page} | {w['rps']:,.0f} | "
                  f"{x(w['rps'] / TARGET_RPS)} | {w['50']:.2f} | {w['99']:.2f} | {x(TARGET_P99_MS / w['99'])} | "
                  f"{w['ours'] / tick * 1e6 / max(w['requests'], 1):,.0f} | {w['body']:,} | {errors} | {w['other']} |")
        print()
        ref = next((w for w in wrk if w["backend"] == "python"), None)
        if ref:
            print("## Against the reference\n")
            print("The reference is Python's standard-library `ThreadingHTTPServer` serving the same Översikt "
                  "bytes from memory (no sign-in, no database, no rendering), measured with the same wrk in "
                  "the same run.\n")
            print("| backend | page | app req/s ÷ reference | reference p99 ÷ app p99 |")
            print("|---|---|---:|---:|")
            for w in wrk:
                if w["backend"] != "python" and w["page"] != "health":
                    print(f"| {BACKENDS[w['backend']]} | {PAGES[w['page']]} | {x(w['rps'] / ref['rps'])} | "
                          f"{x(ref['99'] / w['99'])} |")
            print()
    if serve:
        print("## Server memory while serving the pages\n")
        print("| backend | peak RSS MB (VmHWM) | RSS after the runs MB |")
        print("|---|---:|---:|")
        for backend, (hwm, rss) in serve.items():
            print(f"| {BACKENDS[backend]} | {hwm / 1024:.0f} | {rss / 1024:.0f} |")
        print()
    if problems:
        print("## Problems\n")
        for p in problems:
            print(f"- {p}")
        print()


if __name__ == "__main__":
    main()
