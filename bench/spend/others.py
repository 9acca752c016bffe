#!/usr/bin/env python3
"""The spend analysis done with DuckDB or pandas, for comparison with `upphandla spend analyze`.

Usage: others.py duckdb|pandas|reference LEDGER ACCOUNT_MAP FACTORS [--threads N]

Same analysis as upphandla: each line's category comes from the account map
(exact account first, else a range `lo-hi`, else `unclassified`); sums per
category in exact öre, and kg CO2e = SEK × factor (kg CO2e per SEK). Prints JSON
in upphandla's shape on stdout:
  {"total": {"sek", "ore", "kg_co2e", "rows"}, "categories": [{"id", "name", "sek", "ore", "kg_co2e", "rows"}]}

Amounts are parsed exactly: spaces (thousands separators) removed, decimal comma
read as the decimal point, then DECIMAL(18,2) in DuckDB and integer öre in
pandas; never a float sum.
"""

import argparse
import json
import sys


def read_map_py(path):
    """Account map as (exact dict, [(lo, hi, cat)]) — used by pandas."""
    exact, ranges = {}, []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.strip()
            if not line:
                continue
            konto, cat = line.split(";", 1)
            konto = konto.strip()
            if "-" in konto:
                lo, hi = konto.split("-", 1)
                ranges.append((int(lo), int(hi), cat.strip()))
            else:
                exact[konto] = cat.strip()
    return exact, ranges


def read_factors_py(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.strip()
            if not line:
                continue
            cid, name, factor = line.split(";")
            out[cid] = (name, float(factor.replace(",", ".")))
    return out


def result(groups, factors):
    """groups: {category id: (öre int, rows int)} → upphandla-shaped dict."""
    cats = []
    for cid, (ore, rows) in groups.items():
        name, factor = factors.get(cid, ("Ej klassificerat" if cid == "unclassified" else cid, None))
        # kg CO2e from the exact category sum; no factor → 0 (nothing to multiply).
        kg = ore / 100 * factor if factor is not None else 0.0
        cats.append({"id": cid, "name": name, "sek": ore / 100, "ore": ore, "kg_co2e": kg, "rows": rows})
    cats.sort(key=lambda c: -c["kg_co2e"])
    tot_ore = sum(c["ore"] for c in cats)
    total = {
        "sek": tot_ore / 100,
        "ore": tot_ore,
        "kg_co2e": sum(c["kg_co2e"] for c in cats),
        "rows": sum(c["rows"] for c in cats),
    }
    return {"total": total, "categories": cats}


def run_duckdb(ledger, account_map, factors, threads):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads={int(threads)}")
    # Ranges expanded to single accounts; exact entries win over ranges.
    sql = """
    WITH m AS (
        SELECT trim(konto) AS konto, trim(kategori) AS kategori
        FROM read_csv($map, delim=';', header=true, all_varchar=true)
    ),
    exact AS (SELECT konto, kategori FROM m WHERE NOT contains(konto, '-')),
    ranged AS (
        SELECT CAST(unnest(generate_series(CAST(split_part(konto, '-', 1) AS INTEGER),
                                           CAST(split_part(konto, '-', 2) AS INTEGER))) AS VARCHAR) AS konto,
               kategori
        FROM m WHERE contains(konto, '-')
    ),
    accmap AS (
        SELECT konto, kategori FROM exact
        UNION ALL
        SELECT konto, kategori FROM ranged WHERE konto NOT IN (SELECT konto FROM exact)
    ),
    l AS (
        SELECT Konto AS konto,
               CAST(replace(replace(Belopp, ' ', ''), ',', '.') AS DECIMAL(18, 2)) AS belopp
        FROM read_csv($ledger, delim=';', header=true, quote='"', escape='"', all_varchar=true)
    )
    SELECT coalesce(a.kategori, 'unclassified') AS id,
           CAST(sum(l.belopp) * 100 AS BIGINT) AS ore,
           count(*) AS rows
    FROM l LEFT JOIN accmap a ON l.konto = a.konto
    GROUP BY 1
    """
    rows = con.execute(sql, {"map": account_map, "ledger": ledger}).fetchall()
    groups = {cid: (int(ore), int(n)) for cid, ore, n in rows}
    return groups


def run_pandas(ledger, account_map, factors):
    import pandas as pd

    df = pd.read_csv(
        ledger,
        sep=";",
        quotechar='"',
        doublequote=True,
        encoding="utf-8",
        usecols=["Konto", "Belopp"],
        dtype={"Konto": str, "Belopp": str},
        keep_default_na=False,
    )
    # Exact öre: drop thousands spaces, split on the decimal comma, integer arithmetic.
    s = df["Belopp"].str.replace(" ", "", regex=False)
    neg = s.str.startswith("-")
    parts = s.str.lstrip("-").str.partition(",")
    if (parts[2].str.len() > 2).any():
        raise SystemExit("belopp med fler än två decimaler")
    kr = parts[0].astype("int64")
    ore_part = parts[2].str.ljust(2, "0").astype("int64")
    ore = kr * 100 + ore_part
    ore = ore.where(~neg, -ore)

    exact, ranges = read_map_py(account_map)
    konto = df["Konto"].str.strip()
    # Accounts are few: resolve each distinct account once, then map.
    lookup = {}
    for k in konto.unique():
        cat = exact.get(k)
        if cat is None and k.isdigit():
            n = int(k)
            cat = next((c for lo, hi, c in ranges if lo <= n <= hi), None)
        lookup[k] = cat or "unclassified"
    cat = konto.map(lookup)
    g = pd.DataFrame({"cat": cat, "ore": ore}).groupby("cat")["ore"].agg(["sum", "count"])
    return {cid: (int(r["sum"]), int(r["count"])) for cid, r in g.iterrows()}


def run_reference(ledger, account_map, factors):
    """Plain csv module and Decimal: slow, but obviously right; checks the others on small files."""
    import csv
    from decimal import Decimal

    exact, ranges = read_map_py(account_map)
    groups = {}
    with open(ledger, encoding="utf-8", newline="") as f:
        rd = csv.reader(f, delimiter=";", quotechar='"', doublequote=True)
        header = next(rd)
        ik, ib = header.index("Konto"), header.index("Belopp")
        for row in rd:
            k = row[ik].strip()
            cat = exact.get(k)
            if cat is None and k.isdigit():
                cat = next((c for lo, hi, c in ranges if lo <= int(k) <= hi), None)
            cat = cat or "unclassified"
            ore = Decimal(row[ib].replace(" ", "").replace(",", ".")) * 100
            if ore != ore.to_integral_value():
                raise SystemExit(f"belopp med fler än två decimaler: {row[ib]}")
            o, n = groups.get(cat, (0, 0))
            groups[cat] = (o + int(ore), n + 1)
    return groups


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool", choices=["duckdb", "pandas", "reference"])
    ap.add_argument("ledger")
    ap.add_argument("account_map")
    ap.add_argument("factors")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    args = ap.parse_args()
    factors = read_factors_py(args.factors)
    if args.tool == "duckdb":
        groups = run_duckdb(args.ledger, args.account_map, args.factors, args.threads)
    elif args.tool == "pandas":
        groups = run_pandas(args.ledger, args.account_map, args.factors)
    else:
        groups = run_reference(args.ledger, args.account_map, args.factors)
    json.dump(result(groups, factors), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
