//! The demo region's contract registers: made-up suppliers ("Demo",
//! "Exempel"), org. numbers with valid check digits, dates counted from the
//! day the demo is seeded so the calendar always has something ending soon.
//! Several categories end within the same year in two or three
//! organisations, so the coordinator sees joint procurement opportunities.
//! Every contract is flagged demo.

use upphandla_core::date::Date;
use upphandla_store::{ContractInput, ContractSource, OrgId, Store, StoreError, normalise_orgnr};

/// One demo contract: (title, supplier, orgnr digits (9, check digit added),
/// category, CPV, term months, months from today to the term's end,
/// extension months, options text, value in kronor, shared).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    i32,
    u32,
    &'static str,
    i64,
    bool,
);

const LEASING: &str = "Leasing av personbilar och lätta transportbilar";
const FUEL: &str = "Drivmedel (HVO100, diesel, bensin) och tankkort";
const POWER: &str = "Elavtal, förnybar el med ursprungsgarantier";
const FOOD: &str = "Livsmedel till skolor och äldreomsorg";
const SCHOOL_RIDES: &str = "Skolskjuts och särskild kollektivtrafik";
const CLEANING: &str = "Lokalvård";

/// Rows per demo organisation (by its login domain).
fn rows(domain: &str) -> &'static [Row] {
    match domain {
        "demokommun.example" => &[
            (
                LEASING,
                "Exempel Fordonsleasing AB",
                "556900001",
                "vehicle_leasing",
                "34110000-1",
                36,
                8,
                12,
                "1 + 1 år (12 mån)",
                14_500_000,
                true,
            ),
            (
                FUEL,
                "Demo Energi Norden AB",
                "556900002",
                "fuels",
                "09134200-9",
                24,
                5,
                24,
                "2 + 1 + 1 år",
                6_200_000,
                true,
            ),
            (
                POWER,
                "Exempel Kraft AB",
                "556900003",
                "electricity",
                "09310000-5",
                36,
                22,
                0,
                "",
                18_000_000,
                true,
            ),
            (
                "Gatubelysning, LED-armaturer och drift",
                "Demo Belysning AB",
                "556900004",
                "electrical_equipment",
                "34993000-4",
                48,
                30,
                24,
                "2 år",
                9_800_000,
                true,
            ),
            (
                CLEANING,
                "Demo Städservice AB",
                "556900005",
                "cleaning_services",
                "90910000-9",
                48,
                14,
                12,
                "1 år",
                22_000_000,
                false,
            ),
            (
                FOOD,
                "Exempel Grossist AB",
                "556900006",
                "food",
                "15000000-8",
                24,
                15,
                24,
                "1 + 1 år",
                31_000_000,
                true,
            ),
            (
                "Datorer och surfplattor",
                "Exempel IT-partner AB",
                "556900007",
                "it_equipment",
                "30213000-5",
                24,
                28,
                12,
                "1 år",
                7_400_000,
                true,
            ),
            (
                "Kontorsmöbler",
                "Demo Inredning AB",
                "556900008",
                "furniture",
                "39130000-2",
                48,
                36,
                0,
                "",
                2_900_000,
                false,
            ),
            (
                "Budtjänster och godstransporter",
                "Exempel Logistik AB",
                "556900009",
                "freight",
                "60161000-4",
                24,
                4,
                0,
                "",
                1_300_000,
                true,
            ),
            (
                SCHOOL_RIDES,
                "Demo Buss & Taxi AB",
                "556900010",
                "passenger_transport",
                "60130000-8",
                60,
                19,
                24,
                "2 år",
                41_000_000,
                true,
            ),
        ],
        "norrby.example" => &[
            (
                LEASING,
                "Demo Bilpartner AB",
                "556900011",
                "vehicle_leasing",
                "34110000-1",
                36,
                11,
                0,
                "",
                6_100_000,
                true,
            ),
            (
                FUEL,
                "Exempel Drivmedel AB",
                "556900012",
                "fuels",
                "09134200-9",
                36,
                20,
                12,
                "1 år",
                2_700_000,
                true,
            ),
            (
                POWER,
                "Demo Elhandel AB",
                "556900013",
                "electricity",
                "09310000-5",
                24,
                16,
                12,
                "1 år",
                7_900_000,
                true,
            ),
            (
                "Gatubelysning, utbyte till LED",
                "Exempel Elentreprenad AB",
                "556900014",
                "electrical_equipment",
                "34993000-4",
                36,
                26,
                0,
                "",
                4_100_000,
                true,
            ),
            (
                FOOD,
                "Demo Livs AB",
                "556900015",
                "food",
                "15000000-8",
                24,
                19,
                24,
                "1 + 1 år",
                12_500_000,
                false,
            ),
            (
                SCHOOL_RIDES,
                "Exempel Skolskjuts AB",
                "556900016",
                "passenger_transport",
                "60130000-8",
                60,
                5,
                0,
                "",
                18_000_000,
                true,
            ),
            (
                CLEANING,
                "Exempel Lokalvård AB",
                "556900017",
                "cleaning_services",
                "90910000-9",
                36,
                33,
                12,
                "1 år",
                9_500_000,
                false,
            ),
            (
                "Datorer, skärmar och kringutrustning",
                "Demo Dator AB",
                "556900018",
                "it_equipment",
                "30213000-5",
                36,
                9,
                12,
                "1 år",
                3_200_000,
                true,
            ),
        ],
        "sodera.example" => &[
            (
                LEASING,
                "Exempel Leasing Syd AB",
                "556900021",
                "vehicle_leasing",
                "34110000-1",
                48,
                14,
                0,
                "",
                19_500_000,
                true,
            ),
            (
                FUEL,
                "Demo Tank AB",
                "556900022",
                "fuels",
                "09134200-9",
                24,
                9,
                12,
                "1 år",
                8_400_000,
                true,
            ),
            (
                POWER,
                "Exempel Kraft Syd AB",
                "556900023",
                "electricity",
                "09310000-5",
                36,
                18,
                12,
                "1 år",
                24_000_000,
                true,
            ),
            (
                FOOD,
                "Exempel Grossist Syd AB",
                "556900024",
                "food",
                "15000000-8",
                48,
                40,
                0,
                "",
                39_000_000,
                true,
            ),
            (
                SCHOOL_RIDES,
                "Demo Resor AB",
                "556900025",
                "passenger_transport",
                "60130000-8",
                48,
                8,
                24,
                "1 + 1 år",
                33_000_000,
                true,
            ),
            (
                "Kontors- och skolmöbler",
                "Exempel Möbel AB",
                "556900026",
                "furniture",
                "39130000-2",
                36,
                12,
                12,
                "1 år",
                5_600_000,
                true,
            ),
            (
                CLEANING,
                "Demo Rent AB",
                "556900027",
                "cleaning_services",
                "90910000-9",
                48,
                25,
                24,
                "2 år",
                27_000_000,
                false,
            ),
            (
                "Godstransporter, internpost",
                "Demo Frakt AB",
                "556900028",
                "freight",
                "60161000-4",
                24,
                3,
                0,
                "",
                900_000,
                false,
            ),
            (
                "Datorer till skolan",
                "Exempel Skol-IT AB",
                "556900029",
                "it_equipment",
                "30213000-5",
                36,
                21,
                12,
                "1 år",
                11_000_000,
                true,
            ),
        ],
        "region.demoland.example" => &[
            (
                LEASING,
                "Demo Fordonsförvaltning AB",
                "556900031",
                "vehicle_leasing",
                "34110000-1",
                48,
                27,
                24,
                "2 år",
                52_000_000,
                true,
            ),
            (
                FUEL,
                "Exempel Energi Region AB",
                "556900032",
                "fuels",
                "09134200-9",
                36,
                13,
                12,
                "1 år",
                21_000_000,
                true,
            ),
            (
                POWER,
                "Demo Kraft Region AB",
                "556900033",
                "electricity",
                "09310000-5",
                48,
                31,
                0,
                "",
                96_000_000,
                true,
            ),
            (
                "Sjukresor och färdtjänst",
                "Exempel Persontrafik AB",
                "556900034",
                "passenger_transport",
                "60140000-1",
                60,
                10,
                24,
                "2 år",
                140_000_000,
                true,
            ),
            (
                CLEANING,
                "Exempel Sjukhusservice AB",
                "556900035",
                "cleaning_services",
                "90910000-9",
                48,
                7,
                24,
                "1 + 1 år",
                88_000_000,
                true,
            ),
            (
                FOOD,
                "Demo Måltidsgrossist AB",
                "556900036",
                "food",
                "15000000-8",
                36,
                17,
                12,
                "1 år",
                64_000_000,
                false,
            ),
            (
                "Datorer och arbetsplatsutrustning",
                "Demo IT-leverantör AB",
                "556900037",
                "it_equipment",
                "30213000-5",
                36,
                3,
                12,
                "1 år",
                45_000_000,
                true,
            ),
            (
                "Transporter av varor mellan sjukhusen",
                "Exempel Frakt AB",
                "556900038",
                "freight",
                "60161000-4",
                36,
                24,
                12,
                "1 år",
                15_000_000,
                true,
            ),
            (
                "Möbler för vårdlokaler",
                "Exempel Vårdinredning AB",
                "556900039",
                "furniture",
                "39130000-2",
                24,
                35,
                0,
                "",
                8_800_000,
                false,
            ),
            (
                "Belysning i vårdlokaler, LED",
                "Demo Ljus AB",
                "556900040",
                "electrical_equipment",
                "31527200-8",
                36,
                20,
                0,
                "",
                6_300_000,
                true,
            ),
        ],
        "demobostader.example" => &[
            (
                POWER,
                "Exempel Kraft Fastighet AB",
                "556900041",
                "electricity",
                "09310000-5",
                36,
                20,
                12,
                "1 år",
                12_000_000,
                true,
            ),
            (
                CLEANING,
                "Demo Trappstäd AB",
                "556900042",
                "cleaning_services",
                "90910000-9",
                36,
                10,
                12,
                "1 år",
                6_500_000,
                true,
            ),
            (
                "Utomhusbelysning bostadsområden",
                "Exempel Utebelysning AB",
                "556900043",
                "electrical_equipment",
                "31527200-8",
                24,
                15,
                0,
                "",
                1_900_000,
                true,
            ),
            (
                "Servicebilar, leasing",
                "Exempel Bil AB",
                "556900044",
                "vehicle_leasing",
                "34110000-1",
                36,
                12,
                12,
                "1 år",
                2_400_000,
                true,
            ),
            (
                FUEL,
                "Demo Drivmedel Fastighet AB",
                "556900045",
                "fuels",
                "09134200-9",
                24,
                23,
                0,
                "",
                600_000,
                false,
            ),
            (
                "Möbler till gemensamhetslokaler",
                "Demo Möbelhus AB",
                "556900046",
                "furniture",
                "39130000-2",
                24,
                4,
                0,
                "",
                700_000,
                false,
            ),
            (
                "IT-utrustning för kontoret",
                "Exempel Data AB",
                "556900047",
                "it_equipment",
                "30213000-5",
                36,
                29,
                12,
                "1 år",
                1_100_000,
                true,
            ),
            (
                "Flyttransporter och godshantering",
                "Exempel Flytt AB",
                "556900048",
                "freight",
                "60161000-4",
                24,
                18,
                12,
                "1 år",
                800_000,
                true,
            ),
        ],
        _ => &[],
    }
}

