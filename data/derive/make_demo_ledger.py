#!/usr/bin/env python3
"""Generate the SYNTHETIC demo ledger of the fictional municipality "Demo kommun"
for 2025, with the account map and supplier map that go with it.

Every supplier is fictional ("Demo …", org numbers 999999-xxxx, which no Swedish
organisation can have) and every amount is random. The files exist to show and
test the spend analysis, never as real figures.

Output (overwritten, deterministic for a given seed):
  data/demo/ledger-demo.csv     Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV
  data/demo/accounts-demo.csv   konto;kategori (exact accounts and ranges)
  data/demo/suppliers-demo.csv  orgnr;leverantör;kategori (org number, or name where it is empty)

Written in Swedish CSV conventions: `;` separator, decimal comma, some
thousands separators (space and `.`), some dates as YYYYMMDD, credit notes as
negative amounts, two deliberate duplicate invoices, rows without org number,
and lines that fall through to keywords or stay unclassified.

Python standard library only:  python3 data/derive/make_demo_ledger.py [--seed N]
"""

import argparse
import datetime as dt
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
DEMO = REPO / "data" / "demo"
TARGET_ROWS = 1500

UNITS = [
    "Barn- och utbildningsförvaltningen",
    "Socialförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kommunstyrelseförvaltningen",
    "Kultur- och fritidsförvaltningen",
]

# Fictional chart of accounts (inspired by how municipal ledgers group costs;
# not a copy of any real chart).
ACCOUNTS = {
    "4010": "Livsmedel",
    "4020": "Förbrukningsmaterial",
    "4030": "Kontorsmaterial",
    "4060": "Läromedel",
    "4110": "IT-utrustning",
    "4120": "Möbler och inventarier",
    "4310": "Entreprenader",
    "4610": "Köp av verksamhet, vård och omsorg",
    "4620": "Köp av verksamhet, LSS",
    "6110": "Lokalhyror",
    "6210": "El",
    "6220": "Fjärrvärme",
    "6230": "Vatten och avlopp",
    "6260": "Avfallshantering",
    "6410": "Reparation och underhåll fastighet",
    "7010": "Drivmedel",
    "7020": "Leasing fordon",
    "7110": "Telefoni och datakommunikation",
    "7120": "Porto",
    "7210": "Konsulttjänster",
    "7220": "IT-tjänster",
    "7310": "Resor",
    "7320": "Hotell och konferens",
    "7410": "Försäkringar",
    "7510": "Medlemsavgifter",
    "7610": "Utbildning",
    "7900": "Övriga kostnader",
}

# account map rows written to accounts-demo.csv: exact accounts and ranges
ACCOUNT_MAP = [
    ("4010", "food"),
    ("4030", "office_supplies"),
    ("4060", "books_media"),
    ("4110", "it_equipment"),
    ("4120", "furniture"),
    ("4310", "construction_buildings"),
    ("4600-4699", "health_care"),
    ("6110", "rent_real_estate"),
    ("6210", "electricity"),
    ("6220", "district_heating"),
    ("6230", "water_sewage"),
    ("6260", "waste"),
    ("6400-6499", "property_maintenance"),
    ("7010", "fuels"),
    ("7020", "vehicle_leasing"),
    ("7110", "telecom"),
    ("7120", "postal_courier"),
    ("7210", "consulting"),
    ("7220", "it_services"),
    ("7310", "business_travel"),
    ("7320", "hotels_restaurants"),
    ("7410", "insurance_finance"),
    ("7510", "membership"),
    ("7610", "education"),
]

