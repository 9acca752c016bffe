//! Upphandlingar: each procurement walked from the need to the contract.
//! A procurement has a current stage with guidance (what to do, why it
//! matters for climate and energy, legal points with sources), a checklist,
//! the roles of the organisation's RACI matrix with the team's names, a
//! climate baseline, the chosen criteria from the library and the tender
//! documents built from them. "Mina uppgifter" gathers, for the signed-in
//! person, the stages they are responsible or accountable for.
//!
//! Every handler scopes by `ctx.org_id()`: another organisation's
//! procurement is "not found". Politicians and coordinators read only; every
//! POST checks that on the server. Every change is audited.

mod baseline;
mod criteria;
mod demo;
mod documents;
mod list;
mod show;
mod stages;
mod tasks;
mod texts;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use upphandla_core::date::Date;
use upphandla_core::process::{self, Stage};
use upphandla_store::{Procurement, ProcurementStatus, RaciOverride, Role};

use super::fmt::kr;
use super::spend::catalogue_name as category_name;
use super::{fmt, path_id};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub use demo::{DEMO_TITLE, seed_demo};
pub use tasks::{TaskLine, task_lines};
pub use texts::TEXTS;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/upphandlingar", get(list::page).post(list::create))
        .route(
            "/upphandlingar/raci",
            get(stages::raci_page).post(stages::raci_save),
        )
        .route("/upphandlingar/raci/aterstall", post(stages::raci_reset))
        .route("/uppgifter", get(tasks::page))
        .route("/upphandlingar/{id}", get(show::page))
        .route(
            "/upphandlingar/{id}/andra",
            get(list::edit_page).post(list::update),
        )
        .route("/upphandlingar/{id}/status", post(list::set_status))
        .route("/upphandlingar/{id}/team", post(show::team_add))
        .route("/upphandlingar/{id}/team/ta-bort", post(show::team_remove))
        .route("/upphandlingar/{id}/steg/{stage}", get(stages::page))
        .route(
            "/upphandlingar/{id}/steg/{stage}/punkt",
            post(stages::toggle),
        )
        .route(
            "/upphandlingar/{id}/steg/{stage}/stang",
            post(stages::close),
        )
        .route(
            "/upphandlingar/{id}/steg/{stage}/oppna",
            post(stages::reopen),
        )
        .route("/upphandlingar/{id}/steg/{stage}/datum", post(stages::due))
        .route(
            "/upphandlingar/{id}/kriterier",
            get(criteria::page).post(criteria::add),
        )
        .route(
            "/upphandlingar/{id}/kriterier/ta-bort",
            post(criteria::remove),
        )
        .route(
            "/upphandlingar/{id}/baslinje",
            get(baseline::page).post(baseline::save),
        )
        .route(
            "/upphandlingar/{id}/baslinje/ta-bort",
            post(baseline::clear),
        )
        .route(
            "/upphandlingar/{id}/baslinje/mangder",
            post(baseline::quantities),
        )
        .route(
            "/upphandlingar/{id}/forfragningsunderlag.docx",
            get(documents::docx),
        )
        .route(
            "/upphandlingar/{id}/forfragningsunderlag.pdf",
            get(documents::pdf),
        )
}

/// The roles of the RACI matrix and the team, in the matrix's order.
pub(crate) fn matrix_roles() -> Vec<Role> {
    process::ROLE_KEYS
        .iter()
        .filter_map(|k| Role::parse(k))
        .collect()
}

fn parse_stage(raw: &str) -> AppResult<Stage> {
    Stage::parse(raw).ok_or(AppError::NotFound)
}

/// The organisation's procurement `raw`, or 404.
pub(crate) async fn load(state: &AppState, ctx: &Ctx, raw: &str) -> AppResult<Procurement> {
    let id = path_id(raw)?;
    state
        .store
        .procurement(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

fn english(lang: Lang) -> bool {
    lang == Lang::En
}

/// A library text written "svenska / English" (exactly one " / " with text
/// on both sides, as `effect_basis` is in data/criteria): the part for
/// `lang`. Any other text is shown as it is.
pub(crate) fn lang_part(text: &str, lang: Lang) -> &str {
    let mut parts = text.split(" / ");
    match (parts.next(), parts.next(), parts.next()) {
        (Some(sv), Some(en), None) if !sv.trim().is_empty() && !en.trim().is_empty() => {
            if english(lang) { en.trim() } else { sv.trim() }
        }
        _ => text,
    }
}

/// The letter of `role` in `stage`: the organisation's adjustment, else the default.
pub(crate) fn letter(overrides: &[RaciOverride], stage: Stage, role: &str) -> Option<&'static str> {
    match overrides
        .iter()
        .find(|o| o.stage == stage.key() && o.role == role)
    {
        Some(o) => upphandla_store::RACI_LETTERS
            .iter()
            .copied()
            .find(|l| *l == o.letter),
        None => process::default_raci(stage, role).map(|r| r.key()),
    }
}

/// The default letter by stage key, as the store's task query takes it.
pub(crate) fn default_letter(stage: &str, role: &str) -> Option<&'static str> {
    process::default_raci(Stage::parse(stage)?, role).map(|r| r.key())
}

