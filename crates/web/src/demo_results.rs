//! Demo region results (issue 6): for Demo kommun, Norrby, Söderå and Region
//! Demoland a few completed procurements from earlier years (service cars,
//! school transport, street lighting, food, electricity), each with CPV and
//! spend category, a per-year baseline with its source text, chosen library
//! criteria, a contract from the award and supplier reports per quarter or
//! year up to the last whole period before today. So the result pages, the
//! organisation dashboards and the coordinator's view have something
//! followed up to show. Every figure is synthetic and says so ("demodata"
//! in titles and notes; the organisations and procurements carry the demo
//! flag). The demo service-car procurement "Tjänstebilar 2027" is not
//! touched (the end-to-end tests drive it).
//!
//! Baselines are stored per year (one year of the previous contract's
//! activity, or one year of spend), so the result pages compare them with
//! the followed-up yearly rate directly.

use std::collections::BTreeMap;

use upphandla_core::criteria::FollowUpWhen;
use upphandla_core::date::Date;
use upphandla_core::followup::{
    DEFAULT_FACTOR_MILLI, DeviationStatus, Sanction, advantage_from_quantity, missing_hvo_litres,
    next_due, number_sv, penalty, transition,
};
use upphandla_core::money::Ore;
use upphandla_core::process::{self, Stage};
use upphandla_core::results::{activity_baseline, activity_factor};
use upphandla_store::{
    Baseline, BaselineMethod, BaselineQuantities, ContractInput, ContractSource, DeviationInput,
    GoalInput, GoodExampleInput, ItemInput, OrgId, ProcurementInput, ProcurementStatus,
    ReportInput, Role, Store, UserId,
};

use crate::demo::{DemoError, DemoOrg};

/// How often a supplier reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Every {
    Quarter,
    Year,
}

/// What the previous contract used in a year, or what was spent on the category.
enum Base {
    /// Quantities per year of the previous contract (metric key, quantity).
    Activity(&'static [(&'static str, f64)]),
    /// Kronor per year in the spend category (the default spend factor applies).
    Spend(i64),
}

/// One completed demo procurement with its contract and reports.
struct Plan {
    domain: &'static str,
    title: &'static str,
    reference: &'static str,
    description: &'static str,
    cpv: &'static str,
    category: &'static str,
    /// Contract value in kronor.
    value_kr: i64,
    start: (i32, u8, u8),
    end: (i32, u8, u8),
    extension_months: u32,
    options: &'static str,
    ambition: &'static str,
    criteria: &'static [&'static str],
    base: Base,
    base_note: &'static str,
    supplier: &'static str,
    /// Nine digits; the check digit is computed.
    supplier_orgnr9: &'static str,
    /// Shared with the coordinating body (results, criteria levels, contract dates).
    shared: bool,
    every: Every,
    /// Quantities per whole year under the new contract (metric key, quantity).
    per_year: &'static [(&'static str, f64)],
    /// Relative volume per calendar quarter (school transport has a summer break).
    season: [f64; 4],
}

const FLAT: [f64; 4] = [1.0, 1.0, 1.0, 1.0];
const SCHOOL_YEAR: [f64; 4] = [1.15, 1.0, 0.55, 1.15];
const LIGHTING: [f64; 4] = [1.3, 0.6, 0.7, 1.4];

