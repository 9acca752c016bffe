//! `/resultat`: the organisation's dashboard for politicians and staff —
//! a plain-language summary, totals, each procurement, the hybrid footprint
//! and goal progress, each chart with a text alternative and a data table;
//! `/resultat.csv` the per-procurement table.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use upphandla_formats::report::csv::{field, number};
use upphandla_formats::report::svg::{self, Bar, Chart};

use super::super::{Page, fmt, render};
use super::show::{FigureRow, figure_row};
use super::{category_name, method_name, range_t, t};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

pub struct ProcRow {
    pub id: i64,
    pub title: String,
    pub method: &'static str,
    pub baseline: String,
    pub expected: String,
    pub followed_up: String,
    pub saving: String,
    pub saving_pct: String,
    pub basis: &'static str,
}

pub struct FootprintRow {
    pub name: String,
    pub spend: String,
    pub hybrid: String,
    pub replaced: bool,
}

pub struct GoalRow {
    pub title: String,
    pub base: String,
    pub target: String,
    pub now: String,
    pub path: String,
    pub status: &'static str,
    pub on_track: bool,
    pub from: &'static str,
    pub chart: String,
}

#[derive(Template)]
#[template(path = "results_dashboard.html")]
struct DashboardPage {
    page: Page,
    with_baseline: usize,
    measured: usize,
    without_baseline: usize,
    baseline_t: String,
    current_t: String,
    saving_t: String,
    saving_pct: String,
    totals: Vec<FigureRow>,
    totals_chart: String,
    rows: Vec<ProcRow>,
    footprint: Option<(String, u32, i32)>,
    footprint_rows: Vec<FootprintRow>,
    footprint_total: (String, String),
    footprint_chart: String,
    goals: Vec<GoalRow>,
    fuel_share: String,
}

fn value(v: f64, unit: &str) -> String {
    format!("{} {unit}", fmt::decimal_sv(v, 1))
}

fn basis_key(r: &upphandla_core::results::MeasuredResult) -> &'static str {
    match &r.saving {
        Some(s) if s.measured => "res.measured",
        Some(_) => "res.expected_label",
        None => "",
    }
}

