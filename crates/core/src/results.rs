//! Measured results per procurement (issue 6): the baseline, the expected
//! effect and the followed-up figure from supplier reports, all per year, with
//! a low–high range and a trace of every step; the roll-up per organisation;
//! the hybrid footprint (spend-based per category, replaced by measured
//! activity data where follow-up covers the category); and goal progress
//! against a linear target path. Equations and sources: docs/method.md,
//! "Uppmätt resultat och hybridmetod".

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::date::Date;
use crate::metrics::{MetricKind, metric_by_key};

/// The shipped activity factors (kWh and life-cycle CO2e per reported unit).
pub const ACTIVITY_FACTORS_CSV: &str = include_str!("../../../data/followup/activity_factors.csv");

/// Days in the year a followed-up total is scaled to.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// A value with its low and high estimate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Range {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Range {
    pub fn new(value: f64, low: f64, high: f64) -> Range {
        Range { value, low, high }
    }

    pub fn point(value: f64) -> Range {
        Range::new(value, value, value)
    }

    pub fn scale(self, k: f64) -> Range {
        Range::new(self.value * k, self.low * k, self.high * k)
    }

    pub fn plus(self, o: Range) -> Range {
        Range::new(self.value + o.value, self.low + o.low, self.high + o.high)
    }
}

/// kWh and CO2e per reported unit of one metric, with source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityFactor {
    pub metric: String,
    pub unit: String,
    pub kwh: Range,
    /// `None` where no sourced figure exists (district heating).
    pub kg_co2e: Option<Range>,
    /// Renewable share of the energy (vehicle fuels only), 0–1.
    pub fossil_free_share: Option<f64>,
    pub year: Option<i32>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "aktivitetsfaktorer rad {line}, kolumn {column}: {sv} / activity factors line {line}, column {column}: {en}"
)]
pub struct FactorFileError {
    pub line: usize,
    pub column: usize,
    pub sv: String,
    pub en: String,
}

/// Splits one CSV line with `"`-quoted fields (`""` inside quotes is a quote).
fn split_csv(line: &str) -> Result<Vec<String>, usize> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    let mut column = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => {
                fields.push(std::mem::take(&mut field));
                column += 1;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(column);
    }
    fields.push(field);
    Ok(fields)
}

const COLUMNS: [&str; 11] = [
    "metric",
    "unit",
    "kwh_per_unit",
    "kwh_low",
    "kwh_high",
    "kg_co2e_per_unit",
    "kg_co2e_low",
    "kg_co2e_high",
    "fossil_free_share",
    "year",
    "source",
];

/// Reads the activity factor file (lines starting with `#` are comments).
pub fn parse_activity_factors(text: &str) -> Result<Vec<ActivityFactor>, FactorFileError> {
    let err = |line: usize, column: usize, sv: String, en: String| FactorFileError {
        line,
        column,
        sv,
        en,
    };
    let mut out: Vec<ActivityFactor> = Vec::new();
    let mut header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields = split_csv(raw).map_err(|c| {
            err(
                line,
                c,
                "citattecken saknar slut".into(),
                "unterminated quote".into(),
            )
        })?;
        if !header {
            if fields.iter().map(String::as_str).ne(COLUMNS) {
                return Err(err(
                    line,
                    1,
                    format!("rubrikraden ska vara {}", COLUMNS.join(",")),
                    format!("the header must be {}", COLUMNS.join(",")),
                ));
            }
            header = true;
            continue;
        }
        if fields.len() != COLUMNS.len() {
            return Err(err(
                line,
                fields.len().min(COLUMNS.len()),
                format!(
                    "{} kolumner väntades, {} fanns",
                    COLUMNS.len(),
                    fields.len()
                ),
                format!("{} columns expected, found {}", COLUMNS.len(), fields.len()),
            ));
        }
        let num = |c: usize| -> Result<Option<f64>, FactorFileError> {
            let t = fields[c].trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
                _ => Err(err(
                    line,
                    c + 1,
                    format!("{} ska vara ett tal ≥ 0, inte «{t}»", COLUMNS[c]),
                    format!("{} must be a number ≥ 0, not \"{t}\"", COLUMNS[c]),
                )),
            }
        };
        let range = |c: usize| -> Result<Option<Range>, FactorFileError> {
            match (num(c)?, num(c + 1)?, num(c + 2)?) {
                (None, None, None) => Ok(None),
                (Some(v), Some(lo), Some(hi)) if lo <= v && v <= hi => {
                    Ok(Some(Range::new(v, lo, hi)))
                }
                _ => Err(err(
                    line,
                    c + 1,
                    format!(
                        "{}: värde, lågt och högt behövs alla, med lågt ≤ värde ≤ högt",
                        COLUMNS[c]
                    ),
                    format!(
                        "{}: value, low and high are all needed, with low ≤ value ≤ high",
                        COLUMNS[c]
                    ),
                )),
            }
        };
        let metric = fields[0].trim().to_string();
        if metric_by_key(&metric).is_none() {
            return Err(err(
                line,
                1,
                format!("okänt mått «{metric}»"),
                format!("unknown metric \"{metric}\""),
            ));
        }
        if out.iter().any(|f| f.metric == metric) {
            return Err(err(
                line,
                1,
                format!("måttet «{metric}» finns två gånger"),
                format!("metric \"{metric}\" appears twice"),
            ));
        }
        let kwh = range(2)?.ok_or_else(|| {
            err(
                line,
                3,
                "kWh per enhet saknas".into(),
                "kWh per unit missing".into(),
            )
        })?;
        let kg_co2e = range(5)?;
        let fossil_free_share = num(8)?;
        if fossil_free_share.is_some_and(|s| s > 1.0) {
            return Err(err(
                line,
                9,
                "andelen ska vara mellan 0 och 1".into(),
                "the share must be between 0 and 1".into(),
            ));
        }
        let year = match fields[9].trim() {
            "" => None,
            t => Some(t.parse::<i32>().map_err(|_| {
                err(
                    line,
                    10,
                    format!("året ska vara ett heltal, inte «{t}»"),
                    format!("the year must be an integer, not \"{t}\""),
                )
            })?),
        };
        let source = fields[10].trim().to_string();
        if source.is_empty() {
            return Err(err(
                line,
                11,
                "källa saknas".into(),
                "source missing".into(),
            ));
        }
        out.push(ActivityFactor {
            metric,
            unit: fields[1].trim().to_string(),
            kwh,
            kg_co2e,
            fossil_free_share,
            year,
            source,
        });
    }
    if !header {
        return Err(err(
            1,
            1,
            "rubrikraden saknas".into(),
            "the header row is missing".into(),
        ));
    }
    Ok(out)
}