const PLANS: &[Plan] = &[
    // ---- Demo kommun
    Plan {
        domain: "demokommun.example",
        title: "Tjänstebilar 2023 (demo)",
        reference: "KS 2022/311 (demo)",
        description: "Leasing av 38 tjänstebilar till hemtjänsten och tekniska förvaltningen 2023–2027, minst 38,5 % rena fordon enligt lagen om rena fordon (demodata: påhittad upphandling).",
        cpv: "34110000-1",
        category: "vehicle_leasing",
        value_kr: 3_600_000,
        start: (2023, 4, 1),
        end: (2027, 3, 31),
        extension_months: 0,
        options: "",
        ambition: "avancerad",
        // The legal floor of clean vehicles, with its stated effect (0,385,
        // tank-to-wheel): the contract's electric cars (el_kwh below) meet it.
        criteria: &[
            "fordon-ts-miljobil",
            "fordon-ts-rena-fordon-andel",
            "fordon-kv-fordonslista",
            "fordon-kv-arsrapport",
        ],
        base: Base::Activity(&[
            ("diesel_l", 31_500.0),
            ("bensin_l", 14_200.0),
            ("fordon_km", 548_000.0),
        ]),
        base_note: "Förra avtalet, år 2022: 38 bilar, 31 500 l diesel och 14 200 l bensin (demodata)",
        supplier: "Leasebil Demoland AB (demo)",
        supplier_orgnr9: "556612345",
        shared: true,
        every: Every::Year,
        per_year: &[
            ("hvo100_l", 24_600.0),
            ("diesel_l", 1_600.0),
            ("bensin_l", 700.0),
            ("el_kwh", 52_000.0),
            ("fordon_km", 552_000.0),
        ],
        season: FLAT,
    },
    Plan {
        domain: "demokommun.example",
        title: "Skolskjuts 2024 (demo)",
        reference: "BUN 2023/58 (demo)",
        description: "Skolskjuts med tolv fordon, cirka 300 000 km per år, 2024–2028 (demodata: påhittad upphandling).",
        cpv: "60130000-8",
        category: "passenger_transport",
        value_kr: 38_000_000,
        start: (2024, 7, 1),
        end: (2028, 6, 30),
        extension_months: 24,
        options: "1 + 1 år",
        ambition: "avancerad",
        // Renewable fuels only (the fuel criteria also apply to bus and taxi
        // contracts); its stated effect 0,5 is the legal minimum cut, a lower
        // bound. The diesel still reported is the listed exception.
        criteria: &[
            "persontransport-kv-fornybart-andel",
            "persontransport-kv-rapport",
            "persontransport-ts-euro-6",
            "drivmedel-kv-fossilfritt",
        ],
        base: Base::Activity(&[("diesel_l", 46_000.0), ("fordon_km", 300_000.0)]),
        base_note: "Förra avtalet, läsåret 2022/23: 46 000 l diesel, 300 000 km (demodata)",
        supplier: "Skoltrafik Demoland AB (demo)",
        supplier_orgnr9: "556723456",
        shared: true,
        every: Every::Quarter,
        per_year: &[
            ("hvo100_l", 40_500.0),
            ("diesel_l", 2_000.0),
            ("fordon_km", 302_000.0),
        ],
        season: SCHOOL_YEAR,
    },
    Plan {
        domain: "demokommun.example",
        title: "Elavtal 2024 (demo)",
        reference: "KS 2023/402 (demo)",
        description: "El till kommunens verksamheter, 100 % förnybar med ursprungsgarantier, 2024–2027 (demodata: påhittad upphandling, inte delad med energikontoret).",
        cpv: "09310000-5",
        category: "electricity",
        value_kr: 31_000_000,
        start: (2024, 1, 1),
        end: (2027, 12, 31),
        extension_months: 12,
        options: "1 år",
        ambition: "avancerad",
        criteria: &["el-ts-fornybar-100", "el-kv-forbrukningsrapport"],
        base: Base::Activity(&[("el_kwh", 8_900_000.0)]),
        base_note: "Uppmätt elanvändning 2023 enligt nätägarens mätvärden: 8,9 GWh (demodata)",
        supplier: "Demoland Energi AB (demo)",
        supplier_orgnr9: "556834567",
        shared: false,
        every: Every::Year,
        per_year: &[("el_kwh", 8_450_000.0), ("andel_fornybar_el_pct", 100.0)],
        season: FLAT,
    },
    // ---- Norrby
    Plan {
        domain: "norrby.example",
        title: "Gatubelysning LED 2023 (demo)",
        reference: "TN 2022/77 (demo)",
        description: "Byte till LED-armaturer med styrning och drift av gatubelysningen 2023–2027 (demodata: påhittad upphandling).",
        cpv: "50232100-1",
        category: "electrical_equipment",
        value_kr: 14_500_000,
        start: (2023, 9, 1),
        end: (2027, 8, 31),
        extension_months: 24,
        options: "2 år",
        ambition: "avancerad",
        criteria: &[
            "belysning-ts-effektiva-ljuskallor",
            "belysning-ts-styrning-dimring",
            "belysning-kv-uppmatt-energi",
        ],
        base: Base::Activity(&[("el_kwh", 1_240_000.0)]),
        base_note: "Uppmätt el för gatubelysningen 2022 (högtrycksnatrium): 1 240 MWh (demodata)",
        supplier: "Ljus & Drift Norr AB (demo)",
        supplier_orgnr9: "556945678",
        shared: true,
        every: Every::Year,
        per_year: &[("el_kwh", 655_000.0)],
        season: LIGHTING,
    },
    Plan {
        domain: "norrby.example",
        title: "Livsmedel 2024 (demo)",
        reference: "KS 2023/19 (demo)",
        description: "Livsmedel till skolor och äldreboenden 2024–2027, krav på vegetariskt sortiment och inköpsstatistik (demodata: påhittad upphandling).",
        cpv: "15000000-8",
        category: "food",
        value_kr: 34_000_000,
        start: (2024, 2, 1),
        end: (2028, 1, 31),
        extension_months: 0,
        options: "",
        ambition: "bas",
        criteria: &["livsmedel-kv-inkopsstatistik", "livsmedel-kv-vegetariskt"],
        base: Base::Spend(8_600_000),
        base_note: "Utgift för livsmedel 2023 i inköpsanalysen: 8,6 mnkr (demodata)",
        supplier: "Norrby Grossist AB (demo)",
        supplier_orgnr9: "556156789",
        shared: true,
        every: Every::Year,
        per_year: &[],
        season: FLAT,
    },
    // ---- Söderå
    Plan {
        domain: "sodera.example",
        title: "Skolskjuts 2024 (demo)",
        reference: "BUN 2024/12 (demo)",
        description: "Skolskjuts med arton fordon, cirka 450 000 km per år, 2024–2028 (demodata: påhittad upphandling).",
        cpv: "60130000-8",
        category: "passenger_transport",
        value_kr: 52_000_000,
        start: (2024, 8, 1),
        end: (2028, 6, 30),
        extension_months: 24,
        options: "1 + 1 år",
        ambition: "avancerad",
        criteria: &[
            "persontransport-kv-fornybart-andel",
            "persontransport-kv-rapport",
        ],
        base: Base::Activity(&[("diesel_l", 61_000.0), ("fordon_km", 445_000.0)]),
        base_note: "Förra avtalet, läsåret 2023/24: 61 000 l diesel, 445 000 km (demodata)",
        supplier: "Söderå Buss & Taxi AB (demo)",
        supplier_orgnr9: "556267890",
        shared: true,
        every: Every::Quarter,
        per_year: &[
            ("hvo100_l", 38_000.0),
            ("biogas_nm3", 14_500.0),
            ("diesel_l", 4_000.0),
            ("fordon_km", 448_000.0),
        ],
        season: SCHOOL_YEAR,
    },
    Plan {
        domain: "sodera.example",
        title: "Tjänstebilar 2023 (demo)",
        reference: "KS 2022/140 (demo)",
        description: "Leasing av 52 tjänstebilar, varav 40 elbilar, 2023–2027 (demodata: påhittad upphandling).",
        cpv: "34110000-1",
        category: "vehicle_leasing",
        value_kr: 5_900_000,
        start: (2023, 5, 1),
        end: (2027, 4, 30),
        extension_months: 12,
        options: "1 år",
        ambition: "spjutspets",
        criteria: &[
            "fordon-ts-nollutslapp",
            "fordon-kv-fordonslista",
            "fordon-kv-arsrapport",
        ],
        base: Base::Activity(&[
            ("bensin_l", 38_000.0),
            ("diesel_l", 21_000.0),
            ("fordon_km", 760_000.0),
        ]),
        base_note: "Förra avtalet, år 2022: 52 bilar, 38 000 l bensin och 21 000 l diesel (demodata)",
        supplier: "Elbil Leasing Syd AB (demo)",
        supplier_orgnr9: "556378901",
        shared: true,
        every: Every::Year,
        per_year: &[
            ("el_kwh", 118_000.0),
            ("hvo100_l", 9_800.0),
            ("fordon_km", 765_000.0),
        ],
        season: FLAT,
    },
    // ---- Region Demoland
    Plan {
        domain: "region.demoland.example",
        title: "Sjukresor 2023 (demo)",
        reference: "RS 2022/901 (demo)",
        description: "Sjukresor med taxi och specialfordon i regionen 2023–2027 (demodata: påhittad upphandling).",
        cpv: "60120000-5",
        category: "passenger_transport",
        value_kr: 96_000_000,
        start: (2023, 10, 1),
        end: (2027, 9, 30),
        extension_months: 24,
        options: "1 + 1 år",
        ambition: "avancerad",
        criteria: &[
            "persontransport-kv-fornybart-andel",
            "persontransport-kv-rapport",
            "persontransport-tk-nollutslapp-andel",
        ],
        base: Base::Activity(&[("diesel_l", 182_000.0), ("fordon_km", 2_350_000.0)]),
        base_note: "Förra avtalet, år 2022: 182 000 l diesel, 2,35 miljoner km (demodata)",
        supplier: "Regiontaxi Demoland AB (demo)",
        supplier_orgnr9: "556489012",
        shared: true,
        every: Every::Quarter,
        per_year: &[
            ("hvo100_l", 121_000.0),
            ("diesel_l", 16_000.0),
            ("el_kwh", 310_000.0),
            ("fordon_km", 2_380_000.0),
        ],
        season: FLAT,
    },
    Plan {
        domain: "region.demoland.example",
        title: "Elavtal 2024 (demo)",
        reference: "RS 2023/310 (demo)",
        description: "El till regionens sjukhus och vårdcentraler, 100 % förnybar med ursprungsgarantier, 2024–2027 (demodata: påhittad upphandling).",
        cpv: "09310000-5",
        category: "electricity",
        value_kr: 118_000_000,
        start: (2024, 1, 1),
        end: (2027, 12, 31),
        extension_months: 12,
        options: "1 år",
        ambition: "avancerad",
        criteria: &["el-ts-fornybar-100", "el-kv-forbrukningsrapport"],
        base: Base::Activity(&[("el_kwh", 41_000_000.0)]),
        base_note: "Uppmätt elanvändning 2023: 41 GWh (demodata)",
        supplier: "Demoland Energi AB (demo)",
        supplier_orgnr9: "556834567",
        shared: true,
        every: Every::Year,
        per_year: &[("el_kwh", 39_200_000.0), ("andel_fornybar_el_pct", 100.0)],
        season: FLAT,
    },
];

