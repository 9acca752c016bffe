//! The result of one import: key figures, where the emissions are (category,
//! supplier, unit, month; each a chart and its data table with links to the
//! lines), how they were computed, and the actions on the import.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::classify::RuleKind;
use upphandla_core::spend::{GroupResult, SpendReport};
use upphandla_formats::report::svg::{self, Bar, Chart};

use super::{Loaded, audit, category_name, fill, import_id, load, own_summary};
use crate::AppState;
use crate::auth::{Ctx, url_encode};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pages::{Page, fmt, render};
use crate::spend_import::{self, StoredMeta};

/// Bars in a chart; the tables list all rows.
const CHART_BARS: usize = 15;
/// Rules listed on the page; the downloads list all of them.
const RULES_SHOWN: usize = 200;
/// Suspected duplicate groups listed on the page.
const DUPLICATES_SHOWN: usize = 20;

pub struct CategoryRow {
    pub href: String,
    pub name: String,
    pub spend: String,
    pub share_of_spend: String,
    pub tonnes: String,
    pub range: String,
    pub share_of_emissions: String,
    pub rows: String,
    pub factor: String,
    pub suppliers: String,
    pub suppliers_80: String,
}

pub struct GroupRow {
    pub href: String,
    pub label: String,
    /// The org number beside a supplier's name; empty otherwise.
    pub key: String,
    pub spend: String,
    pub share_of_spend: String,
    pub tonnes: String,
    pub rows: String,
}

pub struct FactorRow {
    pub name: String,
    pub value: String,
    pub range: String,
    pub source: String,
    pub year: String,
}

pub struct RuleRow {
    pub kind: &'static str,
    pub pattern: String,
    pub category: String,
    pub origin: String,
    pub rows: String,
    pub spend: String,
}

pub struct InputRow {
    pub path: String,
    pub format: String,
    pub detail: String,
    pub rows: String,
}

pub struct DuplicateRow {
    pub supplier: String,
    pub date: String,
    pub spend: String,
    pub count: String,
    pub lines: String,
}

#[derive(Template)]
#[template(path = "spend_result.html")]
struct ResultPage {
    page: Page,
    id: i64,
    name: String,
    file_name: String,
    format: String,
    uploaded_by: String,
    uploaded_at: String,
    analysed_at: String,
    shared: bool,
    /// A member's import read by its coordinator.
    shared_view: bool,
    owner: String,
    coordinators: String,
    actions: bool,
    drill: bool,
    /// Everything computed from the report alone ([`ResultSections`]), cached.
    sections: Arc<str>,
}

/// The part of the result page that depends only on the report, its
/// stored meta and the language: rendered once per analysis and kept
/// (see [`super::fragments`]), since it is most of the page's work.
#[derive(Template)]
#[template(path = "spend_result_sections.html")]
struct ResultSections<'a> {
    lang: Lang,
    drill: bool,
    spend: String,
    tonnes: String,
    tonnes_range: String,
    classified: String,
    rows: String,
    unclassified_spend: String,
    unclassified_rows: String,
    without_orgnr_rows: String,
    without_orgnr_spend: String,
    without_date_rows: String,
    credit_rows: String,
    credit_spend: String,
    duplicates_checked: bool,
    duplicate_groups: String,
    duplicate_rows: String,
    duplicate_spend: String,
    duplicates: Vec<DuplicateRow>,
    categories_chart: String,
    categories: Vec<CategoryRow>,
    suppliers_chart: String,
    suppliers: Vec<GroupRow>,
    supplier_note: String,
    units_chart: String,
    units: Vec<GroupRow>,
    months_chart: String,
    months: Vec<GroupRow>,
    factor_set: &'a str,
    factors: Vec<FactorRow>,
    rules: Vec<RuleRow>,
    rules_note: String,
    rule_files: &'a [String],
    inputs: Vec<InputRow>,
}

/// Where the page puts its actions and downloads between the sections.
const ACTIONS_MARK: &str = "<!--actions-->";

impl ResultPage {
    fn sections_head(&self) -> &str {
        self.sections
            .split_once(ACTIONS_MARK)
            .map_or(&*self.sections, |(head, _)| head)
    }

