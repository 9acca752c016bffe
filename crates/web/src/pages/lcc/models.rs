//! What LCC-kalkyl and Anbudsutvärdering share: a saved model of the
//! organisation (or one a member shared with its coordinating body), the
//! list, form and result pages' data, saving with an audit entry, and the
//! routes that are the same for both (result, change, delete, share,
//! exports), generic over [`ModelPages`].

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use upphandla_formats::doc::{self, Doc};
use upphandla_formats::lcc::FileError;
use upphandla_store::{ModelKind, ModelRow, ModelSummary, OrgId, OrgKind, Role};

use super::form::{self, ErrorLine, Group};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::pages::{Page, fmt, render};

/// Where a kind of model lives in the application.
pub(crate) struct Area {
    pub kind: ModelKind,
    /// `/lcc`, `/evaluation`.
    pub base: &'static str,
    /// Main menu id, text key prefix and audit prefix: `lcc`, `evaluation`.
    pub key: &'static str,
}

/// A saved model of this organisation and kind; anything else is 404.
pub(crate) async fn load(state: &AppState, ctx: &Ctx, area: &Area, id: i64) -> AppResult<ModelRow> {
    match state.store.model(ctx.org_id(), id).await? {
        Some(row) if row.summary.kind == area.kind => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// Whether this user reads what member organisations share (as Översikt decides).
pub(crate) fn reads_shared(ctx: &Ctx) -> bool {
    ctx.org.kind == OrgKind::Samordnare || ctx.has(Role::Samordnare)
}

/// A model a member organisation shared with the user's coordinating body.
pub(crate) async fn load_shared(
    state: &AppState,
    ctx: &Ctx,
    area: &Area,
    id: i64,
) -> AppResult<ModelRow> {
    if !reads_shared(ctx) {
        return Err(AppError::NotFound);
    }
    match state.store.shared_model(ctx.org_id(), id).await? {
        Some(row) if row.summary.kind == area.kind => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// One line of a list of models.
pub(crate) struct ModelLine {
    pub href: String,
    pub name: String,
    pub template: String,
    pub updated: String,
    pub shared: bool,
    pub organisation: String,
}

pub(crate) fn model_line(s: &ModelSummary, href: String, template: String, org: &str) -> ModelLine {
    ModelLine {
        href,
        name: s.name.clone(),
        template,
        updated: fmt::datetime(s.updated_at),
        shared: s.shared,
        organisation: org.to_string(),
    }
}

/// A choice on the "new" and "what to include" forms.
pub(crate) struct OptionItem {
    pub id: String,
    pub name: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// `checkbox`, `radio` or `number`.
    pub kind: &'static str,
    pub min: u32,
    pub max: u32,
}

impl OptionItem {
    pub fn check(
        kind: &'static str,
        name: &str,
        value: &str,
        label: String,
        checked: bool,
    ) -> OptionItem {
        let id: String = format!("val-{name}-{value}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        OptionItem {
            id,
            name: name.to_string(),
            value: value.to_string(),
            label,
            checked,
            kind,
            min: 0,
            max: 0,
        }
    }

    pub fn number(name: &str, value: usize, label: String, min: u32, max: u32) -> OptionItem {
        OptionItem {
            id: format!("val-{name}"),
            name: name.to_string(),
            value: value.to_string(),
            label,
            checked: false,
            kind: "number",
            min,
            max,
        }
    }
}

pub(crate) struct OptionGroup {
    pub legend: String,
    pub items: Vec<OptionItem>,
}

#[derive(Template)]
#[template(path = "lcc_list.html")]
pub(crate) struct ListPage {
    pub page: Page,
    pub heading: String,
    pub intro: String,
    pub base: &'static str,
    /// Heading of the saved list, its empty text and the kind column.
    pub saved: String,
    pub none: String,
    pub kind_column: String,
    pub models: Vec<ModelLine>,
    pub shared: Vec<ModelLine>,
    pub new_heading: String,
    pub new_hint: String,
    pub options: Vec<OptionGroup>,
    pub examples: Vec<(String, String)>,
}

impl ListPage {
    /// An area's list page; its texts are the area's `title`, `intro`,
    /// `saved`, `none`, `new` and `new_hint`.
    pub fn new(
        ctx: &Ctx,
        area: &Area,
        kind_column: &str,
        (models, shared): (Vec<ModelLine>, Vec<ModelLine>),
        options: Vec<OptionGroup>,
        examples: Vec<(String, String)>,
    ) -> ListPage {
        let t = |k: &str| ctx.lang.t(&format!("{}.{k}", area.key)).to_string();
        ListPage {
            page: Page::new(ctx, area.key, t("title")),
            heading: t("title"),
            intro: t("intro"),
            base: area.base,
            saved: t("saved"),
            none: t("none"),
            kind_column: ctx.lang.t(kind_column).to_string(),
            models,
            shared,
            new_heading: t("new"),
            new_hint: t("new_hint"),
            options,
            examples,
        }
    }
}

/// The form of a new or saved model: what to include (a GET form), the
/// generated fields and the file itself (two POST forms to the same place).
#[derive(Template)]
#[template(path = "lcc_form.html")]
pub(crate) struct FormPage {
    pub page: Page,
    pub heading: String,
    pub action: String,
    pub cancel: String,
    /// Where the "what to include" form goes; empty when there is none.
    pub choose_action: String,
    pub choose_hidden: Vec<(String, String)>,
    pub options: Vec<OptionGroup>,
    /// Sent with the fields so the server rebuilds the same form.
    pub hidden: Vec<(String, String)>,
    pub show_fields: bool,
    /// `Some(value)` when the model's name is asked for separately.
    pub name_value: Option<String>,
    pub groups: Vec<Group>,
    pub errors: Vec<ErrorLine>,
    pub toml: String,
    pub toml_open: bool,
    pub toml_errors: Vec<ErrorLine>,
    pub note: String,
}

impl FormPage {
    pub fn name_field(&self) -> &'static str {
        form::NAME_FIELD
    }
}

#[derive(Template)]
#[template(path = "lcc_show.html")]
pub(crate) struct ShowPage {
    pub page: Page,
    pub base: &'static str,
    pub id: i64,
    pub name: String,
    pub updated: String,
    pub owner: String,
    pub shared_view: bool,
    pub shared: bool,
    pub summary: Vec<(String, String)>,
    pub report: String,
    pub errors: Vec<ErrorLine>,
    pub exports: Vec<(String, String)>,
}

/// The report's HTML inside a page: tables scroll on their own (and can be
/// reached by keyboard to do so).
pub(crate) fn report_fragment(d: &Doc) -> String {
    doc::render_html_fragment(d).replace(
        "<div class=\"wrap\">",
        "<div class=\"wrap table-wrap\" tabindex=\"0\">",
    )
}

pub(crate) fn download(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// A form page shown again with what was wrong (nothing saved): 422.
pub(crate) fn invalid(page: &FormPage) -> AppResult<Response> {
    let mut response = render(page)?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

/// Saves a new model or a change, with an audit entry; the answer is the result page.
pub(crate) async fn save(
    state: &AppState,
    ctx: &Ctx,
    area: &Area,
    existing: Option<i64>,
    name: &str,
    template: &str,
    content: &str,
) -> AppResult<Response> {
    let id = match existing {
        Some(id) => {
            if !state
                .store
                .update_model(ctx.org_id(), id, name, content)
                .await?
            {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            state
                .store
                .create_model(
                    ctx.org_id(),
                    area.kind,
                    name,
                    template,
                    content,
                    Some(ctx.user.id),
                    false,
                )
                .await?
        }
    };
    let action = if existing.is_some() {
        "update"
    } else {
        "create"
    };
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            &format!("{}.{action}", area.key),
            &format!("{id}: {name}"),
            &ctx.ip,
        )
        .await?;
    Ok(Redirect::to(&format!("{}/{id}", area.base)).into_response())
}

/// The organisation's models and, for a coordinating body, those shared with it.
pub(crate) async fn model_lists(
    state: &AppState,
    ctx: &Ctx,
    area: &Area,
    template_name: &(dyn Fn(&str) -> String + Sync),
) -> AppResult<(Vec<ModelLine>, Vec<ModelLine>)> {
    let own = state
        .store
        .models(ctx.org_id(), area.kind)
        .await?
        .iter()
        .map(|s| {
            model_line(
                s,
                format!("{}/{}", area.base, s.id),
                template_name(&s.template),
                "",
            )
        })
        .collect();
    let mut shared = Vec::new();
    if reads_shared(ctx) {
        let members = state.store.coordinated_members(ctx.org_id()).await?;
        for s in state.store.shared_models(ctx.org_id(), area.kind).await? {
            let org = members
                .iter()
                .find(|m| m.id == s.org_id)
                .map_or("", |m| m.name.as_str());
            shared.push(model_line(
                &s,
                format!("{}/shared/{}", area.base, s.id),
                template_name(&s.template),
                org,
            ));
        }
    }
    Ok((own, shared))
}

/// The organisation name of a shared model's owner.
pub(crate) async fn owner_name(state: &AppState, ctx: &Ctx, org: OrgId) -> AppResult<String> {
    Ok(state
        .store
        .coordinated_members(ctx.org_id())
        .await?
        .into_iter()
        .find(|m| m.id == org)
        .map(|m| m.name)
        .unwrap_or_default())
}

/// What differs between the two areas behind the shared routes.
pub(crate) trait ModelPages: Send + Sync + 'static {
    const AREA: Area;
    /// Start of export file names (`lcc` → `lcc-12.xlsx`).
    const FILE_PREFIX: &'static str;
    /// The saved file as the command line reads it (`model.toml`), and the text key of its link.
    const MODEL_FILE: &'static str;
    const MODEL_FILE_TEXT: &'static str;
    type Run: serde::Serialize + Send;

    /// Computes a saved file of organisation `org`; `charts` keeps what the
    /// report's charts need.
    fn compute(
        state: &AppState,
        org: OrgId,
        text: &str,
        charts: bool,
    ) -> impl Future<Output = AppResult<Result<Self::Run, Vec<FileError>>>> + Send;
    fn doc(run: &Self::Run, charts: bool) -> Doc;
    /// Key figures above the report.
    fn summary(run: &Self::Run, lang: Lang) -> Vec<(String, String)>;
    /// A new model (`existing` = None) or a change, from the fields or the file.
    fn submit(
        state: &AppState,
        ctx: &Ctx,
        existing: Option<&ModelRow>,
        pairs: &[(String, String)],
    ) -> impl Future<Output = AppResult<Response>> + Send;
}

/// The routes both areas have, below `P::AREA.base`.
pub(crate) fn routes<P: ModelPages>() -> Router<Arc<AppState>> {
    let base = P::AREA.base;
    Router::new()
        .route(&format!("{base}/shared/{{id}}"), get(show_shared::<P>))
        .route(&format!("{base}/{{id}}"), get(show::<P>).post(update::<P>))
        .route(&format!("{base}/{{id}}/delete"), post(delete::<P>))
        .route(&format!("{base}/{{id}}/share"), post(share::<P>))
        .route(&format!("{base}/{{id}}/export.xlsx"), get(export_xlsx::<P>))
        .route(&format!("{base}/{{id}}/export.html"), get(export_html::<P>))
        .route(&format!("{base}/{{id}}/export.docx"), get(export_docx::<P>))
        .route(&format!("{base}/{{id}}/export.pdf"), get(export_pdf::<P>))
        .route(&format!("{base}/{{id}}/export.json"), get(export_json::<P>))
        .route(
            &format!("{base}/{{id}}/{}", P::MODEL_FILE),
            get(export_file::<P>),
        )
}

pub(crate) async fn create<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    P::submit(&state, &ctx, None, &pairs).await
}

async fn update<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let row = load(&state, &ctx, &P::AREA, id).await?;
    P::submit(&state, &ctx, Some(&row), &pairs).await
}

async fn delete<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let area = &P::AREA;
    ctx.require_edit()?;
    let row = load(&state, &ctx, area, id).await?;
    state.store.delete_model(ctx.org_id(), id).await?;
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            &format!("{}.delete", area.key),
            &format!("{id}: {}", row.summary.name),
            &ctx.ip,
        )
        .await?;
    Ok(Redirect::to(area.base).into_response())
}