/// `NNNNNN-NNNN` with the Luhn check digit of a Swedish organisationsnummer.
fn orgnr(nine: &str) -> String {
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.saturating_sub(b'0'));
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    format!("{}-{}{}", &nine[..6], &nine[6..], (10 - sum % 10) % 10)
}

fn date((y, m, d): (i32, u8, u8)) -> Result<Date, DemoError> {
    Date::new(y, m, d).ok_or_else(|| DemoError::Data(format!("datum {y}-{m}-{d}")))
}

/// The reporting periods from `start` up to the last whole period that ended
/// before `today` (and not after `end`): calendar quarters (the first one
/// starting on the contract's first day) or contract years.
fn periods(start: Date, end: Date, every: Every, today: Date) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut from = start;
    let mut year = 0;
    while from < today && from <= end {
        let next = match every {
            Every::Quarter => {
                let months = 3 - (i32::from(from.month) - 1) % 3;
                Date::new(from.year, from.month, 1).and_then(|d| d.add_months(months))
            }
            // Contract years, as core::followup::next_due counts them.
            Every::Year => {
                year += 12;
                start.add_months(year)
            }
        };
        let Some(next) = next else {
            break;
        };
        let last = Date::from_days_since_epoch(i64::from(next.days_since_epoch()) - 1).min(end);
        if last >= today {
            break;
        }
        out.push((from, last));
        from = next;
    }
    out
}