    fn sections_tail(&self) -> &str {
        self.sections
            .split_once(ACTIONS_MARK)
            .map_or("", |(_, tail)| tail)
    }
}

impl ResultSections<'_> {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

fn tonnes(kg: f64) -> String {
    fmt::tonnes_sv(kg)
}

fn tonnes_range(low: f64, high: f64) -> String {
    format!("{}–{}", fmt::tonnes_sv(low), fmt::tonnes_sv(high))
}

/// kg CO2e per krona: small numbers, four decimals.
pub(super) fn factor_text(value: f64) -> String {
    fmt::decimal_sv(value, 4)
}

pub(super) fn rule_kind_key(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Cpv => "spend.kind_cpv",
        RuleKind::SupplierId => "spend.kind_supplier_id",
        RuleKind::SupplierName => "spend.kind_supplier_name",
        RuleKind::Account => "spend.kind_account",
        RuleKind::AccountRange => "spend.kind_account_range",
        RuleKind::Keyword => "spend.kind_keyword",
        RuleKind::Unclassified => "spend.kind_unclassified",
    }
}

fn lines_href(id: i64, key: &str, value: &str) -> String {
    format!("/spend/{id}/lines?{key}={}", url_encode(value))
}

fn group_row(g: &GroupResult, href: String, label: String, key: String) -> GroupRow {
    GroupRow {
        href,
        label,
        key,
        spend: fmt::sek_whole_sv(g.ore),
        share_of_spend: fmt::percent_sv(g.share_of_spend),
        tonnes: tonnes(g.kg_co2e),
        rows: fmt::decimal_sv(g.rows as f64, 0),
    }
}

/// What identifies a supplier in the stored lines: its org number, else its name.
pub(super) fn supplier_key(g: &GroupResult) -> &str {
    if g.key.is_empty() { &g.name } else { &g.key }
}

/// A chart (bars, or columns for a time series) whose description names
/// its largest value; empty without data.
fn chart(
    lang: Lang,
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    bars: &[Bar],
    columns: bool,
) -> String {
    let Some(top) = bars.iter().max_by(|a, b| a.value.total_cmp(&b.value)) else {
        return String::new();
    };
    let chart = Chart {
        english: lang == crate::i18n::Lang::En,
        id,
        title: lang.t(title),
        desc: &fill(lang.t(desc), &[("top", &top.label), ("value", &top.text)]),
        unit,
    };
    if columns {
        svg::columns(&chart, bars)
    } else {
        svg::horizontal_bars(&chart, bars)
    }
}

struct Sections {
    categories_chart: String,
    categories: Vec<CategoryRow>,
    suppliers_chart: String,
    suppliers: Vec<GroupRow>,
    units_chart: String,
    units: Vec<GroupRow>,
    months_chart: String,
    months: Vec<GroupRow>,
}

