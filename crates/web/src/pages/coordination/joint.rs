//! `/samordning/samverkan?fran=…&till=…`: shared contracts of two or more
//! members in the same spend category or CPV group that end in the chosen
//! window (default: today and the next 18 months), with the combined value.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use upphandla_core::date::Date;
use upphandla_store::MatchKey;

use super::super::fmt::kr;
use super::super::{Page, render};
use super::{category_name, refuse};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

/// The default window: the next 18 months.
pub const DEFAULT_MONTHS: i32 = 18;

pub struct ContractLine {
    pub org: String,
    pub title: String,
    pub supplier: String,
    pub cpv: String,
    pub end: String,
    pub final_end: String,
    pub value: String,
}

pub struct Group {
    pub heading: String,
    pub basis: &'static str,
    pub orgs: String,
    pub contracts: Vec<ContractLine>,
    pub combined: String,
    pub unknown: usize,
}

#[derive(Template)]
#[template(path = "coordination_joint.html")]
struct JointPage {
    page: Page,
    from: String,
    to: String,
    errors: Vec<&'static str>,
    groups: Vec<Group>,
    /// Shared contracts in all (in or out of the window).
    shared_contracts: usize,
}

/// A date from the query: empty → the default; bad → an error key and the default.
fn date_param(
    q: &HashMap<String, String>,
    key: &str,
    default: Date,
    error: &'static str,
    errors: &mut Vec<&'static str>,
) -> (Date, String) {
    match q.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => (default, default.to_string()),
        Some(text) => match Date::parse_iso(text) {
            Some(d) => (d, d.to_string()),
            None => {
                errors.push(error);
                (default, text.to_string())
            }
        },
    }
}

pub async fn page(
    ctx: Ctx,
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    if let Some(r) = refuse(&ctx)? {
        return Ok(r);
    }
    let lang = ctx.lang;
    let today = state.clock.today();
    let default_to = today.add_months(DEFAULT_MONTHS).unwrap_or(today);
    let mut errors = Vec::new();
    let (mut from, from_text) = date_param(&q, "fran", today, "coord.err_from", &mut errors);
    let (mut to, to_text) = date_param(&q, "till", default_to, "coord.err_to", &mut errors);
    if errors.is_empty() && to < from {
        errors.push("coord.err_order");
        (from, to) = (today, default_to);
    }
    let contracts = state.store.coordinator_contracts(ctx.org_id()).await?;
    let opportunities = upphandla_store::joint_opportunities(&contracts, from, to);
    let groups = opportunities
        .into_iter()
        .map(|o| Group {
            heading: match &o.key {
                MatchKey::Category(id) => category_name(id, lang),
                MatchKey::CpvGroup(g) => format!("CPV {g}…"),
            },
            basis: match o.key {
                MatchKey::Category(_) => "coord.basis_category",
                MatchKey::CpvGroup(_) => "coord.basis_cpv",
            },
            orgs: o
                .orgs
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            contracts: o
                .contracts
                .iter()
                .map(|c| ContractLine {
                    org: c.org_name.clone(),
                    title: c.title.clone(),
                    supplier: c.supplier_name.clone(),
                    cpv: c.cpv.clone(),
                    end: c.end_date.map(|d| d.to_string()).unwrap_or_default(),
                    final_end: c
                        .final_end_date
                        .filter(|f| Some(*f) != c.end_date)
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "–".into()),
                    value: c.value.map(|v| kr(v.0)).unwrap_or_else(|| "–".into()),
                })
                .collect(),
            combined: kr(o.combined_value.0),
            unknown: o.unknown_values,
        })
        .collect();
    render(&JointPage {
        page: Page::new(&ctx, "coordination", lang.t("coord.joint_title")),
        from: from_text,
        to: to_text,
        errors,
        groups,
        shared_contracts: contracts.len(),
    })
}