/// The shipped factors (a test checks the file parses and covers every
/// Fuel/Energy metric, so the empty fallback is never taken).
pub fn activity_factors() -> &'static [ActivityFactor] {
    static FACTORS: OnceLock<Vec<ActivityFactor>> = OnceLock::new();
    FACTORS.get_or_init(|| parse_activity_factors(ACTIVITY_FACTORS_CSV).unwrap_or_default())
}

pub fn activity_factor(metric: &str) -> Option<&'static ActivityFactor> {
    activity_factors().iter().find(|f| f.metric == metric)
}

// ---------------------------------------------------------------------------
// Per procurement
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineKind {
    Spend,
    Activity,
}

/// A procurement's stored baseline, as the results need it.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineInput {
    pub kind: BaselineKind,
    /// CO2e over the baseline's own period, with range.
    pub kg_co2e: Range,
    pub kwh: Option<f64>,
    /// The period the figure covers (months of the spend import / 12, or the
    /// LCC model's period); `None` when unknown, then one year is assumed.
    pub period_years: Option<f64>,
    pub note: String,
    /// The previous contract's quantities per year (metric key, quantity)
    /// an activity baseline was computed from; empty for other baselines.
    /// When given, the baseline per year is these quantities × the activity
    /// factors (the same table as the followed-up figure), with its range,
    /// and `kg_co2e`, `kwh` and `period_years` are not used.
    pub quantities: Vec<(String, f64)>,
}

/// An activity baseline from quantities per year × the activity factors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityBaseline {
    /// CO2e per year with the factors' range.
    pub kg_co2e: Range,
    /// Energy per year with the factors' range.
    pub kwh: Range,
    /// One line per quantity with a factor (per_year = quantity).
    pub lines: Vec<MetricLine>,
    /// False when a quantity has no CO2e factor (district heating): its kWh
    /// count, its CO2e does not.
    pub co2e_complete: bool,
}

/// Quantities per year (Fuel/Energy metrics of core::metrics) × the activity
/// factors; other metrics and non-finite or negative quantities are left out.
pub fn activity_baseline(quantities: &[(String, f64)]) -> ActivityBaseline {
    let mut kg = Range::default();
    let mut kwh = Range::default();
    let mut lines = Vec::new();
    let mut complete = true;
    for (metric, q) in quantities {
        let Some(m) = metric_by_key(metric) else {
            continue;
        };
        if !matches!(m.kind, MetricKind::Fuel | MetricKind::Energy) || !q.is_finite() || *q < 0.0 {
            continue;
        }
        let Some(f) = activity_factor(m.key) else {
            complete = false;
            continue;
        };
        let line_kwh = f.kwh.scale(*q);
        let line_kg = f.kg_co2e.map(|k| k.scale(*q));
        kwh = kwh.plus(line_kwh);
        match line_kg {
            Some(x) => kg = kg.plus(x),
            None => complete = false,
        }
        lines.push(MetricLine {
            metric: m.key.to_string(),
            quantity: *q,
            per_year: *q,
            kwh: Some(line_kwh),
            kg_co2e: line_kg,
        });
    }
    ActivityBaseline {
        kg_co2e: kg,
        kwh,
        lines,
        co2e_complete: complete,
    }
}

/// The trace line of one quantity per year × its activity factor, worded as
/// the followed-up lines.
fn quantity_step(line: &MetricLine) -> Option<Step> {
    let f = activity_factor(&line.metric)?;
    let (name_sv, name_en) = metric_by_key(&line.metric)
        .map_or((line.metric.as_str(), line.metric.as_str()), |m| {
            (m.name.sv, m.name.en)
        });
    let q = line.per_year;
    Some(match f.kg_co2e {
        Some(k) => {
            // The factor and the figures read the same in both languages.
            let u = &f.unit;
            let figures = format!(
                "{} kg CO2e/{u} ({}–{}) = {} ({}–{}); × {} kWh/{u} = {:.0} kWh",
                k.value,
                k.low,
                k.high,
                t(k.value * q),
                t(k.low * q),
                t(k.high * q),
                f.kwh.value,
                f.kwh.value * q
            );
            step(
                format!("{name_sv}: {q} {u} per år × {figures}"),
                format!("{name_en}: {q} {u} per year × {figures}"),
                f.source.clone(),
            )
        }
        None => step(
            format!(
                "{name_sv}: {q} {} per år × {} kWh/{}; ingen CO2e-faktor med källa, räknas inte i CO2e",
                f.unit, f.kwh.value, f.unit
            ),
            format!(
                "{name_en}: {q} {} per year × {} kWh/{}; no sourced CO2e factor, not counted in CO2e",
                f.unit, f.kwh.value, f.unit
            ),
            f.source.clone(),
        ),
    })
}

/// The award's life-cycle figures (LCC engine, over the competition's period).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AwardInput {
    pub supplier: String,
    pub winner_kg_co2e: Option<f64>,
    pub reference_kg_co2e: Option<f64>,
    pub winner_kwh: Option<f64>,
    pub reference_kwh: Option<f64>,
}

/// One supplier report: its period and reported values.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub id: i64,
    pub start: Date,
    pub end: Date,
    pub values: Vec<(String, f64)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResultInput {
    pub baseline: Option<BaselineInput>,
    /// Expected reduction share of the chosen criteria (max, not sum).
    pub criteria_reduction: Option<f64>,
    pub award: Option<AwardInput>,
    pub reports: Vec<ReportInput>,
}

/// A yearly figure: CO2e (kg) and energy (kWh), each with range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub kg_co2e: Range,
    pub kwh: Option<Range>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// No baseline and no follow-up.
    None,
    Spend,
    Activity,
    /// Spend-based baseline, followed up with activity data.
    Hybrid,
}

impl Method {
    pub fn key(self) -> &'static str {
        match self {
            Method::None => "none",
            Method::Spend => "spend",
            Method::Activity => "activity",
            Method::Hybrid => "hybrid",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectedBasis {
    /// The winning bid against the reference (or the baseline).
    Award,
    /// The chosen criteria's expected reduction.
    Criteria,
    /// Nothing known that changes the baseline.
    Unchanged,
}

/// One reported quantity, totalled over the reports and per year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricLine {
    pub metric: String,
    pub quantity: f64,
    pub per_year: f64,
    pub kwh: Option<Range>,
    pub kg_co2e: Option<Range>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Saving {
    pub kg_co2e: f64,
    pub kwh: Option<f64>,
    /// Of the baseline, 0–1; `None` when the baseline is zero.
    pub share: Option<f64>,
    /// True when against the followed-up figure, false against the expected.
    pub measured: bool,
    /// The saving (kg CO2e per year) with its range; how the range is
    /// formed: docs/method.md, "Baslinjens och besparingens intervall".
    pub range: Range,
}

/// A step of "how this was computed": what, with which numbers, from where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub sv: String,
    pub en: String,
    pub source: String,
}

/// Swedish decimal comma: a point between two digits becomes a comma.
fn decimal_comma(text: &str) -> String {
    let b = text.as_bytes();
    text.char_indices()
        .map(|(i, c)| {
            let digit = |j: Option<usize>| j.and_then(|j| b.get(j)).is_some_and(u8::is_ascii_digit);
            if c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                ','
            } else {
                c
            }
        })
        .collect()
}

