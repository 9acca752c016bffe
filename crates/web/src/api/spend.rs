//! Imports, their lines, the organisation's rule files and emission factors.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use upphandla_formats::import::{self, ImportError, RuleSource};
use upphandla_formats::maps;
use upphandla_store::{ImportSummary, LineFilter, RuleFileKind};

use super::{ApiCtx, Path, Query, created, parse_id};
use crate::AppState;
use crate::error::{ApiError, ApiResult, AppError};
use crate::spend_import::{self, ImportFailure, ImportRequest};

/// Largest rule file accepted.
pub const RULES_LIMIT: usize = 8 * 1024 * 1024;
/// Most lines in one page of `/lines`.
pub const MAX_LIMIT: i64 = 1000;
const DEFAULT_LIMIT: i64 = 100;

pub fn summary_json(summary: &ImportSummary) -> Value {
    serde_json::to_value(summary).unwrap_or(Value::Null)
}

pub async fn list(State(state): State<Arc<AppState>>, ctx: ApiCtx) -> ApiResult<Json<Value>> {
    let imports: Vec<Value> = state
        .store
        .imports(ctx.org_id())
        .await?
        .iter()
        .map(summary_json)
        .collect();
    Ok(Json(json!({ "imports": imports })))
}

/// Stored JSON handed on as it is (it was written by this application).
fn stored_json(text: &str) -> ApiResult<Value> {
    serde_json::from_str(text)
        .map_err(|e| ApiError(AppError::Internal(format!("stored JSON unreadable: {e}"))))
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let row = state
        .store
        .import(ctx.org_id(), parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(json!({
        "summary": summary_json(&row.summary),
        "report": stored_json(&row.report_json)?,
        "meta": stored_json(&row.meta_json)?,
    })))
}

#[derive(Deserialize)]
pub struct LinesQuery {
    category: Option<String>,
    supplier: Option<String>,
    unit: Option<String>,
    month: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// A whole number within `range`, or a 422 naming the parameter.
fn number_param(
    name: &str,
    value: Option<&str>,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> ApiResult<i64> {
    let Some(text) = value.filter(|v| !v.is_empty()) else {
        return Ok(default);
    };
    text.parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            ApiError(AppError::BadRequest(format!(
                "{name}: \"{text}\" ska vara ett heltal {}–{} / must be a whole number {}–{}",
                range.start(),
                range.end(),
                range.start(),
                range.end()
            )))
        })
}

/// `YYYY-MM`, as documented; anything else would silently match no line.
fn month_param(value: Option<String>) -> ApiResult<Option<String>> {
    match non_empty(value) {
        Some(m) if !is_month(&m) => Err(ApiError(AppError::BadRequest(format!(
            "month: \"{m}\" ska skrivas ÅÅÅÅ-MM / must be YYYY-MM"
        )))),
        m => Ok(m),
    }
}