/// A report's values: the yearly quantities for the period's length and
/// season, varied a little (±5 %, fixed per period) so the reports do not
/// look copied. Shares are reported as they are.
fn report_values(plan: &Plan, (from, to): (Date, Date), index: usize) -> BTreeMap<String, f64> {
    let days = f64::from(from.days_until(to) + 1);
    let quarter = usize::from((from.month - 1) / 3);
    let season = match plan.every {
        Every::Quarter => plan.season[quarter],
        Every::Year => 1.0,
    };
    let vary = 1.0 + ((index * 37 + plan.title.len()) % 11) as f64 / 100.0 - 0.05;
    plan.per_year
        .iter()
        .map(|(metric, q)| {
            let v = if metric.ends_with("_pct") {
                *q
            } else {
                (q * days / 365.0 * season * vary).round()
            };
            ((*metric).to_string(), v)
        })
        .collect()
}

/// The baseline of a plan: per year, from the activity factors shipped in
/// data/followup/activity_factors.csv (stored with its quantities and range,
/// the same path as the baseline page's activity data) or the default spend
/// factor.
fn baseline(plan: &Plan, by: Option<UserId>) -> Result<(Baseline, BaselineQuantities), DemoError> {
    match plan.base {
        Base::Activity(quantities) => {
            let quantities: Vec<(String, f64)> = quantities
                .iter()
                .filter(|(metric, _)| activity_factor(metric).is_some())
                .map(|(metric, q)| ((*metric).to_string(), *q))
                .collect();
            let ab = activity_baseline(&quantities);
            Ok((
                Baseline {
                    method: BaselineMethod::Activity,
                    kg_co2e: ab.kg_co2e.value,
                    kwh: Some(ab.kwh.value),
                    spend: None,
                    source: "demo:aktivitet".into(),
                    note: format!(
                        "{}; per år × uppföljningens aktivitetsfaktorer (källor i metodbeskrivningen, Uppmätt resultat)",
                        plan.base_note
                    ),
                    set_by: by,
                    set_at: 0,
                },
                BaselineQuantities {
                    quantities,
                    kg_low: Some(ab.kg_co2e.low),
                    kg_high: Some(ab.kg_co2e.high),
                },
            ))
        }
        Base::Spend(kronor) => {
            let factors = upphandla_formats::maps::default_factor_set()
                .map_err(|e| DemoError::Data(e.to_string()))?;
            let f = factors
                .get(plan.category)
                .ok_or_else(|| DemoError::Data(format!("spend factor {}", plan.category)))?;
            Ok((
                Baseline {
                    method: BaselineMethod::Spend,
                    kg_co2e: kronor as f64 * f.kg_co2e_per_sek,
                    kwh: None,
                    spend: Some(Ore(kronor * 100)),
                    source: "demo:utgift".into(),
                    note: format!(
                        "{}; per år × {} kg CO2e/kr ({})",
                        plan.base_note, f.kg_co2e_per_sek, f.source
                    ),
                    set_by: by,
                    set_at: 0,
                },
                BaselineQuantities::default(),
            ))
        }
    }
}

