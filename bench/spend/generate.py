#!/usr/bin/env python3
"""Synthetic invoice ledger for the spend-analysis benchmark (SYNTHETIC DATA).

Writes three files in Swedish CSV conventions (UTF-8, `;`, decimal comma):

  LEDGER               Datum;Enhet;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV
  <stem>-kontoplan.csv konto;kategori            (exact accounts and ranges like 5600-5699)
  <stem>-faktorer.csv  kategori;namn;kg_co2e_per_sek

Every supplier, unit and emission factor is invented: supplier names start with
"Demo", factors are round illustrative numbers, not real data. The output is
deterministic for a given --seed and --rows (integer arithmetic only).

Usage: generate.py [LEDGER] [--rows N] [--seed S] [--unmapped K]
Default LEDGER: bench/out/ledger-5m.csv (5,000,000 rows, about 480 MB).
"""

import argparse
import bisect
import os
import random
import sys

# (id, Swedish name, kg CO2e per SEK as text with decimal comma). Illustrative only.
CATEGORIES = [
    ("livsmedel", "Livsmedel", "0,4512"),
    ("maltider", "Måltidstjänster", "0,2875"),
    ("byggentreprenad", "Byggentreprenader", "0,1963"),
    ("byggmaterial", "Byggmaterial", "0,3541"),
    ("fastighetsskotsel", "Fastighetsskötsel", "0,1188"),
    ("stad", "Städtjänster", "0,0792"),
    ("el", "Elenergi", "0,0214"),
    ("fjarrvarme", "Fjärrvärme", "0,0633"),
    ("drivmedel", "Drivmedel", "0,5127"),
    ("fordon", "Fordon och leasing", "0,1809"),
    ("transporter", "Transporter och frakt", "0,2466"),
    ("resor", "Tjänsteresor", "0,1537"),
    ("it_hardvara", "IT-hårdvara", "0,1472"),
    ("it_tjanster", "IT-tjänster", "0,0318"),
    ("programvara", "Programvarulicenser", "0,0176"),
    ("kontorsmaterial", "Kontorsmaterial", "0,2034"),
    ("mobler", "Möbler och inredning", "0,2219"),
    ("textil", "Textilier och arbetskläder", "0,3012"),
    ("medicinsk", "Medicinska förbrukningsartiklar", "0,2543"),
    ("lakemedel", "Läkemedel", "0,1021"),
    ("kemikalier", "Kemikalier och rengöring", "0,3987"),
    ("tryck", "Tryck och reklam", "0,1811"),
    ("konsulter", "Konsulttjänster", "0,0297"),
    ("utbildning", "Utbildning och konferens", "0,0415"),
    ("telefoni", "Tele- och datakommunikation", "0,0523"),
    ("forsakring", "Försäkringar", "0,0108"),
    ("hyror", "Lokalhyror", "0,0489"),
    ("avfall", "Avfallshantering", "0,3472"),
    ("markarbeten", "Mark- och anläggningsarbeten", "0,2981"),
    ("tradgard", "Trädgård och grönyta", "0,0999"),
    ("larmedel", "Lärmedel och leksaker", "0,1544"),
]

# Account ranges mapped as ranges in the account map; exact accounts inside them
# may override (exact wins over range).
RANGES = [
    (4000, 4099, "byggmaterial"),
    (5600, 5699, "transporter"),
    (5800, 5899, "resor"),
    (6900, 6999, "konsulter"),
]
# Exact overrides inside ranges: (account, category).
RANGE_OVERRIDES = [(4050, "kemikalier"), (5611, "drivmedel"), (5612, "drivmedel"), (6950, "utbildning")]