fn is_month(m: &str) -> bool {
    let b = m.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

pub async fn lines(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
    Query(q): Query<LinesQuery>,
) -> ApiResult<Json<Value>> {
    let id = parse_id(&id)?;
    let offset = number_param("offset", q.offset.as_deref(), 0, 0..=i64::MAX)?;
    let limit = number_param("limit", q.limit.as_deref(), DEFAULT_LIMIT, 1..=MAX_LIMIT)?;
    let filter = LineFilter {
        category: non_empty(q.category),
        supplier: non_empty(q.supplier),
        unit: non_empty(q.unit),
        month: month_param(q.month)?,
    };
    let (lines, total) = state
        .store
        .lines(ctx.org_id(), id, &filter, offset, limit)
        .await?;
    // No lines may also mean no such import (of this organisation's).
    if total == 0 && state.store.import(ctx.org_id(), id).await?.is_none() {
        return Err(ApiError(AppError::NotFound));
    }
    Ok(Json(json!({
        "total": total,
        "offset": offset,
        "limit": limit,
        "lines": lines,
    })))
}

#[derive(Deserialize)]
pub struct CreateQuery {
    name: Option<String>,
    file_name: Option<String>,
}

/// Reads a request body of at most `limit` bytes. A declared length over the
/// limit is refused before anything is read; a body that turns out longer too.
pub async fn read_body(request: Request, limit: usize) -> ApiResult<Vec<u8>> {
    let too_large = || {
        ApiError(AppError::TooLarge {
            limit_mb: (limit >> 20) as u64,
        })
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(request.into_body(), limit)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| too_large())
}

/// The last path component, so a client cannot smuggle directories into the name.
fn clean_file_name(name: Option<String>) -> String {
    let name = name.unwrap_or_default();
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() {
        "reskontra.csv".to_string()
    } else {
        base.chars().take(200).collect()
    }
}

/// A failed import as JSON: row errors listed by file, line and column.
fn import_failure(failure: ImportFailure) -> Response {
    match failure {
        ImportFailure::Input(ImportError::InvalidRows { errors, count }) => {
            let message = ImportError::InvalidRows {
                errors: Vec::new(),
                count,
            }
            .to_string();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": message,
                    "status": 422,
                    "count": count,
                    "errors": errors,
                })),
            )
                .into_response()
        }
        ImportFailure::Input(e) => ApiError(AppError::BadRequest(e.to_string())).into_response(),
        ImportFailure::Store(e) => ApiError(AppError::Store(e)).into_response(),
        ImportFailure::Internal(e) => ApiError(AppError::Internal(e)).into_response(),
    }
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Query(q): Query<CreateQuery>,
    request: Request,
) -> ApiResult<Response> {
    ctx.require_edit()?;
    let limit = usize::try_from(state.config.upload_limit).unwrap_or(usize::MAX);
    let bytes = read_body(request, limit).await?;
    if bytes.is_empty() {
        return Err(ApiError(AppError::BadRequest(
            "tom fil: skicka reskontran som begärans innehåll / empty file: send the ledger as the request body".into(),
        )));
    }
    let file_name = clean_file_name(q.file_name);
    let name = non_empty(q.name.map(|n| n.trim().chars().take(200).collect()))
        .unwrap_or_else(|| file_name.clone());
    let job = ImportRequest {
        org: ctx.org_id(),
        user: Some(ctx.user.id),
        name: name.clone(),
        file_name: file_name.clone(),
        bytes,
        demo: false,
    };
    let result = spend_import::import(&state.store, job).await;
    state.imports.forget(ctx.org_id());
    let id = match result {
        Ok(id) => id,
        Err(failure) => return Ok(import_failure(failure)),
    };
    ctx.audit(
        &state,
        "spend.import",
        &format!("{name} ({file_name}), import {id}"),
    )
    .await?;
    let summary = state
        .store
        .import(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?
        .summary;
    Ok(created(
        json!({ "id": id, "summary": summary_json(&summary) }),
        &format!("/api/v1/imports/{id}"),
    ))
}

pub async fn delete(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    ctx.require_edit()?;
    let id = parse_id(&id)?;
    if !state.store.delete_import(ctx.org_id(), id).await? {
        return Err(ApiError(AppError::NotFound));
    }
    state.reports.forget(id);
    state.imports.forget(ctx.org_id());
    ctx.audit(&state, "spend.delete", &format!("import {id}"))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn rule_kind(raw: &str) -> ApiResult<RuleFileKind> {
    RuleFileKind::parse(raw).ok_or(ApiError(AppError::NotFound))
}

pub async fn rules_get(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(kind): Path<String>,
) -> ApiResult<Response> {
    let kind = rule_kind(&kind)?;
    let content = state
        .store
        .rule_file(ctx.org_id(), kind)
        .await?
        .map(|r| r.content)
        .unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], content).into_response())
}

