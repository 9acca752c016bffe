//! `/uppfoljning`: follow-up items overdue or due within 30 days for the
//! signed-in person's roles (or a chosen role, or all), across the
//! organisation's contracts, most urgent first; and the open deviations,
//! those past their deadline first.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use upphandla_core::followup::DUE_SOON_DAYS;
use upphandla_store::Role;

use super::super::{Page, render};
use super::plan::{Choice, DeviationLine, deviation_line};
use super::{ACTIVE, frequency_name, limit_text, role_name};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

pub struct DueLine {
    pub contract_id: i64,
    pub contract: String,
    pub supplier: String,
    pub what: String,
    pub frequency: String,
    pub role: String,
    pub limit: String,
    pub next_due: String,
    pub overdue: bool,
    pub days: i32,
}

#[derive(Template)]
#[template(path = "followup_due.html")]
struct DuePage {
    page: Page,
    roles: Vec<Choice>,
    items: Vec<DueLine>,
    overdue: usize,
    deviations: Vec<(i64, String, DeviationLine)>,
    soon_days: i32,
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let chosen = q.get("roll").map(String::as_str).unwrap_or("mina");
    // "mina": the person's roles; an admin sees every role's items.
    let roles: Vec<Role> = match chosen {
        "alla" => Vec::new(),
        "mina" if ctx.has(Role::Admin) => Vec::new(),
        "mina" => ctx.roles.clone(),
        key => Role::parse(key).into_iter().collect(),
    };
    // A person without any role filter match sees nothing rather than everything.
    let items = if chosen == "mina" && roles.is_empty() && !ctx.has(Role::Admin) {
        Vec::new()
    } else {
        state.store.due_items(ctx.org_id(), today, &roles).await?
    };
    let mut choices = vec![
        Choice {
            value: "mina".into(),
            label: ctx.t("fu.roles_mine").into(),
            selected: chosen == "mina",
        },
        Choice {
            value: "alla".into(),
            label: ctx.t("fu.roles_all").into(),
            selected: chosen == "alla",
        },
    ];
    choices.extend(
        Role::ALL
            .iter()
            .filter(|r| **r != Role::Samordnare)
            .map(|r| Choice {
                value: r.key().into(),
                label: role_name(r.key(), lang),
                selected: chosen == r.key(),
            }),
    );
    let lines: Vec<DueLine> = items
        .iter()
        .map(|d| DueLine {
            contract_id: d.item.contract_id,
            contract: d.contract_title.clone(),
            supplier: d.supplier_name.clone(),
            what: d.item.what.clone(),
            frequency: frequency_name(&d.item.frequency, lang),
            role: role_name(&d.item.role, lang),
            limit: limit_text(&d.item),
            next_due: d.item.next_due.map(|x| x.to_string()).unwrap_or_default(),
            overdue: d.overdue,
            days: d.item.next_due.map_or(0, |x| today.days_until(x).abs()),
        })
        .collect();
    let mut deviations: Vec<(i64, String, DeviationLine)> = state
        .store
        .open_deviations(ctx.org_id())
        .await?
        .iter()
        .map(|d| {
            (
                d.contract_id,
                d.contract_title.clone(),
                deviation_line(d, today, lang),
            )
        })
        .collect();
    // Past the deadline first; the store's order (deadline) within each group.
    deviations.sort_by_key(|(_, _, d)| !d.overdue);
    render(&DuePage {
        page: Page::new(&ctx, ACTIVE, ctx.t("fu.due_title")),
        roles: choices,
        overdue: lines.iter().filter(|l| l.overdue).count(),
        items: lines,
        deviations,
        soon_days: DUE_SOON_DAYS,
    })
}