/// The numeric check of a criterion's follow-up item, where the demo
/// contract states one: (metric, comparator, threshold). The library's
/// texts leave the level as "[X] %"; the demo contracts fill in 90 %.
fn requirement(criterion: &str) -> Option<(&'static str, &'static str, f64)> {
    match criterion {
        "persontransport-kv-fornybart-andel" => Some(("andel_fornybar_drivmedel_pct", ">=", 90.0)),
        "el-ts-fornybar-100" => Some(("andel_fornybar_el_pct", ">=", 100.0)),
        _ => None,
    }
}

/// HVO100 costs this much more than diesel per litre in the demo contracts
/// (synthetic; the advantage a supplier gains by delivering diesel instead).
const DEMO_HVO_PREMIUM: Ore = Ore(320);

/// Which reports fall short of the renewable requirement in the demo: the
/// second report (a deviation found, corrected and closed) and, in Demo
/// kommun, the latest one (a deviation still open, with a 1.5× penalty).
fn short_reports(plan: &Plan, count: usize) -> (Option<usize>, Option<usize>) {
    let renewable = plan
        .criteria
        .contains(&"persontransport-kv-fornybart-andel");
    if !renewable || plan.every != Every::Quarter || count < 4 {
        return (None, None);
    }
    let open = (plan.domain == "demokommun.example").then_some(count - 1);
    (Some(1), open)
}

/// A fifth of the HVO100 swapped for diesel of the same energy: the supplier
/// ran out of HVO at its depot (the demo's deviation).
fn fall_short(values: &mut BTreeMap<String, f64>) {
    let hvo = values.get("hvo100_l").copied().unwrap_or(0.0);
    let swapped = (hvo * 0.2).round();
    let hvo_mj = upphandla_core::followup::fuel_energy("hvo100_l").map_or(34.32, |f| f.mj_per_unit);
    let diesel_mj =
        upphandla_core::followup::fuel_energy("diesel_l").map_or(36.0, |f| f.mj_per_unit);
    values.insert("hvo100_l".into(), hvo - swapped);
    *values.entry("diesel_l".into()).or_default() += (swapped * hvo_mj / diesel_mj).round();
}

