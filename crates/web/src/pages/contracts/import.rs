//! Import of a contract register file (CSV or Excel): upload, a preview of
//! every row with every problem (file, line, column, what was expected),
//! then a confirmation that stores all rows in one transaction, or none.
//!
//! The preview carries the read rows to the confirmation in a hidden field;
//! the confirmation checks every row again (the field comes from the
//! browser), so nothing unchecked is stored.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use upphandla_core::date::Date;
use upphandla_formats::contracts::{ContractField, ContractFile, ContractFileKind, read_contracts};
use upphandla_store::{ContractInput, StoreError, normalise_orgnr};

use super::super::{Page, render, upload_file_name};
use super::{ACTIVE, audit, category_name, kr, require_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

/// Largest register file read into memory (also never above the server's upload limit).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// A read row as the confirmation form carries it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CarriedRow {
    line: u64,
    reference: String,
    title: String,
    supplier_name: String,
    supplier_orgnr: String,
    start: String,
    end: String,
    extension_months: u32,
    options_note: String,
    value_ore: Option<i64>,
    cpv: String,
    category: String,
}

impl CarriedRow {
    fn input(&self) -> Option<ContractInput> {
        Some(ContractInput {
            reference: self.reference.clone(),
            title: self.title.clone(),
            supplier_name: self.supplier_name.clone(),
            supplier_orgnr: self.supplier_orgnr.clone(),
            start_date: Date::parse_iso(&self.start)?,
            end_date: Date::parse_iso(&self.end)?,
            extension_months: self.extension_months,
            options_note: self.options_note.clone(),
            value_ore: self.value_ore,
            cpv: self.cpv.clone(),
            category: self.category.clone(),
            manager_user_id: None,
            procurement_id: None,
        })
    }
}

pub struct PreviewRow {
    pub line: u64,
    pub title: String,
    pub reference: String,
    pub supplier: String,
    pub orgnr: String,
    pub period: String,
    pub extension: String,
    pub value: String,
    pub category: String,
    pub cpv: String,
}

pub struct Preview {
    pub file: String,
    pub kind: &'static str,
    pub columns: Vec<(&'static str, String)>,
    pub ignored: String,
    pub rows: Vec<PreviewRow>,
    /// Every listed problem as a sentence.
    pub errors: Vec<String>,
    pub error_count: usize,
    /// More problems than listed.
    pub more: usize,
    /// JSON of the rows for the confirmation (empty when there are errors).
    pub carried: String,
}

#[derive(Template)]
#[template(path = "contract_import.html")]
struct ImportPage {
    page: Page,
    limit_mb: u64,
    message: String,
    preview: Option<Preview>,
    synonyms: Vec<(&'static str, String, bool)>,
}

fn limit(state: &AppState) -> u64 {
    state.config.upload_limit.min(MAX_FILE_BYTES)
}

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    message: String,
    preview: Option<Preview>,
    status: StatusCode,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let synonyms = ContractField::ALL
        .iter()
        .map(|f| {
            (
                if lang == Lang::En {
                    f.name_en()
                } else {
                    f.name_sv()
                },
                f.synonyms().join(", "),
                f.required(),
            )
        })
        .collect();
    let mut response = render(&ImportPage {
        page: Page::new(ctx, ACTIVE, lang.t("contracts.import")),
        limit_mb: limit(state).div_ceil(1024 * 1024),
        message,
        preview,
        synonyms,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

/// A file to start from: the Swedish headers and one example row, UTF-8
/// with BOM and semicolons so Excel opens it right.
const TEMPLATE: &str = "\u{feff}Avtalsnummer;Avtal;Leverantör;Organisationsnummer;Startdatum;Slutdatum;\
Förlängning;Optionsbeskrivning;Avtalsvärde (kr);CPV;Kategori\r\n\
KS 2026/12;Drivmedel och tankkort;Exempel Energi AB;556677-8899;2026-04-01;2028-03-31;\
2+1+1;1 + 1 år;4 250 000,00;09134200-9;fuels\r\n";

pub(super) async fn template(ctx: Ctx) -> AppResult<Response> {
    require_edit(&ctx)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"avtalsregister-mall.csv\"",
            ),
        ],
        TEMPLATE,
    )
        .into_response())
}

pub(super) async fn page(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    require_edit(&ctx)?;
    render_page(&state, &ctx, String::new(), None, StatusCode::OK).await
}

enum Upload {
    File { name: String, bytes: Vec<u8> },
    TooLarge,
    Missing(String),
}

async fn read_upload(multipart: &mut Multipart, limit: u64) -> Upload {
    let failed = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Upload::TooLarge
        } else {
            Upload::Missing(e.body_text())
        }
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Upload::Missing(String::new()),
            Err(e) => return failed(e),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = upload_file_name(field.file_name().unwrap_or(""), "avtal.csv");
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if (bytes.len() + chunk.len()) as u64 > limit {
                        return Upload::TooLarge;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return failed(e),
            }
        }
        if bytes.is_empty() {
            return Upload::Missing(String::new());
        }
        return Upload::File { name, bytes };
    }
}

/// One problem as a sentence in the page's language.
fn error_sentence(e: &upphandla_formats::contracts::ContractFileError, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut out = e.file.clone();
    if let Some(line) = e.line {
        out.push_str(&format!(", {} {line}", if en { "line" } else { "rad" }));
    }
    if let Some(column) = &e.column {
        out.push_str(&format!(
            ", {} {column}",
            if en { "column" } else { "kolumn" }
        ));
    }
    if !e.value.is_empty() {
        out.push_str(&format!(": \"{}\"", e.value));
    }
    out.push_str(": ");
    out.push_str(if en { &e.en } else { &e.sv });
    out
}