fn sections(report: &SpendReport, lang: Lang, id: i64, drill: bool) -> Sections {
    let href = |key: &str, value: &str| {
        if drill {
            lines_href(id, key, value)
        } else {
            String::new()
        }
    };
    let t_unit = lang.t("spend.unit_tonnes");
    let unnamed = lang.t("spend.no_unit");

    let categories: Vec<CategoryRow> = report
        .categories
        .iter()
        .map(|c| CategoryRow {
            href: href("category", &c.id),
            name: category_name(report, lang, &c.id).to_string(),
            spend: fmt::sek_whole_sv(c.ore),
            share_of_spend: fmt::percent_sv(c.share_of_spend),
            tonnes: tonnes(c.kg_co2e),
            range: tonnes_range(c.kg_co2e_low, c.kg_co2e_high),
            share_of_emissions: fmt::percent_sv(c.share_of_emissions),
            rows: fmt::decimal_sv(c.rows as f64, 0),
            factor: c.factor.as_ref().map_or_else(
                || lang.t("spend.no_factor").to_string(),
                |f| factor_text(f.kg_co2e_per_sek),
            ),
            suppliers: fmt::decimal_sv(c.suppliers as f64, 0),
            suppliers_80: fmt::decimal_sv(c.suppliers_for_80_percent as f64, 0),
        })
        .collect();
    let category_bars: Vec<Bar> = report
        .categories
        .iter()
        .take(CHART_BARS)
        .map(|c| {
            Bar::new(
                category_name(report, lang, &c.id),
                c.kg_co2e / 1000.0,
                tonnes(c.kg_co2e),
            )
            .with_range(c.kg_co2e_low / 1000.0, c.kg_co2e_high / 1000.0)
        })
        .collect();
    let categories_chart = chart(
        lang,
        "diagram-kategorier",
        "spend.by_category",
        "spend.chart_categories_desc",
        t_unit,
        &category_bars,
        false,
    );

    let suppliers: Vec<GroupRow> = report
        .suppliers
        .iter()
        .map(|g| {
            group_row(
                g,
                href("supplier", supplier_key(g)),
                g.name.clone(),
                g.key.clone(),
            )
        })
        .collect();
    let supplier_bars: Vec<Bar> = report
        .suppliers
        .iter()
        .take(CHART_BARS)
        .map(|g| {
            let label = if g.name.is_empty() { &g.key } else { &g.name };
            Bar::new(
                label.clone(),
                g.ore as f64 / 100_000.0,
                fmt::decimal_sv(g.ore as f64 / 100_000.0, 0),
            )
        })
        .collect();
    let suppliers_chart = chart(
        lang,
        "diagram-leverantorer",
        "spend.by_supplier",
        "spend.chart_suppliers_desc",
        lang.t("spend.unit_tkr"),
        &supplier_bars,
        false,
    );

    // Units by emissions: where a förvaltning's purchases weigh most.
    let mut by_emissions: Vec<&GroupResult> = report.units.iter().collect();
    by_emissions.sort_by(|a, b| b.kg_co2e.total_cmp(&a.kg_co2e).then(a.key.cmp(&b.key)));
    let unit_label = |g: &GroupResult| {
        if g.key.is_empty() {
            unnamed.to_string()
        } else {
            g.key.clone()
        }
    };
    let units: Vec<GroupRow> = by_emissions
        .iter()
        .map(|g| group_row(g, href("unit", &g.key), unit_label(g), String::new()))
        .collect();
    let unit_bars: Vec<Bar> = by_emissions
        .iter()
        .take(CHART_BARS)
        .map(|g| Bar::new(unit_label(g), g.kg_co2e / 1000.0, tonnes(g.kg_co2e)))
        .collect();
    let units_chart = chart(
        lang,
        "diagram-enheter",
        "spend.by_unit",
        "spend.chart_units_desc",
        t_unit,
        &unit_bars,
        false,
    );

    let months: Vec<GroupRow> = report
        .months
        .iter()
        .map(|g| group_row(g, href("month", &g.key), g.key.clone(), String::new()))
        .collect();
    let month_bars: Vec<Bar> = report
        .months
        .iter()
        .map(|g| Bar::new(g.key.clone(), g.kg_co2e / 1000.0, tonnes(g.kg_co2e)))
        .collect();
    let months_chart = chart(
        lang,
        "diagram-manader",
        "spend.by_month",
        "spend.chart_months_desc",
        t_unit,
        &month_bars,
        true,
    );
    Sections {
        categories_chart,
        categories,
        suppliers_chart,
        suppliers,
        units_chart,
        units,
        months_chart,
        months,
    }
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let id = import_id(&raw)?;
    let Loaded {
        summary,
        meta,
        report,
        shared_view,
    } = load(&state, &ctx, id).await?;
    let lang = ctx.lang;
    let owner = if shared_view {
        state
            .store
            .coordinated_members(ctx.org_id())
            .await?
            .into_iter()
            .find(|m| m.id == summary.org_id)
            .map(|m| m.name)
            .unwrap_or_default()
    } else {
        ctx.org.name.clone()
    };
    let actions = ctx.can_edit() && !shared_view;
    let coordinators = if actions {
        let names: Vec<String> = state
            .store
            .coordinators_of(ctx.org_id())
            .await?
            .into_iter()
            .map(|o| o.name)
            .collect();
        names.join(", ")
    } else {
        String::new()
    };
    let drill = !shared_view;
    let sections = super::fragments::get_or_render(&report, id, lang, drill, || {
        render_sections(&report, &meta, lang, id, drill)
    })?;
    let template = ResultPage {
        page: Page::new(&ctx, "spend", summary.name.clone()),
        id,
        name: summary.name.clone(),
        file_name: summary.file_name.clone(),
        format: summary.format.clone(),
        uploaded_by: summary.uploaded_by.clone(),
        uploaded_at: fmt::datetime(summary.uploaded_at),
        analysed_at: fmt::datetime(summary.analysed_at),
        shared: summary.shared,
        shared_view,
        owner,
        coordinators,
        actions,
        drill,
        sections,
    };
    render(&template)
}

