//! The follow-up plan of a contract: its items with their next due date and
//! last result, its reports and deviations; creating the plan from the
//! procurement's criteria; adding, editing and checking off an item.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use upphandla_core::criteria::FollowUpWhen;
use upphandla_core::date::Date;
use upphandla_core::followup::{self as rules, Check, Comparator, DueStatus, deviation_overdue};
use upphandla_core::metrics::METRICS;
use upphandla_store::{Contract, FollowupItem, ItemInput, Role, SupplierReport};

use super::super::{Page, render};
use super::{
    ACTIVE, audit, check_item, check_text, frequency_name, limit_text, load, load_item, may_edit,
    may_report, metric_name, require, role_name, text,
};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

/// The contract as the follow-up pages head it.
pub struct Head {
    pub id: i64,
    pub title: String,
    pub supplier: String,
    pub period: String,
    pub procurement: Option<(i64, String)>,
}

pub fn head(c: &Contract) -> Head {
    Head {
        id: c.id,
        title: c.title.clone(),
        supplier: c.supplier_name.clone(),
        period: format!("{} – {}", c.start_date, c.end_date),
        procurement: c.procurement_id.map(|p| (p, c.procurement_title.clone())),
    }
}

pub struct ItemLine {
    pub id: i64,
    pub what: String,
    pub how: String,
    pub evidence: String,
    pub frequency: String,
    pub role: String,
    pub metric: String,
    pub limit: String,
    pub next_due: String,
    pub due_key: &'static str,
    pub due_class: &'static str,
    pub done: bool,
    pub last_checked: String,
    pub result: String,
    pub result_class: &'static str,
    /// A metric without a limit: the buyer must enter the contract's level.
    pub needs_limit: bool,
}

/// The latest report (reports come newest period first) that gives the item a result.
fn last_result(item: &FollowupItem, reports: &[SupplierReport]) -> Option<(Check, i64)> {
    reports.iter().find_map(|r| {
        let check = check_item(item, &r.value_map())?;
        (check != Check::NotReported).then_some((check, r.id))
    })
}

fn due_class(s: DueStatus) -> &'static str {
    match s {
        DueStatus::Overdue => "overdue",
        DueStatus::DueSoon => "due-soon",
        _ => "",
    }
}

pub fn item_line(
    item: &FollowupItem,
    reports: &[SupplierReport],
    today: Date,
    lang: Lang,
) -> ItemLine {
    let done = item.status == "done";
    let status = if done {
        DueStatus::NotDue
    } else {
        rules::due_status(item.next_due, today)
    };
    let (result, result_class) = match last_result(item, reports) {
        Some((check, _)) => (
            check_text(&check, item, lang),
            match check {
                Check::Met { .. } => "met",
                _ => "not-met",
            },
        ),
        None => (String::new(), ""),
    };
    ItemLine {
        id: item.id,
        what: item.what.clone(),
        how: item.how.clone(),
        evidence: item.evidence.clone(),
        frequency: frequency_name(&item.frequency, lang),
        role: role_name(&item.role, lang),
        metric: if item.metric.is_empty() {
            String::new()
        } else {
            metric_name(&item.metric, lang)
        },
        limit: limit_text(item),
        next_due: item.next_due.map(|d| d.to_string()).unwrap_or_default(),
        due_key: match (done, status) {
            (true, _) => "fu.status_done",
            (_, DueStatus::Overdue) => "fu.due_overdue",
            (_, DueStatus::DueSoon) => "fu.due_soon",
            (_, DueStatus::Later) => "fu.due_later",
            (_, DueStatus::NotDue) => "fu.due_none",
        },
        due_class: due_class(status),
        done,
        last_checked: item.last_checked.map(|d| d.to_string()).unwrap_or_default(),
        result,
        result_class,
        needs_limit: !item.metric.is_empty() && item.threshold.is_none(),
    }
}

pub struct ReportLine {
    pub id: i64,
    pub period: String,
    pub source: &'static str,
    pub file_name: String,
    pub values: usize,
}

pub struct DeviationLine {
    pub id: i64,
    pub found_on: String,
    pub description: String,
    pub status: String,
    pub deadline: String,
    pub overdue: bool,
    pub sanction: String,
}

