//! Life-cycle cost and climate (LCC): the TOML model file, its templates,
//! the calculation with Monte Carlo and tornado, and the report.
//!
//! `compute` parses a model file and runs everything; `build_doc` turns the
//! run into a [`Doc`] that `crate::doc` renders as text, XLSX, HTML or an
//! HTML fragment. `upphandla lcc` and the web application both call these.

pub mod file;
pub mod template;

use upphandla_core::lcc::calc::{self, LccResult};
use upphandla_core::lcc::cvd::{self, OperationalCost};
use upphandla_core::lcc::uncertainty::{self, MonteCarlo, Options, Tornado};
use upphandla_core::lcc::{Distribution, Model, ParamOwner};

use crate::doc::{self, Cell, Doc, Table};
use crate::report::svg::{self, Bar, Chart};
use crate::report::{decimal_sv, percent_sv, sek_whole_sv};

pub use file::{FileError, ModelNotes, parse_model};
pub use template::{
    FieldKind, FieldPos, TemplateField, TemplateKind, fill_template, section_title, template,
    template_fields, template_kinds,
};

/// Largest number of draws × alternatives kept in memory (16 bytes each).
pub const MAX_DRAW_CELLS: usize = 20_000_000;

/// Everything one run computes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LccRun {
    pub model: Model,
    pub notes: ModelNotes,
    pub result: LccResult,
    pub monte_carlo: Option<MonteCarlo>,
    pub tornado: Option<Tornado>,
    /// Operational lifetime cost by the Clean Vehicles Directive's method,
    /// for alternatives with `cvd` (docs/lcc.md).
    pub clean_vehicles_directive: Option<Vec<CvdRow>>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CvdRow {
    pub alternative: String,
    pub class: String,
    pub remaining_km: f64,
    pub quantity: f64,
    /// Per vehicle, EUR (2007 prices for the emission costs).
    pub per_vehicle: OperationalCost,
    /// All vehicles, EUR and SEK (at the file's `sek_per_eur`).
    pub total_eur: f64,
    pub total_sek: f64,
}

fn cvd_rows(spec: &file::CvdSpec) -> Vec<CvdRow> {
    spec.vehicles
        .iter()
        .map(|v| {
            let c = cvd::operational_lifetime_cost(&v.vehicle, &spec.prices, v.remaining_km);
            let total_eur = c.total_eur * v.quantity;
            CvdRow {
                alternative: v.alternative.clone(),
                class: v.class.clone(),
                remaining_km: v.remaining_km,
                quantity: v.quantity,
                per_vehicle: c,
                total_eur,
                total_sek: upphandla_core::lcc::round_ore(total_eur * spec.sek_per_eur),
            }
        })
        .collect()
}

/// Parses, computes and runs the uncertainty analysis. `draws` and `seed`
/// override the file's `[monte_carlo]`; `keep_draws` keeps every draw's
/// total (needed for the histograms of `build_doc(run, true)`).
pub fn compute(
    text: &str,
    draws: Option<usize>,
    seed: Option<u64>,
    keep_draws: bool,
) -> Result<LccRun, Vec<FileError>> {
    let (model, notes) = file::parse_model(text)?;
    let result = calc::evaluate(&model);
    let mut uncertain = 0;
    model.clone().for_each_param_mut(|_, _, _, p| {
        uncertain += usize::from(p.dist.is_some());
    });
    let (monte_carlo, tornado) = if uncertain > 0 {
        let draws = draws.or(notes.draws).unwrap_or(uncertainty::DEFAULT_DRAWS);
        if draws == 0 || draws.saturating_mul(model.alternatives.len()) > MAX_DRAW_CELLS {
            return Err(vec![FileError::plain(format!(
                "antalet dragningar ({draws}) måste vara minst 1 och högst {} delat med antalet alternativ",
                MAX_DRAW_CELLS
            ))]);
        }
        let opts = Options {
            draws,
            seed: seed.or(notes.seed).unwrap_or(uncertainty::DEFAULT_SEED),
            keep_draws,
        };
        (
            Some(uncertainty::monte_carlo(&model, opts)),
            Some(uncertainty::tornado(&model)),
        )
    } else {
        (None, None)
    };
    let clean_vehicles_directive = notes.cvd.as_ref().map(cvd_rows);
    Ok(LccRun {
        model,
        notes,
        result,
        monte_carlo,
        tornado,
        clean_vehicles_directive,
    })
}

