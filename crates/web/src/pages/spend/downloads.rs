//! The report of an import as a file: the same writers as `upphandla spend
//! analyze`, so a download shows the same figures as the page and the CLI.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use upphandla_core::spend::SpendReport;
use upphandla_formats::report::{ReportMeta, csv, html, xlsx};

use super::{Loaded, import_id, load, safe_file_name};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

/// The report with what it was computed from: the CLI's `--format json`.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a SpendReport,
    meta: &'a ReportMeta,
}

fn attachment(content_type: &'static str, name: &str, extension: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}.{extension}\"",
                    safe_file_name(name)
                ),
            ),
        ],
        body,
    )
        .into_response()
}

/// The download formats.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Html,
    Xlsx,
    Csv,
    Json,
}

impl Kind {
    /// `report.html` etc.; any other name is not found.
    fn from_file(name: &str) -> Option<Kind> {
        match name {
            "report.html" => Some(Kind::Html),
            "report.xlsx" => Some(Kind::Xlsx),
            "report.csv" => Some(Kind::Csv),
            "report.json" => Some(Kind::Json),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Kind::Html => "text/html; charset=utf-8",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Csv => "text/csv; charset=utf-8",
            Kind::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Html => "html",
            Kind::Xlsx => "xlsx",
            Kind::Csv => "csv",
            Kind::Json => "json",
        }
    }
}

fn render(kind: Kind, report: &SpendReport, meta: &ReportMeta) -> AppResult<Vec<u8>> {
    let failed = |e: String| AppError::Internal(format!("{}: {e}", kind.extension()));
    Ok(match kind {
        Kind::Html => html::render_html(report, meta).into_bytes(),
        Kind::Xlsx => xlsx::render_xlsx(report, meta).map_err(|e| failed(e.to_string()))?,
        Kind::Csv => {
            let mut body = Vec::new();
            csv::write_report_csv(&mut body, report).map_err(|e| failed(e.to_string()))?;
            body
        }
        Kind::Json => {
            let mut body = serde_json::to_vec_pretty(&JsonReport { report, meta })
                .map_err(|e| failed(e.to_string()))?;
            body.push(b'\n');
            body
        }
    })
}

/// `/spend/{id}/report.{html,xlsx,csv,json}`: the organisation's import, or one shared with its coordinator.
pub(super) async fn report(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, file)): Path<(String, String)>,
) -> AppResult<Response> {
    let kind = Kind::from_file(&file).ok_or(AppError::NotFound)?;
    let Loaded {
        summary,
        meta,
        report,
        ..
    } = load(&state, &ctx, import_id(&raw)?).await?;
    let mut meta = meta.report_meta();
    if meta.title.is_empty() {
        meta.title = summary.name.clone();
    }
    // Workbooks and large reports are CPU work: keep it off the request threads.
    let body = tokio::task::spawn_blocking(move || render(kind, &report, &meta))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    Ok(attachment(
        kind.content_type(),
        &summary.name,
        kind.extension(),
        body,
    ))
}