pub fn deviation_line(d: &upphandla_store::Deviation, today: Date, lang: Lang) -> DeviationLine {
    let status = d.status.name();
    DeviationLine {
        id: d.id,
        found_on: d.found_on.to_string(),
        description: d.description.clone(),
        status: text(lang, status.sv, status.en),
        deadline: d.deadline.map(|x| x.to_string()).unwrap_or_default(),
        overdue: deviation_overdue(d.status, d.deadline, today),
        sanction: rules::Sanction::parse(&d.sanction)
            .map(|s| text(lang, s.name().sv, s.name().en))
            .unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "followup_plan.html")]
struct PlanPage {
    page: Page,
    h: Head,
    items: Vec<ItemLine>,
    reports: Vec<ReportLine>,
    deviations: Vec<DeviationLine>,
    may_edit: bool,
    may_report: bool,
    notice: String,
}

fn notice(q: &HashMap<String, String>, lang: Lang) -> String {
    let key = match q.get("meddelande").map(String::as_str) {
        Some("skapad") => "fu.notice_plan_created",
        Some("ingen-upphandling") => "fu.notice_no_procurement",
        Some("inga-nya") => "fu.notice_no_new",
        Some("sparad") => "fu.notice_item_saved",
        Some("kontrollerad") => "fu.notice_item_checked",
        _ => return String::new(),
    };
    let mut t = lang.t(key).to_string();
    if let Some(n) = q
        .get("antal")
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
    {
        t = t.replace("{n}", n);
    }
    t
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let org = ctx.org_id();
    let lang = ctx.lang;
    let today = state.clock.today();
    let items = state.store.followup_items(org, c.id).await?;
    let reports = state.store.reports(org, c.id).await?;
    let deviations = state.store.deviations(org, c.id).await?;
    let title = format!("{}: {}", ctx.t("fu.plan_title"), c.title);
    render(&PlanPage {
        page: Page::new(&ctx, ACTIVE, title),
        h: head(&c),
        items: items
            .iter()
            .map(|i| item_line(i, &reports, today, lang))
            .collect(),
        reports: reports
            .iter()
            .map(|r| ReportLine {
                id: r.id,
                period: format!("{} – {}", r.period_start, r.period_end),
                source: if r.source == "upload" {
                    "fu.source_upload"
                } else {
                    "fu.source_form"
                },
                file_name: r.file_name.clone(),
                values: r.values.len(),
            })
            .collect(),
        deviations: deviations
            .iter()
            .map(|d| deviation_line(d, today, lang))
            .collect(),
        may_edit: may_edit(&ctx),
        may_report: may_report(&ctx),
        notice: notice(&q, lang),
    })
}

pub(super) async fn from_criteria(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_edit(&ctx))?;
    if c.procurement_id.is_none() {
        return Ok(Redirect::to(&format!(
            "/avtal/{}/uppfoljning?meddelande=ingen-upphandling",
            c.id
        ))
        .into_response());
    }
    let n =
        super::create_plan_from_criteria(&state, ctx.org_id(), c.id, state.clock.today()).await?;
    audit(
        &state,
        &ctx,
        "followup.plan_from_criteria",
        &format!("avtal {}: {n} uppföljningspunkter från kriterierna", c.id),
    )
    .await?;
    let to = if n == 0 {
        format!("/avtal/{}/uppfoljning?meddelande=inga-nya", c.id)
    } else {
        format!("/avtal/{}/uppfoljning?meddelande=skapad&antal={n}", c.id)
    };
    Ok(Redirect::to(&to).into_response())
}

/// The item form as typed (kept on errors).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub what: String,
    pub how: String,
    pub evidence: String,
    pub frequency: String,
    pub next_due: String,
    pub role: String,
    pub metric: String,
    pub comparator: String,
    pub threshold: String,
}

impl ItemForm {
    fn of(item: &FollowupItem) -> ItemForm {
        ItemForm {
            what: item.what.clone(),
            how: item.how.clone(),
            evidence: item.evidence.clone(),
            frequency: item.frequency.clone(),
            next_due: item.next_due.map(|d| d.to_string()).unwrap_or_default(),
            role: item.role.clone(),
            metric: item.metric.clone(),
            comparator: item.comparator.clone(),
            threshold: item.threshold.map(rules::number_sv).unwrap_or_default(),
        }
    }

