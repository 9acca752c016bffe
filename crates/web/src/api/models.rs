//! Saved LCC models and tender evaluations: their TOML and computed results,
//! through the same `upphandla_formats` functions as the CLI and the pages.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use upphandla_formats::evaluation;
use upphandla_formats::lcc::{self, FileError};
use upphandla_store::{ModelKind, OrgId, Store};

use super::spend::read_body;
use super::{ApiCtx, Path, Query, created, parse_id};
use crate::AppState;
use crate::error::{ApiError, ApiResult, AppError};

/// Largest model file accepted.
pub const MODEL_LIMIT: usize = 1024 * 1024;

fn model_kind(raw: &str) -> ApiResult<ModelKind> {
    ModelKind::parse(raw).ok_or_else(|| {
        ApiError(AppError::BadRequest(format!(
            "kind: \"{raw}\" ska vara lcc eller evaluation / must be lcc or evaluation"
        )))
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
}

pub async fn list(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let kinds = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => vec![model_kind(k)?],
        None => vec![ModelKind::Lcc, ModelKind::Evaluation],
    };
    let mut models = Vec::new();
    for kind in kinds {
        models.extend(state.store.models(ctx.org_id(), kind).await?);
    }
    Ok(Json(json!({ "models": models })))
}

/// A string value at the top of a TOML text, if the text parses that far.
fn top_level_str(text: &str, key: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    table.get(key)?.as_str().map(str::to_string)
}

/// The LCC model a tender file names in `lcc_model`: one of the same
/// organisation's saved LCC models, as `lcc/ID` (the form the evaluation
/// page writes), a bare id, or its name (with or without `.toml`).
async fn referenced_lcc(
    store: &Store,
    org: OrgId,
    tender: &str,
) -> ApiResult<Option<(String, String)>> {
    let Some(reference) = top_level_str(tender, "lcc_model") else {
        return Ok(None);
    };
    let wanted = reference.strip_prefix("lcc/").unwrap_or(&reference).trim();
    let wanted = wanted.strip_suffix(".toml").unwrap_or(wanted);
    for summary in store.models(org, ModelKind::Lcc).await? {
        if (summary.id.to_string() == wanted || summary.name == wanted)
            && let Some(row) = store.model(org, summary.id).await?
        {
            return Ok(Some((reference, row.content)));
        }
    }
    Ok(None)
}

/// What the evaluation reads for `lcc_model`: only the one model found.
fn loader(found: &Option<(String, String)>) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |name: &str| match found {
        Some((reference, content)) if reference == name => Ok(content.clone()),
        _ => Err(format!(
            "ingen sparad LCC-kalkyl i organisationen heter \"{name}\" (skriv lcc/ID eller kalkylens namn) / no saved LCC model of the organisation is called \"{name}\" (write lcc/ID or its name)"
        )),
    }
}

/// Computes a model: the run as JSON, or the problems found in the file.
async fn compute(
    store: &Store,
    org: OrgId,
    kind: ModelKind,
    text: String,
) -> ApiResult<Result<Value, Vec<FileError>>> {
    let lcc_source = match kind {
        ModelKind::Evaluation => referenced_lcc(store, org, &text).await?,
        ModelKind::Lcc => None,
    };
    let result = tokio::task::spawn_blocking(move || match kind {
        ModelKind::Lcc => lcc::compute(&text, None, None, false).map(serde_json::to_value),
        ModelKind::Evaluation => {
            evaluation::compute(&text, &loader(&lcc_source)).map(serde_json::to_value)
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    match result {
        Ok(json) => Ok(Ok(json.map_err(|e| AppError::Internal(e.to_string()))?)),
        Err(errors) => Ok(Err(errors)),
    }
}

pub async fn show(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let row = state
        .store
        .model(ctx.org_id(), parse_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let (result, errors) = match compute(
        &state.store,
        ctx.org_id(),
        row.summary.kind,
        row.content.clone(),
    )
    .await?
    {
        Ok(result) => (result, Vec::new()),
        Err(errors) => (Value::Null, errors),
    };
    Ok(Json(json!({
        "summary": row.summary,
        "toml": row.content,
        "result": result,
        "errors": errors,
    })))
}

#[derive(Deserialize)]
pub struct CreateQuery {
    kind: Option<String>,
    name: Option<String>,
    template: Option<String>,
}

/// 422 listing every problem in the model file by line and column.
fn invalid_model(errors: Vec<FileError>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({
            "error": format!("{} fel i modellfilen; inget sparades / {} errors in the model file; nothing was saved", errors.len(), errors.len()),
            "status": 422,
            "errors": errors,
        })),
    )
        .into_response()
}

pub async fn create(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Query(q): Query<CreateQuery>,
    request: Request,
) -> ApiResult<Response> {
    ctx.require_edit()?;
    let kind = model_kind(q.kind.as_deref().unwrap_or(""))?;
    let text = String::from_utf8(read_body(request, MODEL_LIMIT).await?).map_err(|_| {
        ApiError(AppError::BadRequest(
            "modellfilen är inte UTF-8 / the model file is not UTF-8".into(),
        ))
    })?;
    // Parsing is enough to validate; the Monte Carlo run waits until it is read.
    let problems = match kind {
        ModelKind::Lcc => lcc::parse_model(&text).err(),
        ModelKind::Evaluation => {
            let source = referenced_lcc(&state.store, ctx.org_id(), &text).await?;
            evaluation::parse_tender(&text, &loader(&source)).err()
        }
    };
    if let Some(errors) = problems {
        return Ok(invalid_model(errors));
    }
    let name = q
        .name
        .filter(|n| !n.trim().is_empty())
        .or_else(|| top_level_str(&text, "name"))
        .unwrap_or_else(|| "Namnlös modell".to_string());
    let name: String = name.trim().chars().take(200).collect();
    let template: String = q.template.unwrap_or_default().chars().take(50).collect();
    let id = state
        .store
        .create_model(
            ctx.org_id(),
            kind,
            &name,
            &template,
            &text,
            Some(ctx.user.id),
            false,
        )
        .await?;
    ctx.audit(
        &state,
        &format!("{}.create", kind.key()),
        &format!("{name}, modell {id}"),
    )
    .await?;
    let summary = state
        .store
        .model(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?
        .summary;
    Ok(created(
        json!({ "id": id, "summary": summary }),
        &format!("/api/v1/models/{id}"),
    ))
}

pub async fn delete(
    State(state): State<Arc<AppState>>,
    ctx: ApiCtx,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    ctx.require_edit()?;
    let id = parse_id(&id)?;
    let row = state
        .store
        .model(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !state.store.delete_model(ctx.org_id(), id).await? {
        return Err(ApiError(AppError::NotFound));
    }
    ctx.audit(
        &state,
        &format!("{}.delete", row.summary.kind.key()),
        &format!("{}, modell {id}", row.summary.name),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