# (name, org number or "", account, texts, cpv codes (may be empty), typical
#  amount in kronor, rows per year, in supplier map?)
SUPPLIERS = [
    ("Demo Livsmedelsgrossist AB", "999999-0101", "4010",
     ["Livsmedel vecka {w}", "Kolonialvaror", "Frukt och grönt", "Mejerivaror"],
     ["15000000-8"], 18000, 160, "food"),
    ("Demo Mejeri ek. för.", "999999-0102", "4010",
     ["Mjölk och fil", "Ost och smör"], ["15511000-3"], 6000, 60, None),
    ("Demo Chark & Kött AB", "999999-0103", "4010",
     ["Köttfärs", "Kycklingfilé", "Charkvaror"], [], 9000, 50, None),
    ("Demo Bageri HB", "", "4010",
     ["Bröd till förskolan", "Fikabröd"], [], 1500, 40, None),
    ("Demo Kontorsvaror AB", "999999-0201", "4030",
     ["Kontorsmaterial", "Kopieringspapper A4", "Pennor och pärmar"],
     ["30192000-1"], 2500, 70, None),
    ("Demo Toner & Skrivare AB", "999999-0202", "4020",
     ["Toner svart", "Toner färg"], ["30125100-2"], 3200, 20, None),
    ("Demo Läromedel AB", "999999-0203", "4060",
     ["Läromedel åk 4–6", "Digitala läromedel, licens"], [], 12000, 30, None),
    ("Demo Data & Nät AB", "999999-0301", "4110",
     ["Bärbar dator elev", "Bildskärm 24 tum", "Dockningsstation"],
     ["30213100-6"], 9000, 45, None),
    ("Demo IT-konsult AB", "999999-0302", "7220",
     ["Systemförvaltning", "Driftavtal månad {m}", "Utveckling e-tjänst"],
     ["72000000-5"], 65000, 36, None),
    ("Demo Telekom AB", "999999-0303", "7110",
     ["Mobilabonnemang {m}", "Bredband förvaltningskontor"], [], 24000, 24, None),
    ("Demo Möbler AB", "999999-0401", "4120",
     ["Kontorsstolar", "Skolbänkar", "Konferensbord"], ["39130000-2"], 22000, 18, None),
    ("Demo Bygg & Anläggning AB", "999999-0501", "4310",
     ["Ombyggnad skola etapp {n}", "Tillbyggnad förskola", "ÄTA-arbeten"],
     ["45000000-7"], 450000, 30, "construction_buildings"),
    ("Demo Väg & Mark AB", "999999-0502", "4310",
     ["Asfaltering gata", "Väghållning", "Schaktarbete VA"],
     ["45233141-9"], 180000, 24, None),
    ("Demo Fastighetsservice AB", "999999-0503", "6410",
     ["Felavhjälpning", "Byte av armatur", "Målning korridor"], [], 8500, 60, None),
    ("Demo VVS & El HB", "999999-0504", "7900",
     ["VVS-arbete kök", "Elinstallation laddstolpe", "Ventilation OVK"], [], 14000, 30, None),
    ("Demo Energi AB", "999999-0601", "6210",
     ["Elförbrukning {m}", "Elnät {m}"], ["09310000-5"], 95000, 24, "electricity"),
    ("Demo Fjärrvärme AB", "999999-0602", "6220",
     ["Fjärrvärme {m}"], [], 120000, 12, "district_heating"),
    ("Demo Vatten AB", "999999-0603", "6230",
     ["VA-taxa {m}"], [], 40000, 12, None),
    ("Demo Renhållning AB", "999999-0604", "6260",
     ["Sophämtning {m}", "Containerhyra"], ["90511000-2"], 30000, 24, None),
    ("Demo Drivmedel Nord AB", "999999-0701", "7010",
     ["Diesel", "HVO100", "Bensin 95"], ["09134200-9"], 7000, 60, None),
    ("Demo Leasing AB", "999999-0702", "7020",
     ["Leasing personbil {m}", "Leasing minibuss {m}"], [], 16000, 24, None),
    ("Demo Bilverkstad HB", "", "7900",
     ["Däckbyte", "Service personbil"], [], 4500, 20, None),
    ("Demo Bilhandel AB", "999999-0704", "4120",
     ["Personbil el, inköp"], ["34110000-1"], 380000, 3, None),
    ("Demo Taxi & Skolskjuts AB", "999999-0801", "7900",
     ["Skolskjuts {m}", "Färdtjänst {m}"], ["60130000-8"], 85000, 24, "passenger_transport"),
    ("Demo Buss & Resor AB", "999999-0802", "7310",
     ["Bussresa lägerskola", "Tågbiljetter utbildning"], [], 9000, 12, None),
    ("Demo Resebyrå AB", "999999-0803", "7310",
     ["Flygresa konferens", "Resebyråavgift"], [], 6000, 16, None),
    ("Demo Hotell & Konferens AB", "999999-0804", "7320",
     ["Konferens ledningsgrupp", "Övernattning"], [], 15000, 12, None),
    ("Demo Post & Bud AB", "999999-0805", "7120",
     ["Porto {m}", "Budtjänst"], [], 5500, 24, None),
    ("Demo Omsorg AB", "999999-0901", "4610",
     ["Hemtjänst LOV {m}", "Särskilt boende plats"], [], 210000, 24, "health_care"),
    ("Demo LSS-boende AB", "999999-0902", "4620",
     ["Boende LSS {m}"], [], 150000, 12, None),
    ("Demo Familjehem & HVB AB", "", "4610",
     ["HVB-placering {m}"], [], 120000, 12, None),
    ("Demo Bemanning AB", "999999-0904", "7900",
     ["Bemanning sjuksköterska", "Hyrläkare vecka {w}"], [], 60000, 18, None),
    ("Demo Hjälpmedel AB", "999999-0905", "4020",
     ["Inkontinensskydd", "Sjukvårdsmaterial"], ["33141000-0"], 7000, 30, None),
    ("Demo Städservice HB", "", "7900",
     ["Lokalvård {m}", "Fönsterputs"], ["90910000-9"], 45000, 24, "cleaning_services"),
    ("Demo Städmaterial AB", "999999-1002", "4020",
     ["Städmaterial", "Handpapper och tvål"], [], 3500, 30, None),
    ("Demo Park & Snö AB", "999999-1003", "7900",
     ["Snöröjning", "Gräsklippning", "Halkbekämpning"], [], 26000, 24, None),
    ("Demo Tvätteri AB", "999999-1004", "7900",
     ["Tvätteri arbetskläder {m}"], [], 9000, 12, None),
    ("Demo Arbetskläder AB", "999999-1005", "4020",
     ["Arbetskläder", "Skyddsskor"], [], 4000, 14, None),
    ("Demo Managementkonsult AB", "999999-1101", "7210",
     ["Konsultarvode organisationsöversyn", "Processledning"], [], 55000, 14, None),
    ("Demo Advokatbyrå KB", "999999-1102", "7210",
     ["Juridisk rådgivning upphandling"], [], 30000, 8, None),
    ("Demo Arkitekter AB", "999999-1103", "7900",
     ["Projektering skola", "Arkitekttjänster"], [], 70000, 10, None),
    ("Demo Reklambyrå AB", "999999-1104", "7900",
     ["Annons rekrytering", "Tryckeri broschyr"], [], 12000, 14, None),
    ("Demo Utbildning AB", "999999-1105", "7610",
     ["Utbildning arbetsmiljö", "Kursavgift"], [], 8000, 20, None),
    ("Demo Fastigheter AB", "999999-1201", "6110",
     ["Lokalhyra {m}"], [], 180000, 12, None),
    ("Demo Försäkring AB", "999999-1202", "7410",
     ["Kommunförsäkring 2025"], [], 400000, 2, None),
    ("Demo Kommunförbund", "999999-1203", "7510",
     ["Medlemsavgift 2025"], [], 250000, 2, None),
    ("Demo Kultur & Evenemang AB", "999999-1204", "7900",
     ["Konsert nationaldagen", "Föreställning skolbio"], [], 18000, 10, None),
    ("Demo Lek & Sport AB", "999999-1205", "4020",
     ["Lekmaterial förskola", "Idrottsmateriel"], [], 3000, 20, None),
    ("Demo Handelsbolaget Öst", "999999-1301", "7900",
     ["Diverse inköp", "Faktura {n}"], [], 2500, 40, None),
    ("Demo Service AB", "", "7900",
     ["Enligt avtal", "Månadsfaktura {m}"], [], 6000, 24, None),
    ("Demo Partner AB", "999999-1303", "4020",
     ["Beställning {n}", "Order {n}"], [], 1800, 30, None),
]

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
          "augusti", "september", "oktober", "november", "december"]


