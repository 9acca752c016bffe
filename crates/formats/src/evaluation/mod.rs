//! Tender evaluation (anbudsutvärdering): the TOML tender file, the
//! evaluation with an explainable score table, weight ranges and a
//! rank-reversal check, and its report. `upphandla evaluate` and the web
//! application both call these.

use std::collections::BTreeMap;

use serde::Deserialize;
use upphandla_core::evaluation::{
    self, Basis, Bid, Co2Level, Criterion, Evaluation, Method, Tender,
};
use upphandla_core::money::Ore;

use crate::doc::{Cell, Doc, Table};
use crate::lcc::file::{self, FileError};
use crate::report::decimal_sv;
use crate::report::svg::{self, Bar, Chart};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionIn {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    max_points: f64,
    #[serde(default)]
    deduction_sek: Option<f64>,
    #[serde(default)]
    weight: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelIn {
    id: String,
    name: String,
    discount: f64,
    #[serde(default)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AnswerIn {
    Yes(bool),
    Points(f64),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BidIn {
    id: String,
    name: String,
    price_sek: f64,
    #[serde(default)]
    lcc_sek: Option<f64>,
    /// Alternative id in the tender's `lcc_model` whose result is the LCC.
    #[serde(default)]
    lcc_alternative: Option<String>,
    #[serde(default)]
    co2_level: Option<String>,
    #[serde(default)]
    answers: BTreeMap<String, AnswerIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenderIn {
    name: String,
    #[serde(default)]
    description: String,
    method: MethodIn,
    #[serde(default)]
    basis: Option<BasisIn>,
    #[serde(default)]
    price_weight: Option<f64>,
    #[serde(default)]
    co2_levels_source: String,
    /// An `upphandla lcc` model file (relative to this file) the bids' LCC
    /// comes from, so the evaluated figure is traceable to its calculation.
    #[serde(default)]
    lcc_model: Option<String>,
    /// Use the LCC including priced emissions (`total_sek`, default) or the
    /// buyer's costs only (`lcc_sek`).
    #[serde(default)]
    lcc_include_externalities: Option<bool>,
    #[serde(default)]
    criteria: Vec<CriterionIn>,
    #[serde(default)]
    co2_levels: Vec<LevelIn>,
    bids: Vec<BidIn>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum MethodIn {
    LowestPrice,
    LowestLcc,
    ValueDeduction,
    RelativeScoring,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum BasisIn {
    Price,
    Lcc,
}

/// Descriptions that belong in the report but not in the calculation.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TenderNotes {
    pub description: String,
    /// The LCC model the bids' LCC was computed from, and which figure.
    pub lcc_model: Option<String>,
    pub lcc_include_externalities: bool,
    pub co2_levels_source: String,
    pub criteria: Vec<(String, String)>,
    pub levels: Vec<(String, String)>,
}

/// Largest amount accepted (1 000 miljarder kr): sums over many criteria
/// stay far inside i64 öre.
const MAX_SEK: f64 = 1e12;
/// Most criteria accepted in one evaluation.
const MAX_CRITERIA: usize = 1000;

fn ore(sek: f64, path: &str, errors: &mut Vec<FileError>) -> Ore {
    if file::is_whole_ore(sek) && sek.abs() <= MAX_SEK {
        Ore((sek * 100.0).round() as i64)
    } else {
        errors.push(FileError::plain(format!(
            "{path}: beloppet {sek} kr har fler än två decimaler (öre) eller är större än 1 000 miljarder kr"
        )));
        Ore::ZERO
    }
}

/// Reads a file named in the tender file (the LCC model), e.g. relative to
/// it; the error is shown to the user.
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// Parses and checks a tender file; all problems found are returned.
pub fn parse_tender(text: &str, load: Loader<'_>) -> Result<(Tender, TenderNotes), Vec<FileError>> {
    let missing = file::unfilled(text);
    if !missing.is_empty() {
        return Err(missing);
    }
    let input: TenderIn = toml::from_str(text).map_err(|e| vec![file::toml_error(text, &e)])?;
    let mut errors = Vec::new();
    if input.criteria.len() > MAX_CRITERIA {
        errors.push(FileError::plain(format!(
            "för många kriterier ({}, högst {MAX_CRITERIA})",
            input.criteria.len()
        )));
        return Err(errors);
    }
    let method = match input.method {
        MethodIn::LowestPrice => Method::LowestPrice,
        MethodIn::LowestLcc => Method::LowestLcc,
        MethodIn::ValueDeduction => Method::ValueDeduction,
        MethodIn::RelativeScoring => Method::RelativeScoring,
    };
    let basis = match input.basis {
        Some(BasisIn::Lcc) => Basis::Lcc,
        _ if method == Method::LowestLcc => Basis::Lcc,
        _ => Basis::Price,
    };
    let criteria: Vec<Criterion> = input
        .criteria
        .iter()
        .map(|c| Criterion {
            id: c.id.clone(),
            name: c.name.clone(),
            max_points: c.max_points,
            deduction: ore(
                c.deduction_sek.unwrap_or(0.0),
                &format!("criteria \"{}\".deduction_sek", c.id),
                &mut errors,
            ),
            weight: c.weight.unwrap_or(0.0),
        })
        .collect();
    if method == Method::ValueDeduction
        && let Some(c) = input.criteria.iter().find(|c| c.deduction_sek.is_none())
    {
        errors.push(FileError::plain(format!(
            "criteria \"{}\": mervärdesmodellen kräver deduction_sek (avdrag vid full poäng)",
            c.id
        )));
    }
    if method == Method::RelativeScoring {
        if input.price_weight.is_none() {
            errors.push(FileError::plain(
                "relativ poängsättning kräver price_weight (prisets vikt, 0–1)",
            ));
        }
        if let Some(c) = input.criteria.iter().find(|c| c.weight.is_none()) {
            errors.push(FileError::plain(format!(
                "criteria \"{}\": relativ poängsättning kräver weight",
                c.id
            )));
        }
    }
    // LCC per alternative of the linked model, rounded to öre as reported.
    let mut lcc_of: BTreeMap<String, f64> = BTreeMap::new();
    if let Some(path) = &input.lcc_model {
        match load(path) {
            Ok(model_text) => match file::parse_model(&model_text) {
                Ok((model, _)) => {
                    let with_ext = input.lcc_include_externalities.unwrap_or(true);
                    for a in upphandla_core::lcc::calc::evaluate(&model).alternatives {
                        lcc_of.insert(a.id, if with_ext { a.total_sek } else { a.lcc_sek });
                    }
                }
                Err(es) => errors.extend(
                    es.into_iter()
                        .map(|e| FileError::plain(format!("lcc_model {path}: {e}"))),
                ),
            },
            Err(e) => errors.push(FileError::plain(format!("lcc_model {path}: {e}"))),
        }
    }
    let levels: Vec<Co2Level> = input
        .co2_levels
        .iter()
        .map(|l| Co2Level {
            id: l.id.clone(),
            name: l.name.clone(),
            discount: l.discount,
        })
        .collect();
    let mut bids = Vec::new();
    for b in &input.bids {
        let path = format!("bids \"{}\"", b.id);
        let mut answers = Vec::with_capacity(criteria.len());
        for c in &criteria {
            match b.answers.get(&c.id) {
                Some(AnswerIn::Yes(y)) => answers.push(if *y { c.max_points } else { 0.0 }),
                Some(AnswerIn::Points(p)) => answers.push(*p),
                None => errors.push(FileError::plain(format!(
                    "{path}: svar saknas på kriteriet \"{}\"",
                    c.id
                ))),
            }
        }
        if let Some(extra) = b
            .answers
            .keys()
            .find(|k| !criteria.iter().any(|c| &c.id == *k))
        {
            errors.push(FileError::plain(format!(
                "{path}: svaret \"{extra}\" hör inte till något kriterium"
            )));
        }
        let co2_level = match &b.co2_level {
            Some(id) => match levels.iter().position(|l| &l.id == id) {
                Some(i) => Some(i),
                None => {
                    errors.push(FileError::plain(format!(
                        "{path}: CO2-ambitionsnivån \"{id}\" finns inte under [[co2_levels]]"
                    )));
                    None
                }
            },
            None => None,
        };
        bids.push(Bid {
            id: b.id.clone(),
            name: b.name.clone(),
            price: ore(b.price_sek, &format!("{path}.price_sek"), &mut errors),
            lcc: match (b.lcc_sek, &b.lcc_alternative) {
                (Some(_), Some(_)) => {
                    errors.push(FileError::plain(format!(
                        "{path}: ange lcc_sek eller lcc_alternative, inte båda"
                    )));
                    None
                }
                (Some(x), None) => Some(ore(x, &format!("{path}.lcc_sek"), &mut errors)),
                (None, Some(alt)) => match lcc_of.get(alt) {
                    Some(&x) => Some(ore(x, &format!("{path}.lcc_alternative"), &mut errors)),
                    None => {
                        if input.lcc_model.is_none() {
                            errors.push(FileError::plain(format!(
                                "{path}: lcc_alternative kräver lcc_model (en LCC-modellfil)"
                            )));
                        } else if !lcc_of.is_empty() {
                            errors.push(FileError::plain(format!(
                                "{path}: alternativet \"{alt}\" finns inte i lcc_model"
                            )));
                        }
                        None
                    }
                },
                (None, None) => None,
            },
            answers,
            co2_level,
        });
    }
    let tender = Tender {
        name: input.name,
        method,
        basis,
        price_weight: input.price_weight.unwrap_or(0.0),
        criteria,
        co2_levels: levels,
        bids,
    };
    if errors.is_empty()
        && let Err(es) = tender.validate()
    {
        errors.extend(es.into_iter().map(|e| FileError::plain(e.to_string())));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let notes = TenderNotes {
        description: input.description,
        lcc_model: input.lcc_model,
        lcc_include_externalities: input.lcc_include_externalities.unwrap_or(true),
        co2_levels_source: input.co2_levels_source,
        criteria: input
            .criteria
            .into_iter()
            .map(|c| (c.id, c.description))
            .collect(),
        levels: input
            .co2_levels
            .into_iter()
            .map(|l| (l.id, l.source))
            .collect(),
    };
    Ok((tender, notes))
}

/// Everything one evaluation computes (the JSON of `upphandla evaluate`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct EvaluateRun {
    pub tender: Tender,
    pub notes: TenderNotes,
    pub evaluation: Evaluation,
}

pub fn compute(text: &str, load: Loader<'_>) -> Result<EvaluateRun, Vec<FileError>> {
    let (tender, notes) = parse_tender(text, load)?;
    let evaluation = evaluation::evaluate(&tender);
    Ok(EvaluateRun {
        tender,
        notes,
        evaluation,
    })
}

fn method_sv(m: Method) -> &'static str {
    match m {
        Method::LowestPrice => "lägsta pris",
        Method::LowestLcc => "lägsta livscykelkostnad (LCC)",
        Method::ValueDeduction => {
            "bästa förhållande mellan pris och kvalitet, mervärdesmodell (fiktiva prisavdrag)"
        }
        Method::RelativeScoring => {
            "bästa förhållande mellan pris och kvalitet, relativ poängsättning med vikter"
        }
    }
}

pub fn build_doc(run: &EvaluateRun) -> Doc {
    let t = &run.tender;
    let e = &run.evaluation;
    let name_of = |id: &str| {
        t.bids
            .iter()
            .find(|b| b.id == id)
            .map_or(id.to_string(), |b| b.name.clone())
    };
    let mut d = Doc {
        title: format!("Anbudsutvärdering – {}", t.name),
        ..Doc::default()
    };
    if !run.notes.description.is_empty() {
        d.lines.push(run.notes.description.clone());
    }
    d.lines
        .push(format!("Utvärderingsgrund: {}.", method_sv(t.method)));
    if let Some(model) = &run.notes.lcc_model {
        d.lines.push(format!(
            "Anbudens LCC är beräknad med LCC-modellen {model} ({}), se `upphandla lcc {model}`.",
            if run.notes.lcc_include_externalities {
                "nuvärde inklusive prissatta utsläpp"
            } else {
                "köparens kostnader utan utsläppskostnad"
            }
        ));
    }
    if matches!(t.method, Method::ValueDeduction | Method::RelativeScoring) {
        d.lines.push(format!(
            "Prisdelen utgår från {}.",
            if t.basis == Basis::Lcc {
                "anbudens livscykelkostnad (LCC)"
            } else {
                "anbudspriset"
            }
        ));
    }
    d.lines.push(format!(
        "Vinnare: {}. Ordning: {}.",
        name_of(&e.winner),
        e.order
            .iter()
            .map(|id| name_of(id))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if !e.tied_with_winner.is_empty() {
        d.warnings.push(format!(
            "Lika resultat: {} har samma utvärderade resultat som vinnaren. Avgör enligt upphandlingsdokumentens regel för lika anbud.",
            e.tied_with_winner
                .iter()
                .map(|id| name_of(id))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for rr in &e.rank_reversals {
        d.warnings.push(format!(
            "Rangomkastning: om anbudet från {} tas bort ändras ordningen mellan de övriga från {} till {}. Relativa modeller har denna kända brist; överväg en absolut modell (t.ex. mervärdesmodell).",
            name_of(&rr.removed),
            rr.order_before.iter().map(|id| name_of(id)).collect::<Vec<_>>().join(", "),
            rr.order_after.iter().map(|id| name_of(id)).collect::<Vec<_>>().join(", ")
        ));
    }

    // The explainable score table: one row per bid, one column group per criterion.
    let mut headers = vec![
        "Anbud".to_string(),
        if t.basis == Basis::Lcc || t.method == Method::LowestLcc {
            "LCC (kr)".into()
        } else {
            "Pris (kr)".into()
        },
        "CO2-nivå".into(),
        "CO2-rabatt (kr)".into(),
    ];
    for c in &t.criteria {
        headers.push(format!("{}: svar", c.name));
        match t.method {
            Method::ValueDeduction => headers.push(format!("{}: avdrag (kr)", c.name)),
            Method::RelativeScoring => headers.push(format!("{}: viktad poäng", c.name)),
            _ => {}
        }
    }
    match t.method {
        Method::RelativeScoring => {
            headers.push("Prispoäng (viktad)".into());
            headers.push("Total poäng".into());
        }
        _ => headers.push("Jämförelsepris (kr)".into()),
    }
    headers.push("Rang".into());
    let mut table = Table {
        id: "poang".into(),
        title: "Så fick varje anbud sitt resultat".into(),
        headers,
        note: Some(match t.method {
            Method::ValueDeduction => "Jämförelsepris = pris (eller LCC) − CO2-rabatt − summan av mervärdesavdragen. Avdrag = kriteriets fulla avdrag × svar / maxpoäng. Lägst jämförelsepris vinner.".into(),
            Method::RelativeScoring => format!(
                "Prispoäng = 100 × lägsta pris / eget pris (efter CO2-rabatt) × prisvikten {}; kvalitetspoäng = 100 × svar / maxpoäng × kriteriets vikt. Högst total poäng vinner.",
                decimal_sv(t.price_weight, 2)
            ),
            _ => "Jämförelsepris = pris (eller LCC) − CO2-rabatt. Lägst vinner.".into(),
        }),
        ..Table::default()
    };
    // Chart: the compared amount (or total points) per bid, best first.
    let ordered: Vec<&evaluation::BidScore> = e
        .order
        .iter()
        .filter_map(|id| e.bids.iter().find(|b| &b.id == id))
        .collect();
    let (bars, unit, what): (Vec<Bar>, &str, &str) = match t.method {
        Method::RelativeScoring => (
            ordered
                .iter()
                .map(|b| {
                    let p = b.total_points.unwrap_or(0.0);
                    Bar::new(&b.name, p, format!("{} p", decimal_sv(p, 2)))
                })
                .collect(),
            "poäng",
            "total poäng (högst vinner)",
        ),
        _ => (
            ordered
                .iter()
                .map(|b| {
                    let k = b.compared_price.map_or(0.0, Ore::sek_f64) / 1000.0;
                    Bar::new(&b.name, k, format!("{} tkr", decimal_sv(k, 0)))
                })
                .collect(),
            "tkr",
            "jämförelsepris (lägst vinner)",
        ),
    };
    let desc = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join("; ");
    let chart_title = format!("Anbudens {what}");
    table.charts.push((
        format!("Figur: {chart_title}, i rangordning."),
        svg::horizontal_bars(
            &Chart {
                english: false,
                id: "anbud",
                title: &chart_title,
                desc: &desc,
                unit,
            },
            &bars,
        ),
    ));
    for b in &e.bids {
        let mut row = vec![
            Cell::text(&b.name),
            Cell::Sek(b.basis_amount.sek_f64()),
            b.co2_level
                .as_ref()
                .and_then(|id| t.co2_levels.iter().find(|l| &l.id == id))
                .map_or(Cell::text("ingen"), |l| Cell::text(&l.name)),
            Cell::Sek(b.co2_discount.sek_f64()),
        ];
        for c in &b.criteria {
            row.push(Cell::Num(c.answer, 2));
            match t.method {
                Method::ValueDeduction => row.push(Cell::Sek(c.deduction.sek_f64())),
                Method::RelativeScoring => row.push(Cell::Num(c.points, 2)),
                _ => {}
            }
        }
        match t.method {
            Method::RelativeScoring => {
                row.push(Cell::Num(b.price_points.unwrap_or(0.0), 2));
                row.push(Cell::Num(b.total_points.unwrap_or(0.0), 2));
            }
            _ => row.push(
                b.compared_price
                    .map_or(Cell::Empty, |o| Cell::Sek(o.sek_f64())),
            ),
        }
        row.push(Cell::Num(b.rank as f64, 0));
        table.rows.push(row);
    }
    d.tables.push(table);

    // Exact amounts (öre) for the record.
    if t.method != Method::RelativeScoring {
        let mut exact = Table {
            id: "exakta-belopp".into(),
            title: "Exakta belopp (kr och öre)".into(),
            headers: ["Anbud", "Pris", "LCC", "CO2-rabatt", "Jämförelsepris"]
                .map(String::from)
                .to_vec(),
            ..Table::default()
        };
        for (b, bid) in e.bids.iter().zip(&t.bids) {
            exact.rows.push(vec![
                Cell::text(&b.name),
                Cell::Ore(bid.price.0),
                bid.lcc.map_or(Cell::Empty, |l| Cell::Ore(l.0)),
                Cell::Ore(b.co2_discount.0),
                b.compared_price.map_or(Cell::Empty, |o| Cell::Ore(o.0)),
            ]);
        }
        d.tables.push(exact);
    }

    if !e.weight_ranges.is_empty() {
        let relative = t.method == Method::RelativeScoring;
        let mut w = Table {
            id: "robusthet".into(),
            title: if relative {
                "Robusthet: vikter inom vilka vinnaren är densamma".into()
            } else {
                "Robusthet: fulla mervärdesavdrag inom vilka vinnaren är densamma (kr)".into()
            },
            headers: ["Kriterium", "Nuvarande", "Lägst", "Högst"]
                .map(String::from)
                .to_vec(),
            note: Some(if relative {
                "En vikt i taget ändras; de övriga skalas om i proportion så att summan förblir 1."
                    .into()
            } else {
                "Ett avdrag i taget ändras; de övriga står kvar.".into()
            }),
            ..Table::default()
        };
        for r in &e.weight_ranges {
            let label = if r.parameter == "price" {
                "Pris".to_string()
            } else {
                t.criteria
                    .iter()
                    .find(|c| c.id == r.parameter)
                    .map_or(r.parameter.clone(), |c| c.name.clone())
            };
            let cell = |v: f64| {
                if relative { Cell::Pct(v) } else { Cell::Sek(v) }
            };
            w.rows.push(vec![
                Cell::text(label),
                cell(r.current),
                cell(r.low),
                r.high.map_or(Cell::text("ingen gräns"), cell),
            ]);
        }
        d.tables.push(w);
    }

    if !t.co2_levels.is_empty() {
        let mut l = Table {
            id: "co2-nivaer".into(),
            title: "CO2-ambitionsnivåer och fiktiva rabatter".into(),
            headers: ["Nivå", "Namn", "Rabatt", "Källa"]
                .map(String::from)
                .to_vec(),
            note: (!run.notes.co2_levels_source.is_empty())
                .then(|| run.notes.co2_levels_source.clone()),
            ..Table::default()
        };
        for lv in &t.co2_levels {
            let source = run
                .notes
                .levels
                .iter()
                .find(|(id, _)| id == &lv.id)
                .map_or(String::new(), |x| x.1.clone());
            l.rows.push(vec![
                Cell::text(&lv.id),
                Cell::text(&lv.name),
                Cell::Pct(lv.discount),
                Cell::text(source),
            ]);
        }
        d.tables.push(l);
    }
    if !t.criteria.is_empty() {
        let mut c = Table {
            id: "kriterier".into(),
            title: "Kriterier".into(),
            headers: [
                "Id",
                "Namn",
                "Maxpoäng",
                "Fullt avdrag (kr)",
                "Vikt",
                "Beskrivning",
            ]
            .map(String::from)
            .to_vec(),
            ..Table::default()
        };
        for cr in &t.criteria {
            let desc = run
                .notes
                .criteria
                .iter()
                .find(|(id, _)| id == &cr.id)
                .map_or(String::new(), |x| x.1.clone());
            c.rows.push(vec![
                Cell::text(&cr.id),
                Cell::text(&cr.name),
                Cell::Num(cr.max_points, 2),
                Cell::Sek(cr.deduction.sek_f64()),
                Cell::Pct(cr.weight),
                Cell::text(desc),
            ]);
        }
        d.tables.push(c);
    }
    d.footer.push(format!(
        "Beräknat med upphandla {}. Metod: docs/lcc.md (Anbudsutvärdering). Belopp i hela kronor i tabellerna; exakta belopp i öre i JSON.",
        env!("CARGO_PKG_VERSION")
    ));
    d
}

#[cfg(test)]
mod tests;