    /// The input to store, or the field errors (field name, text key).
    fn parse(
        &self,
        criterion_id: &str,
        c: &Contract,
        last_checked: Option<Date>,
    ) -> Result<ItemInput, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        if self.what.trim().is_empty() {
            errors.push(("what", "fu.err_what"));
        }
        let when = FollowUpWhen::parse(&self.frequency);
        if when.is_none() {
            errors.push(("frequency", "fu.err_frequency"));
        }
        let next_due = if self.next_due.trim().is_empty() {
            when.and_then(|w| rules::next_due(w, c.start_date, c.end_date, last_checked))
        } else {
            match Date::parse_iso(self.next_due.trim()) {
                Some(d) => Some(d),
                None => {
                    errors.push(("next_due", "fu.err_date"));
                    None
                }
            }
        };
        let role = Role::parse(&self.role).filter(|r| *r != Role::Samordnare);
        if role.is_none() {
            errors.push(("role", "fu.err_role"));
        }
        let metric = self.metric.trim();
        if !metric.is_empty() && upphandla_core::metrics::metric_by_key(metric).is_none() {
            errors.push(("metric", "fu.err_metric"));
        }
        let comparator = if metric.is_empty() {
            String::new()
        } else {
            match Comparator::parse(&self.comparator) {
                Some(c) => c.key().to_string(),
                None => {
                    errors.push(("comparator", "fu.err_comparator"));
                    String::new()
                }
            }
        };
        let threshold = if self.threshold.trim().is_empty() || metric.is_empty() {
            None
        } else {
            match upphandla_formats::supplier_report::parse_number(&self.threshold) {
                Some(Ok((v, _))) if v >= 0.0 => Some(v),
                _ => {
                    errors.push(("threshold", "fu.err_threshold"));
                    None
                }
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ItemInput {
            criterion_id: criterion_id.to_string(),
            what: self.what.trim().to_string(),
            how: self.how.trim().to_string(),
            evidence: self.evidence.trim().to_string(),
            frequency: self.frequency.clone(),
            next_due,
            role: role.unwrap_or(Role::Avtalsansvarig),
            metric: metric.to_string(),
            comparator,
            threshold,
        })
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "followup_item.html")]
struct ItemPage {
    page: Page,
    h: Head,
    /// None for a new item.
    item_id: Option<i64>,
    criterion_id: String,
    form: ItemForm,
    errors: Vec<(&'static str, &'static str)>,
    frequencies: Vec<Choice>,
    roles: Vec<Choice>,
    metrics: Vec<Choice>,
    comparators: Vec<Choice>,
    done: bool,
}

impl ItemPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("", |(_, k)| k)
    }
}

fn item_page(
    ctx: &Ctx,
    c: &Contract,
    item: Option<&FollowupItem>,
    form: ItemForm,
    errors: Vec<(&'static str, &'static str)>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let frequencies = FollowUpWhen::ALL
        .iter()
        .map(|w| Choice {
            value: w.key().into(),
            label: frequency_name(w.key(), lang),
            selected: form.frequency == w.key(),
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .filter(|r| **r != Role::Samordnare)
        .map(|r| Choice {
            value: r.key().into(),
            label: role_name(r.key(), lang),
            selected: form.role == r.key(),
        })
        .collect();
    let mut metrics = vec![Choice {
        value: String::new(),
        label: lang.t("fu.no_metric").into(),
        selected: form.metric.is_empty(),
    }];
    metrics.extend(METRICS.iter().map(|m| Choice {
        value: m.key.into(),
        label: metric_name(m.key, lang),
        selected: form.metric == m.key,
    }));
    let comparators = [Comparator::AtLeast, Comparator::AtMost]
        .iter()
        .map(|cmp| Choice {
            value: cmp.key().into(),
            label: format!(
                "{} ({})",
                text(lang, cmp.name().sv, cmp.name().en),
                cmp.key()
            ),
            selected: form.comparator == cmp.key(),
        })
        .collect();
    let title = if item.is_some() {
        ctx.t("fu.item_edit")
    } else {
        ctx.t("fu.item_new")
    };
    render(&ItemPage {
        page: Page::new(ctx, ACTIVE, format!("{title}: {}", c.title)),
        h: head(c),
        item_id: item.map(|i| i.id),
        criterion_id: item.map(|i| i.criterion_id.clone()).unwrap_or_default(),
        form,
        errors,
        frequencies,
        roles,
        metrics,
        comparators,
        done: item.is_some_and(|i| i.status == "done"),
    })
}

pub(super) async fn new_item_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_edit(&ctx))?;
    let form = ItemForm {
        frequency: FollowUpWhen::Kvartalsvis.key().into(),
        role: Role::Avtalsansvarig.key().into(),
        comparator: ">=".into(),
        ..Default::default()
    };
    item_page(&ctx, &c, None, form, Vec::new())
}