fn plus_days(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// The contract's follow-up: one item per chosen criterion (what, how,
/// evidence and frequency from the library), the supplier's reports up to
/// the last whole period, and the deviations the checks found.
#[allow(clippy::too_many_arguments)]
async fn followup(
    store: &Store,
    org: OrgId,
    plan: &Plan,
    contract_id: i64,
    (start, end): (Date, Date),
    today: Date,
    manager: Option<UserId>,
    now: i64,
) -> Result<(), DemoError> {
    let library = upphandla_formats::criteria::default_library();
    let reports: Vec<((Date, Date), BTreeMap<String, f64>)> = if plan.per_year.is_empty() {
        Vec::new()
    } else {
        periods(start, end, plan.every, today)
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p, report_values(plan, p, i)))
            .collect()
    };
    let (closed_at, open_at) = short_reports(plan, reports.len());
    let mut reports = reports;
    for i in [closed_at, open_at].into_iter().flatten() {
        fall_short(&mut reports[i].1);
    }
    // Items, with where each stands after the checks made so far.
    let mut items = Vec::new();
    let mut checked = Vec::new();
    for key in plan.criteria {
        let Some(c) = library.criterion(key) else {
            continue;
        };
        let when = c.follow_up_when;
        let last = match when {
            FollowUpWhen::VidAnbud => Some(start),
            FollowUpWhen::VidLeverans => start.add_months(1).filter(|d| *d < today),
            FollowUpWhen::VidAvtalsslut => None,
            // Monthly checks (purchase statistics) done up to last month.
            FollowUpWhen::Manadsvis => Date::new(today.year, today.month, 1)
                .map(|first| plus_days(first, -1))
                .filter(|d| *d >= start),
            FollowUpWhen::Kvartalsvis | FollowUpWhen::Arligen => match reports.last() {
                Some(((_, to), _)) => Some(*to),
                None => periods(start, end, Every::Quarter, today)
                    .last()
                    .map(|p| p.1),
            },
        };
        let next = next_due(when, start, end, last);
        let (metric, comparator, threshold) = match requirement(key) {
            Some((m, c, t)) => (m.to_string(), c.to_string(), Some(t)),
            None => (String::new(), String::new(), None),
        };
        items.push(ItemInput {
            criterion_id: c.id.clone(),
            what: c.title.get(false).to_string(),
            how: c.follow_up.get(false).to_string(),
            evidence: c.follow_up_evidence.get(false).to_string(),
            frequency: when.key().to_string(),
            next_due: next,
            role: Role::Avtalsansvarig,
            metric,
            comparator,
            threshold,
        });
        checked.push((last, next));
    }
    let ids = store
        .create_followup_items(org, contract_id, &items, now)
        .await?
        .unwrap_or_default();
    for (id, (last, next)) in ids.iter().zip(&checked) {
        if let Some(last) = last {
            store.mark_item_checked(org, *id, *last, *next).await?;
        }
    }
    let renewable_item = ids
        .iter()
        .zip(&items)
        .find(|(_, i)| i.metric == "andel_fornybar_drivmedel_pct")
        .map(|(id, i)| (*id, i.threshold.unwrap_or(90.0)));

    let mut report_ids = Vec::with_capacity(reports.len());
    for ((from, to), values) in &reports {
        let input = ReportInput {
            period_start: *from,
            period_end: *to,
            source: "form".into(),
            file_name: String::new(),
            note: "Leverantörens rapport (demodata)".into(),
            values: values.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        };
        let id = store
            .create_report(org, contract_id, &input, manager, now)
            .await?;
        report_ids.push(id);
    }

    let Some((item, required)) = renewable_item else {
        return Ok(());
    };
    for (index, open) in [(closed_at, false), (open_at, true)] {
        let Some(index) = index else { continue };
        let ((_, to), values) = &reports[index];
        let share = upphandla_core::followup::renewable_fuel_share(values).unwrap_or(0.0);
        let missing = missing_hvo_litres(values, required).unwrap_or(0.0);
        let advantage = advantage_from_quantity(missing.round(), DEMO_HVO_PREMIUM);
        let sanction = advantage.and_then(|a| penalty(a, DEFAULT_FACTOR_MILLI));
        let found_on = plus_days(*to, 20).min(today);
        let description = format!(
            "Andelen förnybart i kvartalets rapport var {} % (kravet är minst {} %): HVO100 tog slut vid depån och diesel tankades i stället (demodata).",
            number_sv(share),
            number_sv(required)
        );
        let input = if open {
            DeviationInput {
                item_id: Some(item),
                report_id: report_ids[index],
                found_on: Some(found_on),
                description,
                action: format!(
                    "Leverantören ska nå kravet från nästa kvartal och visa tankkvitton. Vite enligt avtalet: 1,5 × fördelen av {} liter HVO100 som inte levererades × {} kr/l merkostnad (demodata).",
                    number_sv(missing.round()),
                    number_sv(DEMO_HVO_PREMIUM.0 as f64 / 100.0)
                ),
                deadline: Some(plus_days(today, 30)),
                sanction: Sanction::Vite.key().into(),
                advantage_ore: advantage.map(|a| a.0),
                sanction_ore: sanction.map(|s| s.0),
            }
        } else {
            DeviationInput {
                item_id: Some(item),
                report_id: report_ids[index],
                found_on: Some(found_on),
                description,
                action: "Rättelse: leverantören tankar HVO100 från en andra leverantör och redovisar nästa kvartal (demodata).".into(),
                deadline: Some(plus_days(found_on, 45)),
                sanction: Sanction::Rattelse.key().into(),
                advantage_ore: None,
                sanction_ore: None,
            }
        };
        let Some(id) = store
            .create_deviation(org, contract_id, &input, manager, now)
            .await?
        else {
            continue;
        };
        if !open {
            // Closed when the next quarter's report met the requirement.
            let next_end = reports.get(index + 1).map_or(today, |r| r.0.1);
            let closed_on = plus_days(next_end, 20).min(today);
            let change = transition(
                DeviationStatus::Oppen,
                DeviationStatus::Stangd,
                "Nästa kvartals rapport uppfyllde kravet; leverantören har avtal med två HVO-leverantörer (demodata).",
                Some(closed_on),
            )
            .map_err(|e| DemoError::Data(format!("{e:?}")))?;
            store
                .set_deviation_status(org, id, DeviationStatus::Oppen, &change, now)
                .await?;
        }
    }
    Ok(())
}