fn render_sections(
    report: &SpendReport,
    meta: &StoredMeta,
    lang: Lang,
    id: i64,
    drill: bool,
) -> AppResult<String> {
    let s = sections(report, lang, id, drill);
    let q = &report.data_quality;
    let factors = report
        .categories
        .iter()
        .map(|c| match &c.factor {
            Some(f) => {
                let (low, high) = f.bounds();
                FactorRow {
                    name: category_name(report, lang, &c.id).to_string(),
                    value: factor_text(f.kg_co2e_per_sek),
                    range: format!("{}–{}", factor_text(low), factor_text(high)),
                    source: f.source.clone(),
                    year: f.year.map(|y| y.to_string()).unwrap_or_default(),
                }
            }
            None => FactorRow {
                name: category_name(report, lang, &c.id).to_string(),
                value: lang.t("spend.no_factor").to_string(),
                range: String::new(),
                source: lang.t("spend.no_factor_note").to_string(),
                year: String::new(),
            },
        })
        .collect();
    let rules = report
        .rules
        .iter()
        .take(RULES_SHOWN)
        .map(|r| RuleRow {
            kind: lang.t(rule_kind_key(r.kind)),
            pattern: r.pattern.clone(),
            category: category_name(report, lang, &r.category).to_string(),
            origin: r.origin.clone(),
            rows: fmt::decimal_sv(r.rows as f64, 0),
            spend: fmt::sek_whole_sv((r.sek * 100.0).round() as i64),
        })
        .collect();
    let rules_note = if report.rules.len() > RULES_SHOWN {
        fill(
            lang.t("spend.rules_more"),
            &[
                ("shown", &RULES_SHOWN.to_string()),
                ("n", &report.rules.len().to_string()),
            ],
        )
    } else {
        String::new()
    };
    let supplier_note = fill(
        lang.t("spend.suppliers_note"),
        &[
            ("shown", &report.suppliers.len().to_string()),
            ("n", &report.supplier_count.to_string()),
        ],
    );
    let sek = |v: f64| fmt::sek_whole_sv((v * 100.0).round() as i64);
    let template = ResultSections {
        lang,
        drill,
        spend: fmt::sek_whole_sv(report.total.ore),
        tonnes: tonnes(report.total.kg_co2e),
        tonnes_range: tonnes_range(report.total.kg_co2e_low, report.total.kg_co2e_high),
        classified: fmt::percent_sv(1.0 - report.unclassified.share_of_spend),
        rows: fmt::decimal_sv(report.total.rows as f64, 0),
        unclassified_spend: sek(report.unclassified.sek),
        unclassified_rows: fmt::decimal_sv(report.unclassified.rows as f64, 0),
        without_orgnr_rows: fmt::decimal_sv(q.rows_without_orgnr as f64, 0),
        without_orgnr_spend: sek(q.sek_without_orgnr),
        without_date_rows: fmt::decimal_sv(q.rows_without_date as f64, 0),
        credit_rows: fmt::decimal_sv(q.credit_note_rows as f64, 0),
        credit_spend: sek(q.credit_note_sek),
        duplicates_checked: q.duplicates_checked,
        duplicate_groups: fmt::decimal_sv(q.suspected_duplicate_groups as f64, 0),
        duplicate_rows: fmt::decimal_sv(q.suspected_duplicate_rows as f64, 0),
        duplicate_spend: sek(q.suspected_duplicate_sek),
        duplicates: q
            .suspected_duplicates
            .iter()
            .take(DUPLICATES_SHOWN)
            .map(|d| DuplicateRow {
                supplier: if d.supplier_id.is_empty() {
                    d.supplier.clone()
                } else {
                    format!("{} ({})", d.supplier, d.supplier_id)
                },
                date: d.date.clone(),
                spend: sek(d.sek),
                count: d.count.to_string(),
                lines: d
                    .lines
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        categories_chart: s.categories_chart,
        categories: s.categories,
        suppliers_chart: s.suppliers_chart,
        suppliers: s.suppliers,
        supplier_note,
        units_chart: s.units_chart,
        units: s.units,
        months_chart: s.months_chart,
        months: s.months,
        factor_set: &report.factor_set,
        factors,
        rules,
        rules_note,
        rule_files: &meta.rule_files,
        inputs: meta
            .inputs
            .iter()
            .map(|i| InputRow {
                path: i.path.clone(),
                format: i.format.clone(),
                detail: i.detail.clone(),
                rows: fmt::decimal_sv(i.rows as f64, 0),
            })
            .collect(),
    };
    template
        .render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

/// Classifies the import again with the organisation's current rules.
pub(super) async fn reanalyse(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let id = import_id(&raw)?;
    let summary = own_summary(&state, &ctx, id).await?;
    run_again(&state, &ctx, id).await?;
    audit(
        &state,
        &ctx,
        "spend.reanalyse",
        &format!("import {id}: {}", summary.name),
    )
    .await?;
    Ok(Redirect::to(&format!("/spend/{id}")).into_response())
}

/// One re-analysis; the rules were checked when saved, so an error here is
/// shown as a bad request naming the rule file.
pub(super) async fn run_again(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<()> {
    state.reports.forget(id);
    let result = spend_import::reanalyse(&state.store, ctx.org_id(), id).await;
    state.reports.forget(id);
    state.imports.forget(ctx.org_id());
    match result {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(AppError::NotFound),
        Err(spend_import::ImportFailure::Input(e)) => Err(AppError::BadRequest(format!(
            "{} {e}",
            ctx.t("spend.reanalyse_failed")
        ))),
        Err(spend_import::ImportFailure::Store(e)) => Err(e.into()),
        Err(spend_import::ImportFailure::Internal(e)) => Err(AppError::Internal(e)),
    }
}

#[derive(Deserialize)]
pub(super) struct ShareForm {
    share: String,
}

pub(super) async fn share(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<ShareForm>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let id = import_id(&raw)?;
    let shared = form.share == "1";
    if !state
        .store
        .set_import_shared(ctx.org_id(), id, shared)
        .await?
    {
        return Err(AppError::NotFound);
    }
    state.imports.forget(ctx.org_id());
    let action = if shared {
        "spend.share"
    } else {
        "spend.unshare"
    };
    audit(&state, &ctx, action, &format!("import {id}")).await?;
    Ok(Redirect::to(&format!("/spend/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "spend_delete.html")]
struct DeletePage {
    page: Page,
    id: i64,
    name: String,
    rows: String,
    error: bool,
}

async fn delete_page(state: &AppState, ctx: &Ctx, id: i64, error: bool) -> AppResult<Response> {
    ctx.require_edit()?;
    let summary = own_summary(state, ctx, id).await?;
    let template = DeletePage {
        page: Page::new(ctx, "spend", ctx.t("spend.delete_title")),
        id,
        name: summary.name,
        rows: fmt::decimal_sv(summary.rows as f64, 0),
        error,
    };
    let mut response = render(&template)?;
    if error {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn confirm_delete(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    delete_page(&state, &ctx, import_id(&raw)?, false).await
}

#[derive(Deserialize)]
pub(super) struct DeleteForm {
    confirm: Option<String>,
}

pub(super) async fn delete(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let id = import_id(&raw)?;
    if form.confirm.as_deref() != Some("yes") {
        return delete_page(&state, &ctx, id, true).await;
    }
    let summary = own_summary(&state, &ctx, id).await?;
    if !state.store.delete_import(ctx.org_id(), id).await? {
        return Err(AppError::NotFound);
    }
    state.reports.forget(id);
    state.imports.forget(ctx.org_id());
    audit(
        &state,
        &ctx,
        "spend.delete",
        &format!("import {id}: {} ({} rader)", summary.name, summary.rows),
    )
    .await?;
    Ok(Redirect::to("/spend?done=deleted").into_response())
}
