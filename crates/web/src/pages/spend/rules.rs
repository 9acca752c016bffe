//! The organisation's classification rules (account map, supplier map,
//! keywords, CPV map): edited as text in the CLI's file formats, checked by
//! building the engine before anything is saved, then applied to every
//! import on request.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_formats::import::{self, RuleSource};
use upphandla_formats::maps;
use upphandla_store::{RuleFileKind, Store};

use super::audit;
use super::result::run_again;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pages::{Page, fmt, render};
use crate::spend_import::engine_options;

/// The kinds edited on this page; factors have their own page.
const KINDS: [RuleFileKind; 4] = [
    RuleFileKind::Accounts,
    RuleFileKind::Suppliers,
    RuleFileKind::Keywords,
    RuleFileKind::Cpv,
];

/// Largest rule file accepted from a form (the form body limit is larger).
pub(crate) const RULE_FILE_LIMIT: usize = 4 * 1024 * 1024;

/// Builds the engine with the organisation's rule files and `content` in
/// place of its `kind` file: the same check an analysis makes. The error
/// lines name file, line and column.
pub(crate) async fn check_rules(
    store: &Store,
    ctx: &Ctx,
    kind: RuleFileKind,
    content: &str,
) -> AppResult<Result<(), Vec<String>>> {
    if content.len() > RULE_FILE_LIMIT {
        let mb = (RULE_FILE_LIMIT >> 20).to_string();
        return Ok(Err(vec![super::fill(
            ctx.t("spend.rules_too_large"),
            &[("mb", &mb)],
        )]));
    }
    let mut options = engine_options(store, ctx.org_id()).await?;
    let target = kind;
    options.rules.retain(|r| r.kind != target);
    if !content.trim().is_empty() {
        options.rules.push(RuleSource::new(
            target,
            crate::spend_import::rule_file_name(kind),
            content.as_bytes().to_vec(),
        ));
    }
    let result = tokio::task::spawn_blocking(move || {
        import::build_engine(&options)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(result.map_err(|message| {
        message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }))
}

/// Text as typed in a textarea (browsers send CRLF); stored with LF.
pub(crate) fn normalise(content: &str) -> String {
    let mut text = content.replace("\r\n", "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

pub struct RuleForm {
    pub kind: &'static str,
    pub title: &'static str,
    pub format: &'static str,
    pub example: &'static str,
    pub content: String,
    pub rows: usize,
    pub updated: String,
    pub errors: Vec<String>,
    pub saved: bool,
}

pub struct CategoryItem {
    pub id: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "spend_rules.html")]
struct RulesPage {
    page: Page,
    forms: Vec<RuleForm>,
    saved: bool,
    imports: usize,
    categories: Vec<CategoryItem>,
}

fn example(kind: RuleFileKind) -> &'static str {
    match kind {
        RuleFileKind::Accounts => "konto;kategori\n4400-4499;construction_materials\n5611;fuels",
        RuleFileKind::Suppliers => {
            "orgnr;leverantör;kategori\n556677-8899;Exempel Livs AB;food\n;Exempel Städ AB;cleaning_services"
        }
        RuleFileKind::Keywords => {
            "nyckelord;kategori\nskolskjuts;passenger_transport\ndiesel;fuels"
        }
        RuleFileKind::Cpv => "cpv;kategori\n3411;vehicles\n09134200-9;fuels",
        RuleFileKind::Factors => "",
    }
}

/// The shipped category catalogue: (id, Swedish name, English name).
pub(crate) fn catalogue() -> &'static [(String, String, String)] {
    static CATALOGUE: std::sync::OnceLock<Vec<(String, String, String)>> =
        std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| {
        maps::default_classifier_builder()
            .ok()
            .and_then(|b| b.build().ok())
            .map(|c| {
                c.categories()
                    .iter()
                    .map(|c| (c.id.clone(), c.name_sv.clone(), c.name_en.clone()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The spend category's name in the page's language (its id when unknown).
pub(crate) fn catalogue_name(id: &str, lang: Lang) -> String {
    catalogue()
        .iter()
        .find(|(cid, _, _)| cid == id)
        .map(|(_, sv, en)| {
            if lang == Lang::En && !en.is_empty() {
                en.clone()
            } else {
                sv.clone()
            }
        })
        .unwrap_or_else(|| id.to_string())
}

/// The catalogue's ids and names in the page's language, for the ids a rule may name.
fn categories(lang: Lang) -> Vec<CategoryItem> {
    catalogue()
        .iter()
        .map(|(id, sv, en)| CategoryItem {
            id: id.clone(),
            name: if lang == Lang::En && !en.is_empty() {
                en.clone()
            } else {
                sv.clone()
            },
        })
        .collect()
}

async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    edited: Option<(RuleFileKind, String, Vec<String>)>,
    saved: Option<RuleFileKind>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let stored = state.store.rule_files(ctx.org_id()).await?;
    let mut forms = Vec::new();
    let mut failed = false;
    for kind in KINDS {
        let row = stored.iter().find(|r| r.kind == kind);
        let (content, errors) = match &edited {
            Some((k, text, errors)) if *k == kind => {
                failed = !errors.is_empty();
                (text.clone(), errors.clone())
            }
            _ => (
                row.map(|r| r.content.clone()).unwrap_or_default(),
                Vec::new(),
            ),
        };
        let key = kind.key();
        forms.push(RuleForm {
            kind: key,
            title: lang.t(&format!("spend.rules_{key}")),
            format: lang.t(&format!("spend.rules_{key}_format")),
            example: example(kind),
            rows: content.lines().count().clamp(6, 30),
            content,
            updated: row.map_or_else(String::new, |r| fmt::datetime(r.updated_at)),
            errors,
            saved: saved == Some(kind),
        });
    }
    let template = RulesPage {
        page: Page::new(ctx, "spend", lang.t("spend.rules_page_title")),
        forms,
        saved: saved.is_some(),
        imports: state.store.imports(ctx.org_id()).await?.len(),
        categories: categories(lang),
    };
    let mut response = render(&template)?;
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize)]
pub(super) struct SavedQuery {
    saved: Option<String>,
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let saved = q.saved.as_deref().and_then(RuleFileKind::parse);
    render_page(&state, &ctx, None, saved).await
}

#[derive(Deserialize)]
pub(super) struct RuleFormData {
    kind: String,
    content: String,
}

pub(super) async fn save(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<RuleFormData>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let kind = RuleFileKind::parse(&form.kind)
        .filter(|k| KINDS.contains(k))
        .ok_or_else(|| {
            AppError::BadRequest(format!("okänd regelfil / unknown rule file: {}", form.kind))
        })?;
    let content = normalise(&form.content);
    if let Err(errors) = check_rules(&state.store, &ctx, kind, &content).await? {
        return render_page(&state, &ctx, Some((kind, content, errors)), None).await;
    }
    state
        .store
        .put_rule_file(ctx.org_id(), kind, &content, Some(ctx.user.id))
        .await?;
    let rows = content.lines().filter(|l| !l.trim().is_empty()).count();
    audit(
        &state,
        &ctx,
        "spend.rules.save",
        &format!("{}: {rows} rader", kind.key()),
    )
    .await?;
    Ok(Redirect::to(&format!("/spend/rules?saved={}", kind.key())).into_response())
}

/// Runs every import of the organisation again with the current rules.
pub(super) async fn reanalyse_all(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let imports = state.store.imports(ctx.org_id()).await?;
    for summary in &imports {
        run_again(&state, &ctx, summary.id).await?;
    }
    audit(
        &state,
        &ctx,
        "spend.reanalyse_all",
        &format!("{} importer", imports.len()),
    )
    .await?;
    Ok(Redirect::to(&format!("/spend?done=reanalysed&n={}", imports.len())).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_forms_is_stored_with_lf_and_a_final_newline() {
        assert_eq!(normalise("a;b\r\nc;d"), "a;b\nc;d\n");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn examples_are_valid_rule_files() {
        for kind in KINDS {
            let mut options = import::EngineOptions::default();
            options.rules.push(RuleSource::new(
                kind,
                crate::spend_import::rule_file_name(kind),
                example(kind).as_bytes(),
            ));
            import::build_engine(&options).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        }
    }

    #[test]
    fn the_catalogue_is_listed() {
        let list = categories(Lang::Sv);
        assert!(list.iter().any(|c| c.id == "food"));
    }
}