/// Nine digits and the Luhn check digit: a valid-looking, made-up org. number.
fn orgnr(nine: &str) -> String {
    (0..10u8)
        .map(|d| format!("{nine}{d}"))
        .find_map(|ten| normalise_orgnr(&ten))
        .unwrap_or_default()
}

/// The last day of the month `months` after today's.
fn month_end(today: Date, months: i32) -> Option<Date> {
    let first = Date::new(today.year, today.month, 1)?.add_months(months + 1)?;
    Some(Date::from_days_since_epoch(
        i64::from(first.days_since_epoch()) - 1,
    ))
}

/// Contracts with suppliers of the demo ledger (data/demo/ledger-demo.csv,
/// invoices of 2025), so the spend analysis finds spend on contract and
/// off it (avtalstrohet). Like many real registers they carry the supplier's
/// name only: the ledger's made-up numbers 999999-… have no valid check
/// digit. Fixed dates, since the ledger's year is fixed. Not shared.
/// (title, ledger supplier, value in kronor); each organisation leaves out
/// a different one so the shares differ. Fuel stays off contract everywhere:
/// card purchases at the pump are typical off-contract spend.
const LEDGER_CONTRACTS: [(&str, &str, i64); 7] = [
    (
        "Livsmedel, grossistavtal",
        "Demo Livsmedelsgrossist AB",
        9_800_000,
    ),
    ("Mejerivaror", "Demo Mejeri ek. för.", 2_400_000),
    ("Kontorsmaterial", "Demo Kontorsvaror AB", 1_100_000),
    ("Fastighetsskötsel", "Demo Fastighetsservice AB", 4_200_000),
    ("IT-drift och nätverk", "Demo Data & Nät AB", 5_300_000),
    ("Elhandel", "Demo Energi AB", 7_900_000),
    ("Skolskjuts", "Demo Taxi & Skolskjuts AB", 6_400_000),
];