pub async fn rules_put(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(kind): Path<String>,
    request: Request,
) -> ApiResult<Json<Value>> {
    ctx.require_edit()?;
    let kind = rule_kind(&kind)?;
    let bytes = read_body(request, RULES_LIMIT).await?;
    let content = String::from_utf8(bytes).map_err(|e| {
        ApiError(AppError::BadRequest(format!(
            "filen är inte UTF-8 (byte {}); spara den som UTF-8 / the file is not UTF-8; save it as UTF-8",
            e.utf8_error().valid_up_to() + 1
        )))
    })?;
    // Checked the way an import will use it: with the organisation's other
    // rule files and the defaults, so a clash between files shows now.
    let mut options = spend_import::engine_options(&state.store, ctx.org_id()).await?;
    let pipeline_kind = kind;
    options.rules.retain(|r| r.kind != pipeline_kind);
    if !content.trim().is_empty() {
        options.rules.push(RuleSource::new(
            pipeline_kind,
            pipeline_kind.label_sv().to_lowercase(),
            content.clone().into_bytes(),
        ));
    }
    let rule_files =
        tokio::task::spawn_blocking(move || import::build_engine(&options).map(|(_, files)| files))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
    state
        .store
        .put_rule_file(ctx.org_id(), kind, &content, Some(ctx.user.id))
        .await?;
    ctx.audit(
        &state,
        "rules.update",
        &format!("{} ({} byte)", kind.key(), content.len()),
    )
    .await?;
    Ok(Json(json!({
        "kind": kind.key(),
        "bytes": content.len(),
        "rule_files": rule_files,
    })))
}

/// The factors in use: the shipped set with the organisation's own file on top.
pub async fn factors(State(state): State<Arc<AppState>>, ctx: ApiCtx) -> ApiResult<Json<Value>> {
    let default = maps::default_factor_set().map_err(|e| AppError::Internal(e.to_string()))?;
    let own = match state
        .store
        .rule_file(ctx.org_id(), RuleFileKind::Factors)
        .await?
    {
        Some(row) => Some(
            maps::load_factors(row.content.as_bytes(), "faktorer")
                .map_err(|e| AppError::BadRequest(e.to_string()))?,
        ),
        None => None,
    };
    let default_label = default.label.clone();
    let own_label = own.as_ref().map(|o| o.label.clone());
    let mut effective = default;
    let mut own_categories = std::collections::HashSet::new();
    if let Some(own) = own {
        own_categories.extend(own.iter().map(|f| f.category.clone()));
        effective.overlay(own);
    }
    let factors: Vec<Value> = effective
        .iter()
        .map(|f| {
            let mut value = serde_json::to_value(f).unwrap_or(Value::Null);
            let origin = if own_categories.contains(&f.category) {
                "own"
            } else {
                "default"
            };
            value["origin"] = Value::from(origin);
            value
        })
        .collect();
    Ok(Json(json!({
        "label": effective.label,
        "default_label": default_label,
        "own_label": own_label,
        "factors": factors,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_and_pipeline_rule_kinds_correspond() {
        for kind in RuleFileKind::ALL {
            assert_eq!(
                format!("{kind:?}"),
                format!("{:?}", kind),
                "RuleFileKind::ALL differs in order between store and formats"
            );
        }
    }

    #[test]
    fn file_names_lose_their_directories() {
        assert_eq!(clean_file_name(Some("../../etc/passwd".into())), "passwd");
        assert_eq!(clean_file_name(Some("C:\\a\\b.xlsx".into())), "b.xlsx");
        assert_eq!(clean_file_name(None), "reskontra.csv");
    }

    #[test]
    fn months_are_year_dash_month() {
        assert!(is_month("2025-01"));
        for bad in ["2025-1", "null", "2025/01", "2025-011", "２０２５-01"] {
            assert!(!is_month(bad), "{bad}");
        }
        assert_eq!(month_param(Some(String::new())).ok().unwrap(), None);
    }

    #[test]
    fn number_parameters_are_checked() {
        assert_eq!(
            number_param("limit", None, 100, 1..=1000).ok().unwrap(),
            100
        );
        assert_eq!(
            number_param("limit", Some("5"), 100, 1..=1000)
                .ok()
                .unwrap(),
            5
        );
        assert!(number_param("limit", Some("0"), 100, 1..=1000).is_err());
        assert!(number_param("offset", Some("x"), 0, 0..=9).is_err());
    }
}
