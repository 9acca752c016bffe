//! `/samordning/kravnivaer`: per product group, the requirement levels each
//! member chose in its shared procurements (criteria from the library →
//! group and ambition level), and which members procured in a group without
//! any climate criterion of it.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use upphandla_core::criteria::Ambition;
use upphandla_store::{LevelCell, OrgId};

use super::super::{Page, render};
use super::{group_name, refuse};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

pub struct Cell {
    /// "bas 2, avancerad 1", or empty.
    pub levels: String,
    /// Shared procurements in the group without a criterion of it.
    pub without: usize,
    pub procurements: usize,
}

pub struct GroupRow {
    pub name: String,
    pub cells: Vec<Cell>,
    /// Members with shared procurements in the group and no criterion at all.
    pub no_criteria: String,
}

#[derive(Template)]
#[template(path = "coordination_levels.html")]
struct LevelsPage {
    page: Page,
    orgs: Vec<String>,
    groups: Vec<GroupRow>,
    shared: usize,
}

fn level_name(a: Ambition, lang: Lang) -> &'static str {
    let (sv, en) = a.name();
    if lang == Lang::En { en } else { sv }
}

fn cell_text(cell: &LevelCell, lang: Lang) -> String {
    cell.levels
        .iter()
        .map(|(level, n)| format!("{} {n}", level_name(*level, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn page(ctx: Ctx, State(state): State<Arc<AppState>>) -> AppResult<Response> {
    if let Some(r) = refuse(&ctx)? {
        return Ok(r);
    }
    let lang = ctx.lang;
    let coordinator = ctx.org_id();
    let members = state.store.coordinated_members(coordinator).await?;
    let shared = state.store.coordinator_procurements(coordinator).await?;
    let library = upphandla_formats::criteria::default_library();
    let table = upphandla_store::level_comparison(
        &shared,
        |id| library.criterion(id).map(|c| (c.group.clone(), c.level)),
        // The closest-matching product group of the procurement's CPV codes
        // or spend category (as the criteria page suggests it).
        |p| {
            let category = (!p.spend_category.is_empty()).then_some(p.spend_category.as_str());
            library
                .suggest(&p.cpv_codes, category)
                .first()
                .map(|g| vec![g.id.clone()])
                .unwrap_or_default()
        },
    );
    // Library order for the groups.
    let groups = library
        .groups
        .iter()
        .filter_map(|g| {
            let row = table.get(&g.id)?;
            let cells: Vec<Cell> = members
                .iter()
                .map(|m| match row.get(&m.id) {
                    Some(c) => Cell {
                        levels: cell_text(c, lang),
                        without: c.without_criteria,
                        procurements: c.procurements,
                    },
                    None => Cell {
                        levels: String::new(),
                        without: 0,
                        procurements: 0,
                    },
                })
                .collect();
            let no_criteria: Vec<&str> = members
                .iter()
                .filter(|m| {
                    row.get(&m.id)
                        .is_some_and(|c: &LevelCell| c.levels.is_empty() && c.procurements > 0)
                })
                .map(|m| m.name.as_str())
                .collect();
            Some(GroupRow {
                name: group_name(&g.id, lang),
                cells,
                no_criteria: no_criteria.join(", "),
            })
        })
        .collect();
    let _: Option<OrgId> = None;
    render(&LevelsPage {
        page: Page::new(&ctx, "coordination", lang.t("coord.levels_title")),
        orgs: members.into_iter().map(|m| m.name).collect(),
        groups,
        shared: shared.len(),
    })
}