TEXTS = {
    "livsmedel": ["Livsmedel", "Mejerivaror", "Frukt och grönt", "Kött och chark", "Torrvaror"],
    "maltider": ["Måltidsleverans", "Catering möte", "Skolmåltider"],
    "byggentreprenad": ["Ombyggnad skola", "Renovering kök", "Tillbyggnad förskola"],
    "byggmaterial": ["Byggmaterial", "Virke och skivor", "Färg och spackel"],
    "fastighetsskotsel": ["Fastighetsskötsel", "Snöröjning", "Ventilationsservice"],
    "stad": ["Städning", "Fönsterputs", "Storstädning"],
    "el": ["Elenergi", "Elnätsavgift"],
    "fjarrvarme": ["Fjärrvärme", "Värme jan–mars"],
    "drivmedel": ["Drivmedel", "Diesel HVO", "Bensin"],
    "fordon": ["Leasing bil", "Fordonsservice", "Däckbyte"],
    "transporter": ["Frakt", "Transport", "Budtjänst"],
    "resor": ["Tågresa", "Flygresa", "Hotell"],
    "it_hardvara": ["Datorer", "Skärmar", "Nätverksutrustning"],
    "it_tjanster": ["IT-drift", "Support", "Molntjänst"],
    "programvara": ["Licenser", "Programvara"],
    "kontorsmaterial": ["Kontorsmaterial", "Papper", "Pennor"],
    "mobler": ["Möbler", "Inredning"],
    "textil": ["Arbetskläder", "Textilier"],
    "medicinsk": ["Förbrukningsmaterial", "Handskar", "Förband"],
    "lakemedel": ["Läkemedel"],
    "kemikalier": ["Rengöringsmedel", "Kemikalier"],
    "tryck": ["Trycksaker", "Annonsering"],
    "konsulter": ["Konsulttjänst", "Utredning", "Juridisk rådgivning"],
    "utbildning": ["Utbildning", "Konferens", "Kursavgift"],
    "telefoni": ["Mobiltelefoni", "Bredband"],
    "forsakring": ["Försäkring"],
    "hyror": ["Lokalhyra", "Hyra paviljong"],
    "avfall": ["Avfallshämtning", "Container", "Slamtömning"],
    "markarbeten": ["Markarbeten", "Asfaltering", "Schaktning"],
    "tradgard": ["Gräsklippning", "Plantering", "Trädbeskärning"],
    "larmedel": ["Läromedel", "Leksaker", "Skolböcker"],
}

SURNAMES = [
    "Åkesson", "Ström", "Söderberg", "Nordström", "Björk", "Lindqvist", "Öberg", "Hägg",
    "Sjöberg", "Åberg", "Bäckström", "Löfgren", "Näslund", "Håkansson", "Jönsson", "Göransson",
    "Ekström", "Wästberg", "Törnqvist", "Ångström", "Fröberg", "Källström", "Hällgren", "Mårtensson",
    "Persson", "Nilsson", "Karlsson", "Berg", "Lund", "Holm", "Dahl", "Sandberg",
]
PLACES = [
    "Växjö", "Ljungby", "Älmhult", "Alvesta", "Tingsryd", "Lessebo", "Uppvidinge", "Markaryd",
    "Kalmar", "Jönköping", "Malmö", "Göteborg", "Örebro", "Västerås", "Norrköping", "Östersund",
]
TRADES = {
    "livsmedel": "Livs", "maltider": "Catering", "byggentreprenad": "Bygg", "byggmaterial": "Bygghandel",
    "fastighetsskotsel": "Fastighetsservice", "stad": "Städ", "el": "Energi", "fjarrvarme": "Värme",
    "drivmedel": "Bränsle", "fordon": "Bil", "transporter": "Åkeri", "resor": "Resor",
    "it_hardvara": "Data", "it_tjanster": "IT-konsult", "programvara": "Mjukvara",
    "kontorsmaterial": "Kontor", "mobler": "Inredning", "textil": "Textil", "medicinsk": "Medicinteknik",
    "lakemedel": "Farmaci", "kemikalier": "Kemi", "tryck": "Tryckeri", "konsulter": "Konsult",
    "utbildning": "Utbildning", "telefoni": "Tele", "forsakring": "Försäkring", "hyror": "Fastigheter",
    "avfall": "Återvinning", "markarbeten": "Mark", "tradgard": "Trädgård", "larmedel": "Läromedel",
}
FORMS = ["AB", "AB", "AB", "i {place} AB", "& Söner AB", "Norden AB", "HB", "ekonomisk förening"]

