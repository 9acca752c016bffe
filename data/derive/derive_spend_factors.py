#!/usr/bin/env python3
"""Derive upphandla's default spend-based factors from US EPA's Supply Chain
GHG Emission Factors v1.3 (kg CO2e per 2022 USD, purchaser price, by NAICS-6).

Input (read-only):
  data/spend/categories.csv   the project's spend categories with their NAICS-6
                              codes and CPV prefixes (edited by hand)
  <shared>/spend_based/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv
  <shared>/cpv/cpv_2008_en_sv.csv
where <shared> is $UPPHANDLA_SHARED_DATA, <repo>/../shared/data or /work/shared/data.

Output (overwritten):
  data/spend/factors_default.csv  category,name,kg_co2e_per_sek,source,year,low,high
  data/spend/cpv_categories.csv   cpv_prefix,category
  data/spend/naics_mapping.md     the mapping table for docs/method.md
  docs/method.md                  the table between the naics-table markers, if present

Method (also in docs/method.md):
  * Per category, take the "Supply Chain Emission Factors with Margins" of the
    mapped NAICS-6 codes. Several NAICS-6 codes share one USEEIO sector and so
    one factor; each USEEIO sector is counted once, so that a sector split into
    many NAICS codes does not weigh more.
  * Point value = arithmetic mean over those sectors (unweighted: no spend
    weights are known). low/high = min/max over the same sectors: the spread
    within the category, not a statistical confidence interval.
  * kg CO2e per SEK = kg CO2e per USD / SEK_PER_USD_2022. Price level: 2022 SEK.
    No deflation to later years is applied.

Python standard library only. Run from anywhere:
  python3 data/derive/derive_spend_factors.py
"""

import csv
import io
import os
import re
import statistics
import sys
from pathlib import Path

# Riksbanken's annual average of the daily USD/SEK fixing rates for 2022
# (SEK per 1 USD). Not verifiable in the build environment: check it against
# Riksbanken's "Årsgenomsnitt valutakurser" for 2022 (docs/method.md says so).
SEK_PER_USD_2022 = 10.1245
EXCHANGE_RATE_NOTE = "Riksbankens årsgenomsnitt 2022 (ej verifierad i byggmiljön)"

EPA_FILE = "spend_based/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv"
CPV_FILE = "cpv/cpv_2008_en_sv.csv"
DATASET = "US EPA Supply Chain GHG Emission Factors v1.3 (DOI 10.23719/1531143)"

REPO = Path(__file__).resolve().parent.parent.parent
SPEND = REPO / "data" / "spend"


def shared_data() -> Path:
    candidates = []
    if os.environ.get("UPPHANDLA_SHARED_DATA"):
        candidates.append(Path(os.environ["UPPHANDLA_SHARED_DATA"]))
    candidates += [REPO.parent / "shared" / "data", Path("/work/shared/data")]
    for c in candidates:
        if (c / EPA_FILE).is_file():
            return c
    sys.exit(
        "Hittar inte EPA-filen; sätt UPPHANDLA_SHARED_DATA. Letade i: "
        + ", ".join(str(c) for c in candidates)
    )


def read_epa(path: Path) -> dict:
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["GHG"] != "All GHGs" or "2022 USD" not in row["Unit"]:
                sys.exit(f"Oväntad rad i EPA-filen: {row}")
            out[row["2017 NAICS Code"]] = {
                "title": row["2017 NAICS Title"],
                "factor": float(row["Supply Chain Emission Factors with Margins"]),
                "useeio": row["Reference USEEIO Code"],
            }
    return out


def read_cpv_codes(path: Path) -> list:
    with open(path, newline="", encoding="utf-8") as f:
        return [row["code8"] for row in csv.DictReader(f)]


def split_list(field: str) -> list:
    return [x.strip() for x in re.split(r"[|;]", field) if x.strip()]


