//! The list of procurements, the form for a new one and for changing one,
//! with errors tied to the fields they concern.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::criteria::Ambition;
use upphandla_core::money::Ore;
use upphandla_core::process::{ProcedureHint, procedure_band};
use upphandla_formats::criteria::check_cpv;
use upphandla_formats::number::{parse_amount, parse_date};
use upphandla_store::{Procurement, ProcurementInput, ProcurementStatus};

use super::super::{Page, render};
use super::{
    ambition_name, audit, category_name, english, kr, load, require_edit, stage_name, status_name,
};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

/// What the form sends; every field is text so a bad value can be shown again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProcForm {
    pub title: String,
    pub reference: String,
    pub description: String,
    pub cpv: String,
    pub spend_category: String,
    pub value: String,
    pub contract_start: String,
    pub contract_end: String,
    pub options: String,
    pub ambition: String,
}

impl ProcForm {
    fn from_procurement(p: &Procurement) -> ProcForm {
        ProcForm {
            title: p.title.clone(),
            reference: p.reference.clone(),
            description: p.description.clone(),
            cpv: p.cpv_codes.join(", "),
            spend_category: p.spend_category.clone(),
            value: if p.estimated_value.0 == 0 {
                String::new()
            } else {
                super::fmt::sek_whole_sv(p.estimated_value.0)
            },
            contract_start: super::date_text(p.contract_start),
            contract_end: super::date_text(p.contract_end),
            options: p.options.clone(),
            ambition: p.ambition.clone().unwrap_or_default(),
        }
    }
}