pub async fn page(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let o = super::org_results(&state, ctx.org_id(), today).await?;
    let tt = &o.totals;
    let bar = |label: &str, r: upphandla_core::results::Range| {
        Bar::new(label, r.value / 1000.0, format!("{} t", t(r.value)))
            .with_range(r.low / 1000.0, r.high / 1000.0)
    };
    let mut totals = Vec::new();
    let mut totals_chart = String::new();
    if tt.with_baseline > 0 {
        let fig = |kg: upphandla_core::results::Range, kwh: f64| upphandla_core::results::Figure {
            kg_co2e: kg,
            kwh: Some(upphandla_core::results::Range::point(kwh)),
        };
        totals.push(figure_row(
            "res.baseline",
            "res.estimate",
            &fig(tt.baseline_kg, tt.baseline_kwh),
            lang,
        ));
        totals.push(figure_row(
            "res.expected",
            "res.estimate",
            &fig(tt.expected_kg, tt.expected_kwh),
            lang,
        ));
        if tt.measured > 0 {
            totals.push(figure_row(
                "res.followed_up",
                "res.measured",
                &fig(tt.followed_up_kg, tt.followed_up_kwh),
                lang,
            ));
        }
        totals.push(figure_row(
            "res.current",
            match (tt.measured, tt.expected_only) {
                (_, 0) => "res.measured",
                (0, _) => "res.expected_label",
                _ => "res.mixed",
            },
            &fig(tt.current_kg, tt.current_kwh),
            lang,
        ));
        let desc = format!(
            "{} {} t, {} {} t. {}",
            lang.t("res.chart_totals_desc"),
            t(tt.baseline_kg.value),
            lang.t("res.chart_now_is"),
            t(tt.current_kg.value),
            lang.t("res.table_after_chart")
        );
        totals_chart = svg::horizontal_bars(
            &Chart {
                english: lang == crate::i18n::Lang::En,
                id: "diagram-summor",
                title: lang.t("res.chart_totals"),
                desc: &desc,
                unit: "t CO₂e",
            },
            &[
                bar(lang.t("res.baseline"), tt.baseline_kg),
                bar(lang.t("res.expected"), tt.expected_kg),
                bar(lang.t("res.bar_now"), tt.current_kg),
            ],
        );
    }
    let rows = o
        .procurements
        .iter()
        .map(|p| {
            let r = &p.result;
            ProcRow {
                id: p.id,
                title: p.title.clone(),
                method: method_name(r.method, lang),
                baseline: r.baseline.map(|f| t(f.kg_co2e.value)).unwrap_or_default(),
                expected: r.expected.map(|f| t(f.kg_co2e.value)).unwrap_or_default(),
                followed_up: r
                    .followed_up
                    .map(|f| format!("{} ({})", t(f.kg_co2e.value), range_t(f.kg_co2e)))
                    .unwrap_or_default(),
                saving: r.saving.as_ref().map(|s| t(s.kg_co2e)).unwrap_or_default(),
                saving_pct: r
                    .saving
                    .as_ref()
                    .and_then(|s| s.share)
                    .map(fmt::percent_sv)
                    .unwrap_or_default(),
                basis: match basis_key(r) {
                    "" => "",
                    k => lang.t(k),
                },
            }
        })
        .collect();

    let mut footprint_rows = Vec::new();
    let mut footprint_chart = String::new();
    let mut footprint_total = (String::new(), String::new());
    if let Some(f) = &o.footprint {
        for l in &f.hybrid.lines {
            if l.spend_kg.value == 0.0 && l.hybrid_kg.value == 0.0 {
                continue;
            }
            footprint_rows.push(FootprintRow {
                name: category_name(&l.id, lang),
                // Zero with spend in the category means no spend factor
                // (electricity has none); say so rather than show a bare 0.
                spend: if l.spend_kg.value == 0.0 {
                    format!("{} ({})", t(0.0), lang.t("res.no_spend_factor"))
                } else {
                    t(l.spend_kg.value)
                },
                hybrid: t(l.hybrid_kg.value),
                replaced: l.replaced,
            });
        }
        footprint_total = (t(f.hybrid.spend_kg.value), t(f.hybrid.hybrid_kg.value));
        let desc = format!(
            "{} {} t, {} {} t. {}",
            lang.t("res.chart_footprint_desc"),
            footprint_total.0,
            lang.t("res.chart_hybrid_is"),
            footprint_total.1,
            lang.t("res.table_after_chart")
        );
        footprint_chart = svg::horizontal_bars(
            &Chart {
                english: lang == crate::i18n::Lang::En,
                id: "diagram-avtryck",
                title: lang.t("res.chart_footprint"),
                desc: &desc,
                unit: "t CO₂e",
            },
            &[
                bar(lang.t("res.col_spend_t"), f.hybrid.spend_kg),
                bar(lang.t("res.col_hybrid_t"), f.hybrid.hybrid_kg),
            ],
        );
    }

    let goals = o
        .goals
        .iter()
        .map(|g| {
            let unit = g.goal.unit.clone();
            let (now, path, status, on_track, chart) = match &g.progress {
                Some(p) => {
                    let bars = [
                        Bar::new(
                            format!("{} {}", lang.t("res.bar_base"), g.goal.base_year),
                            g.goal.base_value,
                            value(g.goal.base_value, &unit),
                        ),
                        Bar::new(
                            format!("{} {}", lang.t("res.bar_path"), p.year),
                            p.path,
                            value(p.path, &unit),
                        ),
                        Bar::new(
                            format!("{} {}", lang.t("res.bar_now"), p.year),
                            p.value,
                            value(p.value, &unit),
                        ),
                        Bar::new(
                            format!("{} {}", lang.t("res.bar_target"), g.goal.target_year),
                            g.goal.target_value,
                            value(g.goal.target_value, &unit),
                        ),
                    ];
                    let id = format!("diagram-mal-{}", g.goal.id);
                    let title = format!("{}: {}", lang.t("res.chart_goal"), g.goal.title);
                    let chart = svg::horizontal_bars(
                        &Chart {
                            english: lang == crate::i18n::Lang::En,
                            id: &id,
                            title: &title,
                            desc: lang.t("res.chart_goal_desc"),
                            unit: &unit,
                        },
                        &bars,
                    );
                    (
                        format!("{} ({})", value(p.value, &unit), p.year),
                        value(p.path, &unit),
                        lang.t(if p.on_track {
                            "res.on_track"
                        } else {
                            "res.off_track"
                        }),
                        p.on_track,
                        chart,
                    )
                }
                None => (
                    String::new(),
                    String::new(),
                    lang.t("res.no_data"),
                    false,
                    String::new(),
                ),
            };
            GoalRow {
                title: g.goal.title.clone(),
                base: format!("{}: {}", g.goal.base_year, value(g.goal.base_value, &unit)),
                target: format!(
                    "{}: {}",
                    g.goal.target_year,
                    value(g.goal.target_value, &unit)
                ),
                now,
                path,
                status,
                on_track,
                from: lang.t(g.measured_from),
                chart,
            }
        })
        .collect();

    let page = DashboardPage {
        page: Page::new(&ctx, "results", lang.t("res.title")),
        with_baseline: tt.with_baseline,
        measured: tt.measured,
        without_baseline: o.procurements.len() - tt.with_baseline,
        baseline_t: t(tt.baseline_kg.value),
        current_t: t(tt.current_kg.value),
        saving_t: t(tt.saving_kg),
        saving_pct: tt.saving_share.map(fmt::percent_sv).unwrap_or_default(),
        totals,
        totals_chart,
        rows,
        footprint: o
            .footprint
            .as_ref()
            .map(|f| (f.import_name.clone(), f.months, f.year)),
        footprint_rows,
        footprint_total,
        footprint_chart,
        goals,
        fuel_share: o
            .fuel_share
            .map(|(y, s)| format!("{} % ({y})", fmt::decimal_sv(s, 1)))
            .unwrap_or_default(),
    };
    render(&page)
}

