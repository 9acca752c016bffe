//! A supplier's report: entered in a form (a field per metric) or uploaded
//! as CSV/XLSX, stored with its values, then every item with a metric and a
//! limit is checked against it. The result page shows each item's result and
//! offers a deviation, prefilled, for every requirement not met.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use upphandla_core::date::Date;
use upphandla_core::followup::Check;
use upphandla_core::metrics::METRICS;
use upphandla_formats::supplier_report::{parse_number, read_supplier_report};
use upphandla_store::{Contract, ReportInput, SupplierReport};

use super::super::{Page, render, upload_file_name};
use super::plan::{Head, advance, head};
use super::{
    ACTIVE, audit, check_item, check_text, limit_text, load, may_edit, may_report, metric_name,
    num, path_id, require, text,
};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

/// Largest report file accepted.
const UPLOAD_LIMIT: usize = 5 << 20;

pub struct MetricField {
    pub key: &'static str,
    pub label: String,
    pub unit: &'static str,
    pub value: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "followup_report_form.html")]
struct FormPage {
    page: Page,
    h: Head,
    period_start: String,
    period_end: String,
    note: String,
    fields: Vec<MetricField>,
    errors: Vec<String>,
}

fn form_page(
    ctx: &Ctx,
    c: &Contract,
    values: &HashMap<String, String>,
    field_errors: &HashMap<&'static str, String>,
    errors: Vec<String>,
) -> AppResult<Response> {
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let fields = METRICS
        .iter()
        .map(|m| MetricField {
            key: m.key,
            label: text(ctx.lang, m.name.sv, m.name.en),
            unit: m.unit,
            value: get(&format!("m_{}", m.key)),
            error: field_errors.get(m.key).cloned().unwrap_or_default(),
        })
        .collect();
    render(&FormPage {
        page: Page::new(
            ctx,
            ACTIVE,
            format!("{}: {}", ctx.t("fu.report_new"), c.title),
        ),
        h: head(c),
        period_start: get("period_start"),
        period_end: get("period_end"),
        note: get("note"),
        fields,
        errors,
    })
}

pub(super) async fn new_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_report(&ctx))?;
    form_page(&ctx, &c, &HashMap::new(), &HashMap::new(), Vec::new())
}

/// The period from the form, or an error text.
fn period(values: &HashMap<String, String>, ctx: &Ctx) -> Result<(Date, Date), String> {
    let date = |k: &str| values.get(k).and_then(|v| Date::parse_iso(v.trim()));
    match (date("period_start"), date("period_end")) {
        (Some(s), Some(e)) if s <= e => Ok((s, e)),
        (Some(_), Some(_)) => Err(ctx.t("fu.err_period_order").into()),
        _ => Err(ctx.t("fu.err_period").into()),
    }
}

pub(super) async fn create(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_report(&ctx))?;
    let mut errors = Vec::new();
    let mut field_errors = HashMap::new();
    let period = period(&values, &ctx).map_err(|e| errors.push(e)).ok();
    let mut parsed = Vec::new();
    for m in METRICS {
        let raw = values
            .get(&format!("m_{}", m.key))
            .map(|s| s.trim())
            .unwrap_or("");
        if raw.is_empty() {
            continue;
        }
        match parse_number(raw) {
            Some(Ok((v, _))) if v >= 0.0 && (m.unit != "%" || v <= 100.0) => {
                parsed.push((m.key.to_string(), v));
            }
            Some(Err(())) => {
                field_errors.insert(m.key, ctx.t("fu.err_ambiguous").to_string());
            }
            _ => {
                let key = if m.unit == "%" {
                    "fu.err_share"
                } else {
                    "fu.err_number"
                };
                field_errors.insert(m.key, ctx.t(key).to_string());
            }
        }
    }
    if parsed.is_empty() && field_errors.is_empty() {
        errors.push(ctx.t("fu.err_no_values").into());
    }
    let (Some((start, end)), true, true) = (period, errors.is_empty(), field_errors.is_empty())
    else {
        if !field_errors.is_empty() {
            errors.push(ctx.t("fu.err_fields").into());
        }
        return form_page(&ctx, &c, &values, &field_errors, errors);
    };
    let input = ReportInput {
        period_start: start,
        period_end: end,
        source: "form".into(),
        file_name: String::new(),
        note: values.get("note").cloned().unwrap_or_default(),
        values: parsed,
    };
    save_and_check(&state, &ctx, &c, input).await
}

/// Stores the report, checks every item against it (an item with a result
/// counts as checked today and moves to its next due date) and shows the result.
async fn save_and_check(
    state: &AppState,
    ctx: &Ctx,
    c: &Contract,
    input: ReportInput,
) -> AppResult<Response> {
    let org = ctx.org_id();
    let rid = state
        .store
        .create_report(org, c.id, &input, Some(ctx.user.id), state.clock.now_unix())
        .await?
        .ok_or(AppError::NotFound)?;
    let values = input.values.iter().cloned().collect();
    let today = state.clock.today();
    let mut checked = Vec::new();
    for item in state.store.followup_items(org, c.id).await? {
        match check_item(&item, &values) {
            Some(Check::NotReported) | None => {}
            Some(check) => {
                let next = advance(&item, c, today);
                state
                    .store
                    .mark_item_checked(org, item.id, today, next)
                    .await?;
                checked.push(format!("punkt {} {}", item.id, check.key()));
            }
        }
    }
    audit(
        state,
        ctx,
        "followup.report_create",
        &format!(
            "avtal {}: rapport {rid} ({} – {}, {} värden, {}{}); {}",
            c.id,
            input.period_start,
            input.period_end,
            input.values.len(),
            input.source,
            if input.file_name.is_empty() {
                String::new()
            } else {
                format!(" {}", input.file_name)
            },
            checked.join(", ")
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/avtal/{}/rapporter/{rid}?meddelande=sparad",
        c.id
    ))
    .into_response())
}

pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_report(&ctx))?;
    let mut values = HashMap::new();
    let mut bytes = Vec::new();
    let mut file_name = String::new();
    let refuse = |values: &HashMap<String, String>, message: String| {
        form_page(&ctx, &c, values, &HashMap::new(), vec![message])
    };
    let Ok(mut multipart) = multipart else {
        return refuse(&values, ctx.t("fu.err_no_file").into());
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return refuse(&values, e.body_text()),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            // Without the browser's folders and control characters, as other uploads.
            file_name = upload_file_name(field.file_name().unwrap_or(""), "");
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > UPLOAD_LIMIT {
                            let mb = (UPLOAD_LIMIT >> 20) as u64;
                            return refuse(
                                &values,
                                AppError::TooLarge { limit_mb: mb }.to_string(),
                            );
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) => return refuse(&values, e.body_text()),
                }
            }
        } else if matches!(name.as_str(), "period_start" | "period_end" | "note") {
            match field.text().await {
                Ok(t) => {
                    values.insert(name, t.chars().take(2000).collect());
                }
                Err(e) => return refuse(&values, e.body_text()),
            }
        }
    }
    let period = match period(&values, &ctx) {
        Ok(p) => p,
        Err(e) => return refuse(&values, e),
    };
    if bytes.is_empty() {
        return refuse(&values, ctx.t("fu.err_no_file").into());
    }
    let shown_name = if file_name.is_empty() {
        "rapport".to_string()
    } else {
        file_name.clone()
    };
    let parsed = match read_supplier_report(&bytes, &shown_name) {
        Ok(p) => p,
        Err(e) => {
            let mut errors: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
            if e.more > 0 {
                errors.push(format!("{} {}", e.more, ctx.t("fu.err_more")));
            }
            errors.insert(0, ctx.t("fu.err_file").into());
            return form_page(&ctx, &c, &values, &HashMap::new(), errors);
        }
    };
    let input = ReportInput {
        period_start: period.0,
        period_end: period.1,
        source: "upload".into(),
        file_name,
        note: values.get("note").cloned().unwrap_or_default(),
        values: parsed.values,
    };
    save_and_check(&state, &ctx, &c, input).await
}

/// A CSV template for the supplier: a row per metric to fill in (long form,
/// read back by the upload).
pub(super) async fn template(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let all: Vec<&upphandla_core::metrics::Metric> = METRICS.iter().collect();
    let body = upphandla_formats::supplier_report::template_csv(&all);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"leverantorsrapport-avtal-{}.csv\"",
                    c.id
                ),
            ),
        ],
        body,
    )
        .into_response())
}

pub struct ValueLine {
    pub metric: String,
    pub value: String,
}

pub struct ResultLine {
    pub item_id: i64,
    pub what: String,
    pub limit: String,
    pub result: String,
    pub class: &'static str,
    pub not_met: bool,
    pub needs_limit: bool,
}

#[derive(Template)]
#[template(path = "followup_report.html")]
struct ReportPage {
    page: Page,
    h: Head,
    rid: i64,
    period: String,
    source: &'static str,
    file_name: String,
    note: String,
    values: Vec<ValueLine>,
    results: Vec<ResultLine>,
    saved: bool,
    may_edit: bool,
}

pub(super) async fn show(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, rid_raw)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let rid = path_id(&rid_raw)?;
    let org = ctx.org_id();
    let report: SupplierReport = state
        .store
        .report(org, rid)
        .await?
        .filter(|r| r.contract_id == c.id)
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let map = report.value_map();
    let results = state
        .store
        .followup_items(org, c.id)
        .await?
        .iter()
        .filter(|i| !i.metric.is_empty())
        .map(|item| {
            let check = check_item(item, &map);
            let (result, class) = match &check {
                None => (ctx.t("fu.result_no_limit").to_string(), ""),
                Some(ch) => (
                    check_text(ch, item, lang),
                    match ch {
                        Check::Met { .. } => "met",
                        Check::NotMet { .. } => "not-met",
                        Check::NotReported => "",
                    },
                ),
            };
            ResultLine {
                item_id: item.id,
                what: item.what.clone(),
                limit: limit_text(item),
                result,
                class,
                not_met: matches!(check, Some(Check::NotMet { .. })),
                needs_limit: check.is_none(),
            }
        })
        .collect();
    render(&ReportPage {
        page: Page::new(
            &ctx,
            ACTIVE,
            format!(
                "{} {} – {}: {}",
                ctx.t("fu.report"),
                report.period_start,
                report.period_end,
                c.title
            ),
        ),
        h: head(&c),
        rid,
        period: format!("{} – {}", report.period_start, report.period_end),
        source: if report.source == "upload" {
            "fu.source_upload"
        } else {
            "fu.source_form"
        },
        file_name: report.file_name.clone(),
        note: report.note.clone(),
        values: report
            .values
            .iter()
            .map(|(k, v)| ValueLine {
                metric: metric_name(k, lang),
                value: num(*v),
            })
            .collect(),
        results,
        saved: q.get("meddelande").is_some_and(|m| m == "sparad"),
        may_edit: may_edit(&ctx),
    })
}