def read_categories(path: Path, epa: dict, cpv_codes: list) -> list:
    cats, errors, seen_ids, seen_cpv = [], [], set(), {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        expected = ["id", "name_sv", "name_en", "naics", "cpv_prefixes", "note"]
        if reader.fieldnames != expected:
            sys.exit(f"{path}: rubrikraden ska vara {','.join(expected)}")
        for line, row in enumerate(reader, start=2):
            cid = row["id"]
            where = f"{path.name}:{line}"
            if not re.fullmatch(r"[a-z][a-z0-9_]*", cid):
                errors.append(f"{where}: id {cid!r} är inte snake_case")
            if cid in seen_ids or cid == "unclassified":
                errors.append(f"{where}: id {cid!r} förekommer redan / är reserverat")
            seen_ids.add(cid)
            naics = split_list(row["naics"])
            for code in naics:
                if code not in epa:
                    errors.append(f"{where}: NAICS {code} finns inte i EPA-filen")
            cpv = split_list(row["cpv_prefixes"])
            for p in cpv:
                if not re.fullmatch(r"\d{2,4}", p):
                    errors.append(f"{where}: CPV-prefix {p!r} ska vara 2–4 siffror")
                elif not any(c.startswith(p) for c in cpv_codes):
                    errors.append(f"{where}: ingen CPV 2008-kod börjar med {p}")
                if p in seen_cpv:
                    errors.append(f"{where}: CPV-prefix {p} används redan av {seen_cpv[p]}")
                seen_cpv[p] = cid
            cats.append({**row, "naics_list": naics, "cpv_list": cpv})
    if errors:
        sys.exit("\n".join(errors))
    return cats


def fmt(x: float) -> str:
    return f"{x:.6f}"


def derive(cat: dict, epa: dict) -> dict:
    sectors = {}
    for code in cat["naics_list"]:
        sectors.setdefault(epa[code]["useeio"], epa[code]["factor"])
    usd = list(sectors.values())
    mean_usd = statistics.fmean(usd)
    return {
        "sectors": sectors,
        "mean_usd": mean_usd,
        "min_usd": min(usd),
        "max_usd": max(usd),
        "sek": mean_usd / SEK_PER_USD_2022,
        "low": min(usd) / SEK_PER_USD_2022,
        "high": max(usd) / SEK_PER_USD_2022,
    }


def write_csv(path: Path, header: list, rows: list) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    shared = shared_data()
    epa = read_epa(shared / EPA_FILE)
    cpv_codes = read_cpv_codes(shared / CPV_FILE)
    cats = read_categories(SPEND / "categories.csv", epa, cpv_codes)

    factor_rows, table = [], []
    for cat in cats:
        if not cat["naics_list"]:
            table.append(
                f"| `{cat['id']}` | {cat['name_sv']} | – | – | – | "
                f"ingen standardfaktor | {cat['note']} |"
            )
            continue
        d = derive(cat, epa)
        n = len(d["sectors"])
        source = (
            f"{DATASET} with margins · NAICS {' '.join(cat['naics_list'])} · "
            f"mean of {n} USEEIO sector{'s' if n != 1 else ''} "
            f"(low/high = min/max) · 1 USD = {SEK_PER_USD_2022} SEK (2022) · 2022 prices"
        )
        # The factor reader accepts quoted fields, but a plain field is readable by anything.
        assert not any(ch in source for ch in ',;\t"'), source
        factor_rows.append(
            [cat["id"], cat["name_sv"], fmt(d["sek"]), source, 2022, fmt(d["low"]), fmt(d["high"])]
        )
        naics_cell = "<br>".join(
            f"{c} {epa[c]['title']} ({epa[c]['factor']:.3f})" for c in cat["naics_list"]
        )
        table.append(
            f"| `{cat['id']}` | {cat['name_sv']} | {naics_cell} | {n} | "
            f"{d['mean_usd']:.3f} ({d['min_usd']:.3f}–{d['max_usd']:.3f}) | "
            f"{d['sek']:.4f} ({d['low']:.4f}–{d['high']:.4f}) | {cat['note']} |"
        )

    write_csv(
        SPEND / "factors_default.csv",
        ["category", "name", "kg_co2e_per_sek", "source", "year", "low", "high"],
        factor_rows,
    )
    cpv_rows = sorted((p, c["id"]) for c in cats for p in c["cpv_list"])
    write_csv(SPEND / "cpv_categories.csv", ["cpv_prefix", "category"], cpv_rows)

    md = "\n".join(
        [
            "| kategori | namn | NAICS-6 (kg CO2e/USD 2022 med marginaler) | USEEIO-sektorer | "
            "kg CO2e/USD: medel (min–max) | kg CO2e/SEK: medel (låg–hög) | anmärkning |",
            "|---|---|---|---|---|---|---|",
            *table,
        ]
    )
    header = (
        f"<!-- Genererad av data/derive/derive_spend_factors.py från data/spend/categories.csv "
        f"och {EPA_FILE}; 1 USD = {SEK_PER_USD_2022} SEK ({EXCHANGE_RATE_NOTE}). -->\n"
    )
    (SPEND / "naics_mapping.md").write_text(header + md + "\n", encoding="utf-8")

    method = REPO / "docs" / "method.md"
    start, end = "<!-- naics-table:start -->", "<!-- naics-table:end -->"
    if method.is_file():
        text = method.read_text(encoding="utf-8")
        if start in text and end in text:
            before, rest = text.split(start, 1)
            _, after = rest.split(end, 1)
            method.write_text(before + start + "\n" + md + "\n" + end + after, encoding="utf-8")

    print(
        f"{len(factor_rows)} faktorer, {len(cpv_rows)} CPV-prefix, "
        f"{len(cats) - len(factor_rows)} kategorier utan faktor; 1 USD = {SEK_PER_USD_2022} SEK"
    )


if __name__ == "__main__":
    main()