UNIT_ORGS = ["BUF", "SOC", "TEK", "KFF", "MBF", "KS", "VOF", "SBF"]
UNIT_PLACES = ["Centrum", "Norr", "Söder", "Öster", "Väster", "Åsen", "Ängen", "Björkhagen"]

MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]  # 2024 is a leap year


def luhn_orgnr(rng):
    """A 10-digit number with a valid Luhn check digit, written NNNNNN-NNNN."""
    digits = [5, 5, 9, 9] + [rng.randrange(10) for _ in range(5)]
    total = 0
    for i, d in enumerate(digits):
        v = d * 2 if i % 2 == 0 else d
        total += v - 9 if v > 9 else v
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return f"{s[:6]}-{s[6:]}"


def build_accounts(rng):
    """About 300 distinct accounts in 4000-7999 and their categories."""
    cats = [c[0] for c in CATEGORIES]
    in_range = {}
    for lo, hi, cat in RANGES:
        for acc in sorted(rng.sample(range(lo, hi + 1), 12)):
            in_range[acc] = cat
    for acc, cat in RANGE_OVERRIDES:
        in_range[acc] = cat
    exact = {}
    ranged = set(range(4000, 4100)) | set(range(5600, 5700)) | set(range(5800, 5900)) | set(range(6900, 7000))
    pool = [a for a in range(4100, 8000) if a not in ranged]
    for acc in sorted(rng.sample(pool, 250)):
        exact[acc] = cats[rng.randrange(len(cats))]
    # Category of every account used in the data (what the map must yield).
    truth = dict(exact)
    truth.update(in_range)
    return exact, dict(RANGE_OVERRIDES), truth


def build_suppliers(rng, truth, n=2000):
    accounts_by_cat = {}
    for acc, cat in sorted(truth.items()):
        accounts_by_cat.setdefault(cat, []).append(acc)
    cats = sorted(accounts_by_cat)
    seen = set()
    seen_ids = set()
    suppliers = []
    while len(suppliers) < n:
        cat = cats[rng.randrange(len(cats))]
        form = FORMS[rng.randrange(len(FORMS))].format(place=PLACES[rng.randrange(len(PLACES))])
        name = f"Demo {SURNAMES[rng.randrange(len(SURNAMES))]}s {TRADES[cat]} {form}"
        if name in seen:
            name = f"{name} {len(suppliers)}"
        seen.add(name)
        accs = accounts_by_cat[cat]
        own = sorted(rng.sample(accs, min(len(accs), 1 + rng.randrange(3))))
        orgnr = luhn_orgnr(rng)
        while orgnr in seen_ids:
            orgnr = luhn_orgnr(rng)
        seen_ids.add(orgnr)
        suppliers.append((orgnr, name, own, TEXTS[cat]))
    return suppliers


def build_units():
    return [f"{org} {place}" for org in UNIT_ORGS for place in UNIT_PLACES][:60]


