//! The register: every contract of the organisation, ending first first,
//! filtered by text, category and "ends within".

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use upphandla_core::date::Date;
use upphandla_store::Contract;

use super::super::{Page, render};
use super::{ACTIVE, Line, category_name, line, may_edit};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Free text: title, reference, supplier, org. number or CPV.
    pub q: String,
    pub kategori: String,
    /// Months: the last end date (with options) within this many months.
    pub inom: String,
    pub meddelande: String,
    pub antal: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "contract_list.html")]
struct ListPage {
    page: Page,
    may_edit: bool,
    lines: Vec<Line>,
    total: usize,
    q: String,
    categories: Vec<Choice>,
    windows: Vec<Choice>,
    filtered: bool,
    notice: &'static str,
    /// Contracts just imported (shown with the notice).
    imported: String,
}

const WINDOWS: [i32; 4] = [6, 12, 24, 36];

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(filter): Query<Filter>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let today = state.clock.today();
    let contracts = state.store.contracts(ctx.org_id()).await?;
    let total = contracts.len();
    let text = filter.q.trim().to_lowercase();
    let category = filter.kategori.trim();
    let window: Option<i32> = filter
        .inom
        .trim()
        .parse()
        .ok()
        .filter(|m| WINDOWS.contains(m));
    let limit = window.and_then(|m| today.add_months(m));
    let lines: Vec<Line> = contracts
        .iter()
        .filter(|c| matches(c, &text, category, today, limit))
        .map(|c| line(c, today, lang))
        .collect();
    // Categories in use, so the filter offers only what can match.
    let mut used: Vec<&str> = contracts
        .iter()
        .map(|c| c.category.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    used.sort_unstable();
    used.dedup();
    let mut categories = vec![Choice {
        value: String::new(),
        label: lang.t("contracts.filter_all").to_string(),
        selected: category.is_empty(),
    }];
    categories.extend(used.iter().map(|id| Choice {
        value: (*id).to_string(),
        label: category_name(id, lang),
        selected: *id == category,
    }));
    let mut windows = vec![Choice {
        value: String::new(),
        label: lang.t("contracts.filter_any").to_string(),
        selected: window.is_none(),
    }];
    windows.extend(WINDOWS.iter().map(|m| Choice {
        value: m.to_string(),
        label: format!("{m} {}", lang.t("contracts.months")),
        selected: window == Some(*m),
    }));
    let notice = match filter.meddelande.as_str() {
        "borttaget" => "contracts.notice_deleted",
        "importerat" => "contracts.notice_imported",
        _ => "",
    };
    let imported = filter
        .antal
        .parse::<usize>()
        .map(|n| n.to_string())
        .unwrap_or_default();
    render(&ListPage {
        page: Page::new(&ctx, ACTIVE, lang.t("contracts.title")),
        may_edit: may_edit(&ctx),
        filtered: !text.is_empty() || !category.is_empty() || window.is_some(),
        lines,
        total,
        q: filter.q.trim().to_string(),
        categories,
        windows,
        notice,
        imported,
    })
}

/// The register's filter, shared by /avtal and /api/v1/contracts: `text`
/// (lowercase) in title, reference, supplier, org. number, CPV or options;
/// the spend category; a last possible end between today and `limit`.
pub(crate) fn matches(
    c: &Contract,
    text: &str,
    category: &str,
    today: Date,
    limit: Option<Date>,
) -> bool {
    (text.is_empty()
        || [
            &c.title,
            &c.reference,
            &c.supplier_name,
            &c.supplier_orgnr,
            &c.cpv,
            &c.options_note,
        ]
        .iter()
        .any(|f| f.to_lowercase().contains(text)))
        && (category.is_empty() || c.category == category)
        && limit.is_none_or(|l| c.final_end_date >= today && c.final_end_date <= l)
}