fn step(sv: String, en: String, source: impl Into<String>) -> Step {
    Step {
        sv: decimal_comma(&sv),
        en,
        source: source.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasuredResult {
    /// Per year.
    pub baseline: Option<Figure>,
    pub expected: Option<Figure>,
    pub expected_basis: ExpectedBasis,
    pub followed_up: Option<Figure>,
    /// False when a reported energy metric has no CO2e factor (its kWh count,
    /// its CO2e does not).
    pub followed_up_co2e_complete: bool,
    /// Days covered by the reports (overlaps counted once).
    pub covered_days: i64,
    #[serde(skip)]
    pub first_day: Option<Date>,
    #[serde(skip)]
    pub last_day: Option<Date>,
    pub metrics: Vec<MetricLine>,
    pub method: Method,
    pub saving: Option<Saving>,
    pub trace: Vec<Step>,
}

impl MeasuredResult {
    /// The best current figure: followed-up where reports exist, else expected.
    pub fn current(&self) -> Option<(Figure, bool)> {
        match (self.followed_up, self.expected) {
            (Some(f), _) => Some((f, true)),
            (None, Some(e)) => Some((e, false)),
            _ => None,
        }
    }
}

fn t(kg: f64) -> String {
    format!("{:.1} t", kg / 1000.0)
}

fn r3(x: f64) -> String {
    format!("{x:.3}")
}

/// Days covered by the inclusive periods, overlaps counted once.
fn covered_days(periods: &mut [(Date, Date)]) -> i64 {
    periods.sort();
    let mut total = 0i64;
    let mut current: Option<(i32, i32)> = None;
    for (s, e) in periods.iter() {
        let (s, e) = (s.days_since_epoch(), e.days_since_epoch());
        match current {
            Some((cs, ce)) if s <= ce + 1 => current = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += i64::from(ce - cs + 1);
                current = Some((s, e));
            }
            None => current = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = current {
        total += i64::from(ce - cs + 1);
    }
    total
}

/// Computes a procurement's measured result from its inputs.
pub fn measured_result(input: &ResultInput) -> MeasuredResult {
    let mut trace = Vec::new();

    // 1. Baseline per year: from the quantities where stored, else the
    // stored figure over its period.
    let from_quantities = input
        .baseline
        .as_ref()
        .filter(|b| !b.quantities.is_empty())
        .map(|b| activity_baseline(&b.quantities));
    let baseline = input.baseline.as_ref().map(|b| {
        if let Some(ab) = &from_quantities {
            trace.push(step(
                format!(
                    "Baslinje (aktivitetsbaserad, mängder per år × samma aktivitetsfaktorer som uppföljningen): {} per år (intervall {}–{}){}",
                    t(ab.kg_co2e.value),
                    t(ab.kg_co2e.low),
                    t(ab.kg_co2e.high),
                    if ab.co2e_complete { "" } else { "; energi utan CO2e-faktor räknas inte i CO2e" }
                ),
                format!(
                    "Baseline (activity-based, quantities per year × the same activity factors as follow-up): {} per year (range {}–{}){}",
                    t(ab.kg_co2e.value),
                    t(ab.kg_co2e.low),
                    t(ab.kg_co2e.high),
                    if ab.co2e_complete { "" } else { "; energy without a CO2e factor not counted in CO2e" }
                ),
                b.note.clone(),
            ));
            trace.extend(ab.lines.iter().filter_map(quantity_step));
            return Figure {
                kg_co2e: ab.kg_co2e,
                kwh: Some(ab.kwh),
            };
        }
        let years = b.period_years.filter(|y| *y > 0.0);
        let per_year = 1.0 / years.unwrap_or(1.0);
        let kind_sv = match b.kind {
            BaselineKind::Spend => "utgiftsbaserad",
            BaselineKind::Activity => "aktivitetsbaserad",
        };
        let kind_en = match b.kind {
            BaselineKind::Spend => "spend-based",
            BaselineKind::Activity => "activity-based",
        };
        let years_sv = years
            .map(|y| format!("{y:.2} år"))
            .unwrap_or_else(|| "okänd period, 1 år antas".into());
        let years_en = years
            .map(|y| format!("{y:.2} years"))
            .unwrap_or_else(|| "unknown period, 1 year assumed".into());
        trace.push(step(
            format!(
                "Baslinje ({kind_sv}): {} ({}) över {years_sv} → {} per år",
                t(b.kg_co2e.value),
                if b.kg_co2e.low == b.kg_co2e.high {
                    "inget intervall".to_string()
                } else {
                    format!("intervall {}–{}", t(b.kg_co2e.low), t(b.kg_co2e.high))
                },
                t(b.kg_co2e.value * per_year)
            ),
            format!(
                "Baseline ({kind_en}): {} ({}) over {years_en} → {} per year",
                t(b.kg_co2e.value),
                if b.kg_co2e.low == b.kg_co2e.high {
                    "no range".to_string()
                } else {
                    format!("range {}–{}", t(b.kg_co2e.low), t(b.kg_co2e.high))
                },
                t(b.kg_co2e.value * per_year)
            ),
            b.note.clone(),
        ));
        Figure {
            kg_co2e: b.kg_co2e.scale(per_year),
            kwh: b.kwh.map(|k| Range::point(k * per_year)),
        }
    });

    // 2. Expected: the award where it has figures, else the criteria.
    let mut expected_basis = ExpectedBasis::Unchanged;
    let expected = baseline.map(|bf| {
        let b = input.baseline.as_ref().map(|b| match &from_quantities {
            Some(ab) => (ab.kg_co2e.value, Some(ab.kwh.value)),
            None => (b.kg_co2e.value, b.kwh),
        });
        let award_ratio = input.award.as_ref().and_then(|a| {
            let w = a.winner_kg_co2e?;
            let r = a.reference_kg_co2e.or(b.map(|b| b.0))?;
            (r > 0.0).then_some((w / r, a))
        });
        if let Some((ratio, a)) = award_ratio {
            expected_basis = ExpectedBasis::Award;
            let kwh_ratio = match (a.winner_kwh, a.reference_kwh.or(b.and_then(|b| b.1))) {
                (Some(w), Some(r)) if r > 0.0 => Some(w / r),
                _ => None,
            };
            trace.push(step(
                format!(
                    "Förväntat (valt anbud, {}): vinnarens utsläpp / referensens = {} → baslinjen × {}",
                    a.supplier,
                    r3(ratio),
                    r3(ratio)
                ),
                format!(
                    "Expected (chosen bid, {}): winner's emissions / reference's = {} → baseline × {}",
                    a.supplier,
                    r3(ratio),
                    r3(ratio)
                ),
                "LCC-motorn vid tilldelning / LCC engine at award",
            ));
            Figure {
                kg_co2e: bf.kg_co2e.scale(ratio),
                kwh: match kwh_ratio {
                    Some(k) => bf.kwh.map(|x| x.scale(k)),
                    None => bf.kwh,
                },
            }
        } else if let Some(r) = input.criteria_reduction.filter(|r| *r > 0.0) {
            expected_basis = ExpectedBasis::Criteria;
            trace.push(step(
                format!(
                    "Förväntat (valda krav): baslinjen × (1 − {}) ; energin antas oförändrad",
                    r3(r)
                ),
                format!(
                    "Expected (chosen criteria): baseline × (1 − {}) ; energy assumed unchanged",
                    r3(r)
                ),
                "Kriteriernas effect_reduction (docs/criteria.md)",
            ));
            Figure {
                kg_co2e: bf.kg_co2e.scale(1.0 - r),
                kwh: bf.kwh,
            }
        } else {
            trace.push(step(
                "Förväntat: inget valt krav eller anbud med känd effekt, lika med baslinjen"
                    .into(),
                "Expected: no chosen criterion or bid with a known effect, equal to the baseline"
                    .into(),
                "",
            ));
            bf
        }
    });

    // 3. Followed up: reported quantities × activity factors, per year.
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    let mut periods = Vec::new();
    for r in &input.reports {
        if r.end < r.start {
            trace.push(step(
                format!("Rapport {} hoppas över: periodens slut före start", r.id),
                format!("Report {} skipped: period ends before it starts", r.id),
                "",
            ));
            continue;
        }
        let mut used = false;
        for (metric, value) in &r.values {
            let Some(m) = metric_by_key(metric) else {
                continue;
            };
            if matches!(m.kind, MetricKind::Fuel | MetricKind::Energy) && value.is_finite() {
                *totals.entry(m.key).or_default() += value;
                used = true;
            }
        }
        if used {
            periods.push((r.start, r.end));
        }
    }
    let days = covered_days(&mut periods);
    let first_day = periods.iter().map(|p| p.0).min();
    let last_day = periods.iter().map(|p| p.1).max();
    let mut metrics = Vec::new();
    let mut complete = true;
    let followed_up = (days > 0 && !totals.is_empty()).then(|| {
        let per_year = DAYS_PER_YEAR / days as f64;
        trace.push(step(
            format!(
                "Uppföljning: {} rapporterade dagar ({}–{}) → årstakt = summa × {DAYS_PER_YEAR} / {days}",
                days,
                first_day.map(|d| d.to_string()).unwrap_or_default(),
                last_day.map(|d| d.to_string()).unwrap_or_default(),
            ),
            format!(
                "Follow-up: {days} reported days → yearly rate = total × {DAYS_PER_YEAR} / {days}"
            ),
            "Leverantörsrapporter / supplier reports",
        ));
        let mut kg = Range::default();
        let mut kwh = Range::default();
        for (metric, q) in &totals {
            let f = activity_factor(metric);
            // The trace is read by people: the metric's name, not its key.
            let (name_sv, name_en) =
                metric_by_key(metric).map_or((*metric, *metric), |m| {
                    (m.name.sv, m.name.en)
                });
            let line_kwh = f.map(|f| f.kwh.scale(q * per_year));
            let line_kg = f.and_then(|f| f.kg_co2e).map(|k| k.scale(q * per_year));
            if let Some(x) = line_kwh {
                kwh = kwh.plus(x);
            }
            match (line_kg, f) {
                (Some(x), Some(f)) => {
                    kg = kg.plus(x);
                    let k = f.kg_co2e.unwrap_or_default();
                    // The factor and the figures read the same in both languages.
                    let u = &f.unit;
                    let per_year_q = q * per_year;
                    let figures = format!(
                        "{} kg CO2e/{u} ({}–{}) = {}; × {} kWh/{u}",
                        k.value,
                        k.low,
                        k.high,
                        t(k.value * q * per_year),
                        f.kwh.value
                    );
                    trace.push(step(
                        format!(
                            "{name_sv}: {q} {u} × {per_year:.4} = {per_year_q:.1} {u} per år; × {figures}"
                        ),
                        format!(
                            "{name_en}: {q} {u} × {per_year:.4} = {per_year_q:.1} {u} per year; × {figures}"
                        ),
                        f.source.clone(),
                    ));
                }
                (None, Some(f)) => {
                    complete = false;
                    trace.push(step(
                        format!(
                            "{name_sv}: {q} {} × {per_year:.4} × {} kWh/{}; ingen CO2e-faktor med källa, räknas inte i CO2e",
                            f.unit, f.kwh.value, f.unit
                        ),
                        format!(
                            "{name_en}: {q} {} × {per_year:.4} × {} kWh/{}; no sourced CO2e factor, not counted in CO2e",
                            f.unit, f.kwh.value, f.unit
                        ),
                        f.source.clone(),
                    ));
                }
                _ => complete = false,
            }
            metrics.push(MetricLine {
                metric: metric.to_string(),
                quantity: *q,
                per_year: q * per_year,
                kwh: line_kwh,
                kg_co2e: line_kg,
            });
        }
        Figure {
            kg_co2e: kg,
            kwh: Some(kwh),
        }
    });

    let method = match (&input.baseline, followed_up.is_some()) {
        (Some(b), true) if b.kind == BaselineKind::Spend => Method::Hybrid,
        (_, true) => Method::Activity,
        (Some(b), false) if b.kind == BaselineKind::Spend => Method::Spend,
        (Some(_), false) => Method::Activity,
        (None, false) => Method::None,
    };

    let mut result = MeasuredResult {
        baseline,
        expected,
        expected_basis,
        followed_up,
        followed_up_co2e_complete: complete,
        covered_days: days,
        first_day,
        last_day,
        metrics,
        method,
        saving: None,
        trace,
    };
    if let (Some(b), Some((c, measured))) = (result.baseline, result.current()) {
        let kg = b.kg_co2e.value - c.kg_co2e.value;
        let kwh = match (b.kwh, c.kwh) {
            (Some(x), Some(y)) => Some(x.value - y.value),
            _ => None,
        };
        let share = (b.kg_co2e.value > 0.0).then(|| kg / b.kg_co2e.value);
        let range = saving_range(
            b.kg_co2e,
            c.kg_co2e,
            measured,
            from_quantities.as_ref(),
            &result.metrics,
        );
        result.trace.push(step(
            format!(
                "Besparing mot baslinjen ({}): {} − {} = {}",
                if measured { "uppföljt" } else { "förväntat" },
                t(b.kg_co2e.value),
                t(c.kg_co2e.value),
                t(kg)
            ),
            format!(
                "Saving against the baseline ({}): {} − {} = {}",
                if measured { "followed up" } else { "expected" },
                t(b.kg_co2e.value),
                t(c.kg_co2e.value),
                t(kg)
            ),
            "",
        ));
        result.saving = Some(Saving {
            kg_co2e: kg,
            kwh,
            share,
            measured,
            range,
        });
    }
    result
}

/// The saving's range (docs/method.md, "Baslinjens och besparingens intervall"):
/// - against the expected figure (the baseline × a ratio) the two move
///   together: the baseline's low minus the expected's low, high minus high;
/// - against the followed-up figure with a baseline from quantities, both are
///   quantities × the same factor table: per metric the net quantity
///   (baseline − followed-up per year) × its factor, each factor anywhere in
///   its low–high range but the same on both sides; the range is the smallest
///   and largest saving that gives (a fuel used on both sides cancels);
/// - otherwise (a spend-based or LCC baseline, independent of the activity
///   factors) the widest: baseline low − followed-up high to baseline high −
///   followed-up low.
fn saving_range(
    b: Range,
    c: Range,
    measured: bool,
    quantities: Option<&ActivityBaseline>,
    followed: &[MetricLine],
) -> Range {
    let value = b.value - c.value;
    let ordered = |x: f64, y: f64| Range::new(value, x.min(y), x.max(y));
    match (measured, quantities) {
        (false, _) => ordered(b.low - c.low, b.high - c.high),
        (true, Some(ab)) => {
            let mut net: BTreeMap<&str, f64> = BTreeMap::new();
            for l in &ab.lines {
                *net.entry(l.metric.as_str()).or_default() += l.per_year;
            }
            for l in followed {
                *net.entry(l.metric.as_str()).or_default() -= l.per_year;
            }
            let (mut low, mut high) = (0.0, 0.0);
            for (metric, q) in net {
                if let Some(k) = activity_factor(metric).and_then(|f| f.kg_co2e) {
                    low += (q * k.low).min(q * k.high);
                    high += (q * k.low).max(q * k.high);
                }
            }
            Range::new(value, low, high)
        }
        (true, None) => Range::new(value, b.low - c.high, b.high - c.low),
    }
}

// ---------------------------------------------------------------------------
// Per organisation
// ---------------------------------------------------------------------------

/// Totals over the procurements that have a baseline (only those can show a
/// saving); the others are counted, not added.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OrgTotals {
    pub procurements: usize,
    pub with_baseline: usize,
    /// Of those with a baseline: followed up, and expected only.
    pub measured: usize,
    pub expected_only: usize,
    pub baseline_kg: Range,
    pub expected_kg: Range,
    /// Followed-up figures of the measured procurements only.
    pub followed_up_kg: Range,
    /// Followed-up where present, else expected.
    pub current_kg: Range,
    pub baseline_kwh: f64,
    pub expected_kwh: f64,
    pub followed_up_kwh: f64,
    pub current_kwh: f64,
    pub saving_kg: f64,
    pub saving_kwh: f64,
    pub saving_share: Option<f64>,
}

pub fn org_totals<'a>(results: impl IntoIterator<Item = &'a MeasuredResult>) -> OrgTotals {
    let mut o = OrgTotals::default();
    let kwh = |f: &Figure| f.kwh.map(|k| k.value).unwrap_or(0.0);
    for r in results {
        o.procurements += 1;
        let (Some(b), Some((c, measured))) = (r.baseline, r.current()) else {
            continue;
        };
        o.with_baseline += 1;
        o.baseline_kg = o.baseline_kg.plus(b.kg_co2e);
        o.baseline_kwh += kwh(&b);
        if let Some(e) = r.expected {
            o.expected_kg = o.expected_kg.plus(e.kg_co2e);
            o.expected_kwh += kwh(&e);
        }
        if measured {
            o.measured += 1;
            o.followed_up_kg = o.followed_up_kg.plus(c.kg_co2e);
            o.followed_up_kwh += kwh(&c);
        } else {
            o.expected_only += 1;
        }
        o.current_kg = o.current_kg.plus(c.kg_co2e);
        o.current_kwh += kwh(&c);
    }
    o.saving_kg = o.baseline_kg.value - o.current_kg.value;
    o.saving_kwh = o.baseline_kwh - o.current_kwh;
    o.saving_share = (o.baseline_kg.value > 0.0).then(|| o.saving_kg / o.baseline_kg.value);
    o
}

/// A spend category's yearly spend-based CO2e.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendCategory {
    pub id: String,
    pub name: String,
    pub kg_co2e: Range,
}

