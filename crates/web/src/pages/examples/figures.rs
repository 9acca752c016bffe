//! The measured result of a good example as its list and page show it: only
//! figures, method and the public sources of the factors, never the
//! computation's trace (its steps can name an import, a supplier or a note
//! written by the organisation).

use upphandla_core::metrics::metric_by_key;
use upphandla_core::results::{
    ExpectedBasis, Figure, MeasuredResult, Method, Range, activity_factor,
};

use super::super::fmt;
use crate::i18n::Lang;

/// The saving against the baseline, as one line of the list.
pub struct Saving {
    /// Tonnes CO2e, one decimal, without sign ("3,4").
    pub tonnes: String,
    /// "12,3 %" of the baseline; '' when the baseline is zero.
    pub share: String,
    /// Whole kWh without sign; '' when energy is not known on both sides.
    pub kwh: String,
    /// Emissions (or energy) went up rather than down.
    pub increase: bool,
    pub kwh_increase: bool,
    /// Against the followed-up figure (true) or the expected one.
    pub measured: bool,
}

/// What the list shows of an example's result.
pub struct Summary {
    pub saving: Option<Saving>,
    /// The method's name ("utgiftsbaserad", "hybrid (utgift + uppföljning)" …).
    pub method: &'static str,
    pub has_baseline: bool,
    /// Some reported energy has no CO2e factor: the followed-up CO2e is too low.
    pub incomplete: bool,
    /// For sorting: kg CO2e saved and the share of the baseline.
    pub saving_kg: Option<f64>,
    pub saving_share: Option<f64>,
}

pub fn method_name(m: Method, lang: Lang) -> &'static str {
    lang.t(match m {
        Method::None => "res.method_none",
        Method::Spend => "res.method_spend",
        Method::Activity => "res.method_activity",
        Method::Hybrid => "res.method_hybrid",
    })
}

fn abs_tonnes(kg: f64) -> String {
    fmt::tonnes_sv(kg.abs())
}

pub fn summary(r: &MeasuredResult, lang: Lang) -> Summary {
    let saving = r.saving.as_ref().map(|s| Saving {
        tonnes: abs_tonnes(s.kg_co2e),
        share: s
            .share
            .map(|x| fmt::percent_sv(x.abs()))
            .unwrap_or_default(),
        kwh: s
            .kwh
            .map(|k| fmt::decimal_sv(k.abs(), 0))
            .unwrap_or_default(),
        increase: s.kg_co2e < 0.0,
        kwh_increase: s.kwh.is_some_and(|k| k < 0.0),
        measured: s.measured,
    });
    Summary {
        saving,
        method: method_name(r.method, lang),
        has_baseline: r.baseline.is_some(),
        incomplete: r.followed_up.is_some() && !r.followed_up_co2e_complete,
        saving_kg: r.saving.as_ref().map(|s| s.kg_co2e),
        saving_share: r.saving.as_ref().and_then(|s| s.share),
    }
}

/// One row of the result table: baseline, expected or followed up.
pub struct FigureRow {
    pub label: &'static str,
    /// "skattning" or "uppmätt".
    pub kind: &'static str,
    pub tonnes: String,
    /// "low–high" tonnes, or the value when there is no range.
    pub range: String,
    pub kwh: String,
}

fn range_t(r: Range) -> String {
    if r.low == r.high {
        return fmt::tonnes_sv(r.value);
    }
    format!("{}–{}", fmt::tonnes_sv(r.low), fmt::tonnes_sv(r.high))
}

fn row(label: &'static str, kind: &'static str, f: &Figure, lang: Lang) -> FigureRow {
    FigureRow {
        label: lang.t(label),
        kind: lang.t(kind),
        tonnes: fmt::tonnes_sv(f.kg_co2e.value),
        range: range_t(f.kg_co2e),
        kwh: f
            .kwh
            .map(|k| fmt::decimal_sv(k.value, 0))
            .unwrap_or_else(|| "–".into()),
    }
}

/// One reported quantity per year with its factor's public source.
pub struct MetricRow {
    pub name: String,
    pub per_year: String,
    pub kwh: String,
    pub tonnes: String,
    pub source: String,
}

/// Everything the example's page shows of its result.
pub struct Detail {
    pub summary: Summary,
    pub rows: Vec<FigureRow>,
    /// What the expected figure rests on.
    pub basis: &'static str,
    /// How the baseline was estimated (a text key's text).
    pub baseline_how: &'static str,
    /// Days covered by the supplier reports (no dates: they could point out
    /// the contract of an anonymised example).
    pub days: i64,
    pub metrics: Vec<MetricRow>,
}

pub fn detail(r: &MeasuredResult, lang: Lang) -> Detail {
    let en = lang == Lang::En;
    let mut rows = Vec::new();
    if let Some(b) = &r.baseline {
        rows.push(row("ex.baseline", "res.estimate", b, lang));
    }
    if let Some(e) = &r.expected {
        rows.push(row("ex.expected", "res.estimate", e, lang));
    }
    if let Some(f) = &r.followed_up {
        rows.push(row("ex.followed", "res.measured", f, lang));
    }
    let metrics = r
        .metrics
        .iter()
        .map(|m| {
            let metric = metric_by_key(&m.metric);
            let factor = activity_factor(&m.metric);
            MetricRow {
                name: metric
                    .map(|x| format!("{} ({})", x.name.get(en), x.unit))
                    .unwrap_or_else(|| m.metric.clone()),
                per_year: fmt::decimal_sv(m.per_year, 1),
                kwh: m
                    .kwh
                    .map(|k| fmt::decimal_sv(k.value, 0))
                    .unwrap_or_else(|| "–".into()),
                tonnes: m
                    .kg_co2e
                    .map(|k| fmt::tonnes_sv(k.value))
                    .unwrap_or_else(|| "–".into()),
                source: factor
                    .map(|f| match f.year {
                        Some(y) if !f.source.contains(&y.to_string()) => {
                            format!("{} ({y})", f.source)
                        }
                        _ => f.source.clone(),
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    Detail {
        summary: summary(r, lang),
        rows,
        basis: lang.t(match r.expected_basis {
            ExpectedBasis::Award => "res.basis_award",
            ExpectedBasis::Criteria => "res.basis_criteria",
            ExpectedBasis::Unchanged => "res.basis_unchanged",
        }),
        baseline_how: lang.t(match r.method {
            Method::None => "ex.how_none",
            Method::Spend => "ex.how_spend",
            Method::Activity if r.followed_up.is_some() => "ex.how_activity_followed",
            Method::Activity => "ex.how_activity",
            Method::Hybrid => "ex.how_hybrid",
        }),
        days: r.covered_days,
        metrics,
    }
}