async fn share<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let area = &P::AREA;
    ctx.require_edit()?;
    load(&state, &ctx, area, id).await?;
    let shared = form::form_value(&pairs, "shared") == Some("1");
    state
        .store
        .set_model_shared(ctx.org_id(), id, shared)
        .await?;
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            &format!("{}.share", area.key),
            &format!("{id}: {}", if shared { "delad" } else { "inte delad" }),
            &ctx.ip,
        )
        .await?;
    Ok(Redirect::to(&format!("{}/{id}", area.base)).into_response())
}

async fn show_page<P: ModelPages>(
    state: &AppState,
    ctx: &Ctx,
    row: &ModelRow,
    shared_view: bool,
    owner: String,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let area = &P::AREA;
    let id = row.summary.id;
    let (summary, report, errors) =
        match P::compute(state, row.summary.org_id, &row.content, true).await? {
            Ok(run) => (
                P::summary(&run, lang),
                report_fragment(&P::doc(&run, true)),
                Vec::new(),
            ),
            Err(errors) => (Vec::new(), String::new(), form::error_lines(&errors, lang)),
        };
    let exports = if shared_view {
        Vec::new()
    } else {
        [
            ("export.xlsx", "lcc.export_xlsx"),
            ("export.docx", "lcc.export_docx"),
            ("export.pdf", "lcc.export_pdf"),
            ("export.html", "lcc.export_html"),
            ("export.json", "lcc.export_json"),
            (P::MODEL_FILE, P::MODEL_FILE_TEXT),
        ]
        .iter()
        .map(|(file, key)| {
            (
                format!("{}/{id}/{file}", area.base),
                lang.t(key).to_string(),
            )
        })
        .collect()
    };
    render(&ShowPage {
        page: Page::new(ctx, area.key, row.summary.name.clone()),
        base: area.base,
        id,
        name: row.summary.name.clone(),
        updated: fmt::datetime(row.summary.updated_at),
        owner,
        shared_view,
        shared: row.summary.shared,
        summary,
        report,
        errors,
        exports,
    })
}

