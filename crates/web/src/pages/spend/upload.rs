//! The list of imports and the upload: the file is streamed to a temporary
//! file chunk by chunk (with the size limit checked as it comes), then
//! analysed and stored all or nothing by `spend_import::import`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use askama::Template;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use upphandla_formats::import::{ImportError, LedgerKind};
use upphandla_store::ImportSummary;

use super::{audit, fill, is_coordinator};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pages::{Page, fmt, render, upload_file_name};
use crate::spend_import::{self, ImportFailure, ImportRequest};

/// Longest import name kept.
const NAME_CHARS: usize = 200;
/// Buffer between the request's chunks and the temporary file.
const WRITE_BUFFER: usize = 1 << 20;
/// Extensions the upload accepts (the `accept` attribute says the same).
pub(super) const ACCEPT: &str = ".csv,.xlsx,.sie,.se,.si";

pub struct ImportItem {
    pub id: i64,
    pub name: String,
    pub file_name: String,
    pub format: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub rows: String,
    pub spend: String,
    pub tonnes: String,
    pub classified: String,
    pub shared: bool,
    pub organisation: String,
}

impl ImportItem {
    fn new(s: &ImportSummary, organisation: &str) -> ImportItem {
        ImportItem {
            id: s.id,
            name: s.name.clone(),
            file_name: s.file_name.clone(),
            format: s.format.clone(),
            uploaded_by: s.uploaded_by.clone(),
            uploaded_at: fmt::datetime(s.uploaded_at),
            rows: fmt::decimal_sv(s.rows as f64, 0),
            spend: fmt::sek_whole_sv(s.total_ore),
            tonnes: fmt::tonnes_sv(s.kg_co2e),
            classified: fmt::percent_sv(s.share_classified),
            shared: s.shared,
            organisation: organisation.to_string(),
        }
    }
}

/// Why an upload was not stored: a message and, for bad rows, each row.
#[derive(Default)]
pub struct UploadError {
    pub message: String,
    pub rows: Vec<String>,
    /// Bad rows beyond those listed.
    pub more: u64,
}

#[derive(Template)]
#[template(path = "spend.html")]
struct SpendPage {
    page: Page,
    imports: Vec<ImportItem>,
    shared: Vec<ImportItem>,
    error: Option<UploadError>,
    notice: Option<String>,
    name: String,
    limit_mb: u64,
    accept: &'static str,
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    done: Option<String>,
    n: Option<u64>,
}

pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("deleted") => Some(ctx.t("spend.notice_deleted").to_string()),
        Some("reanalysed") => Some(fill(
            ctx.t("spend.notice_reanalysed"),
            &[("n", &q.n.unwrap_or(0).to_string())],
        )),
        _ => None,
    };
    page(&state, &ctx, None, notice, String::new(), StatusCode::OK).await
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    error: Option<UploadError>,
    notice: Option<String>,
    name: String,
    status: StatusCode,
) -> AppResult<Response> {
    let imports = state
        .store
        .imports(ctx.org_id())
        .await?
        .iter()
        .map(|s| ImportItem::new(s, &ctx.org.name))
        .collect();
    let mut shared = Vec::new();
    if is_coordinator(ctx) {
        let members = state.store.coordinated_members(ctx.org_id()).await?;
        for s in state.store.shared_imports(ctx.org_id()).await? {
            let name = members
                .iter()
                .find(|m| m.id == s.org_id)
                .map_or("", |m| m.name.as_str());
            shared.push(ImportItem::new(&s, name));
        }
    }
    let template = SpendPage {
        page: Page::new(ctx, "spend", ctx.t("spend.title")),
        imports,
        shared,
        error,
        notice,
        name,
        limit_mb: state.config.upload_limit >> 20,
        accept: ACCEPT,
    };
    let mut response = render(&template)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The temporary upload file, removed when dropped (also on every error path).
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn new(dir: &Path) -> TempFile {
        TempFile {
            path: dir.join(format!("upload-{}.part", crate::auth::random_token())),
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A known extension, or none at all (then the first bytes decide).
fn extension_ok(file_name: &str) -> bool {
    match Path::new(file_name).extension() {
        None => true,
        Some(_) => LedgerKind::from_extension(file_name).is_some(),
    }
}

/// One bad row as a sentence in the page's language (the expectation is the reader's Swedish).
fn row_sentence(lang: Lang, e: &upphandla_formats::import::FileRowError) -> String {
    let r = &e.error;
    fill(
        lang.t("spend.row_error"),
        &[
            ("file", &e.file),
            ("line", &r.line.to_string()),
            ("column", &r.column.to_string()),
            ("name", &r.column_name),
            ("value", &r.value),
            ("expected", &r.expected),
        ],
    )
}

fn input_error(lang: Lang, error: &ImportError) -> UploadError {
    match error {
        ImportError::InvalidRows { errors, count } => UploadError {
            message: fill(lang.t("spend.invalid_rows"), &[("n", &count.to_string())]),
            rows: errors.iter().map(|e| row_sentence(lang, e)).collect(),
            more: count.saturating_sub(errors.len() as u64),
        },
        other => UploadError {
            message: format!("{} {}", lang.t("spend.not_read"), other),
            ..UploadError::default()
        },
    }
}

fn io_error(e: std::io::Error) -> AppError {
    AppError::Internal(format!("uppladdning / upload: {e}"))
}

enum Streamed {
    Done { name: String, file_name: String },
    TooLarge,
    Failed(String),
}

/// Reads the form: the `name` field and the `file` field, streamed to `temp`.
async fn stream_form(
    multipart: &mut Multipart,
    temp: &TempFile,
    limit: u64,
) -> AppResult<Streamed> {
    let mut name = String::new();
    let mut file_name = None;
    let failed = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Streamed::TooLarge
        } else {
            Streamed::Failed(e.body_text())
        }
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Ok(failed(e)),
        };
        match field.name() {
            Some("name") => match field.text().await {
                Ok(text) => name = text.trim().chars().take(NAME_CHARS).collect(),
                Err(e) => return Ok(failed(e)),
            },
            Some("file") if file_name.is_none() => {
                file_name = Some(upload_file_name(
                    field.file_name().unwrap_or(""),
                    "reskontra",
                ));
                let file = tokio::fs::File::create(&temp.path)
                    .await
                    .map_err(io_error)?;
                let mut out = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file);
                let mut size = 0u64;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            size += chunk.len() as u64;
                            if size > limit {
                                return Ok(Streamed::TooLarge);
                            }
                            out.write_all(&chunk).await.map_err(io_error)?;
                        }
                        Ok(None) => break,
                        Err(e) => return Ok(failed(e)),
                    }
                }
                out.flush().await.map_err(io_error)?;
            }
            // Unknown fields are skipped by the next `next_field`.
            _ => {}
        }
    }
    Ok(match file_name {
        Some(file_name) => Streamed::Done { name, file_name },
        None => Streamed::Failed(String::new()),
    })
}

pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let lang = ctx.lang;
    let reject = |message: String, name: String, status: StatusCode| {
        let error = UploadError {
            message,
            ..UploadError::default()
        };
        page(&state, &ctx, Some(error), None, name, status)
    };
    let Ok(mut multipart) = multipart else {
        return reject(
            lang.t("spend.no_file").to_string(),
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let dir = state.config.data_dir.join("uploads");
    tokio::fs::create_dir_all(&dir).await.map_err(io_error)?;
    let temp = TempFile::new(&dir);
    let limit = state.config.upload_limit;
    let (name, file_name) = match stream_form(&mut multipart, &temp, limit).await? {
        Streamed::Done { name, file_name } => (name, file_name),
        Streamed::TooLarge => {
            let mb = (limit >> 20).to_string();
            return reject(
                fill(lang.t("spend.too_large"), &[("mb", &mb)]),
                String::new(),
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await;
        }
        Streamed::Failed(detail) => {
            let message = if detail.is_empty() {
                lang.t("spend.no_file").to_string()
            } else {
                format!("{} ({detail})", lang.t("spend.upload_broken"))
            };
            return reject(message, String::new(), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if !extension_ok(&file_name) {
        return reject(
            fill(lang.t("spend.bad_extension"), &[("file", &file_name)]),
            name,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let bytes = tokio::fs::read(&temp.path).await.unwrap_or_default();
    drop(temp);
    if bytes.is_empty() {
        return reject(
            lang.t("spend.empty_file").to_string(),
            name,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let title = if name.is_empty() {
        file_name.clone()
    } else {
        name.clone()
    };
    let request = ImportRequest {
        org: ctx.org_id(),
        user: Some(ctx.user.id),
        name: title.clone(),
        file_name: file_name.clone(),
        bytes,
        demo: ctx.org.demo,
    };
    let result = spend_import::import(&state.store, request).await;
    state.imports.forget(ctx.org_id());
    match result {
        Ok(id) => {
            let rows = state
                .store
                .import_head(ctx.org_id(), id)
                .await?
                .map_or(0, |(s, _)| s.rows);
            audit(
                &state,
                &ctx,
                "spend.import",
                &format!("import {id}: {title} ({file_name}), {rows} rader"),
            )
            .await?;
            Ok(Redirect::to(&format!("/spend/{id}")).into_response())
        }
        Err(ImportFailure::Input(error)) => {
            let detail = match &error {
                ImportError::InvalidRows { count, .. } => format!("{count} ogiltiga rader"),
                other => other.to_string().lines().next().unwrap_or("").to_string(),
            };
            audit(
                &state,
                &ctx,
                "spend.import_rejected",
                &format!("{title} ({file_name}): {detail}"),
            )
            .await?;
            let error = input_error(lang, &error);
            page(
                &state,
                &ctx,
                Some(error),
                None,
                name,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ImportFailure::Store(e)) => Err(e.into()),
        Err(ImportFailure::Internal(e)) => Err(AppError::Internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_lose_paths_and_control_characters() {
        let name = |raw| upload_file_name(raw, "reskontra");
        assert_eq!(name("C:\\Users\\x\\reskontra.csv"), "reskontra.csv");
        assert_eq!(name("../a/b\u{7}.csv"), "b.csv");
        assert_eq!(name(""), "reskontra");
    }

    #[test]
    fn only_ledger_extensions_pass() {
        for ok in [
            "a.csv",
            "a.XLSX",
            "a.sie",
            "a.se",
            "a.si",
            "a.txt",
            "reskontra",
        ] {
            assert!(extension_ok(ok), "{ok}");
        }
        for bad in ["a.pdf", "a.xls", "a.zip"] {
            assert!(!extension_ok(bad), "{bad}");
        }
    }
}
