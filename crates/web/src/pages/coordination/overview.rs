//! `/samordning`: the members' shared results per organisation and in
//! total (baseline, expected, followed up; CO2e and kWh), a chart of the
//! saving per organisation with its data table, the shared procurements and
//! the shared goals.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use upphandla_core::results::{MeasuredResult, org_totals};
use upphandla_formats::report::svg::{self, Bar, Chart};
use upphandla_store::{OrgId, SharedProcurement};

use super::super::{Page, fmt, render};
use super::{kwh, refuse, tonnes};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

pub struct OrgRow {
    pub name: String,
    pub procurements: usize,
    pub baseline_t: String,
    pub expected_t: String,
    pub followed_t: String,
    pub saving_t: String,
    pub baseline_kwh: String,
    pub expected_kwh: String,
    pub followed_kwh: String,
}

pub struct ProcRow {
    pub org: String,
    pub title: String,
    pub status: &'static str,
    pub ambition: String,
    pub period: String,
    pub baseline_t: String,
    pub expected_t: String,
    pub followed_t: String,
    pub method: &'static str,
    pub criteria: usize,
}

pub struct GoalRow {
    pub org: String,
    pub title: String,
    pub base: String,
    pub target: String,
}

#[derive(Template)]
#[template(path = "coordination_overview.html")]
struct OverviewPage {
    page: Page,
    members: usize,
    orgs: Vec<OrgRow>,
    total: OrgRow,
    chart: String,
    procurements: Vec<ProcRow>,
    goals: Vec<GoalRow>,
}

fn opt_kwh(v: f64, any: bool) -> String {
    kwh(any.then_some(v))
}

fn org_row(name: String, results: &[&MeasuredResult]) -> OrgRow {
    let t = org_totals(results.iter().copied());
    let has = t.with_baseline > 0;
    OrgRow {
        name,
        procurements: t.procurements,
        baseline_t: tonnes(has.then_some(t.baseline_kg.value)),
        expected_t: tonnes(has.then_some(t.expected_kg.value)),
        followed_t: tonnes((t.measured > 0).then_some(t.followed_up_kg.value)),
        saving_t: tonnes(has.then_some(t.saving_kg)),
        baseline_kwh: opt_kwh(t.baseline_kwh, has),
        expected_kwh: opt_kwh(t.expected_kwh, has),
        followed_kwh: opt_kwh(t.followed_up_kwh, t.measured > 0),
    }
}

fn period(p: &SharedProcurement) -> String {
    match (p.contract_start, p.contract_end) {
        (None, None) => "–".into(),
        (a, b) => format!(
            "{} – {}",
            a.map(|d| d.to_string()).unwrap_or_default(),
            b.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

pub async fn page(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    if let Some(r) = refuse(&ctx)? {
        return Ok(r);
    }
    let lang = ctx.lang;
    let coordinator = ctx.org_id();
    let members = state.store.coordinated_members(coordinator).await?;
    let shared = state.store.coordinator_procurements(coordinator).await?;
    let mut results: Vec<(OrgId, MeasuredResult)> = Vec::new();
    let mut rows = Vec::new();
    for p in &shared {
        let r = super::measured(&state, p.org_id, p.id).await?;
        rows.push(ProcRow {
            org: p.org_name.clone(),
            title: p.title.clone(),
            status: lang.t(&format!("proc.status_{}", p.status.key())),
            ambition: p
                .ambition
                .as_deref()
                .and_then(upphandla_core::criteria::Ambition::parse)
                .map(|a| {
                    let (sv, en) = a.name();
                    if lang == Lang::En { en } else { sv }.to_string()
                })
                .unwrap_or_else(|| "–".into()),
            period: period(p),
            baseline_t: tonnes(r.as_ref().and_then(|r| r.baseline).map(|f| f.kg_co2e.value)),
            expected_t: tonnes(r.as_ref().and_then(|r| r.expected).map(|f| f.kg_co2e.value)),
            followed_t: tonnes(
                r.as_ref()
                    .and_then(|r| r.followed_up)
                    .map(|f| f.kg_co2e.value),
            ),
            method: lang.t(&format!(
                "coord.method_{}",
                r.as_ref().map_or("none", |r| r.method.key())
            )),
            criteria: p.criteria.len(),
        });
        if let Some(r) = r {
            results.push((p.org_id, r));
        }
    }
    // Each member's measured results, for its row and its bar.
    let per_member: Vec<_> = members
        .iter()
        .map(|m| {
            let mine: Vec<&MeasuredResult> = results
                .iter()
                .filter(|(o, _)| *o == m.id)
                .map(|(_, r)| r)
                .collect();
            (m, mine)
        })
        .collect();
    let orgs: Vec<OrgRow> = per_member
        .iter()
        .map(|(m, mine)| org_row(m.name.clone(), mine))
        .collect();
    let all: Vec<&MeasuredResult> = results.iter().map(|(_, r)| r).collect();
    let total = org_row(lang.t("coord.total").to_string(), &all);
    let bars: Vec<Bar> = per_member
        .iter()
        .filter_map(|(m, mine)| {
            let t = org_totals(mine.iter().copied());
            (t.with_baseline > 0).then(|| {
                Bar::new(
                    m.name.clone(),
                    t.saving_kg / 1000.0,
                    fmt::decimal_sv(t.saving_kg / 1000.0, 1),
                )
            })
        })
        .collect();
    let chart = if bars.is_empty() {
        String::new()
    } else {
        svg::horizontal_bars(
            &Chart {
                english: lang == crate::i18n::Lang::En,
                id: "diagram-besparing",
                title: lang.t("coord.chart_title"),
                desc: lang.t("coord.chart_desc"),
                unit: lang.t("coord.tonnes"),
            },
            &bars,
        )
    };
    let goals = state
        .store
        .coordinator_goals(coordinator)
        .await?
        .into_iter()
        .map(|g| GoalRow {
            org: g.org_name,
            title: g.title,
            base: format!(
                "{} {} ({})",
                fmt::decimal_sv(g.base_value, 1),
                g.unit,
                g.base_year
            ),
            target: format!(
                "{} {} ({})",
                fmt::decimal_sv(g.target_value, 1),
                g.unit,
                g.target_year
            ),
        })
        .collect();
    render(&OverviewPage {
        page: Page::new(&ctx, "coordination", lang.t("coord.title")),
        members: members.len(),
        orgs,
        total,
        chart,
        procurements: rows,
        goals,
    })
}
