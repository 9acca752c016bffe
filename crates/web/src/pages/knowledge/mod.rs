//! Kunskap per roll: guidance for each role (core::process::roles) — an
//! overview that helps a person find their role, and a page per role with
//! responsibility, decisions, the work in each stage with the letter of the
//! organisation's role matrix, what to ask for, pitfalls, the sourced facts
//! and links to where in upphandla the role works. The signed-in person's
//! own roles are marked. The content is the same for every organisation;
//! only the matrix letters are the organisation's own (its adjustments of
//! the default RACI), read with its id.

mod texts;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use upphandla_core::process::roles::{self, RoleGuide};
use upphandla_core::process::{Raci, Stage, Text, default_raci};
use upphandla_store::Role;

use super::{Page, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub use texts::TEXTS;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/kunskap", get(index))
        .route("/kunskap/{roll}", get(role_page))
}

fn english(lang: Lang) -> bool {
    lang == Lang::En
}

/// The signed-in person holds the role in the current organisation.
fn is_mine(ctx: &Ctx, key: &str) -> bool {
    Role::parse(key).is_some_and(|r| ctx.has(r))
}

/// A multi-line text as its points.
fn points(text: Text, en: bool) -> Vec<&'static str> {
    text.get(en)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A stage text without its leading "Utför: " etc. when the table shows
/// the letter in its own column (the texts name the default letter so they
/// read on their own elsewhere).
pub fn without_letter_name(text: &'static str, en: bool, in_matrix: bool) -> String {
    if in_matrix {
        for r in Raci::ALL {
            if let Some(rest) = text
                .strip_prefix(r.name().get(en))
                .and_then(|t| t.strip_prefix(": "))
            {
                let mut chars = rest.chars();
                if let Some(first) = chars.next() {
                    return first.to_uppercase().chain(chars).collect();
                }
            }
        }
    }
    text.to_string()
}

pub struct RoleCard {
    pub key: &'static str,
    pub name: &'static str,
    pub who: &'static str,
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "knowledge_index.html")]
struct IndexPage {
    page: Page,
    roles: Vec<RoleCard>,
    /// Names of the person's roles that have guidance, joined.
    mine: String,
}

async fn index(ctx: Ctx) -> AppResult<Response> {
    let en = english(ctx.lang);
    let roles: Vec<RoleCard> = roles::role_guides()
        .iter()
        .map(|r| RoleCard {
            key: r.key,
            name: r.name.get(en),
            who: r.who.get(en),
            mine: is_mine(&ctx, r.key),
        })
        .collect();
    let mine = roles
        .iter()
        .filter(|r| r.mine)
        .map(|r| r.name)
        .collect::<Vec<_>>()
        .join(", ");
    render(&IndexPage {
        page: Page::new(&ctx, "knowledge", ctx.t("know.title")),
        roles,
        mine,
    })
}

pub struct StageRow {
    pub key: &'static str,
    pub name: &'static str,
    /// The organisation's letter, "" for none.
    pub letter: &'static str,
    /// The letter's meaning, "" for none.
    pub letter_name: &'static str,
    /// The default letter when the organisation has changed it.
    pub changed_from: Option<&'static str>,
    pub what: String,
}

pub struct PageLink {
    pub href: &'static str,
    pub name: &'static str,
    pub what: &'static str,
}

pub struct FactLine {
    pub text: &'static str,
    pub source: &'static str,
}

#[derive(Template)]
#[template(path = "knowledge_role.html")]
struct RolePage {
    page: Page,
    key: &'static str,
    name: &'static str,
    who: &'static str,
    mine: bool,
    responsibility: Vec<&'static str>,
    decisions: Vec<&'static str>,
    stages: Vec<StageRow>,
    /// The role is in the organisation's matrix (not the coordinator).
    in_matrix: bool,
    ask: Vec<&'static str>,
    pitfalls: Vec<&'static str>,
    facts: Vec<FactLine>,
    links: Vec<PageLink>,
    others: Vec<RoleCard>,
}

async fn role_page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let guide: &RoleGuide = roles::role_guide(&raw).ok_or(AppError::NotFound)?;
    let en = english(ctx.lang);
    let in_matrix = upphandla_core::process::ROLE_KEYS.contains(&guide.key);
    let overrides = if in_matrix {
        state.store.org_raci(ctx.org_id()).await?
    } else {
        Vec::new()
    };
    let stages = Stage::ALL
        .into_iter()
        .map(|stage| {
            let letter = if in_matrix {
                super::procurements::letter(&overrides, stage, guide.key).unwrap_or("")
            } else {
                ""
            };
            let default = default_raci(stage, guide.key)
                .map(|r| r.key())
                .unwrap_or("");
            StageRow {
                key: stage.key(),
                name: stage.name().get(en),
                letter,
                letter_name: Raci::parse(letter).map(|r| r.name().get(en)).unwrap_or(""),
                changed_from: (in_matrix && letter != default).then_some(default),
                what: without_letter_name(guide.stage(stage).get(en), en, in_matrix),
            }
        })
        .collect();
    let page = RolePage {
        page: Page::new(&ctx, "knowledge", guide.name.get(en)),
        key: guide.key,
        name: guide.name.get(en),
        who: guide.who.get(en),
        mine: is_mine(&ctx, guide.key),
        responsibility: points(guide.responsibility, en),
        decisions: points(guide.decisions, en),
        stages,
        in_matrix,
        ask: points(guide.ask, en),
        pitfalls: points(guide.pitfalls, en),
        facts: guide
            .facts
            .iter()
            .map(|f| FactLine {
                text: f.text.get(en),
                source: f.source,
            })
            .collect(),
        links: guide
            .pages
            .iter()
            .map(|p| PageLink {
                href: p.href,
                name: p.name.get(en),
                what: p.what.get(en),
            })
            .collect(),
        others: roles::role_guides()
            .iter()
            .filter(|r| r.key != guide.key)
            .map(|r| RoleCard {
                key: r.key,
                name: r.name.get(en),
                who: r.who.get(en),
                mine: is_mine(&ctx, r.key),
            })
            .collect(),
    };
    render(&page)
}