fn stage_name(stage_key: &str, lang: Lang) -> String {
    Stage::parse(stage_key)
        .map(|s| s.name().get(english(lang)).to_string())
        .unwrap_or_else(|| stage_key.to_string())
}

fn role_name(role: Role, lang: Lang) -> &'static str {
    lang.t(&format!("role.{}", role.key()))
}

fn status_name(status: ProcurementStatus, lang: Lang) -> &'static str {
    lang.t(&format!("proc.status_{}", status.key()))
}

fn ambition_name(key: Option<&str>, lang: Lang) -> String {
    key.and_then(upphandla_core::criteria::Ambition::parse)
        .map(|a| {
            let (sv, en) = a.name();
            if english(lang) { en } else { sv }.to_string()
        })
        .unwrap_or_default()
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn period_text(p: &Procurement) -> String {
    match (p.contract_start, p.contract_end) {
        (None, None) => String::new(),
        (a, b) => format!("{} – {}", date_text(a), date_text(b)),
    }
}

/// Checklist items whose state follows from the procurement's own data
/// rather than from a tick: done when the data is there, whatever the
/// stored tick says. Key → (is it there, the page where it is set).
/// Keys are core::process's (behovsanalys).
pub(crate) fn done_from_data(p: &Procurement, key: &str) -> Option<(bool, String)> {
    match key {
        "ambitionsniva_klimat" => Some((
            p.ambition.is_some(),
            format!("/upphandlingar/{}/andra", p.id),
        )),
        "varde_och_forfarande" => Some((
            p.estimated_value.0 > 0,
            format!("/upphandlingar/{}/andra", p.id),
        )),
        "klimatbaslinje" => Some((
            p.baseline.is_some(),
            format!("/upphandlingar/{}/baslinje", p.id),
        )),
        _ => None,
    }
}

/// The item is done by the procurement's data (see [`done_from_data`]).
pub(crate) fn done_by_data(p: &Procurement, key: &str) -> bool {
    done_from_data(p, key).is_some_and(|(done, _)| done)
}

/// Writes a change by the signed-in user to the audit log.
async fn audit(state: &AppState, ctx: &Ctx, action: &str, detail: &str) -> AppResult<()> {
    super::spend::audit(state, ctx, action, detail).await
}

/// Only the roles that may change the organisation's data.
fn require_edit(ctx: &Ctx) -> AppResult<()> {
    ctx.require_edit()
}

/// Changes to an ended procurement are refused, except reopening a stage
/// and setting the status.
fn require_active(p: &Procurement) -> AppResult<()> {
    if p.status == ProcurementStatus::Active {
        Ok(())
    } else {
        Err(AppError::BadRequest(
            "upphandlingen är avslutad eller avbruten / the procurement has ended or was cancelled"
                .into(),
        ))
    }
}

/// The step list shown on every procurement page.
pub struct Step {
    pub key: &'static str,
    pub name: &'static str,
    pub n: usize,
    pub current: bool,
    pub closed: bool,
    /// The stage shown on this page.
    pub shown: bool,
}

fn stepper(
    p: &Procurement,
    stages: &[upphandla_store::StageRow],
    shown: Option<Stage>,
    lang: Lang,
) -> Vec<Step> {
    Stage::ALL
        .iter()
        .map(|s| Step {
            key: s.key(),
            name: s.name().get(english(lang)),
            n: s.index() + 1,
            current: p.stage == s.key() && p.status == ProcurementStatus::Active,
            closed: stages
                .iter()
                .any(|r| r.stage == s.key() && r.closed_at.is_some()),
            shown: shown == Some(*s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilingual_texts_show_the_page_language() {
        let both = "38,5 % av fordonen; elens utsläpp ingår inte. / 38.5 % of the vehicles; electricity not included.";
        assert_eq!(
            lang_part(both, Lang::Sv),
            "38,5 % av fordonen; elens utsläpp ingår inte."
        );
        assert_eq!(
            lang_part(both, Lang::En),
            "38.5 % of the vehicles; electricity not included."
        );
        // Swedish only, several slashes, an empty side: as it is.
        let sv = "Kravnivån själv: minst 10 % under referensbyggnaden.";
        assert_eq!(lang_part(sv, Lang::En), sv);
        let many = "a / b / c";
        assert_eq!(lang_part(many, Lang::Sv), many);
        assert_eq!(lang_part("a / ", Lang::En), "a / ");
        assert_eq!(lang_part("A1/A5", Lang::En), "A1/A5");
    }

    #[test]
    fn the_shipped_effect_bases_split_cleanly() {
        for c in &upphandla_formats::criteria::default_library().criteria {
            let Some(basis) = c.effect_basis.as_deref() else {
                continue;
            };
            let sv = lang_part(basis, Lang::Sv);
            let en = lang_part(basis, Lang::En);
            assert!(!sv.is_empty() && !en.is_empty(), "{}", c.id);
            if sv != en {
                assert!(!sv.contains(" / ") && !en.contains(" / "), "{}", c.id);
            }
        }
    }
}