/// Followed-up yearly CO2e of the procurements in one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryActivity {
    pub category: String,
    pub kg_co2e: Range,
    pub procurements: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HybridLine {
    pub id: String,
    pub name: String,
    pub spend_kg: Range,
    pub hybrid_kg: Range,
    /// True when follow-up replaced the spend-based figure.
    pub replaced: bool,
    pub procurements: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct HybridFootprint {
    pub lines: Vec<HybridLine>,
    pub spend_kg: Range,
    pub hybrid_kg: Range,
}

/// The spend-based footprint with each followed-up category replaced by its
/// activity-based figure (H = Σ_k∉A E_k + Σ_k∈A A_k).
pub fn hybrid_footprint(spend: &[SpendCategory], activity: &[CategoryActivity]) -> HybridFootprint {
    let mut out = HybridFootprint::default();
    let mut push = |line: HybridLine| {
        out.spend_kg = out.spend_kg.plus(line.spend_kg);
        out.hybrid_kg = out.hybrid_kg.plus(line.hybrid_kg);
        out.lines.push(line);
    };
    for c in spend {
        let a = activity.iter().find(|a| a.category == c.id);
        push(HybridLine {
            id: c.id.clone(),
            name: c.name.clone(),
            spend_kg: c.kg_co2e,
            hybrid_kg: a.map(|a| a.kg_co2e).unwrap_or(c.kg_co2e),
            replaced: a.is_some(),
            procurements: a.map(|a| a.procurements.clone()).unwrap_or_default(),
        });
    }
    for a in activity {
        if !a.category.is_empty() && !spend.iter().any(|c| c.id == a.category) {
            push(HybridLine {
                id: a.category.clone(),
                name: a.category.clone(),
                spend_kg: Range::default(),
                hybrid_kg: a.kg_co2e,
                replaced: true,
                procurements: a.procurements.clone(),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

/// The goal kinds the progress calculation knows.
pub const GOAL_KINDS: [&str; 3] = [
    "fossilfri_fordonsbransle",
    "minskning_inkop_co2e",
    "minskning_energi",
];

/// The unit a goal kind is measured in.
pub fn goal_unit(kind: &str) -> Option<&'static str> {
    match kind {
        "fossilfri_fordonsbransle" => Some("%"),
        "minskning_inkop_co2e" => Some("t CO2e"),
        "minskning_energi" => Some("MWh"),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GoalSpec {
    pub base_year: i32,
    pub base_value: f64,
    pub target_year: i32,
    pub target_value: f64,
}

impl GoalSpec {
    /// The linear path from base to target: the value due in `year`,
    /// clamped to the base before and the target after.
    pub fn path(&self, year: i32) -> f64 {
        if self.target_year <= self.base_year || year >= self.target_year {
            return self.target_value;
        }
        if year <= self.base_year {
            return self.base_value;
        }
        let f = f64::from(year - self.base_year) / f64::from(self.target_year - self.base_year);
        self.base_value + (self.target_value - self.base_value) * f
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub year: i32,
    pub value: f64,
    pub path: f64,
    /// Share of the way from base to target reached (may be < 0 or > 1).
    pub achieved: Option<f64>,
    pub on_track: bool,
}

/// Progress of a measured `value` in `year` against the goal's path: on
/// track when at or beyond the path in the direction of the target.
pub fn progress(goal: &GoalSpec, year: i32, value: f64) -> Progress {
    let path = goal.path(year);
    let up = goal.target_value >= goal.base_value;
    let on_track = if up { value >= path } else { value <= path };
    let span = goal.target_value - goal.base_value;
    Progress {
        year,
        value,
        path,
        achieved: (span != 0.0).then(|| (value - goal.base_value) / span),
        on_track,
    }
}

/// Fossil-free share of reported vehicle fuel by energy, percent; `None`
/// when no fuel is reported.
pub fn fossil_free_share(values: &[(String, f64)]) -> Option<f64> {
    let (mut free, mut all) = (0.0, 0.0);
    for (metric, q) in values {
        let Some(m) = metric_by_key(metric) else {
            continue;
        };
        if m.kind != MetricKind::Fuel {
            continue;
        }
        let Some(f) = activity_factor(metric) else {
            continue;
        };
        let kwh = q * f.kwh.value;
        all += kwh;
        free += kwh * f.fossil_free_share.unwrap_or(0.0);
    }
    (all > 0.0).then(|| 100.0 * free / all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::METRICS;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn shipped_factors_cover_every_fuel_and_energy_metric() {
        let parsed = parse_activity_factors(ACTIVITY_FACTORS_CSV).unwrap();
        for m in METRICS {
            let row = parsed.iter().find(|f| f.metric == m.key);
            match m.kind {
                MetricKind::Fuel | MetricKind::Energy => {
                    let f = row.unwrap_or_else(|| panic!("{} has no factor row", m.key));
                    assert_eq!(f.unit, m.unit, "{}", m.key);
                    assert!(!f.source.is_empty());
                }
                _ => assert!(row.is_none(), "{} is not converted", m.key),
            }
        }
        assert_eq!(activity_factors().len(), parsed.len());
        // Fuels have CO2e; only district heating lacks a sourced figure.
        for f in &parsed {
            assert_eq!(
                f.kg_co2e.is_none(),
                f.metric == "fjarrvarme_kwh",
                "{}",
                f.metric
            );
        }
    }

    #[test]
    fn point_values_follow_the_stated_derivation() {
        let kg = |m: &str| activity_factor(m).unwrap().kg_co2e.unwrap().value;
        // g CO2e/MJ × MJ/unit / 1000, as the file's source column says.
        assert!((kg("diesel_l") - 80.4 * 36.0 / 1000.0).abs() < 1e-4);
        assert!((kg("bensin_l") - 91.3 * 32.0 / 1000.0).abs() < 1e-4);
        assert!((kg("hvo100_l") - 14.0 * 9.533 * 3.6 / 1000.0).abs() < 1e-4);
        assert!((kg("e85_l") - 51.0 * 22.65 / 1000.0).abs() < 1e-4);
        assert!((kg("biogas_nm3") - 20.6 * 35.5 / 1000.0).abs() < 1e-4);
        assert!((kg("el_kwh") - 0.03589).abs() < 1e-9);
    }

    #[test]
    fn bad_factor_files_say_where() {
        let head = COLUMNS.join(",");
        let cases = [
            ("", 1, 1),
            ("metric,unit\n", 1, 1),
            (&format!("{head}\nokänd,l,1,1,1,,,,,,x\n")[..], 2, 1),
            (&format!("{head}\ndiesel_l,l,1,2,1,,,,,,x\n")[..], 2, 3),
            (&format!("{head}\ndiesel_l,l,1,1,1,a,,,,,x\n")[..], 2, 6),
            (&format!("{head}\ndiesel_l,l,1,1,1,,,,,,\n")[..], 2, 11),
            (&format!("{head}\ndiesel_l,l,1,1,1,,,,,,\"x\n")[..], 2, 11),
            (&format!("{head}\ndiesel_l,l,1,1,1\n")[..], 2, 5),
        ];
        for (text, line, column) in cases {
            let e = parse_activity_factors(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
        }
    }

    #[test]
    fn random_input_never_panics() {
        let base = ACTIVITY_FACTORS_CSV.as_bytes();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bytes = base.to_vec();
            let at = (seed as usize) % bytes.len();
            bytes[at] = b",\"\n#x1-."[(seed >> 32) as usize % 8];
            bytes.truncate(((seed >> 40) as usize) % (bytes.len() + 1));
            let _ = parse_activity_factors(&String::from_utf8_lossy(&bytes));
        }
    }

    fn baseline(kg: f64, low: f64, high: f64, years: f64) -> BaselineInput {
        BaselineInput {
            kind: BaselineKind::Spend,
            kg_co2e: Range::new(kg, low, high),
            kwh: None,
            period_years: Some(years),
            note: "test".into(),
            quantities: Vec::new(),
        }
    }

    #[test]
    fn spend_baseline_with_criteria_and_half_year_of_hvo() {
        // Baseline 20 t over 2 years → 10 t/year (8–12).
        // Reports: 1000 l HVO in Jan–Mar, 1000 l HVO in Apr–Jun 2027 = 181 days.
        let input = ResultInput {
            baseline: Some(baseline(20_000.0, 16_000.0, 24_000.0, 2.0)),
            criteria_reduction: Some(0.5),
            award: None,
            reports: vec![
                ReportInput {
                    id: 1,
                    start: d("2027-01-01"),
                    end: d("2027-03-31"),
                    values: vec![("hvo100_l".into(), 1000.0), ("fordon_km".into(), 9.0)],
                },
                ReportInput {
                    id: 2,
                    start: d("2027-04-01"),
                    end: d("2027-06-30"),
                    values: vec![("hvo100_l".into(), 1000.0)],
                },
            ],
        };
        let r = measured_result(&input);
        let b = r.baseline.unwrap();
        assert_eq!(b.kg_co2e, Range::new(10_000.0, 8_000.0, 12_000.0));
        let e = r.expected.unwrap();
        assert_eq!(r.expected_basis, ExpectedBasis::Criteria);
        assert_eq!(e.kg_co2e.value, 5_000.0);
        assert_eq!(r.covered_days, 181);
        // 2000 l × 365/181 = 4033.15 l/year; × 0.4805 = 1937.93 kg; × 9.533 kWh.
        let f = r.followed_up.unwrap();
        let litres = 2000.0 * 365.0 / 181.0;
        assert!((f.kg_co2e.value - litres * 0.4805).abs() < 1e-6);
        assert!((f.kg_co2e.low - litres * 0.462).abs() < 1e-6);
        assert!((f.kg_co2e.high - litres * 0.5946).abs() < 1e-6);
        assert!((f.kwh.unwrap().value - litres * 9.533).abs() < 1e-6);
        assert_eq!(r.method, Method::Hybrid);
        let s = r.saving.unwrap();
        assert!(s.measured);
        assert!((s.kg_co2e - (10_000.0 - litres * 0.4805)).abs() < 1e-6);
        assert!(r.trace.len() >= 4);
    }

    /// Reads one column of the shipped factor file by hand (independent of the parser).
    fn csv_factor(metric: &str, column: usize) -> f64 {
        ACTIVITY_FACTORS_CSV
            .lines()
            .find(|l| l.starts_with(&format!("{metric},")))
            .and_then(|l| l.split(',').nth(column))
            .and_then(|v| v.parse().ok())
            .unwrap()
    }

    #[test]
    fn activity_baseline_from_quantities_has_the_factor_range_and_a_line_each() {
        // 31 500 l diesel and 14 200 l petrol per year, 100 km (no factor, left out).
        let quantities = vec![
            ("diesel_l".to_string(), 31_500.0),
            ("bensin_l".to_string(), 14_200.0),
            ("fordon_km".to_string(), 100.0),
        ];
        let kg =
            |col| 31_500.0 * csv_factor("diesel_l", col) + 14_200.0 * csv_factor("bensin_l", col);
        let ab = activity_baseline(&quantities);
        assert!((ab.kg_co2e.value - kg(5)).abs() < 1e-6);
        assert!((ab.kg_co2e.low - kg(6)).abs() < 1e-6);
        assert!((ab.kg_co2e.high - kg(7)).abs() < 1e-6);
        assert!(ab.kg_co2e.low < ab.kg_co2e.value && ab.kg_co2e.value < ab.kg_co2e.high);
        assert!((ab.kwh.value - kg(2)).abs() < 1e-6);
        assert_eq!(ab.lines.len(), 2);
        assert!(ab.co2e_complete);

        // In a result: the baseline per year is the quantities' figure (the
        // stored point and period are not used), with one trace line each.
        let input = ResultInput {
            baseline: Some(BaselineInput {
                kind: BaselineKind::Activity,
                kg_co2e: Range::point(1.0),
                kwh: None,
                period_years: Some(4.0),
                note: "Förra avtalet".into(),
                quantities: quantities.clone(),
            }),
            criteria_reduction: Some(0.385),
            award: None,
            reports: Vec::new(),
        };
        let r = measured_result(&input);
        let b = r.baseline.unwrap();
        assert_eq!(b.kg_co2e, ab.kg_co2e);
        assert_eq!(b.kwh, Some(ab.kwh));
        assert!(r.trace.iter().any(|s| s.sv.starts_with(
            "Diesel (MK1, med inblandning): 31500 l per år × 2,8944 kg CO2e/l (2,8629–3,2856)"
        )));
        assert!(r.trace.iter().any(|s| {
            s.en.starts_with("Petrol (blended): 14200 l per year × 2.9216 kg CO2e/l")
        }));
        assert!(!r.trace.iter().any(|s| s.sv.contains("inget intervall")));
        // Against the expected figure the saving's range is matched: b × 0.385.
        let s = r.saving.unwrap();
        assert!(!s.measured);
        assert!((s.range.low - ab.kg_co2e.low * 0.385).abs() < 1e-6);
        assert!((s.range.high - ab.kg_co2e.high * 0.385).abs() < 1e-6);
    }

    #[test]
    fn saving_range_against_follow_up_cancels_the_same_fuel_and_bounds_the_rest() {
        // Baseline 10 000 l diesel per year; a whole year followed up with
        // 2 000 l diesel and 8 000 l HVO.
        let input = ResultInput {
            baseline: Some(BaselineInput {
                kind: BaselineKind::Activity,
                kg_co2e: Range::point(0.0),
                kwh: None,
                period_years: None,
                note: String::new(),
                quantities: vec![("diesel_l".into(), 10_000.0)],
            }),
            criteria_reduction: None,
            award: None,
            reports: vec![ReportInput {
                id: 1,
                start: d("2027-01-01"),
                end: d("2027-12-31"),
                values: vec![("diesel_l".into(), 2_000.0), ("hvo100_l".into(), 8_000.0)],
            }],
        };
        let r = measured_result(&input);
        let s = r.saving.unwrap();
        assert!(s.measured);
        // Net: 8 000 l diesel saved (at its own low and high), 8 000 l HVO added.
        let (dl, dh) = (csv_factor("diesel_l", 6), csv_factor("diesel_l", 7));
        let (hl, hh) = (csv_factor("hvo100_l", 6), csv_factor("hvo100_l", 7));
        assert!((s.range.low - (8_000.0 * dl - 8_000.0 * hh)).abs() < 1e-6);
        assert!((s.range.high - (8_000.0 * dh - 8_000.0 * hl)).abs() < 1e-6);
        assert!(s.range.low < s.kg_co2e && s.kg_co2e < s.range.high);
        // Narrower than treating the two sides as independent.
        let b = r.baseline.unwrap().kg_co2e;
        let f = r.followed_up.unwrap().kg_co2e;
        assert!(s.range.low > b.low - f.high && s.range.high < b.high - f.low);
    }

    #[test]
    fn saving_range_of_a_spend_baseline_is_the_widest() {
        let input = ResultInput {
            baseline: Some(baseline(10_000.0, 8_000.0, 12_000.0, 1.0)),
            criteria_reduction: None,
            award: None,
            reports: vec![ReportInput {
                id: 1,
                start: d("2027-01-01"),
                end: d("2027-12-31"),
                values: vec![("hvo100_l".into(), 1_000.0)],
            }],
        };
        let r = measured_result(&input);
        let s = r.saving.unwrap();
        let f = r.followed_up.unwrap().kg_co2e;
        assert!((s.range.low - (8_000.0 - f.high)).abs() < 1e-6);
        assert!((s.range.high - (12_000.0 - f.low)).abs() < 1e-6);
    }

    #[test]
    fn award_ratio_and_overlapping_reports() {
        let mut b = baseline(30_000.0, 30_000.0, 30_000.0, 3.0);
        b.kind = BaselineKind::Activity;
        b.kwh = Some(90_000.0);
        let input = ResultInput {
            baseline: Some(b),
            criteria_reduction: Some(0.9),
            award: Some(AwardInput {
                supplier: "X".into(),
                winner_kg_co2e: Some(6_000.0),
                reference_kg_co2e: Some(24_000.0),
                winner_kwh: Some(40_000.0),
                reference_kwh: Some(80_000.0),
            }),
            reports: vec![
                ReportInput {
                    id: 1,
                    start: d("2027-01-01"),
                    end: d("2027-12-31"),
                    values: vec![("el_kwh".into(), 1000.0)],
                },
                // Overlaps the first: counted once.
                ReportInput {
                    id: 2,
                    start: d("2027-06-01"),
                    end: d("2027-06-30"),
                    values: vec![("fjarrvarme_kwh".into(), 500.0)],
                },
            ],
        };
        let r = measured_result(&input);
        // Award wins over criteria: 10 t/year × 6/24 = 2.5 t; kWh 30 000 × 0.5.
        assert_eq!(r.expected_basis, ExpectedBasis::Award);
        assert_eq!(r.expected.unwrap().kg_co2e.value, 2_500.0);
        assert_eq!(r.expected.unwrap().kwh.unwrap().value, 15_000.0);
        assert_eq!(r.covered_days, 365);
        let f = r.followed_up.unwrap();
        assert!((f.kg_co2e.value - 1000.0 * 0.03589).abs() < 1e-9);
        assert!((f.kwh.unwrap().value - 1500.0).abs() < 1e-9);
        assert!(!r.followed_up_co2e_complete);
        assert_eq!(r.method, Method::Activity);
    }

    #[test]
    fn org_totals_use_followed_up_where_present_else_expected() {
        let a = measured_result(&ResultInput {
            baseline: Some(baseline(1000.0, 1000.0, 1000.0, 1.0)),
            criteria_reduction: Some(0.2),
            ..Default::default()
        });
        let b = measured_result(&ResultInput {
            baseline: Some(baseline(2000.0, 2000.0, 2000.0, 1.0)),
            reports: vec![ReportInput {
                id: 1,
                start: d("2027-01-01"),
                end: d("2027-12-31"),
                values: vec![("diesel_l".into(), 100.0)],
            }],
            ..Default::default()
        });
        let none = measured_result(&ResultInput::default());
        let o = org_totals([&a, &b, &none]);
        assert_eq!(
            (o.procurements, o.with_baseline, o.measured, o.expected_only),
            (3, 2, 1, 1)
        );
        assert_eq!(o.baseline_kg.value, 3000.0);
        assert_eq!(o.expected_kg.value, 800.0 + 2000.0);
        let diesel = 100.0 * 2.8944;
        assert!((o.followed_up_kg.value - diesel).abs() < 1e-9);
        assert!((o.current_kg.value - (800.0 + diesel)).abs() < 1e-9);
        assert!((o.saving_kg - (3000.0 - 800.0 - diesel)).abs() < 1e-9);
    }

    #[test]
    fn hybrid_replaces_followed_up_categories() {
        let spend = vec![
            SpendCategory {
                id: "fordon".into(),
                name: "Fordon".into(),
                kg_co2e: Range::new(100.0, 50.0, 150.0),
            },
            SpendCategory {
                id: "it".into(),
                name: "IT".into(),
                kg_co2e: Range::point(40.0),
            },
        ];
        let activity = vec![CategoryActivity {
            category: "fordon".into(),
            kg_co2e: Range::new(30.0, 25.0, 35.0),
            procurements: vec![7],
        }];
        let h = hybrid_footprint(&spend, &activity);
        assert_eq!(h.spend_kg, Range::new(140.0, 90.0, 190.0));
        assert_eq!(h.hybrid_kg, Range::new(70.0, 65.0, 75.0));
        assert!(h.lines[0].replaced && !h.lines[1].replaced);
    }

    #[test]
    fn swedish_trace_uses_decimal_comma() {
        assert_eq!(
            decimal_comma("1898 l × 0.3628 = 688.6 l; 2009/33. Slut."),
            "1898 l × 0,3628 = 688,6 l; 2009/33. Slut."
        );
    }

    #[test]
    fn goal_path_and_progress() {
        let g = GoalSpec {
            base_year: 2020,
            base_value: 40.0,
            target_year: 2030,
            target_value: 100.0,
        };
        assert_eq!(g.path(2025), 70.0);
        assert_eq!(g.path(2019), 40.0);
        assert_eq!(g.path(2031), 100.0);
        let p = progress(&g, 2025, 75.0);
        assert!(p.on_track);
        assert_eq!(p.achieved, Some(35.0 / 60.0));
        assert!(!progress(&g, 2025, 60.0).on_track);
        let down = GoalSpec {
            base_year: 2020,
            base_value: 1000.0,
            target_year: 2030,
            target_value: 500.0,
        };
        assert!(progress(&down, 2025, 740.0).on_track);
        assert!(!progress(&down, 2025, 760.0).on_track);
    }

    #[test]
    fn fossil_free_share_by_energy() {
        // 100 l HVO (953.3 kWh, all renewable) + 100 l diesel (1000 kWh, none).
        let s = fossil_free_share(&[
            ("hvo100_l".into(), 100.0),
            ("diesel_l".into(), 100.0),
            ("el_kwh".into(), 1e6),
        ])
        .unwrap();
        assert!((s - 100.0 * 953.3 / 1953.3).abs() < 1e-9);
        assert_eq!(fossil_free_share(&[("el_kwh".into(), 5.0)]), None);
    }
}