def amount_text(rng):
    """Swedish amount text: mostly 50-20 000 SEK, a few up to 2 MSEK, ~3 % credit notes."""
    r = rng.random()
    if r < 0.35:
        ore = rng.randrange(5_000, 100_000)  # 50-1 000 SEK
    elif r < 0.80:
        ore = rng.randrange(100_000, 2_000_000)  # 1 000-20 000 SEK
    elif r < 0.995:
        ore = rng.randrange(2_000_000, 20_000_000)  # 20 000-200 000 SEK
    else:
        ore = rng.randrange(20_000_000, 200_000_000)
    if rng.random() < 0.03:
        ore = -ore
    sign = "-" if ore < 0 else ""
    kr, o = divmod(abs(ore), 100)
    if kr >= 1000 and rng.random() < 0.15:
        ks = f"{kr:,}".replace(",", " ")  # thousands separated by a space
    else:
        ks = str(kr)
    return f"{sign}{ks},{o:02d}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ledger", nargs="?", default="bench/out/ledger-5m.csv")
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument(
        "--unmapped",
        type=int,
        default=0,
        help="accounts used in the ledger but left out of the account map (-> unclassified)",
    )
    args = ap.parse_args()

    rng = random.Random(args.seed)
    exact, overrides, truth = build_accounts(rng)
    suppliers = build_suppliers(rng, truth)
    units = build_units()

    # Accounts outside the map, used by a few suppliers of their own.
    unmapped = []
    if args.unmapped:
        free = [a for a in range(7000, 8000) if a not in truth and not any(lo <= a <= hi for lo, hi, _ in RANGES)]
        unmapped = sorted(rng.sample(free, args.unmapped))
        for acc in unmapped:
            i = rng.randrange(len(suppliers))
            orgnr, name, own, texts = suppliers[i]
            suppliers[i] = (orgnr, name, own + [acc], texts)

    # Zipf-like supplier weights: a few large suppliers, a long tail.
    cum = []
    acc_w = 0.0
    for i in range(len(suppliers)):
        acc_w += 1.0 / (i + 1) ** 0.8
        cum.append(acc_w)
    total_w = cum[-1]

    stem, _ = os.path.splitext(args.ledger)
    map_path = f"{stem}-kontoplan.csv"
    fac_path = f"{stem}-faktorer.csv"
    os.makedirs(os.path.dirname(os.path.abspath(args.ledger)), exist_ok=True)

    with open(map_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("konto;kategori\n")
        for lo, hi, cat in RANGES:
            f.write(f"{lo}-{hi};{cat}\n")
        for acc in sorted(set(exact) | set(overrides)):
            f.write(f"{acc};{exact.get(acc) or overrides[acc]}\n")
    with open(fac_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("kategori;namn;kg_co2e_per_sek\n")
        for cid, name, factor in CATEGORIES:
            f.write(f"{cid};{name};{factor}\n")

    # Precomputed day strings; chosen by index for speed.
    days = [f"2024-{m + 1:02d}-{d + 1:02d}" for m in range(12) for d in range(MONTH_DAYS[m])]
    nd, nu = len(days), len(units)
    rand = rng.random
    randrange = rng.randrange
    bis = bisect.bisect
    chunk = 100_000
    written = 0
    with open(args.ledger, "w", encoding="utf-8", newline="\n") as f:
        f.write("Datum;Enhet;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV\n")
        while written < args.rows:
            n = min(chunk, args.rows - written)
            out = []
            for _ in range(n):
                orgnr, name, own, texts = suppliers[bis(cum, rand() * total_w)]
                acc = own[randrange(len(own))] if len(own) > 1 else own[0]
                text = texts[randrange(len(texts))]
                r = rand()
                if r < 0.02:
                    # Quoted text with a semicolon and doubled quotes.
                    text = f'"{text}; avrop {randrange(1, 99)} ""Ramavtal"""'
                elif r < 0.30:
                    text = f"{text} {randrange(1, 9999)}"
                amt = amount_text(rng)
                out.append(f"{days[randrange(nd)]};{units[randrange(nu)]};{acc};{orgnr};{name};{amt};{text};\n")
            f.write("".join(out))
            written += n
    size = os.path.getsize(args.ledger)
    print(
        f"wrote {args.ledger}: {args.rows} rows, {size / 1e6:.1f} MB ({size / max(args.rows, 1):.1f} B/row); "
        f"{map_path}; {fac_path}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