def format_amount(ore: int, rng: random.Random) -> str:
    """Swedish style: decimal comma; some thousands separators (space or '.')."""
    sign = "-" if ore < 0 else ""
    kr, o = divmod(abs(ore), 100)
    digits = str(kr)
    style = rng.random()
    if kr >= 1000 and style < 0.25:
        sep = " "
    elif kr >= 1000 and style < 0.32:
        sep = "."
    else:
        sep = ""
    if sep:
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = sep.join(groups)
    return f"{sign}{digits},{o:02d}"


def format_date(d: dt.date, rng: random.Random) -> str:
    return d.strftime("%Y%m%d") if rng.random() < 0.1 else d.isoformat()


def amount_ore(typical_kr: float, rng: random.Random) -> int:
    kr = rng.lognormvariate(0, 0.6) * typical_kr
    return max(100, int(round(kr * 100)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    weights = [s[6] for s in SUPPLIERS]
    scale = TARGET_ROWS / sum(weights)
    rows = []
    for name, orgnr, account, texts, cpvs, typical, per_year, _ in SUPPLIERS:
        n = max(1, round(per_year * scale))
        unit = rng.choice(UNITS)
        for i in range(n):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
            text = rng.choice(texts).format(
                m=MONTHS[day.month - 1], w=day.isocalendar()[1], n=rng.randrange(1000, 9999)
            )
            ore = amount_ore(typical, rng)
            # About 3 % credit notes.
            if rng.random() < 0.03:
                ore = -ore
                text = "Kreditfaktura: " + text
            # CPV on about half of the rows of suppliers with a framework CPV.
            cpv = rng.choice(cpvs) if cpvs and rng.random() < 0.5 else ""
            # Some rows lose the org number (manual invoices).
            row_orgnr = orgnr if rng.random() > 0.04 else ""
            if rng.random() < 0.3:
                unit = rng.choice(UNITS)
            rows.append([day, unit, account, row_orgnr, name, ore, text, cpv])

    rows.sort(key=lambda r: (r[0], r[4]))
    # Two deliberate suspected duplicates: same supplier, amount and date.
    for idx in (rng.randrange(100, 600), rng.randrange(700, 1200)):
        rows.insert(idx + 1, list(rows[idx]))

    lines = ["Datum;Förvaltning;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV"]
    for day, unit, account, orgnr, name, ore, text, cpv in rows:
        fields = [format_date(day, rng), unit, account, orgnr, name,
                  format_amount(ore, rng), text, cpv]
        lines.append(";".join(quote(f) for f in fields))
    DEMO.mkdir(parents=True, exist_ok=True)
    (DEMO / "ledger-demo.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    acc = ["konto;kategori"] + [f"{a};{c}" for a, c in ACCOUNT_MAP]
    (DEMO / "accounts-demo.csv").write_text("\n".join(acc) + "\n", encoding="utf-8")

    sup = ["orgnr;leverantör;kategori"]
    for name, orgnr, *_, category in SUPPLIERS:
        if category:
            sup.append(f"{orgnr};{quote(name)};{category}")
    (DEMO / "suppliers-demo.csv").write_text("\n".join(sup) + "\n", encoding="utf-8")

    total = sum(r[5] for r in rows)
    print(f"{len(rows)} rader, summa {total / 100:.2f} kr, seed {args.seed}")


def quote(field: str) -> str:
    if any(ch in field for ch in ';"\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


if __name__ == "__main__":
    main()