/// Errors by field name.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    /// The message for `field`, or empty.
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(field, message)` in form order, for the summary at the top.
    pub fn all(&self) -> &[(&'static str, String)] {
        &self.0
    }
}

const MAX_TITLE: usize = 200;
const MAX_SHORT: usize = 500;
const MAX_DESCRIPTION: usize = 5000;

/// Checks the form; the input to store, or why not.
pub fn validate(form: &ProcForm, lang: Lang) -> Result<ProcurementInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let en = english(lang);
    let title = form.title.trim();
    if title.is_empty() {
        errors.add("title", lang.t("proc.err_title"));
    } else if title.chars().count() > MAX_TITLE {
        errors.add("title", lang.t("proc.err_long"));
    }
    if form.reference.chars().count() > MAX_SHORT {
        errors.add("reference", lang.t("proc.err_long"));
    }
    if form.description.chars().count() > MAX_DESCRIPTION {
        errors.add("description", lang.t("proc.err_long"));
    }
    let mut cpv_codes = Vec::new();
    for code in form
        .cpv
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
    {
        match check_cpv(code) {
            Ok(()) => {
                if !cpv_codes.iter().any(|c| c == code) {
                    cpv_codes.push(code.to_string());
                }
            }
            Err((sv, e)) => {
                if errors.get("cpv").is_empty() {
                    errors.add("cpv", if en { e } else { sv });
                }
            }
        }
    }
    let category = form.spend_category.trim();
    if !category.is_empty()
        && !super::super::spend::catalogue()
            .iter()
            .any(|(id, _, _)| id == category)
    {
        errors.add("spend_category", lang.t("proc.err_category"));
    }
    let value = parse_value(&form.value);
    let estimated_value = match value {
        Some(v) => v,
        None => {
            errors.add("value", lang.t("proc.err_value"));
            Ore::ZERO
        }
    };
    let date = |field: &'static str, raw: &str, errors: &mut FieldErrors| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match parse_date(raw) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(field, lang.t("proc.err_date"));
                None
            }
        }
    };
    let contract_start = date("contract_start", &form.contract_start, &mut errors);
    let contract_end = date("contract_end", &form.contract_end, &mut errors);
    if let (Some(a), Some(b)) = (contract_start, contract_end)
        && b < a
    {
        errors.add("contract_end", lang.t("proc.err_period"));
    }
    if form.options.chars().count() > MAX_SHORT {
        errors.add("options", lang.t("proc.err_long"));
    }
    let ambition = form.ambition.trim();
    if !ambition.is_empty() && Ambition::parse(ambition).is_none() {
        errors.add("ambition", lang.t("proc.err_ambition"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProcurementInput {
        title: title.to_string(),
        reference: form.reference.trim().to_string(),
        description: form.description.trim().to_string(),
        cpv_codes,
        spend_category: category.to_string(),
        estimated_value,
        contract_start,
        contract_end,
        options: form.options.trim().to_string(),
        ambition: (!ambition.is_empty()).then(|| ambition.to_string()),
    })
}

/// Kronor as typed (`1 200 000`, `1200000,50`, `1 200 000 kr`); `None`
/// when empty, negative or not a number.
fn parse_value(raw: &str) -> Option<Ore> {
    let cleaned: String = raw
        .trim()
        .trim_end_matches("kr")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    parse_amount(&cleaned).ok().filter(|v| v.0 >= 0)
}

/// The procedure band for a value, for the page.
pub struct BandView {
    pub name: &'static str,
    pub text: &'static str,
    pub source: &'static str,
    pub check: bool,
}

pub(super) fn band_view(hint: &ProcedureHint, lang: Lang) -> BandView {
    BandView {
        name: hint.band.name().get(english(lang)),
        text: hint.limit_text.get(english(lang)),
        source: hint.source,
        check: hint.check,
    }
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub reference: String,
    pub stage: String,
    pub value: String,
    pub band: String,
    /// Contract start and end (either may be empty), each kept on one line.
    pub start: String,
    pub end: String,
    pub status: &'static str,
    pub demo: bool,
}

/// Choices of a select: (value, label, selected).
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn category_choices(selected: &str, lang: Lang) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: lang.t("proc.category_none").to_string(),
        selected: selected.is_empty(),
    }];
    for (id, _, _) in super::super::spend::catalogue() {
        out.push(Choice {
            value: id.clone(),
            label: category_name(id, lang),
            selected: id == selected,
        });
    }
    out
}

fn ambition_choices(selected: &str, lang: Lang) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: lang.t("proc.ambition_none").to_string(),
        selected: selected.is_empty(),
    }];
    for a in [Ambition::Bas, Ambition::Avancerad, Ambition::Spjutspets] {
        out.push(Choice {
            value: a.key().to_string(),
            label: ambition_name(Some(a.key()), lang),
            selected: a.key() == selected,
        });
    }
    out
}

/// The fields of the form with their choices and errors.
pub struct FormView {
    pub values: ProcForm,
    pub errors: FieldErrors,
    pub categories: Vec<Choice>,
    pub ambitions: Vec<Choice>,
    /// The limits in force today.
    pub limits: BandView,
    /// The band of the value entered, when it could be read.
    pub band: Option<BandView>,
}

impl FormView {
    fn new(state: &AppState, values: ProcForm, errors: FieldErrors, lang: Lang) -> FormView {
        let today = state.clock.today();
        let band = parse_value(&values.value).map(|v| band_view(&procedure_band(v, today), lang));
        FormView {
            categories: category_choices(&values.spend_category, lang),
            ambitions: ambition_choices(&values.ambition, lang),
            limits: band_view(&procedure_band(Ore::ZERO, today), lang),
            band,
            values,
            errors,
        }
    }

    /// ` aria-describedby` ids for a field: its hint (if any) and its error.
    pub fn err(&self, field: &str) -> &str {
        self.errors.get(field)
    }
}

/// The page title, "Fel: …" when the form came back with errors, so that
/// the first thing read out on the page says so (the error summary follows
/// the h1 at the top of the main content, with links to the fields).
fn error_title(lang: Lang, key: &str, invalid: bool) -> String {
    if invalid {
        format!("{}: {}", lang.t("proc.title_error"), lang.t(key))
    } else {
        lang.t(key).to_string()
    }
}

#[derive(Template)]
#[template(path = "procurement_list.html")]
struct ListPage {
    page: Page,
    rows: Vec<Row>,
    form: FormView,
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    form: ProcForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let invalid = !errors.is_empty();
    let rows = state
        .store
        .procurements(ctx.org_id())
        .await?
        .into_iter()
        .map(|p| Row {
            band: procedure_band(p.estimated_value, today)
                .band
                .name()
                .get(english(lang))
                .to_string(),
            stage: stage_name(&p.stage, lang),
            value: kr(p.estimated_value.0),
            start: super::date_text(p.contract_start),
            end: super::date_text(p.contract_end),
            status: status_name(p.status, lang),
            id: p.id,
            title: p.title,
            reference: p.reference,
            demo: p.demo,
        })
        .collect();
    let page = ListPage {
        page: Page::new(
            ctx,
            "procurements",
            error_title(lang, "proc.title", invalid),
        ),
        rows,
        form: FormView::new(state, form, errors, lang),
    };
    let mut response = render(&page)?;
    if invalid {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn page(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    list_page(&state, &ctx, ProcForm::default(), FieldErrors::default()).await
}

pub async fn create(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Form(form): Form<ProcForm>,
) -> AppResult<Response> {
    require_edit(&ctx)?;
    let input = match validate(&form, ctx.lang) {
        Ok(input) => input,
        Err(errors) => return list_page(&state, &ctx, form, errors).await,
    };
    let id = state
        .store
        .create_procurement(ctx.org_id(), &input, Some(ctx.user.id), false)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.create",
        &format!("{id}: {}", input.title),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{id}?meddelande=skapad")).into_response())
}

#[derive(Template)]
#[template(path = "procurement_edit.html")]
struct EditPage {
    page: Page,
    id: i64,
    title: String,
    form: FormView,
    statuses: Vec<Choice>,
}

async fn edit_view(
    state: &AppState,
    ctx: &Ctx,
    p: &Procurement,
    form: ProcForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let invalid = !errors.is_empty();
    let page = EditPage {
        page: Page::new(
            ctx,
            "procurements",
            error_title(lang, "proc.edit_title", invalid),
        ),
        id: p.id,
        title: p.title.clone(),
        form: FormView::new(state, form, errors, lang),
        statuses: ProcurementStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.key().to_string(),
                label: status_name(*s, lang).to_string(),
                selected: *s == p.status,
            })
            .collect(),
    };
    let mut response = render(&page)?;
    if invalid {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn edit_page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    edit_view(
        &state,
        &ctx,
        &p,
        ProcForm::from_procurement(&p),
        FieldErrors::default(),
    )
    .await
}

pub async fn update(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<ProcForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let input = match validate(&form, ctx.lang) {
        Ok(input) => input,
        Err(errors) => return edit_view(&state, &ctx, &p, form, errors).await,
    };
    if !state
        .store
        .update_procurement(ctx.org_id(), p.id, &input)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "procurement.update",
        &format!("{}: {}", p.id, input.title),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}?meddelande=sparad", p.id)).into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn set_status(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    let status = ProcurementStatus::parse(&form.status)
        .ok_or_else(|| AppError::BadRequest("okänd status / unknown status".into()))?;
    state
        .store
        .set_procurement_status(ctx.org_id(), p.id, status)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.status",
        &format!("{}: {}", p.id, status.key()),
    )
    .await?;
    Ok(Redirect::to(&format!("/upphandlingar/{}?meddelande=sparad", p.id)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProcForm {
        ProcForm {
            title: "Tjänstebilar".into(),
            cpv: "34110000-1, 34100000-8".into(),
            spend_category: "vehicles".into(),
            value: "4 800 000 kr".into(),
            contract_start: "2027-04-01".into(),
            contract_end: "2031-03-31".into(),
            ambition: "avancerad".into(),
            ..ProcForm::default()
        }
    }

    #[test]
    fn a_good_form_becomes_input() {
        let input = validate(&form(), Lang::Sv).unwrap();
        assert_eq!(input.cpv_codes, vec!["34110000-1", "34100000-8"]);
        assert_eq!(input.estimated_value, Ore(480_000_000));
        assert_eq!(input.ambition.as_deref(), Some("avancerad"));
    }

    #[test]
    fn errors_name_their_fields() {
        let bad = ProcForm {
            title: "  ".into(),
            cpv: "34110000-2".into(),
            spend_category: "no-such".into(),
            value: "-5".into(),
            contract_start: "2027-04-01".into(),
            contract_end: "2026-01-01".into(),
            ambition: "max".into(),
            ..ProcForm::default()
        };
        let errors = validate(&bad, Lang::Sv).unwrap_err();
        for field in [
            "title",
            "cpv",
            "spend_category",
            "value",
            "contract_end",
            "ambition",
        ] {
            assert!(!errors.get(field).is_empty(), "{field}");
        }
        assert!(errors.get("contract_start").is_empty());
        let mut no_value = form();
        no_value.value = String::new();
        assert!(
            !validate(&no_value, Lang::Sv)
                .unwrap_err()
                .get("value")
                .is_empty()
        );
    }

    #[test]
    fn dates_typed_in_a_text_field_are_read() {
        // A browser without a date picker sends what was typed.
        let mut typed = form();
        typed.contract_start = " 2027-04-01 ".into();
        typed.contract_end = "20310331".into();
        let input = validate(&typed, Lang::Sv).unwrap();
        assert_eq!(
            input.contract_start,
            upphandla_core::date::Date::new(2027, 4, 1)
        );
        assert_eq!(
            input.contract_end,
            upphandla_core::date::Date::new(2031, 3, 31)
        );
        for bad in ["01/04/2027", "2027-02-30", "i april"] {
            typed.contract_start = bad.into();
            let errors = validate(&typed, Lang::Sv).unwrap_err();
            assert!(errors.get("contract_start").contains("2027-04-01"), "{bad}");
        }
    }

    #[test]
    fn values_in_swedish_forms() {
        assert_eq!(parse_value("1 200 000"), Some(Ore(120_000_000)));
        assert_eq!(parse_value("1200000,50 kr"), Some(Ore(120_000_050)));
        assert_eq!(parse_value("0"), Some(Ore(0)));
        assert_eq!(parse_value("abc"), None);
        assert_eq!(parse_value(""), None);
    }
}
