//! The form for a new contract and for changing one: every field is text so
//! a bad value is shown again with its error next to it.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_formats::contracts::{parse_extension, spend_categories};
use upphandla_formats::criteria::check_cpv;
use upphandla_formats::number::{parse_amount, parse_date};
use upphandla_store::{
    Contract, ContractInput, ContractSource, StoreError, UserId, normalise_orgnr,
};

use super::super::{Page, render};
use super::{ACTIVE, audit, category_name, fmt, load, require_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ContractForm {
    pub reference: String,
    pub title: String,
    pub supplier_name: String,
    pub supplier_orgnr: String,
    pub start_date: String,
    pub end_date: String,
    pub extension: String,
    pub options_note: String,
    pub value: String,
    pub cpv: String,
    pub category: String,
    pub manager: String,
    pub procurement: String,
}

impl ContractForm {
    fn from_contract(c: &Contract) -> ContractForm {
        ContractForm {
            reference: c.reference.clone(),
            title: c.title.clone(),
            supplier_name: c.supplier_name.clone(),
            supplier_orgnr: c.supplier_orgnr.clone(),
            start_date: c.start_date.to_string(),
            end_date: c.end_date.to_string(),
            extension: if c.extension_months == 0 {
                String::new()
            } else {
                c.extension_months.to_string()
            },
            options_note: c.options_note.clone(),
            value: c.value_ore.map(fmt::sek_whole_sv).unwrap_or_default(),
            cpv: c.cpv.clone(),
            category: c.category.clone(),
            manager: c
                .manager_user_id
                .map(|u| u.0.to_string())
                .unwrap_or_default(),
            procurement: c.procurement_id.map(|p| p.to_string()).unwrap_or_default(),
        }
    }
}

/// Errors by form field name, in form order.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_empty() {
            self.0.push((field, message.into()));
        }
    }

    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn all(&self) -> &[(&'static str, String)] {
        &self.0
    }
}

const MAX_TEXT: usize = 500;

/// The store's field names → the form's.
fn form_field(store_field: &str) -> &'static str {
    match store_field {
        "title" => "title",
        "supplier_name" => "supplier_name",
        "supplier_orgnr" => "supplier_orgnr",
        "start_date" => "start_date",
        "end_date" => "end_date",
        "extension_months" => "extension",
        "value" => "value",
        _ => "title",
    }
}

