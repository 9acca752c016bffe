//! Inköpsanalys: upload a ledger, see where the emissions are (by category,
//! supplier, unit and month), drill down to the lines and the rule that
//! classified each, download the report, and edit the organisation's
//! classification rules and run the imports again.
//!
//! Every handler scopes by `ctx.org_id()`; an import of another organisation
//! is "not found". A coordinator may also read (not change) imports its
//! member organisations have shared with it.

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use upphandla_core::spend::SpendReport;
use upphandla_store::{ImportSummary, OrgKind, Role};

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::spend_import::StoredMeta;

mod compliance;
mod downloads;
mod fragments;
mod lines;
mod result;
mod rules;
mod texts;
mod upload;

/// The rule-file check and text handling, shared with the factor page.
pub(crate) use rules::{RULE_FILE_LIMIT, catalogue, catalogue_name, check_rules, normalise};

pub use compliance::TEXTS as COMPLIANCE_TEXTS;
pub use texts::TEXTS;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/spend", get(upload::list))
        .route("/spend/upload", post(upload::upload))
        .route("/spend/rules", get(rules::page).post(rules::save))
        .route("/spend/rules/reanalyse-all", post(rules::reanalyse_all))
        .route("/spend/{id}", get(result::page))
        .route("/spend/{id}/reanalyse", post(result::reanalyse))
        .route("/spend/{id}/share", post(result::share))
        .route(
            "/spend/{id}/delete",
            get(result::confirm_delete).post(result::delete),
        )
        .route("/spend/{id}/lines", get(lines::page))
        .route("/spend/{id}/lines.csv", get(lines::csv))
        .route("/spend/{id}/avtalstrohet", get(compliance::page))
        // report.html, report.xlsx, report.csv, report.json
        .route("/spend/{id}/{file}", get(downloads::report))
}

/// Writes a change by the signed-in user to the audit log.
pub(crate) async fn audit(
    state: &AppState,
    ctx: &Ctx,
    action: &str,
    detail: &str,
) -> AppResult<()> {
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            action,
            detail,
            &ctx.ip,
        )
        .await?;
    Ok(())
}

/// An id from the path; anything that is not one is simply not found.
fn import_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// Whether the signed-in organisation reads what its members share.
fn is_coordinator(ctx: &Ctx) -> bool {
    ctx.org.kind == OrgKind::Samordnare || ctx.has(Role::Samordnare)
}

/// An import with its cached report, as a result page or download needs it.
struct Loaded {
    summary: ImportSummary,
    meta: StoredMeta,
    report: Arc<SpendReport>,
    /// A member organisation's import shared with this coordinator: read only,
    /// and without the line drill-down (single invoices stay with the member).
    shared_view: bool,
}

/// The organisation's own import, or (for a coordinator) one shared with it.
async fn load(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Loaded> {
    let mut head = state
        .imports
        .head(&state.store, ctx.org_id(), id)
        .await?
        .map(|h| (*h).clone());
    let mut shared_view = false;
    if head.is_none() && is_coordinator(ctx) {
        head = state.store.shared_import_head(ctx.org_id(), id).await?;
        shared_view = head.is_some();
    }
    let (summary, meta_json) = head.ok_or(AppError::NotFound)?;
    // Stored by spend_import; an unreadable meta only loses the method notes.
    let meta: StoredMeta = serde_json::from_str(&meta_json).unwrap_or_default();
    let report = state
        .reports
        .report(&state.store, summary.org_id, &summary)
        .await?;
    Ok(Loaded {
        summary,
        meta,
        report,
        shared_view,
    })
}

/// The organisation's own import only (for changes and the line drill-down).
async fn own_summary(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<ImportSummary> {
    state
        .store
        .import_head(ctx.org_id(), id)
        .await?
        .map(|(summary, _)| summary)
        .ok_or(AppError::NotFound)
}

/// A category's name in the page's language.
fn category_name<'r>(report: &'r SpendReport, lang: Lang, id: &'r str) -> &'r str {
    report
        .categories
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| {
            if lang == Lang::En && !c.name_en.is_empty() {
                &c.name_en
            } else {
                &c.name
            }
        })
}

/// `{n}`-style placeholders in a text.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// A file name safe for a Content-Disposition header and a download folder:
/// ASCII letters, digits, `-`, `_` and `.`; Swedish letters folded.
fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => out.push(c),
            'å' | 'ä' => out.push('a'),
            'Å' | 'Ä' => out.push('A'),
            'ö' => out.push('o'),
            'Ö' => out.push('O'),
            'é' => out.push('e'),
            _ => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let trimmed = out
        .trim_matches(['-', '.'])
        .chars()
        .take(80)
        .collect::<String>();
    if trimmed.is_empty() {
        "inkopsanalys".to_string()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_for_headers() {
        assert_eq!(
            safe_file_name("Leverantörsreskontra 2025 (demodata)"),
            "Leverantorsreskontra-2025-demodata"
        );
        assert_eq!(safe_file_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_name("\"; x=y"), "x-y");
        assert_eq!(safe_file_name("…"), "inkopsanalys");
    }

    #[test]
    fn ids_that_are_not_numbers_are_not_found() {
        assert!(matches!(import_id("abc"), Err(AppError::NotFound)));
        assert!(matches!(import_id("-1"), Err(AppError::NotFound)));
        assert_eq!(import_id("42").unwrap(), 42);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(fill("högst {mb} MB", &[("mb", "512")]), "högst 512 MB");
    }
}