/// The per-procurement table as CSV (`;`, decimal comma, UTF-8 with BOM),
/// tonnes with three decimals, and a total row.
pub async fn csv(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    let lang = ctx.lang;
    let o = super::org_results(&state, ctx.org_id(), state.clock.today()).await?;
    let mut out = String::from("\u{feff}");
    out.push_str(
        "id;upphandling;metod;baslinje_t;baslinje_lag_t;baslinje_hog_t;baslinje_mwh;forvantat_t;\
         uppfoljt_t;uppfoljt_lag_t;uppfoljt_hog_t;uppfoljt_mwh;besparing_t;besparing_andel;besparing_mot\n",
    );
    let n = |v: Option<f64>| v.map(|v| number(v, 3)).unwrap_or_default();
    for p in &o.procurements {
        let r = &p.result;
        let b = r.baseline;
        let f = r.followed_up;
        let cols = [
            p.id.to_string(),
            field(&p.title).into_owned(),
            r.method.key().to_string(),
            n(b.map(|b| b.kg_co2e.value / 1000.0)),
            n(b.map(|b| b.kg_co2e.low / 1000.0)),
            n(b.map(|b| b.kg_co2e.high / 1000.0)),
            n(b.and_then(|b| b.kwh).map(|k| k.value / 1000.0)),
            n(r.expected.map(|e| e.kg_co2e.value / 1000.0)),
            n(f.map(|f| f.kg_co2e.value / 1000.0)),
            n(f.map(|f| f.kg_co2e.low / 1000.0)),
            n(f.map(|f| f.kg_co2e.high / 1000.0)),
            n(f.and_then(|f| f.kwh).map(|k| k.value / 1000.0)),
            n(r.saving.as_ref().map(|s| s.kg_co2e / 1000.0)),
            n(r.saving.as_ref().and_then(|s| s.share)),
            match basis_key(r) {
                "" => String::new(),
                k => lang.t(k).to_string(),
            },
        ];
        out.push_str(&cols.join(";"));
        out.push('\n');
    }
    let tt = &o.totals;
    let cols = [
        String::new(),
        lang.t("res.total").to_string(),
        String::new(),
        number(tt.baseline_kg.value / 1000.0, 3),
        number(tt.baseline_kg.low / 1000.0, 3),
        number(tt.baseline_kg.high / 1000.0, 3),
        number(tt.baseline_kwh / 1000.0, 3),
        number(tt.expected_kg.value / 1000.0, 3),
        number(tt.followed_up_kg.value / 1000.0, 3),
        number(tt.followed_up_kg.low / 1000.0, 3),
        number(tt.followed_up_kg.high / 1000.0, 3),
        number(tt.followed_up_kwh / 1000.0, 3),
        number(tt.saving_kg / 1000.0, 3),
        tt.saving_share.map(|s| number(s, 3)).unwrap_or_default(),
        String::new(),
    ];
    out.push_str(&cols.join(";"));
    out.push('\n');
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"resultat.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}