fn kr(v: f64) -> String {
    if v.is_finite() {
        format!("{} kr", sek_whole_sv((v * 100.0).round() as i64))
    } else {
        "–".into()
    }
}

fn dist_text(d: &Distribution) -> String {
    let n = |x: f64| {
        decimal_sv(x, 4)
            .trim_end_matches('0')
            .trim_end_matches(',')
            .to_string()
    };
    match *d {
        Distribution::Triangular { min, mode, max } => {
            format!(
                "triangel (min {}, typvärde {}, max {})",
                n(min),
                n(mode),
                n(max)
            )
        }
        Distribution::Uniform { min, max } => format!("likformig ({}–{})", n(min), n(max)),
        Distribution::Normal { mean, sd } => format!("normal (medel {}, sd {})", n(mean), n(sd)),
        Distribution::Lognormal { mean, sd } => {
            format!("lognormal (medel {}, sd {})", n(mean), n(sd))
        }
    }
}

fn owner_label(owner: ParamOwner<'_>, name: &str) -> String {
    match owner {
        ParamOwner::Model => name.to_string(),
        ParamOwner::Carrier(id) => format!("carriers.{id}.{name}"),
        ParamOwner::Pollutant(id) => format!("pollutants.{id}.{name}"),
        ParamOwner::Alternative(id) => format!("alternatives.{id}.{name}"),
    }
}