/// Checks the form; the input to store, or the errors by field.
pub fn validate(form: &ContractForm, lang: Lang) -> Result<ContractInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let en = lang == Lang::En;
    for (field, value) in [
        ("reference", &form.reference),
        ("title", &form.title),
        ("supplier_name", &form.supplier_name),
        ("options_note", &form.options_note),
    ] {
        if value.chars().count() > MAX_TEXT {
            errors.add(field, lang.t("contracts.err_long"));
        }
    }
    let orgnr = form.supplier_orgnr.trim();
    let supplier_orgnr = if orgnr.is_empty() {
        String::new()
    } else {
        match normalise_orgnr(orgnr) {
            Some(n) => n,
            None => {
                errors.add("supplier_orgnr", lang.t("contracts.err_orgnr"));
                String::new()
            }
        }
    };
    // Required text first, so a form without dates still lists every missing field.
    if form.title.trim().is_empty() {
        errors.add("title", lang.t("contracts.err_title"));
    }
    if form.supplier_name.trim().is_empty() {
        errors.add("supplier_name", lang.t("contracts.err_supplier"));
    }
    let mut date = |field: &'static str, key: &str, raw: &str| match parse_date(raw.trim()) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, lang.t(key));
            None
        }
    };
    let start_date = date("start_date", "contracts.err_start", &form.start_date);
    let end_date = date("end_date", "contracts.err_end", &form.end_date);
    let extension_months = match parse_extension(&form.extension) {
        Some(m) => m,
        None => {
            errors.add("extension", lang.t("contracts.err_extension"));
            0
        }
    };
    let value = form.value.trim().trim_end_matches("kr").trim().to_string();
    let value_ore = if value.is_empty() {
        None
    } else {
        match parse_amount(&value) {
            Ok(o) if o.0 >= 0 => Some(o.0),
            _ => {
                errors.add("value", lang.t("contracts.err_value"));
                None
            }
        }
    };
    let mut cpv = Vec::new();
    for code in form
        .cpv
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
    {
        match check_cpv(code) {
            Ok(()) => cpv.push(code.to_string()),
            Err((sv, e)) => errors.add("cpv", if en { e } else { sv }),
        }
    }
    let category = form.category.trim();
    if !category.is_empty() && !spend_categories().iter().any(|c| c.id == category) {
        errors.add("category", lang.t("contracts.err_category"));
    }
    let id = |raw: &str| raw.trim().parse::<i64>().ok().filter(|v| *v > 0);
    let manager_user_id = id(&form.manager).map(UserId);
    if !form.manager.trim().is_empty() && manager_user_id.is_none() {
        errors.add("manager", lang.t("contracts.err_manager"));
    }
    let procurement_id = id(&form.procurement);
    let (Some(start_date), Some(end_date)) = (start_date, end_date) else {
        return Err(errors);
    };
    let input = ContractInput {
        reference: form.reference.trim().to_string(),
        title: form.title.trim().to_string(),
        supplier_name: form.supplier_name.trim().to_string(),
        supplier_orgnr,
        start_date,
        end_date,
        extension_months,
        options_note: form.options_note.trim().to_string(),
        value_ore,
        cpv: cpv.join(", "),
        category: category.to_string(),
        manager_user_id,
        procurement_id,
    };
    for e in input.validate() {
        errors.add(form_field(e.field), if en { e.en } else { e.sv });
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct FormView {
    pub values: ContractForm,
    pub errors: FieldErrors,
    pub categories: Vec<Choice>,
    pub managers: Vec<Choice>,
    pub procurements: Vec<Choice>,
}

impl FormView {
    pub fn err(&self, field: &str) -> &str {
        self.errors.get(field)
    }
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    values: ContractForm,
    errors: FieldErrors,
) -> AppResult<FormView> {
    let lang = ctx.lang;
    let none = |key: &str, selected: bool| Choice {
        value: String::new(),
        label: lang.t(key).to_string(),
        selected,
    };
    let mut categories = vec![none("contracts.category_none", values.category.is_empty())];
    categories.extend(spend_categories().iter().map(|c| Choice {
        value: c.id.clone(),
        label: category_name(&c.id, lang),
        selected: c.id == values.category,
    }));
    let mut managers = vec![none("contracts.manager_none", values.manager.is_empty())];
    managers.extend(
        state
            .store
            .organisation_users(ctx.org_id())
            .await?
            .into_iter()
            .map(|u| Choice {
                value: u.user.id.0.to_string(),
                label: u.user.name.clone(),
                selected: u.user.id.0.to_string() == values.manager,
            }),
    );
    let mut procurements = vec![none(
        "contracts.procurement_none",
        values.procurement.is_empty(),
    )];
    procurements.extend(
        state
            .store
            .procurements(ctx.org_id())
            .await?
            .into_iter()
            .map(|p| Choice {
                value: p.id.to_string(),
                label: if p.reference.is_empty() {
                    p.title
                } else {
                    format!("{} ({})", p.title, p.reference)
                },
                selected: p.id.to_string() == values.procurement,
            }),
    );
    Ok(FormView {
        values,
        errors,
        categories,
        managers,
        procurements,
    })
}

#[derive(Template)]
#[template(path = "contract_form.html")]
struct FormPage {
    page: Page,
    /// `None` for a new contract.
    id: Option<i64>,
    heading: String,
    form: FormView,
}

async fn render_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    values: ContractForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let bad = !errors.is_empty();
    let heading = match id {
        None => lang.t("contracts.new").to_string(),
        Some(_) => format!("{}: {}", lang.t("contracts.edit"), values.title),
    };
    let title = if bad {
        format!("{} – {}", lang.t("contracts.title_error"), heading)
    } else {
        heading.clone()
    };
    let form = form_view(state, ctx, values, errors).await?;
    let mut response = render(&FormPage {
        page: Page::new(ctx, ACTIVE, title),
        id,
        heading,
        form,
    })?;
    if bad {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn new_page(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    require_edit(&ctx)?;
    render_form(
        &state,
        &ctx,
        None,
        ContractForm::default(),
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn edit_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require_edit(&ctx)?;
    render_form(
        &state,
        &ctx,
        Some(c.id),
        ContractForm::from_contract(&c),
        FieldErrors::default(),
    )
    .await
}

/// A store refusal that concerns the linked procurement or the manager, as a field error.
fn store_refusal(e: StoreError, lang: Lang) -> Result<FieldErrors, StoreError> {
    let mut errors = FieldErrors::default();
    match e {
        StoreError::Conflict(_) => {
            errors.add("procurement", lang.t("contracts.err_procurement_taken"))
        }
        StoreError::Invalid(_) => errors.add("procurement", lang.t("contracts.err_link")),
        e => return Err(e),
    }
    Ok(errors)
}

pub(super) async fn create(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<ContractForm>,
) -> AppResult<Response> {
    require_edit(&ctx)?;
    let input = match validate(&form, ctx.lang) {
        Ok(input) => input,
        Err(errors) => return render_form(&state, &ctx, None, form, errors).await,
    };
    let created = state
        .store
        .create_contract(
            ctx.org_id(),
            &input,
            ContractSource::Manual,
            Some(ctx.user.id),
            state.clock.now_unix(),
        )
        .await;
    let id = match created {
        Ok(id) => id,
        Err(e) => {
            let errors = store_refusal(e, ctx.lang)?;
            return render_form(&state, &ctx, None, form, errors).await;
        }
    };
    audit(
        &state,
        &ctx,
        "contracts.create",
        &format!("avtal {id}: {} ({})", input.title, input.supplier_name),
    )
    .await?;
    Ok(Redirect::to(&format!("/avtal/{id}?meddelande=skapat")).into_response())
}

pub(super) async fn update(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<ContractForm>,
) -> AppResult<Response> {
    let id = load(&state, &ctx, &raw).await?.id;
    require_edit(&ctx)?;
    let input = match validate(&form, ctx.lang) {
        Ok(input) => input,
        Err(errors) => return render_form(&state, &ctx, Some(id), form, errors).await,
    };
    match state
        .store
        .update_contract(ctx.org_id(), id, &input, state.clock.now_unix())
        .await
    {
        Ok(true) => {}
        Ok(false) => return Err(crate::error::AppError::NotFound),
        Err(e) => {
            let errors = store_refusal(e, ctx.lang)?;
            return render_form(&state, &ctx, Some(id), form, errors).await;
        }
    }
    audit(
        &state,
        &ctx,
        "contracts.update",
        &format!("avtal {id}: {} ({})", input.title, input.supplier_name),
    )
    .await?;
    Ok(Redirect::to(&format!("/avtal/{id}?meddelande=sparat")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> ContractForm {
        ContractForm {
            title: "Drivmedel".into(),
            supplier_name: "Exempel Energi AB".into(),
            supplier_orgnr: "5566778899".into(),
            start_date: "2026-01-01".into(),
            end_date: "2027-12-31".into(),
            extension: "1+1".into(),
            value: "1 200 000 kr".into(),
            cpv: "09134200-9".into(),
            category: "fuels".into(),
            ..ContractForm::default()
        }
    }

    #[test]
    fn a_good_form_becomes_input() {
        let input = validate(&good(), Lang::Sv).unwrap();
        assert_eq!(input.supplier_orgnr, "556677-8899");
        assert_eq!(input.extension_months, 12);
        assert_eq!(input.value_ore, Some(120_000_000));
        assert_eq!(input.cpv, "09134200-9");
    }

    #[test]
    fn errors_name_their_fields() {
        let mut bad = good();
        bad.title = " ".into();
        bad.supplier_orgnr = "556677-8890".into();
        bad.end_date = "2025-01-01".into();
        bad.extension = "snart".into();
        bad.value = "-4".into();
        bad.category = "nope".into();
        let errors = validate(&bad, Lang::En).unwrap_err();
        let fields: Vec<&str> = errors.all().iter().map(|(f, _)| *f).collect();
        for f in [
            "title",
            "supplier_orgnr",
            "end_date",
            "extension",
            "value",
            "category",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let mut no_dates = good();
        no_dates.start_date = "i morgon".into();
        no_dates.end_date = String::new();
        let errors = validate(&no_dates, Lang::Sv).unwrap_err();
        assert!(!errors.get("start_date").is_empty() && !errors.get("end_date").is_empty());
        // Only a title: every missing required field is named, each with its own message.
        let only_title = ContractForm {
            title: "Bara titel".into(),
            ..ContractForm::default()
        };
        let errors = validate(&only_title, Lang::Sv).unwrap_err();
        let fields: Vec<&str> = errors.all().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["supplier_name", "start_date", "end_date"]);
        assert_ne!(errors.get("start_date"), errors.get("end_date"));
    }
}
