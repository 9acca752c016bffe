#!/usr/bin/env python3
"""Large synthetic ledger for the web benchmark, shaped like the demo ledger (SYNTHETIC DATA).

The web benchmark uploads into the demo organisation "Demo kommun", whose rule
files are the demo account and supplier maps (data/demo/). So the lines are
built from the demo ledger's own rows: each output line takes the account,
supplier, description and CPV of a demo row (so the same share classifies by
CPV, supplier map, account map, keywords or not at all), with a new date, unit
and amount. Dates span 2022-2024 (36 months): history before the demo's own
2025 import, so Översikt shows 48 months without overlapping imports. A
quarter of the lines get a supplier from a long tail of 2,000 invented
"Demo …" suppliers (Luhn-valid org numbers), as a real municipality has
thousands of suppliers; they keep the demo row's account, so the account map
still classifies them.

Columns as in data/demo/ledger-demo.csv (UTF-8, `;`, decimal comma):
  Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV
About 5 % of dates are written ÅÅÅÅMMDD, ~15 % of amounts >= 1,000 SEK have a
space as thousands separator, ~3 % are credit notes, 2 % of descriptions are
quoted with a `;` and doubled quotes. Deterministic for a given --seed and --rows.

Usage: generate.py OUT [--rows N] [--seed S]
"""

import argparse
import bisect
import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "spend"))
import generate as spend_gen  # noqa: E402  (amount_text, luhn_orgnr, names)

DEMO_LEDGER = os.path.join(ROOT, "data", "demo", "ledger-demo.csv")

# The demo's five förvaltningar plus more, as a larger municipality has.
EXTRA_UNITS = [
    "Miljöförvaltningen",
    "Tekniska förvaltningen",
    "Äldreförvaltningen",
    "Arbetsmarknadsförvaltningen",
    "Gymnasieförvaltningen",
    "Räddningstjänsten",
    "Överförmyndarförvaltningen",
]
MONTH_DAYS = {2022: [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
              2023: [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
              2024: [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ledger")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20250101)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    with open(DEMO_LEDGER, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, demo = rows[0], rows[1:]
    units = sorted({r[1] for r in demo}) + EXTRA_UNITS
    # (account, orgnr, supplier, description, cpv) of every demo row: frequent
    # demo suppliers stay frequent.
    templates = [(r[2], r[3], r[4], r[6], r[7]) for r in demo]

    tail = []
    seen = set()
    while len(tail) < 2000:
        trade = rng.choice(sorted(spend_gen.TRADES.values()))
        form = rng.choice(spend_gen.FORMS).format(place=rng.choice(spend_gen.PLACES))
        name = f"Demo {rng.choice(spend_gen.SURNAMES)}s {trade} {form}"
        if name in seen:
            name = f"{name} {len(tail)}"
        seen.add(name)
        tail.append((spend_gen.luhn_orgnr(rng), name))
    # Zipf-like weights over the tail.
    cum, w = [], 0.0
    for i in range(len(tail)):
        w += 1.0 / (i + 1) ** 0.8
        cum.append(w)

    days = []
    for year, months in MONTH_DAYS.items():
        for m, n in enumerate(months):
            for d in range(n):
                days.append((f"{year}-{m + 1:02d}-{d + 1:02d}", f"{year}{m + 1:02d}{d + 1:02d}"))

    os.makedirs(os.path.dirname(os.path.abspath(args.ledger)), exist_ok=True)
    tmp = args.ledger + ".tmp"
    rand, randrange, bis = rng.random, rng.randrange, bisect.bisect
    nt, nu, nd, total = len(templates), len(units), len(days), cum[-1]
    written = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(";".join(header) + "\n")
        while written < args.rows:
            n = min(100_000, args.rows - written)
            out = []
            for _ in range(n):
                account, orgnr, supplier, text, cpv = templates[randrange(nt)]
                if rand() < 0.25:
                    orgnr, supplier = tail[bis(cum, rand() * total)]
                iso, compact = days[randrange(nd)]
                date = compact if rand() < 0.05 else iso
                r = rand()
                if r < 0.02:
                    text = f'"{text}; avrop {randrange(1, 99)} ""Ramavtal"""'
                elif r < 0.30:
                    text = f"{text} {randrange(1, 9999)}"
                amount = spend_gen.amount_text(rng)
                out.append(f"{date};{units[randrange(nu)]};{account};{orgnr};{supplier};{amount};{text};{cpv}\n")
            f.write("".join(out))
            written += n
    os.replace(tmp, args.ledger)
    size = os.path.getsize(args.ledger)
    print(f"wrote {args.ledger}: {args.rows} rows, {size / 1e6:.1f} MB ({size / max(args.rows, 1):.1f} B/row)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