fn ledger_inputs(domain: &str, manager: Option<upphandla_store::UserId>) -> Vec<ContractInput> {
    let skip = match domain {
        "demokommun.example" => 1,
        "norrby.example" => 5,
        "sodera.example" => 2,
        "region.demoland.example" => 6,
        "demobostader.example" => 3,
        _ => return Vec::new(),
    };
    let (Some(start_date), Some(end_date)) = (Date::new(2024, 4, 1), Date::new(2027, 3, 31)) else {
        return Vec::new();
    };
    LEDGER_CONTRACTS
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != skip)
        .map(|(i, &(title, supplier, kronor))| ContractInput {
            reference: format!("DEMO 2024/{}", 500 + i),
            title: title.to_string(),
            supplier_name: supplier.to_string(),
            supplier_orgnr: String::new(),
            start_date,
            end_date,
            extension_months: 12,
            options_note: "1 år".to_string(),
            value_ore: Some(kronor * 100),
            cpv: String::new(),
            category: String::new(),
            manager_user_id: manager,
            procurement_id: None,
        })
        .collect()
}

fn inputs(
    domain: &str,
    today: Date,
    manager: Option<upphandla_store::UserId>,
) -> Vec<(ContractInput, bool)> {
    rows(domain)
        .iter()
        .enumerate()
        .filter_map(
            |(
                i,
                &(
                    title,
                    supplier,
                    nine,
                    category,
                    cpv,
                    term,
                    ends_in,
                    ext,
                    options,
                    kronor,
                    shared,
                ),
            )| {
                let end_date = month_end(today, ends_in)?;
                let start_date = Date::from_days_since_epoch(
                    i64::from(end_date.add_months(-term)?.days_since_epoch()) + 1,
                );
                let year = start_date.year;
                Some((
                    ContractInput {
                        reference: format!("DEMO {year}/{}", 100 + i),
                        title: title.to_string(),
                        supplier_name: supplier.to_string(),
                        supplier_orgnr: orgnr(nine),
                        start_date,
                        end_date,
                        extension_months: ext,
                        options_note: options.to_string(),
                        value_ore: Some(kronor * 100),
                        cpv: cpv.to_string(),
                        category: category.to_string(),
                        manager_user_id: manager,
                        procurement_id: None,
                    },
                    shared,
                ))
            },
        )
        .collect()
}

