//! Avtal: the organisation's contract register. Contracts come from a file
//! (CSV or Excel), from an award in upphandla (when the contract is signed)
//! or are entered by hand. The register lists and filters them, the expiry
//! calendar shows what ends in the next 24 months (and when the next
//! procurement must start), and an iCalendar file puts the dates in the
//! user's own calendar.
//!
//! Every handler scopes by `ctx.org_id()`: another organisation's contract
//! is "not found". Upphandlare, avtalsansvarig and admin change the
//! register; everyone else (also politicians and coordinators) reads. Every
//! change is audited.

mod award;
mod calendar;
mod demo;
mod form;
mod import;
mod list;
mod show;
mod texts;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use upphandla_core::date::Date;
use upphandla_store::{Contract, Role};

use super::spend::catalogue_name as category_name;
use super::{fmt, path_id};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

pub use award::create_from_award;
pub use demo::seed_demo;
pub(crate) use list::matches;
pub use texts::TEXTS;

/// The nav id of every contract page.
const ACTIVE: &str = "contracts";

/// A procurement takes 3–12 months from preparation to contract (process
/// facts §A): a contract whose last end date is this close is highlighted
/// as "start the next procurement now" (see docs/decisions.md).
pub const URGENT_MONTHS: i32 = 6;
/// … and this close as "plan the next procurement".
pub const PLAN_MONTHS: i32 = 12;
/// Months the expiry calendar covers.
pub const CALENDAR_MONTHS: i32 = 24;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/avtal", get(list::page))
        .route("/avtal/ny", get(form::new_page).post(form::create))
        .route("/avtal/importera", get(import::page).post(import::upload))
        .route("/avtal/importera/bekrafta", post(import::confirm))
        .route("/avtal/importera/mall.csv", get(import::template))
        .route("/avtal/kalender", get(calendar::page))
        .route("/avtal/kalender.ics", get(calendar::ics))
        .route("/avtal/{id}", get(show::page))
        .route("/avtal/{id}/andra", get(form::edit_page).post(form::update))
        .route(
            "/avtal/{id}/ta-bort",
            get(show::delete_page).post(show::delete),
        )
        .route("/avtal/{id}/dela", post(show::share))
}

/// Upphandlare, avtalsansvarig and admin keep the register.
pub(crate) fn may_edit(ctx: &Ctx) -> bool {
    [Role::Upphandlare, Role::Avtalsansvarig, Role::Admin]
        .into_iter()
        .any(|r| ctx.has(r))
}

fn require_edit(ctx: &Ctx) -> AppResult<()> {
    if may_edit(ctx) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The organisation's contract `raw`, or 404.
pub(crate) async fn load(state: &AppState, ctx: &Ctx, raw: &str) -> AppResult<Contract> {
    let id = path_id(raw)?;
    state
        .store
        .contract(ctx.org_id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn audit(state: &AppState, ctx: &Ctx, action: &str, detail: &str) -> AppResult<()> {
    super::spend::audit(state, ctx, action, detail).await
}

/// `1 234 567 kr`, or empty.
fn kr(ore: Option<i64>) -> String {
    ore.map(fmt::kr).unwrap_or_default()
}

/// How soon a contract needs attention, judged on its dates and today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Ended (the last end date has passed).
    Ended,
    /// The last possible end is within [`URGENT_MONTHS`]: start the next procurement now.
    StartNow,
    /// The current term ends within [`URGENT_MONTHS`] and options remain: decide on them.
    DecideOption,
    /// The last possible end is within [`PLAN_MONTHS`]: plan the next procurement.
    Plan,
    None,
}

impl Urgency {
    pub fn of(c: &Contract, today: Date) -> Urgency {
        let within =
            |months: i32, d: Date| today.add_months(months).is_some_and(|limit| d <= limit);
        if c.final_end_date < today {
            Urgency::Ended
        } else if within(URGENT_MONTHS, c.final_end_date) {
            Urgency::StartNow
        } else if c.end_date >= today
            && c.end_date < c.final_end_date
            && within(URGENT_MONTHS, c.end_date)
        {
            Urgency::DecideOption
        } else if within(PLAN_MONTHS, c.final_end_date) {
            Urgency::Plan
        } else {
            Urgency::None
        }
    }

    /// Text key, empty for none.
    pub fn key(self) -> &'static str {
        match self {
            Urgency::Ended => "contracts.urgency_ended",
            Urgency::StartNow => "contracts.urgency_start",
            Urgency::DecideOption => "contracts.urgency_option",
            Urgency::Plan => "contracts.urgency_plan",
            Urgency::None => "",
        }
    }

    /// CSS class of the highlight.
    pub fn class(self) -> &'static str {
        match self {
            Urgency::StartNow | Urgency::DecideOption => "urgent",
            Urgency::Plan => "plan",
            Urgency::Ended => "ended",
            Urgency::None => "",
        }
    }
}