/// The organisations' goals (shared with the coordinating body) and the
/// energy office's goal for the region. Base values are synthetic.
async fn goals(store: &Store, orgs: &[(OrgId, &DemoOrg)]) -> Result<(), DemoError> {
    // (domain, kind, title, base year, base value, target year, target value)
    // Base values in the units the dashboards measure: the share of fuel
    // energy, t CO2e of the spend analysis' hybrid footprint per year, or
    // MWh of the procured contracts' energy per year (baselines summed).
    const GOALS: &[(&str, &str, &str, i32, f64, i32, f64)] = &[
        (
            "demokommun.example",
            "fossilfri_fordonsbransle",
            "Fossilfria fordonsbränslen 2030 (demo)",
            2022,
            31.0,
            2030,
            100.0,
        ),
        (
            "demokommun.example",
            "minskning_inkop_co2e",
            "Inköpens utsläpp −7 % per år (demo)",
            2022,
            1_900.0,
            2030,
            1_060.0,
        ),
        (
            "norrby.example",
            "minskning_energi",
            "Energi i upphandlade avtal −30 % till 2030 (demo)",
            2022,
            1_240.0,
            2030,
            868.0,
        ),
        (
            "norrby.example",
            "minskning_inkop_co2e",
            "Inköpens utsläpp halverade till 2030 (demo)",
            2022,
            1_150.0,
            2030,
            575.0,
        ),
        (
            "sodera.example",
            "fossilfri_fordonsbransle",
            "Fossilfria fordonsbränslen 2030 (demo)",
            2022,
            24.0,
            2030,
            100.0,
        ),
        (
            "sodera.example",
            "minskning_inkop_co2e",
            "Inköpens utsläpp −7 % per år (demo)",
            2022,
            2_650.0,
            2030,
            1_480.0,
        ),
        (
            "region.demoland.example",
            "fossilfri_fordonsbransle",
            "Fossilfria transporter i regionens uppdrag 2030 (demo)",
            2022,
            18.0,
            2030,
            100.0,
        ),
        (
            "region.demoland.example",
            "minskning_energi",
            "Energi i upphandlade avtal −20 % till 2030 (demo)",
            2022,
            42_800.0,
            2030,
            34_240.0,
        ),
        (
            "energikontor.example",
            "fossilfri_fordonsbransle",
            "Regionalt mål: fossilfria fordonsbränslen i offentliga uppdrag 2030 (demo)",
            2022,
            25.0,
            2030,
            100.0,
        ),
        (
            "energikontor.example",
            "minskning_inkop_co2e",
            "Regionalt mål: de offentliga inköpens utsläpp halverade till 2030 (demo)",
            2022,
            11_000.0,
            2030,
            5_500.0,
        ),
    ];
    for (domain, kind, title, base_year, base_value, target_year, target_value) in GOALS {
        let Some((org, _)) = orgs.iter().find(|(_, o)| o.domain == *domain) else {
            continue;
        };
        let input = GoalInput {
            kind: (*kind).into(),
            title: (*title).into(),
            base_year: *base_year,
            base_value: *base_value,
            target_year: *target_year,
            target_value: *target_value,
            note: "Demodata: påhittat mål och basvärde.".into(),
            shared: true,
        };
        store.create_goal(*org, &input).await?;
    }
    Ok(())
}

/// The good examples published from the demo: school transport in Demo
/// kommun by name, Söderå's service cars anonymised.
fn example(plan: &Plan) -> Option<(&'static str, bool, &'static str, &'static str)> {
    match (plan.domain, plan.title) {
        ("demokommun.example", "Skolskjuts 2024 (demo)") => Some((
            "persontransport",
            false,
            "Skolskjuts med krav på minst 90 % förnybar energi per kvartal, följt upp med kvartalsrapporter om liter HVO100 och diesel. Utsläppen föll med omkring fyra femtedelar mot förra avtalet (demodata).",
            "Skriv in vitet (1,5 × fördelen) i avtalet från början och be om drivmedelsstatistik per kvartal, inte bara intyg. En avvikelse rättades inom ett kvartal (demodata).",
        )),
        ("sodera.example", "Tjänstebilar 2023 (demo)") => Some((
            "fordon",
            true,
            "Tjänstebilar där 40 av 52 är elbilar och resten kör på HVO100; årsrapport per bil med km, el och drivmedel (demodata).",
            "Laddplatserna behövde vara klara före leveransen; planera dem i behovsanalysen (demodata).",
        )),
        _ => None,
    }
}

