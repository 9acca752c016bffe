//! Criteria for a procurement: the product groups the library suggests from
//! its CPV codes and spend category, filtered by level and type, added and
//! removed; the chosen list shows the version chosen and marks criteria due
//! for review or changed since.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::criteria::{Ambition, Criterion, CriterionType, Filter, Library};
use upphandla_formats::criteria::default_library;

use super::super::{Page, fmt, render};
use super::list::Choice;
use super::{audit, english, load, require_active, require_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CriteriaQuery {
    pub grupp: String,
    pub niva: String,
    pub typ: String,
    pub text: String,
}

impl CriteriaQuery {
    /// The query string that shows the same filter again.
    fn encoded(&self) -> String {
        let enc = crate::auth::url_encode;
        format!(
            "grupp={}&niva={}&typ={}&text={}",
            enc(&self.grupp),
            enc(&self.niva),
            enc(&self.typ),
            enc(&self.text)
        )
    }
}

pub struct CriterionView {
    pub id: String,
    pub title: String,
    pub group: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub version: u32,
    pub text: String,
    pub proof: String,
    pub follow_up: String,
    pub follow_up_when: &'static str,
    pub effect: String,
    pub reduction: String,
    pub effect_basis: String,
    pub review_by: String,
    pub stale: bool,
    pub chosen: bool,
}

pub struct ChosenView {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub version: u32,
    /// The library's version now, when it differs from the chosen one.
    pub newer: Option<u32>,
    pub stale: bool,
    pub review_by: String,
    pub missing: bool,
    pub reduction: String,
}

fn pair(p: (&'static str, &'static str), lang: Lang) -> &'static str {
    if english(lang) { p.1 } else { p.0 }
}

fn percent(r: Option<f64>) -> String {
    r.map(fmt::percent_sv).unwrap_or_default()
}

pub(super) fn criterion_view(
    library: &Library,
    c: &Criterion,
    chosen: bool,
    today: upphandla_core::date::Date,
    lang: Lang,
) -> CriterionView {
    let en = english(lang);
    CriterionView {
        id: c.id.clone(),
        title: c.title.get(en).to_string(),
        group: library
            .group(&c.group)
            .map(|g| g.name.get(en).to_string())
            .unwrap_or_else(|| c.group.clone()),
        kind: pair(c.kind.name(), lang),
        level: pair(c.level.name(), lang),
        version: c.version,
        text: c.text.get(en).to_string(),
        proof: c.proof.get(en).to_string(),
        follow_up: c.follow_up.get(en).to_string(),
        follow_up_when: pair(c.follow_up_when.name(), lang),
        effect: c.effect.get(en).to_string(),
        reduction: percent(c.effect_reduction),
        effect_basis: super::lang_part(c.effect_basis.as_deref().unwrap_or_default(), lang)
            .to_string(),
        review_by: c.review_by.to_string(),
        stale: Library::is_stale(c, today),
        chosen,
    }
}

