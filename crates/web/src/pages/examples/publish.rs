//! `/upphandlingar/{id}/publicera`: publish a completed or awarded
//! procurement as a good example (title, product group, summary, lessons,
//! named or anonymised), change it, or withdraw it. Only upphandlare,
//! miljöstrateg or admin of the procurement's organisation.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_store::{GoodExampleInput, Publish, Role};

use super::super::procurements::load;
use super::super::{Page, render};
use super::groups;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 10_000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    pub title: String,
    pub product_group: String,
    pub summary: String,
    pub lessons: String,
    /// "1" anonymised, "0" named.
    pub anonymised: String,
}

#[derive(Template)]
#[template(path = "examples_publish.html")]
struct PublishPage {
    page: Page,
    id: i64,
    procurement_title: String,
    eligible: bool,
    may_publish: bool,
    /// The example's id when published.
    published: Option<i64>,
    form: PublishForm,
    groups: Vec<(String, String)>,
    /// (field, text key)
    errors: Vec<(&'static str, &'static str)>,
    notice: &'static str,
}

impl PublishPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, k)| *k)
    }
}

/// Upphandlare, miljöstrateg or admin of the organisation.
fn may_publish(ctx: &Ctx) -> bool {
    [Role::Upphandlare, Role::Miljostrateg, Role::Admin]
        .iter()
        .any(|r| ctx.has(*r))
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    !needle.is_empty() && hay.to_lowercase().contains(&needle)
}

/// Field errors of the form; an anonymised text must not name the
/// organisation or give the reference number.
fn check(form: &PublishForm, org_name: &str, reference: &str) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    let title = form.title.trim();
    if title.is_empty() {
        errors.push(("title", "ex.err_title"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(("title", "ex.err_title_long"));
    }
    if upphandla_formats::criteria::default_library()
        .group(form.product_group.trim())
        .is_none()
    {
        errors.push(("product_group", "ex.err_group"));
    }
    if form.summary.trim().is_empty() {
        errors.push(("summary", "ex.err_summary"));
    } else if form.summary.chars().count() > MAX_TEXT {
        errors.push(("summary", "ex.err_long"));
    }
    if form.lessons.chars().count() > MAX_TEXT {
        errors.push(("lessons", "ex.err_long"));
    }
    match form.anonymised.as_str() {
        "1" => {
            for (field, text) in [
                ("title", &form.title),
                ("summary", &form.summary),
                ("lessons", &form.lessons),
            ] {
                if (contains_ci(text, org_name) || contains_ci(text, reference))
                    && !errors.iter().any(|(f, _)| *f == field)
                {
                    errors.push((field, "ex.err_names_org"));
                }
            }
        }
        "0" => {}
        _ => errors.push(("anonymised", "ex.err_anonymised")),
    }
    errors
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let org = ctx.org_id();
    let eligible = state.store.may_publish(org, p.id).await?;
    let own = state.store.own_good_example(org, p.id).await?;
    let (published, form) = match own {
        Some((eid, input)) => (
            Some(eid),
            PublishForm {
                title: input.title,
                product_group: input.product_group,
                summary: input.summary,
                lessons: input.lessons,
                anonymised: if input.anonymised { "1" } else { "0" }.into(),
            },
        ),
        None => {
            // Suggest the product group the criteria page would.
            let library = upphandla_formats::criteria::default_library();
            let category = (!p.spend_category.is_empty()).then_some(p.spend_category.as_str());
            let group = library
                .suggest(&p.cpv_codes, category)
                .first()
                .map(|g| g.id.clone())
                .unwrap_or_default();
            (
                None,
                PublishForm {
                    title: p.title.clone(),
                    product_group: group,
                    anonymised: "0".into(),
                    ..PublishForm::default()
                },
            )
        }
    };
    let notice = match q.get("meddelande").map(String::as_str) {
        Some("publicerad") => "ex.notice_published",
        Some("borttagen") => "ex.notice_removed",
        _ => "",
    };
    render(&PublishPage {
        page: Page::new(&ctx, "procurements", ctx.t("ex.publish_title")),
        id: p.id,
        procurement_title: p.title,
        eligible,
        may_publish: may_publish(&ctx),
        published,
        form,
        groups: groups(ctx.lang),
        errors: Vec::new(),
        notice,
    })
}

pub async fn save(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<PublishForm>,
) -> AppResult<Response> {
    if !may_publish(&ctx) {
        return Err(AppError::Forbidden);
    }
    let p = load(&state, &ctx, &id).await?;
    let org = ctx.org_id();
    let errors = check(&form, &ctx.org.name, &p.reference);
    let eligible = state.store.may_publish(org, p.id).await?;
    if !errors.is_empty() || !eligible {
        let published = state.store.own_good_example(org, p.id).await?.map(|e| e.0);
        let mut response = render(&PublishPage {
            page: Page::new(&ctx, "procurements", ctx.t("ex.publish_title")),
            id: p.id,
            procurement_title: p.title,
            eligible,
            may_publish: true,
            published,
            form,
            groups: groups(ctx.lang),
            errors,
            notice: "",
        })?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let input = GoodExampleInput {
        title: form.title.trim().to_string(),
        product_group: form.product_group.trim().to_string(),
        summary: form.summary.trim().to_string(),
        lessons: form.lessons.trim().to_string(),
        anonymised: form.anonymised == "1",
    };
    match state
        .store
        .publish_good_example(org, p.id, &input, Some(ctx.user.id))
        .await?
    {
        Publish::Published(eid) => {
            super::super::spend::audit(
                &state,
                &ctx,
                "good_example.publish",
                &format!("procurement {} example {eid}", p.id),
            )
            .await?;
            Ok(
                Redirect::to(&format!("/upphandlingar/{}/publicera?meddelande=publicerad", p.id))
                    .into_response(),
            )
        }
        Publish::NotFound => Err(AppError::NotFound),
        Publish::NotEligible => Err(AppError::BadRequest(
            "bara en avslutad eller tilldelad upphandling kan publiceras / only a completed or awarded procurement can be published".into(),
        )),
    }
}

pub async fn remove(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if !may_publish(&ctx) {
        return Err(AppError::Forbidden);
    }
    let p = load(&state, &ctx, &id).await?;
    if state
        .store
        .unpublish_good_example(ctx.org_id(), p.id)
        .await?
    {
        super::super::spend::audit(
            &state,
            &ctx,
            "good_example.unpublish",
            &format!("procurement {}", p.id),
        )
        .await?;
    }
    Ok(Redirect::to(&format!(
        "/upphandlingar/{}/publicera?meddelande=borttagen",
        p.id
    ))
    .into_response())
}