/// Seeds the results of every plan whose organisation is among `orgs`.
pub async fn seed(store: &Store, orgs: &[(OrgId, &DemoOrg)], today: Date) -> Result<(), DemoError> {
    let library = upphandla_formats::criteria::default_library();
    let now = upphandla_store::now();
    let mut procurements = Vec::new();
    for plan in PLANS {
        let Some((org, _)) = orgs.iter().find(|(_, o)| o.domain == plan.domain) else {
            continue;
        };
        let org = *org;
        let user = |role: Role| {
            let email = format!("{}@{}", role.key(), plan.domain);
            async move { store.user_by_email(&email).await.map(|u| u.map(|u| u.id)) }
        };
        let procurer = user(Role::Upphandlare).await?;
        let manager = user(Role::Avtalsansvarig).await?;
        let (start, end) = (date(plan.start)?, date(plan.end)?);
        let input = ProcurementInput {
            title: plan.title.into(),
            reference: plan.reference.into(),
            description: plan.description.into(),
            cpv_codes: vec![plan.cpv.into()],
            spend_category: plan.category.into(),
            estimated_value: Ore(plan.value_kr * 100),
            contract_start: Some(start),
            contract_end: Some(end),
            options: plan.options.into(),
            ambition: Some(plan.ambition.into()),
        };
        let id = store
            .create_procurement(org, &input, procurer, true)
            .await?;
        if let Some(by) = procurer {
            for key in plan.criteria {
                if let Some(c) = library.criterion(key) {
                    store
                        .add_procurement_criterion(org, id, &c.id, c.version, by)
                        .await?;
                }
            }
        }
        let (base, quantities) = baseline(plan, procurer)?;
        store.set_baseline_with(org, id, &base, &quantities).await?;
        // Every stage up to the contract closed (without the checklists,
        // so with a reason), then the procurement is marked completed:
        // follow-up of the contract goes on in avtalsuppföljning.
        if let Some(by) = procurer {
            for stage in Stage::ALL {
                let Some(next) = stage.next() else { break };
                let required: Vec<&str> = process::guide(stage)
                    .checklist
                    .iter()
                    .filter(|i| i.required)
                    .map(|i| i.key)
                    .collect();
                store
                    .close_stage(
                        org,
                        id,
                        stage.key(),
                        &required,
                        Some(next.key()),
                        "Demodata: avslutad upphandling från ett tidigare år, inlagd utan checklista.",
                        by,
                    )
                    .await?;
            }
        }
        store
            .set_procurement_status(org, id, ProcurementStatus::Completed)
            .await?;

        let contract = ContractInput {
            reference: plan.reference.into(),
            // The register marks a demo contract "(demo)" itself.
            title: plan.title.trim_end_matches(" (demo)").into(),
            supplier_name: plan.supplier.into(),
            supplier_orgnr: orgnr(plan.supplier_orgnr9),
            start_date: start,
            end_date: end,
            extension_months: plan.extension_months,
            options_note: plan.options.into(),
            value_ore: Some(plan.value_kr * 100),
            cpv: plan.cpv.into(),
            category: plan.category.into(),
            manager_user_id: manager,
            procurement_id: Some(id),
        };
        let contract_id = store
            .create_contract(org, &contract, ContractSource::Award, procurer, now)
            .await?;
        store.set_contract_demo(org, contract_id, true).await?;
        // The demo register (pages::contracts::demo) already holds a current
        // contract of this category; the one from this award takes its place,
        // so the organisation does not have two running side by side.
        for earlier in store.contracts(org).await? {
            if earlier.demo
                && earlier.source == ContractSource::Import
                && earlier.procurement_id.is_none()
                && earlier.category == plan.category
            {
                store.delete_contract(org, earlier.id).await?;
            }
        }
        if plan.shared {
            // Shares the contract that came from it too.
            store.set_procurement_shared(org, id, true).await?;
        }
        followup(
            store,
            org,
            plan,
            contract_id,
            (start, end),
            today,
            manager,
            now,
        )
        .await?;
        procurements.push((plan, org, id, procurer));
    }
    goals(store, orgs).await?;
    for (plan, org, id, by) in procurements {
        if let Some((product_group, anonymised, summary, lessons)) = example(plan) {
            let input = GoodExampleInput {
                title: plan.title.into(),
                product_group: product_group.into(),
                summary: summary.into(),
                lessons: lessons.into(),
                anonymised,
            };
            store.publish_good_example(org, id, &input, by).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn periods_are_whole_quarters_or_years_before_today() {
        let q = periods(
            d("2024-08-01"),
            d("2028-06-30"),
            Every::Quarter,
            d("2025-04-02"),
        );
        assert_eq!(
            q,
            vec![
                (d("2024-08-01"), d("2024-09-30")),
                (d("2024-10-01"), d("2024-12-31")),
                (d("2025-01-01"), d("2025-03-31")),
            ]
        );
        let y = periods(
            d("2023-04-01"),
            d("2027-03-31"),
            Every::Year,
            d("2026-11-30"),
        );
        assert_eq!(
            y,
            vec![
                (d("2023-04-01"), d("2024-03-31")),
                (d("2024-04-01"), d("2025-03-31")),
                (d("2025-04-01"), d("2026-03-31")),
            ]
        );
        // Nothing after the contract's end.
        let late = periods(
            d("2023-04-01"),
            d("2024-06-30"),
            Every::Year,
            d("2030-01-01"),
        );
        assert_eq!(late.last(), Some(&(d("2024-04-01"), d("2024-06-30"))));
    }

    #[test]
    fn demo_supplier_numbers_are_valid_and_plans_use_library_criteria() {
        let library = upphandla_formats::criteria::default_library();
        for plan in PLANS {
            let nr = orgnr(plan.supplier_orgnr9);
            assert!(upphandla_store::normalise_orgnr(&nr).is_some(), "{nr}");
            for c in plan.criteria {
                assert!(library.criterion(c).is_some(), "{c} in the library");
            }
            assert!(plan.title.contains("demo") && plan.description.contains("demodata"));
            assert!(
                baseline(plan, None).unwrap().0.kg_co2e > 0.0,
                "{}",
                plan.title
            );
        }
    }
}