#[derive(Template)]
#[template(path = "procurement_criteria.html")]
struct CriteriaPage {
    page: Page,
    id: i64,
    title: String,
    active: bool,
    chosen: Vec<ChosenView>,
    suggested: Vec<(String, String)>,
    groups: Vec<Choice>,
    levels: Vec<Choice>,
    kinds: Vec<Choice>,
    text: String,
    results: Vec<CriterionView>,
    group_chosen: bool,
    query: CriteriaQuery,
    expected: String,
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<CriteriaQuery>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    let lang = ctx.lang;
    let en = english(lang);
    let today = state.clock.today();
    let library = default_library();
    let stored = state.store.procurement_criteria(ctx.org_id(), p.id).await?;
    let chosen: Vec<ChosenView> = stored
        .iter()
        .map(|s| match library.criterion(&s.criterion_id) {
            Some(c) => ChosenView {
                id: c.id.clone(),
                title: c.title.get(en).to_string(),
                kind: pair(c.kind.name(), lang),
                level: pair(c.level.name(), lang),
                version: s.version,
                newer: (c.version != s.version).then_some(c.version),
                stale: Library::is_stale(c, today),
                review_by: c.review_by.to_string(),
                missing: false,
                reduction: percent(c.effect_reduction),
            },
            None => ChosenView {
                id: s.criterion_id.clone(),
                title: s.criterion_id.clone(),
                kind: "",
                level: "",
                version: s.version,
                newer: None,
                stale: true,
                review_by: String::new(),
                missing: true,
                reduction: String::new(),
            },
        })
        .collect();
    let chosen_refs: Vec<&Criterion> = stored
        .iter()
        .filter_map(|s| library.criterion(&s.criterion_id))
        .collect();
    let expected = percent(upphandla_core::criteria::expected_reduction(&chosen_refs));
    let category = Some(p.spend_category.as_str()).filter(|c| !c.is_empty());
    let suggestions = library.suggest(&p.cpv_codes, category);
    // The group shown: the one asked for, else the best suggestion.
    let group = if q.grupp.is_empty() {
        suggestions
            .first()
            .map(|g| g.id.clone())
            .unwrap_or_default()
    } else {
        q.grupp.clone()
    };
    let level = Ambition::parse(&q.niva);
    let kind = CriterionType::parse(&q.typ);
    let text = q.text.trim().to_string();
    let group_chosen = !group.is_empty() && library.group(&group).is_some();
    let results = if group_chosen || !text.is_empty() {
        library
            .search(&Filter {
                group: group_chosen.then(|| group.clone()),
                cpv: None,
                kind,
                level,
                text: (!text.is_empty()).then(|| text.clone()),
            })
            .into_iter()
            .map(|c| {
                let is_chosen = stored.iter().any(|s| s.criterion_id == c.id);
                criterion_view(library, c, is_chosen, today, lang)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut groups = vec![Choice {
        value: String::new(),
        label: lang.t("proc.crit_all_groups").to_string(),
        selected: !group_chosen,
    }];
    for g in &library.groups {
        groups.push(Choice {
            value: g.id.clone(),
            label: g.name.get(en).to_string(),
            selected: group_chosen && g.id == group,
        });
    }
    let mut levels = vec![Choice {
        value: String::new(),
        label: lang.t("proc.crit_all_levels").to_string(),
        selected: level.is_none(),
    }];
    for a in [Ambition::Bas, Ambition::Avancerad, Ambition::Spjutspets] {
        levels.push(Choice {
            value: a.key().to_string(),
            label: pair(a.name(), lang).to_string(),
            selected: level == Some(a),
        });
    }
    let mut kinds = vec![Choice {
        value: String::new(),
        label: lang.t("proc.crit_all_kinds").to_string(),
        selected: kind.is_none(),
    }];
    for k in [
        CriterionType::Kvalificeringskrav,
        CriterionType::TekniskSpecifikation,
        CriterionType::Tilldelningskriterium,
        CriterionType::Kontraktsvillkor,
    ] {
        kinds.push(Choice {
            value: k.key().to_string(),
            label: pair(k.name(), lang).to_string(),
            selected: kind == Some(k),
        });
    }
    let query = CriteriaQuery {
        grupp: if group_chosen { group } else { String::new() },
        niva: level.map(|l| l.key().to_string()).unwrap_or_default(),
        typ: kind.map(|k| k.key().to_string()).unwrap_or_default(),
        text: text.clone(),
    };
    let page = CriteriaPage {
        page: Page::new(&ctx, "procurements", lang.t("proc.crit_title")),
        id: p.id,
        title: p.title.clone(),
        active: p.status == upphandla_store::ProcurementStatus::Active,
        chosen,
        suggested: suggestions
            .iter()
            .map(|g| (g.id.clone(), g.name.get(en).to_string()))
            .collect(),
        groups,
        levels,
        kinds,
        text,
        results,
        group_chosen,
        query,
        expected,
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    criterion: String,
    #[serde(default)]
    grupp: String,
    #[serde(default)]
    niva: String,
    #[serde(default)]
    typ: String,
    #[serde(default)]
    text: String,
}

impl ChooseForm {
    fn back(&self, id: i64) -> String {
        let q = CriteriaQuery {
            grupp: self.grupp.clone(),
            niva: self.niva.clone(),
            typ: self.typ.clone(),
            text: self.text.clone(),
        };
        format!("/upphandlingar/{id}/kriterier?{}#valda", q.encoded())
    }
}

pub async fn add(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<ChooseForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    require_active(&p)?;
    let c = default_library()
        .criterion(&form.criterion)
        .ok_or_else(|| AppError::BadRequest("okänt kriterium / unknown criterion".into()))?;
    state
        .store
        .add_procurement_criterion(ctx.org_id(), p.id, &c.id, c.version, ctx.user.id)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.criterion_add",
        &format!("{}: {} v{}", p.id, c.id, c.version),
    )
    .await?;
    Ok(Redirect::to(&form.back(p.id)).into_response())
}

pub async fn remove(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Form(form): Form<ChooseForm>,
) -> AppResult<Response> {
    let p = load(&state, &ctx, &id).await?;
    require_edit(&ctx)?;
    require_active(&p)?;
    state
        .store
        .remove_procurement_criterion(ctx.org_id(), p.id, &form.criterion)
        .await?;
    audit(
        &state,
        &ctx,
        "procurement.criterion_remove",
        &format!("{}: {}", p.id, form.criterion),
    )
    .await?;
    Ok(Redirect::to(&form.back(p.id)).into_response())
}