/// One contract as the register and the calendar show it.
pub struct Line {
    pub id: i64,
    pub title: String,
    pub reference: String,
    pub supplier: String,
    pub orgnr: String,
    pub start: String,
    pub end: String,
    /// The last end date with every option, when options exist.
    pub final_end: String,
    pub extension: String,
    pub value: String,
    pub category: String,
    pub cpv: String,
    pub manager: String,
    pub procurement: Option<(i64, String)>,
    pub shared: bool,
    pub demo: bool,
    pub urgency: &'static str,
    pub urgency_class: &'static str,
}

fn months_text(months: u32, lang: Lang) -> String {
    if months == 0 {
        String::new()
    } else {
        format!("+{months} {}", lang.t("contracts.months_short"))
    }
}

fn line(c: &Contract, today: Date, lang: Lang) -> Line {
    let urgency = Urgency::of(c, today);
    Line {
        id: c.id,
        title: c.title.clone(),
        reference: c.reference.clone(),
        supplier: c.supplier_name.clone(),
        orgnr: c.supplier_orgnr.clone(),
        start: c.start_date.to_string(),
        end: c.end_date.to_string(),
        final_end: if c.final_end_date != c.end_date {
            c.final_end_date.to_string()
        } else {
            String::new()
        },
        extension: months_text(c.extension_months, lang),
        value: kr(c.value_ore),
        category: if c.category.is_empty() {
            String::new()
        } else {
            category_name(&c.category, lang)
        },
        cpv: c.cpv.clone(),
        manager: c.manager_name.clone(),
        procurement: c.procurement_id.map(|id| {
            let title = if c.procurement_title.is_empty() {
                format!("#{id}")
            } else {
                c.procurement_title.clone()
            };
            (id, title)
        }),
        shared: c.shared,
        demo: c.demo,
        urgency: urgency.key(),
        urgency_class: urgency.class(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use upphandla_store::{ContractSource, OrgId};

    fn contract(end: Date, extension: u32) -> Contract {
        Contract {
            id: 1,
            org_id: OrgId(1),
            procurement_id: None,
            reference: String::new(),
            title: "t".into(),
            supplier_name: "s".into(),
            supplier_orgnr: String::new(),
            start_date: Date::new(2020, 1, 1).unwrap(),
            end_date: end,
            extension_months: extension,
            final_end_date: end.add_months(extension as i32).unwrap(),
            options_note: String::new(),
            value_ore: None,
            cpv: String::new(),
            category: String::new(),
            manager_user_id: None,
            manager_name: String::new(),
            procurement_title: String::new(),
            source: ContractSource::Manual,
            shared: false,
            demo: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn urgency_follows_the_lead_time() {
        let today = Date::new(2026, 6, 15).unwrap();
        // (end date, option months, urgency)
        let cases = [
            ((2026, 6, 14), 0, Urgency::Ended),
            ((2026, 6, 15), 0, Urgency::StartNow),
            ((2026, 12, 15), 0, Urgency::StartNow),
            ((2026, 12, 16), 0, Urgency::Plan),
            ((2026, 9, 30), 12, Urgency::DecideOption),
            ((2027, 6, 15), 0, Urgency::Plan),
            ((2027, 6, 16), 0, Urgency::None),
            // Ended term, options left: the option decision is overdue; the last end is far.
            ((2026, 1, 31), 24, Urgency::None),
        ];
        for ((y, m, d), months, expected) in cases {
            let end = Date::new(y, m, d).unwrap();
            assert_eq!(
                Urgency::of(&contract(end, months), today),
                expected,
                "{end} + {months} months"
            );
        }
    }
}