/// Seeds the register of the demo organisation with login domain `domain`
/// (nothing for others). Imported in one transaction, then flagged demo.
pub async fn seed_demo(
    store: &Store,
    org: OrgId,
    domain: &str,
    today: Date,
) -> Result<(), StoreError> {
    let manager = store
        .user_by_email(&format!("avtalsansvarig@{domain}"))
        .await?
        .map(|u| u.id);
    let rows = inputs(domain, today, manager);
    if rows.is_empty() {
        return Ok(());
    }
    let contracts: Vec<ContractInput> = rows
        .iter()
        .map(|(c, _)| c.clone())
        .chain(ledger_inputs(domain, manager))
        .collect();
    let now = upphandla_store::now();
    store.import_contracts(org, &contracts, None, now).await?;
    for stored in store.contracts(org).await? {
        if stored.source != ContractSource::Import || stored.demo {
            continue;
        }
        let shared = rows
            .iter()
            .any(|(c, s)| *s && c.title == stored.title && c.supplier_name == stored.supplier_name);
        store.set_contract_demo(org, stored.id, true).await?;
        if shared {
            store.set_contract_shared(org, stored.id, true).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAINS: [&str; 5] = [
        "demokommun.example",
        "norrby.example",
        "sodera.example",
        "region.demoland.example",
        "demobostader.example",
    ];

    #[test]
    fn demo_rows_are_valid_and_made_up() {
        let today = Date::new(2026, 11, 30).unwrap();
        for domain in DOMAINS {
            let rows = inputs(domain, today, None);
            assert!((8..=15).contains(&rows.len()), "{domain}: {}", rows.len());
            assert!(rows.iter().any(|(_, s)| *s) && rows.iter().any(|(_, s)| !*s));
            for (c, _) in &rows {
                assert!(
                    c.validate().is_empty(),
                    "{domain} {}: {:?}",
                    c.title,
                    c.validate()
                );
                assert!(
                    c.supplier_name.contains("Demo") || c.supplier_name.contains("Exempel"),
                    "{}",
                    c.supplier_name
                );
                assert_eq!(c.supplier_orgnr.len(), 11, "{}", c.supplier_name);
                assert!(
                    upphandla_formats::criteria::check_cpv(&c.cpv).is_ok(),
                    "{}",
                    c.cpv
                );
                assert!(upphandla_formats::contracts::find_category(&c.category).is_some());
                assert!(c.end_date > today);
            }
        }
        assert!(inputs("energikontor.example", today, None).is_empty());
        for domain in DOMAINS {
            let ledger = ledger_inputs(domain, None);
            assert_eq!(ledger.len(), LEDGER_CONTRACTS.len() - 1, "{domain}");
            assert!(ledger.iter().all(|c| c.validate().is_empty()));
        }
    }

    #[test]
    fn joint_opportunities_exist() {
        // Categories ending within the same 12 months in at least three organisations.
        let today = Date::new(2026, 11, 30).unwrap();
        for category in [
            "vehicle_leasing",
            "fuels",
            "electricity",
            "passenger_transport",
        ] {
            let ends: Vec<Date> = DOMAINS
                .iter()
                .flat_map(|d| inputs(d, today, None))
                .filter(|(c, _)| c.category == category)
                .map(|(c, _)| c.end_date)
                .collect();
            let in_window = ends
                .iter()
                .map(|a| {
                    ends.iter()
                        .filter(|b| a.days_until(**b) >= 0 && a.days_until(**b) <= 366)
                        .count()
                })
                .max()
                .unwrap_or(0);
            assert!(in_window >= 3, "{category}: {ends:?}");
        }
    }

    #[test]
    fn month_end_counts_from_today() {
        let today = Date::new(2026, 11, 30).unwrap();
        assert_eq!(month_end(today, 0), Date::new(2026, 11, 30));
        assert_eq!(month_end(today, 3), Date::new(2027, 2, 28));
    }
}