/// The report: the same tables in every format; `charts` adds SVG (HTML).
pub fn build_doc(run: &LccRun, charts: bool) -> Doc {
    let r = &run.result;
    let m = &run.model;
    let name_of = |id: &str| {
        r.alternatives
            .iter()
            .find(|a| a.id == id)
            .map_or(id.to_string(), |a| a.name.clone())
    };
    let mut d = Doc {
        title: format!("Livscykelkostnad (LCC) – {}", r.name),
        ..Doc::default()
    };
    if !run.notes.description.is_empty() {
        d.lines.push(run.notes.description.clone());
    }
    d.lines.push(format!(
        "Analysperiod {} år, real kalkylränta {}{}. Pris på utsläpp: {} kr/kg CO2e{}.",
        r.period_years,
        percent_sv(r.discount_rate),
        if run.notes.discount_rate_source.is_empty() {
            String::new()
        } else {
            format!(" ({})", run.notes.discount_rate_source)
        },
        decimal_sv(r.co2_price_sek_per_kg, 2),
        if run.notes.co2_price_source.is_empty() {
            String::new()
        } else {
            format!(" ({})", run.notes.co2_price_source)
        },
    ));
    if let Some(best) = r.alternatives.iter().find(|a| a.id == r.cheapest) {
        d.lines.push(format!(
            "Lägst total kostnad (nuvärde inkl. prissatta utsläpp): {} med {}.",
            best.name,
            kr(best.total_sek)
        ));
    }
    if let Some(mc) = &run.monte_carlo {
        if let Some(top) = mc
            .alternatives
            .iter()
            .max_by(|a, b| a.probability_cheapest.total_cmp(&b.probability_cheapest))
        {
            d.lines.push(format!(
                "Monte Carlo ({} dragningar, frö {}): {} är billigast i {} av utfallen.",
                decimal_sv(mc.draws as f64, 0),
                mc.seed,
                name_of(&top.id),
                percent_sv(top.probability_cheapest)
            ));
            if top.probability_cheapest < 0.8 && mc.alternatives.len() > 1 {
                d.warnings.push(format!(
                    "Rangordningen är osäker: det billigaste alternativet är billigast i bara {} av utfallen. Se Monte Carlo och tornado innan beslut.",
                    percent_sv(top.probability_cheapest)
                ));
            }
        }
    } else {
        d.lines.push(
            "Inga parametrar har angivna fördelningar, så ingen Monte Carlo-analys har gjorts."
                .into(),
        );
    }

    // Present value by component.
    let mut t = Table {
        id: "nuvarde".into(),
        title: "Nuvärde per kostnadspost (kr)".into(),
        headers: [
            "Alternativ",
            "Antal",
            "Investering",
            "Energi",
            "Drift och underhåll",
            "Utbyten",
            "Slutskede",
            "LCC",
            "Utsläppskostnad",
            "Totalt",
            "Rang",
        ]
        .map(String::from)
        .to_vec(),
        note: Some(
            "Investering inkluderar installation och återanskaffning; slutskede är kostnad för avveckling minus restvärde. LCC = köparens kostnader; Totalt = LCC + prissatta utsläpp (CO2e och luftföroreningar)."
                .into(),
        ),
        ..Table::default()
    };
    for a in &r.alternatives {
        let p = &a.present_value;
        t.rows.push(vec![
            Cell::text(&a.name),
            Cell::Num(a.quantity, if a.quantity.fract() == 0.0 { 0 } else { 2 }),
            Cell::Sek(p.investment),
            Cell::Sek(p.energy),
            Cell::Sek(p.maintenance),
            Cell::Sek(p.replacements),
            Cell::Sek(p.end_of_life),
            Cell::Sek(a.lcc_sek),
            Cell::Sek(p.externalities),
            Cell::Sek(a.total_sek),
            Cell::Num(a.rank as f64, 0),
        ]);
    }
    d.tables.push(t);

    // Energy and emissions.
    let mut t = Table {
        id: "energi-utslapp".into(),
        title: "Energi och utsläpp under analysperioden".into(),
        headers: [
            "Alternativ",
            "Energi (kWh)",
            "CO2e drift (ton)",
            "CO2e inbyggt (ton)",
            "CO2e totalt (ton)",
            "Inköp under perioden",
        ]
        .map(String::from)
        .to_vec(),
        ..Table::default()
    };
    for a in &r.alternatives {
        t.rows.push(vec![
            Cell::text(&a.name),
            Cell::Num(a.energy_kwh, 0),
            Cell::Num(a.co2e_operational_kg / 1000.0, 2),
            Cell::Num(a.co2e_embodied_kg / 1000.0, 2),
            Cell::Num(a.co2e_total_kg / 1000.0, 2),
            Cell::Num(a.purchases as f64, 0),
        ]);
    }
    let mut per_carrier = Table {
        id: "energibarare".into(),
        title: "Energi per energibärare".into(),
        headers: [
            "Alternativ",
            "Energibärare",
            "Mängd",
            "Enhet",
            "kWh",
            "CO2e (ton)",
        ]
        .map(String::from)
        .to_vec(),
        ..Table::default()
    };
    for a in &r.alternatives {
        for e in &a.energy {
            per_carrier.rows.push(vec![
                Cell::text(&a.name),
                Cell::text(&e.carrier),
                Cell::Num(e.amount, 0),
                Cell::text(&e.unit),
                e.kwh.map_or(Cell::Empty, |k| Cell::Num(k, 0)),
                Cell::Num(e.kg_co2e / 1000.0, 2),
            ]);
        }
    }
    d.tables.push(t);
    d.tables.push(per_carrier);

    // Against the reference.
    if let Some(refid) = &r.reference {
        let mut t = Table {
            id: "referens".into(),
            title: format!("Jämfört med referensalternativet {}", name_of(refid)),
            headers: [
                "Alternativ",
                "Merkostnad LCC (kr)",
                "Undvikna utsläpp (ton CO2e)",
                "Åtgärdskostnad (kr/ton CO2e)",
                "Återbetalningsår",
            ]
            .map(String::from)
            .to_vec(),
            note: Some("Åtgärdskostnad = merkostnad (LCC utan utsläppskostnad) delat med undvikna ton CO2e; negativ betyder att alternativet både sparar pengar och minskar utsläppen. Återbetalningsår = första året från vilket det kumulativa nuvärdet (inkl. utsläppskostnad) ligger på eller under referensens resten av perioden.".into()),
            ..Table::default()
        };
        for a in &r.alternatives {
            if let Some(v) = &a.vs_reference {
                t.rows.push(vec![
                    Cell::text(&a.name),
                    Cell::Sek(v.extra_cost_sek),
                    Cell::Num(v.co2e_avoided_kg / 1000.0, 2),
                    v.abatement_cost_sek_per_tonne
                        .map_or(Cell::text("inga undvikna utsläpp"), Cell::Sek),
                    v.break_even_year
                        .map_or(Cell::text("ingen inom perioden"), |y| {
                            Cell::Num(y as f64, 0)
                        }),
                ]);
            }
        }
        d.tables.push(t);
    }

    // Cumulative present value (chart + its data).
    let mut t = Table {
        id: "kumulativt".into(),
        title: "Kumulativt nuvärde per år (kr)".into(),
        headers: std::iter::once("År".to_string())
            .chain(r.alternatives.iter().map(|a| a.name.clone()))
            .collect(),
        ..Table::default()
    };
    for y in 0..=r.period_years as usize {
        let mut row = vec![Cell::text(y.to_string())];
        for a in &r.alternatives {
            row.push(
                a.cash_flow
                    .get(y)
                    .map_or(Cell::Empty, |f| Cell::Sek(f.cumulative_present_value)),
            );
        }
        t.rows.push(row);
    }
    if charts {
        let series: Vec<(String, Vec<(f64, f64)>)> = r
            .alternatives
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    a.cash_flow
                        .iter()
                        .map(|f| (f.year as f64, f.cumulative_present_value))
                        .collect(),
                )
            })
            .collect();
        let desc = r
            .alternatives
            .iter()
            .map(|a| {
                format!(
                    "{}: {} år 0, {} år {}",
                    a.name,
                    kr(a.cash_flow
                        .first()
                        .map_or(0.0, |f| f.cumulative_present_value)),
                    kr(a.total_sek),
                    r.period_years
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        t.charts.push((
            "Figur: kumulativt nuvärde per alternativ och år. Hoppen är inköp och utbyten; sista året räknas restvärde och avveckling in.".into(),
            doc::line_chart(
            "kurva",
            "Kumulativt nuvärde per alternativ",
            &format!(
                "Kumulativ kostnad i nuvärde, år för år. {desc}. Tabellen nedan har alla värden."
            ),
            "År",
            "kr (nuvärde)",
            &series,
        )));
    }
    d.tables.push(t);

    if let Some(mc) = &run.monte_carlo {
        let mut t = Table {
            id: "monte-carlo".into(),
            title: format!(
                "Monte Carlo: spridning av total kostnad och utsläpp ({} dragningar)",
                decimal_sv(mc.draws as f64, 0)
            ),
            headers: [
                "Alternativ",
                "P10 (kr)",
                "P50 (kr)",
                "P90 (kr)",
                "Medel (kr)",
                "CO2e P10 (ton)",
                "CO2e P50 (ton)",
                "CO2e P90 (ton)",
                "Sannolikhet billigast",
            ]
            .map(String::from)
            .to_vec(),
            note: Some(format!(
                "{} osäkra parametrar, frö {} (samma frö ger samma resultat). P10/P50/P90: 10, 50 och 90 % av utfallen ligger under värdet.",
                mc.uncertain_parameters, mc.seed
            )),
            ..Table::default()
        };
        for a in &mc.alternatives {
            t.rows.push(vec![
                Cell::text(name_of(&a.id)),
                Cell::Sek(a.total_sek.p10),
                Cell::Sek(a.total_sek.p50),
                Cell::Sek(a.total_sek.p90),
                Cell::Sek(a.total_sek.mean),
                Cell::Num(a.co2e_kg.p10 / 1000.0, 2),
                Cell::Num(a.co2e_kg.p50 / 1000.0, 2),
                Cell::Num(a.co2e_kg.p90 / 1000.0, 2),
                Cell::Pct(a.probability_cheapest),
            ]);
        }
        if charts {
            let bars: Vec<Bar> = mc
                .alternatives
                .iter()
                .map(|a| {
                    Bar::new(
                        name_of(&a.id),
                        a.total_sek.p50 / 1000.0,
                        format!("{} tkr", decimal_sv(a.total_sek.p50 / 1000.0, 0)),
                    )
                    .with_range(a.total_sek.p10 / 1000.0, a.total_sek.p90 / 1000.0)
                })
                .collect();
            let desc = mc
                .alternatives
                .iter()
                .map(|a| {
                    format!(
                        "{}: P50 {}, P10–P90 {}–{}, billigast i {}",
                        name_of(&a.id),
                        kr(a.total_sek.p50),
                        kr(a.total_sek.p10),
                        kr(a.total_sek.p90),
                        percent_sv(a.probability_cheapest)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            t.charts.push((
                "Figur: total kostnad per alternativ, median (stapel) och intervall P10–P90 (linje med ändstreck).".into(),
                svg::horizontal_bars(
                &Chart {
                    english: false,
                    id: "mc-spann",
                    title: "Total kostnad: median och intervall P10–P90",
                    desc: &desc,
                    unit: "tkr (nuvärde)",
                },
                &bars,
            )));
            for (i, (a, draws)) in mc.alternatives.iter().zip(&mc.totals).enumerate() {
                let (lo, width, counts) = uncertainty::histogram(draws, 20);
                let bars: Vec<Bar> = counts
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| {
                        let mid = (lo + width * (k as f64 + 0.5)) / 1000.0;
                        Bar::new(
                            decimal_sv(mid, 0),
                            c as f64 / mc.draws as f64 * 100.0,
                            String::new(),
                        )
                    })
                    .collect();
                let id = format!("mc-hist-{i}");
                let title = format!("Fördelning av total kostnad: {}", name_of(&a.id));
                let desc = format!(
                    "Histogram över {} dragningar i 20 lika breda klasser från {} till {}. P10 {}, P50 {}, P90 {}.",
                    decimal_sv(mc.draws as f64, 0),
                    kr(lo),
                    kr(lo + width * 20.0),
                    kr(a.total_sek.p10),
                    kr(a.total_sek.p50),
                    kr(a.total_sek.p90)
                );
                t.charts.push((
                    format!("Figur: {title}."),
                    svg::columns(
                        &Chart {
                            english: false,
                            id: &id,
                            title: &title,
                            desc: &desc,
                            unit: "% av dragningarna per klass (klassmitt i tkr)",
                        },
                        &bars,
                    ),
                ));
            }
        }
        d.tables.push(t);
    }

    if let Some(tor) = &run.tornado {
        let mut t = Table {
            id: "tornado".into(),
            title: "Känslighetsanalys (tornado): en parameter i taget till P10 och P90".into(),
            headers: [
                "Parameter",
                "Alternativ",
                "Referensvärde",
                "P10-värde",
                "P90-värde",
                "Totalt vid P10 (kr)",
                "Totalt vid P90 (kr)",
                "Spann (kr)",
            ]
            .map(String::from)
            .to_vec(),
            note: Some(
                "Övriga parametrar står kvar på referensfallet. Sorterad efter största spann."
                    .into(),
            ),
            ..Table::default()
        };
        for b in &tor.bars {
            for (i, id) in tor.alternatives.iter().enumerate() {
                let (lo, hi) = (
                    b.low_total_sek.get(i).copied().unwrap_or(f64::NAN),
                    b.high_total_sek.get(i).copied().unwrap_or(f64::NAN),
                );
                t.rows.push(vec![
                    Cell::text(&b.parameter),
                    Cell::text(name_of(id)),
                    Cell::value(b.base_value),
                    Cell::value(b.low_value),
                    Cell::value(b.high_value),
                    Cell::Sek(lo),
                    Cell::Sek(hi),
                    Cell::Sek((hi - lo).abs()),
                ]);
            }
        }
        if charts {
            for (i, id) in tor.alternatives.iter().enumerate() {
                let mut bars: Vec<(String, f64, f64)> = tor
                    .bars
                    .iter()
                    .filter_map(|b| {
                        Some((
                            b.parameter.clone(),
                            *b.low_total_sek.get(i)?,
                            *b.high_total_sek.get(i)?,
                        ))
                    })
                    .filter(|b| (b.2 - b.1).abs() > 0.005)
                    .collect();
                bars.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
                bars.truncate(10);
                if bars.is_empty() {
                    continue;
                }
                let base = tor.base_total_sek.get(i).copied().unwrap_or(0.0);
                let desc = bars
                    .iter()
                    .map(|(p, lo, hi)| format!("{p}: {} till {}", kr(*lo), kr(*hi)))
                    .collect::<Vec<_>>()
                    .join("; ");
                let title = format!("Tornado: {}", name_of(id));
                t.charts.push((
                    format!("Figur: {title}. Staplarna visar total kostnad med parametern på P10 respektive P90."),
                    doc::tornado_chart(
                    &format!("tornado-{i}"),
                    &title,
                    &format!(
                        "Total kostnad för {} när en parameter i taget sätts till P10 och P90; referensfallet {}. {desc}.",
                        name_of(id),
                        kr(base)
                    ),
                    "kr (nuvärde)",
                    base,
                    &bars,
                )));
            }
        }
        d.tables.push(t);
    }

    if let (Some(rows), Some(spec)) = (&run.clean_vehicles_directive, &run.notes.cvd) {
        let mut t = Table {
            id: "cvd".into(),
            title: "Clean Vehicles Directive (2009/33/EG): driftkostnad under livslängden".into(),
            headers: [
                "Alternativ",
                "Kategori",
                "Körsträcka kvar (km)",
                "Energi (EUR/fordon)",
                "CO2 (EUR/fordon)",
                "NOx (EUR/fordon)",
                "NMHC (EUR/fordon)",
                "Partiklar (EUR/fordon)",
                "Totalt (EUR/fordon)",
                "Alla fordon (EUR)",
                "Alla fordon (kr)",
            ]
            .map(String::from)
            .to_vec(),
            note: Some(format!(
                "Direktivets metod (artikel 6 och bilagan): odiskonterat över kategorins livslängdskörsträcka. Energipris {} EUR/MJ; utsläppskostnader {} EUR/kg CO2, {} EUR/g NOx, {} EUR/g NMHC, {} EUR/g partiklar (2007 års priser); {} kr/EUR.",
                decimal_sv(spec.prices.energy_eur_per_mj, 4),
                decimal_sv(spec.prices.co2_eur_per_kg, 3),
                decimal_sv(spec.prices.nox_eur_per_g, 4),
                decimal_sv(spec.prices.nmhc_eur_per_g, 4),
                decimal_sv(spec.prices.pm_eur_per_g, 4),
                decimal_sv(spec.sek_per_eur, 4)
            )),
            ..Table::default()
        };
        for c in rows {
            let p = &c.per_vehicle;
            t.rows.push(vec![
                Cell::text(name_of(&c.alternative)),
                Cell::text(&c.class),
                Cell::Num(c.remaining_km, 0),
                Cell::Num(p.energy_eur, 2),
                Cell::Num(p.co2_eur, 2),
                Cell::Num(p.nox_eur, 2),
                Cell::Num(p.nmhc_eur, 2),
                Cell::Num(p.pm_eur, 2),
                Cell::Num(p.total_eur, 2),
                Cell::Num(c.total_eur, 2),
                Cell::Sek(c.total_sek),
            ]);
        }
        d.tables.push(t);
    }

    // Assumptions: carriers, pollutants, uncertain parameters.
    let mut t = Table {
        id: "antaganden".into(),
        title: "Antaganden: energibärare och utsläppspriser".into(),
        headers: [
            "Id",
            "Namn",
            "Enhet",
            "Pris (kr/enhet)",
            "Real prisförändring per år",
            "kg CO2e per enhet",
            "kWh per enhet",
            "Källa",
        ]
        .map(String::from)
        .to_vec(),
        ..Table::default()
    };
    for c in &m.carriers {
        t.rows.push(vec![
            Cell::text(&c.id),
            Cell::text(&c.name),
            Cell::text(&c.unit),
            Cell::value(c.price_sek_per_unit.value),
            Cell::Pct(c.price_change.value),
            Cell::Num(c.kg_co2e_per_unit.value, 4),
            c.kwh_per_unit.map_or(Cell::Empty, |k| Cell::Num(k, 3)),
            Cell::text(&c.source),
        ]);
    }
    for p in &m.pollutants {
        t.rows.push(vec![
            Cell::text(&p.id),
            Cell::text(&p.name),
            Cell::text("kg"),
            Cell::value(p.price_sek_per_kg.value),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text(&p.source),
        ]);
    }
    d.tables.push(t);
    let mut t = Table {
        id: "osakerhet".into(),
        title: "Osäkra parametrar och deras fördelningar".into(),
        headers: ["Parameter", "Referensvärde", "Fördelning"]
            .map(String::from)
            .to_vec(),
        ..Table::default()
    };
    m.clone().for_each_param_mut(|owner, name, _, p| {
        if let Some(dist) = &p.dist {
            t.rows.push(vec![
                Cell::text(owner_label(owner, name)),
                Cell::value(p.value),
                Cell::text(dist_text(dist)),
            ]);
        }
    });
    if !t.rows.is_empty() {
        d.tables.push(t);
    }
    for (id, desc, source) in &run.notes.alternatives {
        if !desc.is_empty() || !source.is_empty() {
            d.footer.push(format!(
                "{}: {}{}",
                name_of(id),
                desc,
                if source.is_empty() {
                    String::new()
                } else {
                    format!(" Inbyggda utsläpp: {source}")
                }
            ));
        }
    }

    // Yearly cash flow.
    let mut t = Table {
        id: "kassaflode".into(),
        title: "Kassaflöde per år (kr, fasta priser)".into(),
        headers: [
            "Alternativ",
            "År",
            "Investering",
            "Energi",
            "Drift och underhåll",
            "Utbyten",
            "Slutskede",
            "Utsläppskostnad",
            "Totalt",
            "Diskonteringsfaktor",
            "Nuvärde",
            "Kumulativt nuvärde",
        ]
        .map(String::from)
        .to_vec(),
        ..Table::default()
    };
    for a in &r.alternatives {
        for f in &a.cash_flow {
            let c = &f.cost;
            t.rows.push(vec![
                Cell::text(&a.name),
                Cell::Num(f.year as f64, 0),
                Cell::Sek(c.investment),
                Cell::Sek(c.energy),
                Cell::Sek(c.maintenance),
                Cell::Sek(c.replacements),
                Cell::Sek(c.end_of_life),
                Cell::Sek(c.externalities),
                Cell::Sek(f.total),
                Cell::Num(f.discount_factor, 6),
                Cell::Sek(f.present_value),
                Cell::Sek(f.cumulative_present_value),
            ]);
        }
    }
    d.tables.push(t);
    d.footer.push(format!(
        "Beräknat med upphandla {}. Metod och ekvationer: docs/lcc.md. Belopp avrundas till hela kronor i tabellerna och till öre i JSON.",
        env!("CARGO_PKG_VERSION")
    ));
    d
}

#[cfg(test)]
mod tests;