fn preview(file: &ContractFile, lang: Lang) -> Preview {
    let mut errors: Vec<String> = file
        .errors
        .iter()
        .map(|e| error_sentence(e, lang))
        .collect();
    let mut error_count = file.error_count;
    // The store's own rule, once more, so the preview never promises what the import refuses.
    let mut carried = Vec::with_capacity(file.rows.len());
    for r in &file.rows {
        let row = CarriedRow {
            line: r.line,
            reference: r.reference.clone(),
            title: r.title.clone(),
            supplier_name: r.supplier_name.clone(),
            supplier_orgnr: r.supplier_orgnr.clone(),
            start: r.start_date.to_string(),
            end: r.end_date.to_string(),
            extension_months: r.extension_months,
            options_note: r.options_note.clone(),
            value_ore: r.value_ore,
            cpv: r.cpv.clone(),
            category: r.category.clone(),
        };
        if let Some(input) = row.input() {
            for e in input.validate() {
                error_count += 1;
                errors.push(format!(
                    "{}, {} {}: {}",
                    file.file,
                    if lang == Lang::En { "line" } else { "rad" },
                    r.line,
                    if lang == Lang::En { e.en } else { e.sv }
                ));
            }
        }
        carried.push(row);
    }
    let rows = file
        .rows
        .iter()
        .map(|r| PreviewRow {
            line: r.line,
            title: r.title.clone(),
            reference: r.reference.clone(),
            supplier: r.supplier_name.clone(),
            orgnr: r.supplier_orgnr.clone(),
            period: format!("{} – {}", r.start_date, r.end_date),
            extension: if r.extension_months == 0 {
                String::new()
            } else {
                format!(
                    "+{} {}",
                    r.extension_months,
                    lang.t("contracts.months_short")
                )
            },
            value: kr(r.value_ore),
            category: if r.category.is_empty() {
                String::new()
            } else {
                category_name(&r.category, lang)
            },
            cpv: r.cpv.clone(),
        })
        .collect();
    let ok = error_count == 0 && !file.rows.is_empty();
    Preview {
        file: file.file.clone(),
        kind: match file.kind {
            ContractFileKind::Csv => "CSV",
            ContractFileKind::Xlsx => "Excel (.xlsx)",
        },
        columns: file
            .columns
            .iter()
            .map(|(f, h)| {
                (
                    if lang == Lang::En {
                        f.name_en()
                    } else {
                        f.name_sv()
                    },
                    h.clone(),
                )
            })
            .collect(),
        ignored: file
            .ignored
            .iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", "),
        rows,
        more: error_count.saturating_sub(errors.len()),
        errors,
        error_count,
        carried: if ok {
            serde_json::to_string(&carried).unwrap_or_default()
        } else {
            String::new()
        },
    }
}

pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    require_edit(&ctx)?;
    let lang = ctx.lang;
    let reject = |message: String, status| render_page(&state, &ctx, message, None, status);
    let Ok(mut multipart) = multipart else {
        return reject(
            lang.t("contracts.no_file").to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let max = limit(&state);
    let (name, bytes) = match read_upload(&mut multipart, max).await {
        Upload::File { name, bytes } => (name, bytes),
        Upload::TooLarge => {
            let message = lang
                .t("contracts.too_large")
                .replace("{mb}", &max.div_ceil(1024 * 1024).to_string());
            return reject(message, StatusCode::PAYLOAD_TOO_LARGE).await;
        }
        Upload::Missing(detail) => {
            let mut message = lang.t("contracts.no_file").to_string();
            if !detail.is_empty() {
                message.push_str(&format!(" ({detail})"));
            }
            return reject(message, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    // Parsing is CPU work on a file of up to 20 MB: off the async threads.
    let file = tokio::task::spawn_blocking(move || read_contracts(&name, &bytes, normalise_orgnr))
        .await
        .map_err(|e| crate::error::AppError::Internal(format!("import: {e}")))?;
    let preview = preview(&file, lang);
    let status = if preview.carried.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_page(&state, &ctx, String::new(), Some(preview), status).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_without_errors() {
        let file = read_contracts("mall.csv", TEMPLATE.as_bytes(), normalise_orgnr);
        assert!(file.is_ok(), "{:?}", file.errors);
        assert_eq!(file.columns.len(), ContractField::ALL.len());
        assert_eq!(file.rows[0].extension_months, 24);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub file: String,
    pub rows: String,
}

pub(super) async fn confirm(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<ConfirmForm>,
) -> AppResult<Response> {
    require_edit(&ctx)?;
    let lang = ctx.lang;
    let refuse = |message: &str| {
        render_page(
            &state,
            &ctx,
            message.to_string(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let rows: Vec<CarriedRow> = match serde_json::from_str(&form.rows) {
        Ok(rows) => rows,
        Err(_) => return refuse(lang.t("contracts.import_stale")).await,
    };
    let inputs: Option<Vec<ContractInput>> = rows.iter().map(CarriedRow::input).collect();
    let Some(inputs) = inputs.filter(|i| !i.is_empty()) else {
        return refuse(lang.t("contracts.import_stale")).await;
    };
    let file = upload_file_name(&form.file, "avtal.csv");
    match state
        .store
        .import_contracts(
            ctx.org_id(),
            &inputs,
            Some(ctx.user.id),
            state.clock.now_unix(),
        )
        .await
    {
        Ok(n) => {
            audit(
                &state,
                &ctx,
                "contracts.import",
                &format!("{n} avtal importerade från {file}"),
            )
            .await?;
            Ok(Redirect::to(&format!("/avtal?meddelande=importerat&antal={n}")).into_response())
        }
        Err(StoreError::Invalid(m)) => {
            let message = format!("{} ({m})", lang.t("contracts.import_refused"));
            refuse(&message).await
        }
        Err(e) => Err(e.into()),
    }
}