async fn show<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let row = load(&state, &ctx, &P::AREA, id).await?;
    show_page::<P>(&state, &ctx, &row, false, String::new()).await
}

async fn show_shared<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let row = load_shared(&state, &ctx, &P::AREA, id).await?;
    let owner = owner_name(&state, &ctx, row.summary.org_id).await?;
    show_page::<P>(&state, &ctx, &row, true, owner).await
}

/// A saved model's run; a saved model computes (it was checked when saved,
/// but an evaluation's linked LCC model may since have gone).
async fn run_of<P: ModelPages>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    charts: bool,
) -> AppResult<P::Run> {
    let row = load(state, ctx, &P::AREA, id).await?;
    P::compute(state, ctx.org_id(), &row.content, charts)
        .await?
        .map_err(|errors| {
            AppError::BadRequest(
                errors
                    .iter()
                    .map(|e| form::error_text(e, ctx.lang))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn export_xlsx<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = run_of::<P>(&state, &ctx, id, false).await?;
    let bytes = doc::render_xlsx(&P::doc(&run, false))
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok(download(
        bytes,
        XLSX,
        &format!("{}-{id}.xlsx", P::FILE_PREFIX),
    ))
}

async fn export_html<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = run_of::<P>(&state, &ctx, id, true).await?;
    let html = doc::render_html(&P::doc(&run, true));
    Ok(download(
        html.into_bytes(),
        "text/html; charset=utf-8",
        &format!("{}-{id}.html", P::FILE_PREFIX),
    ))
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async fn export_docx<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = run_of::<P>(&state, &ctx, id, false).await?;
    Ok(download(
        doc::render_docx(&P::doc(&run, false)),
        DOCX,
        &format!("{}-{id}.docx", P::FILE_PREFIX),
    ))
}

async fn export_pdf<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = run_of::<P>(&state, &ctx, id, false).await?;
    Ok(download(
        doc::render_pdf(&P::doc(&run, false)),
        "application/pdf",
        &format!("{}-{id}.pdf", P::FILE_PREFIX),
    ))
}

async fn export_json<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = run_of::<P>(&state, &ctx, id, false).await?;
    let bytes = serde_json::to_vec_pretty(&run).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/json",
        &format!("{}-{id}.json", P::FILE_PREFIX),
    ))
}

async fn export_file<P: ModelPages>(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let row = load(&state, &ctx, &P::AREA, id).await?;
    Ok(download(
        row.content.into_bytes(),
        "text/plain; charset=utf-8",
        &format!("{}-{id}.toml", P::FILE_PREFIX),
    ))
}
