//! `/upphandlingar/{id}/resultat`: one procurement's baseline, expected and
//! followed-up CO2e and energy with method, range and the full trace.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use upphandla_core::metrics::metric_by_key;
use upphandla_core::results::{ExpectedBasis, Figure};

use super::super::{Page, fmt, render};
use super::{method_name, mwh, range_t, t};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub struct FigureRow {
    pub label: &'static str,
    pub kind: &'static str,
    pub tonnes: String,
    pub range: String,
    pub mwh: String,
}

pub struct MetricRow {
    pub name: String,
    pub quantity: String,
    pub per_year: String,
    pub kwh: String,
    pub tonnes: String,
}

pub struct TraceRow {
    pub text: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "results_show.html")]
struct ShowPage {
    page: Page,
    id: i64,
    title: String,
    method: &'static str,
    has_baseline: bool,
    figures: Vec<FigureRow>,
    basis: &'static str,
    saving: String,
    saving_kind: &'static str,
    /// The saving's low–high (t), empty when it has no range.
    saving_range: String,
    contract: Option<(i64, String)>,
    days: i64,
    period: String,
    incomplete: bool,
    metrics: Vec<MetricRow>,
    trace: Vec<TraceRow>,
}

pub(super) fn figure_row(
    label: &'static str,
    kind: &'static str,
    f: &Figure,
    lang: Lang,
) -> FigureRow {
    FigureRow {
        label: lang.t(label),
        kind: lang.t(kind),
        tonnes: t(f.kg_co2e.value),
        range: range_t(f.kg_co2e),
        mwh: mwh(f),
    }
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(AppError::NotFound)?;
    let org = ctx.org_id();
    let p = state
        .store
        .procurement(org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let pr = super::procurement_result(&state, org, &p).await?;
    let r = &pr.result;
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let mut figures = Vec::new();
    if let Some(b) = &r.baseline {
        figures.push(figure_row("res.baseline", "res.estimate", b, lang));
    }
    if let Some(e) = &r.expected {
        figures.push(figure_row("res.expected", "res.estimate", e, lang));
    }
    if let Some(f) = &r.followed_up {
        figures.push(figure_row("res.followed_up", "res.measured", f, lang));
    }
    let (saving, saving_kind) = match &r.saving {
        Some(s) => (
            format!(
                "{} t CO₂e{}",
                t(s.kg_co2e),
                s.share
                    .map(|x| format!(" ({})", fmt::percent_sv(x)))
                    .unwrap_or_default()
            ),
            if s.measured {
                "res.measured"
            } else {
                "res.expected_label"
            },
        ),
        None => (String::new(), ""),
    };
    let saving_range = r
        .saving
        .as_ref()
        .filter(|s| s.range.low != s.range.high)
        .map(|s| range_t(s.range))
        .unwrap_or_default();
    let metrics = r
        .metrics
        .iter()
        .map(|m| {
            let metric = metric_by_key(&m.metric);
            MetricRow {
                name: metric
                    .map(|x| format!("{} ({})", x.name.get(en), x.unit))
                    .unwrap_or_else(|| m.metric.clone()),
                quantity: fmt::decimal_sv(m.quantity, 1),
                per_year: fmt::decimal_sv(m.per_year, 1),
                kwh: m
                    .kwh
                    .map(|k| fmt::decimal_sv(k.value, 0))
                    .unwrap_or_default(),
                tonnes: m.kg_co2e.map(|k| t(k.value)).unwrap_or_else(|| "–".into()),
            }
        })
        .collect();
    let trace = r
        .trace
        .iter()
        .map(|s| TraceRow {
            text: if en { s.en.clone() } else { s.sv.clone() },
            source: s.source.clone(),
        })
        .collect();
    let page = ShowPage {
        page: Page::new(&ctx, "results", lang.t("res.proc_title")),
        id: p.id,
        title: p.title.clone(),
        method: method_name(r.method, lang),
        has_baseline: r.baseline.is_some(),
        figures,
        basis: lang.t(match r.expected_basis {
            ExpectedBasis::Award => "res.basis_award",
            ExpectedBasis::Criteria => "res.basis_criteria",
            ExpectedBasis::Unchanged => "res.basis_unchanged",
        }),
        saving,
        saving_kind: if saving_kind.is_empty() {
            ""
        } else {
            lang.t(saving_kind)
        },
        saving_range,
        contract: pr.contract.as_ref().map(|c| (c.id, c.title.clone())),
        days: r.covered_days,
        period: match (r.first_day, r.last_day) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => String::new(),
        },
        incomplete: r.followed_up.is_some() && !r.followed_up_co2e_complete,
        metrics,
        trace,
    };
    render(&page)
}