pub(super) async fn create_item(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    require(may_edit(&ctx))?;
    let input = match form.parse("", &c, None) {
        Ok(i) => i,
        Err(errors) => return item_page(&ctx, &c, None, form, errors),
    };
    let ids = state
        .store
        .create_followup_items(
            ctx.org_id(),
            c.id,
            std::slice::from_ref(&input),
            state.clock.now_unix(),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    audit(
        &state,
        &ctx,
        "followup.item_create",
        &format!("avtal {}: punkt {}: {}", c.id, ids[0], input.what),
    )
    .await?;
    Ok(Redirect::to(&format!("/avtal/{}/uppfoljning?meddelande=sparad", c.id)).into_response())
}

pub(super) async fn edit_item_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, item_raw)): Path<(String, String)>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let item = load_item(&state, &ctx, &c, &item_raw).await?;
    require(may_edit(&ctx))?;
    item_page(&ctx, &c, Some(&item), ItemForm::of(&item), Vec::new())
}

pub(super) async fn update_item(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, item_raw)): Path<(String, String)>,
    Form(form): Form<ItemForm>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let item = load_item(&state, &ctx, &c, &item_raw).await?;
    require(may_edit(&ctx))?;
    let input = match form.parse(&item.criterion_id, &c, item.last_checked) {
        Ok(i) => i,
        Err(errors) => return item_page(&ctx, &c, Some(&item), form, errors),
    };
    if !state
        .store
        .update_followup_item(ctx.org_id(), item.id, &input)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "followup.item_update",
        &format!(
            "avtal {}: punkt {}: {} ({} {} {})",
            c.id,
            item.id,
            input.what,
            input.metric,
            input.comparator,
            input.threshold.map(rules::number_sv).unwrap_or_default()
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/avtal/{}/uppfoljning?meddelande=sparad", c.id)).into_response())
}

/// Records that an item was checked today (e.g. a certificate looked at) and
/// moves it to its next due date.
pub(super) async fn mark_checked(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path((raw, item_raw)): Path<(String, String)>,
) -> AppResult<Response> {
    let c = load(&state, &ctx, &raw).await?;
    let item = load_item(&state, &ctx, &c, &item_raw).await?;
    require(may_edit(&ctx))?;
    let today = state.clock.today();
    let next = advance(&item, &c, today);
    if !state
        .store
        .mark_item_checked(ctx.org_id(), item.id, today, next)
        .await?
    {
        return Err(AppError::NotFound);
    }
    audit(
        &state,
        &ctx,
        "followup.item_checked",
        &format!(
            "avtal {}: punkt {} kontrollerad {today}, nästa {}",
            c.id,
            item.id,
            next.map(|d| d.to_string()).unwrap_or_else(|| "–".into())
        ),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/avtal/{}/uppfoljning?meddelande=kontrollerad",
        c.id
    ))
    .into_response())
}

/// The next due date after a check on `today`.
pub fn advance(item: &FollowupItem, c: &Contract, today: Date) -> Option<Date> {
    FollowUpWhen::parse(&item.frequency)
        .and_then(|w| rules::next_due(w, c.start_date, c.end_date, Some(today)))
}
