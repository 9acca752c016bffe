//! Contract follow-up: follow-up items per contract, supplier reports with
//! their values, and deviations with actions, deadlines, sanctions and status.
//!
//! The rules (next due date, the check, the status machine) are in
//! `upphandla_core::followup`; here are the rows and the tenant scoping. Every
//! function takes the [`OrgId`]; a row of another organisation, or a contract,
//! item or report that is not the organisation's, is "not found" (`None` or
//! `false`) and nothing is written.

use upphandla_core::date::Date;
use upphandla_core::followup::{DeviationStatus, Transition};
use upphandla_core::metrics::metric_by_key;

use crate::{OrgId, Result, Role, Store, StoreError, UserId, opt_date, stored_date, with_pool};

/// What is entered for a follow-up item (new or edited).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemInput {
    /// The library criterion it follows up, or empty for an item added by hand.
    pub criterion_id: String,
    pub what: String,
    pub how: String,
    pub evidence: String,
    /// A `core::criteria::FollowUpWhen` key.
    pub frequency: String,
    pub next_due: Option<Date>,
    pub role: Role,
    /// A `core::metrics` key, or empty when the item has no numeric check.
    pub metric: String,
    /// `>=`, `<=` or empty.
    pub comparator: String,
    pub threshold: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowupItem {
    pub id: i64,
    pub contract_id: i64,
    pub criterion_id: String,
    pub what: String,
    pub how: String,
    pub evidence: String,
    pub frequency: String,
    pub next_due: Option<Date>,
    /// The role key responsible.
    pub role: String,
    pub metric: String,
    pub comparator: String,
    pub threshold: Option<f64>,
    /// `open` or `done`.
    pub status: String,
    pub last_checked: Option<Date>,
    pub created_at: i64,
}

impl FollowupItem {
    pub fn input(&self) -> ItemInput {
        ItemInput {
            criterion_id: self.criterion_id.clone(),
            what: self.what.clone(),
            how: self.how.clone(),
            evidence: self.evidence.clone(),
            frequency: self.frequency.clone(),
            next_due: self.next_due,
            role: Role::parse(&self.role).unwrap_or(Role::Avtalsansvarig),
            metric: self.metric.clone(),
            comparator: self.comparator.clone(),
            threshold: self.threshold,
        }
    }
}

/// An open item due by a given day, with its contract's title.
#[derive(Debug, Clone, PartialEq)]
pub struct DueItem {
    pub item: FollowupItem,
    pub contract_title: String,
    pub supplier_name: String,
    /// Its due date is before the day asked about.
    pub overdue: bool,
}

/// A supplier's report as entered or uploaded.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    pub period_start: Date,
    pub period_end: Date,
    /// `form` or `upload`.
    pub source: String,
    pub file_name: String,
    pub note: String,
    /// (metric key, value); each key at most once.
    pub values: Vec<(String, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SupplierReport {
    pub id: i64,
    pub contract_id: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub source: String,
    pub file_name: String,
    pub note: String,
    pub entered_by: Option<UserId>,
    pub received_at: i64,
    /// In `core::metrics::METRICS` order.
    pub values: Vec<(String, f64)>,
}

impl SupplierReport {
    pub fn value_map(&self) -> std::collections::BTreeMap<String, f64> {
        self.values.iter().cloned().collect()
    }
}

/// What is entered for a deviation (new or edited).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviationInput {
    pub item_id: Option<i64>,
    pub report_id: Option<i64>,
    pub found_on: Option<Date>,
    pub description: String,
    pub action: String,
    pub deadline: Option<Date>,
    /// A `core::followup::Sanction` key or empty.
    pub sanction: String,
    pub advantage_ore: Option<i64>,
    pub sanction_ore: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deviation {
    pub id: i64,
    pub contract_id: i64,
    pub contract_title: String,
    pub item_id: Option<i64>,
    pub report_id: Option<i64>,
    pub found_on: Date,
    pub description: String,
    pub action: String,
    pub deadline: Option<Date>,
    pub sanction: String,
    pub advantage_ore: Option<i64>,
    pub sanction_ore: Option<i64>,
    pub status: DeviationStatus,
    pub closed_on: Option<Date>,
    pub closing_note: String,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ITEM_COLUMNS: &str = "i.id, i.contract_id, i.criterion_id, i.what, i.how, i.evidence, i.frequency, \
    i.next_due, i.role, i.metric, i.comparator, i.threshold, i.status, i.last_checked, i.created_at";

type ItemRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<f64>,
    String,
    Option<String>,
    i64,
);

fn item_from(r: ItemRow) -> FollowupItem {
    FollowupItem {
        id: r.0,
        contract_id: r.1,
        criterion_id: r.2,
        what: r.3,
        how: r.4,
        evidence: r.5,
        frequency: r.6,
        next_due: opt_date(r.7),
        role: r.8,
        metric: r.9,
        comparator: r.10,
        threshold: r.11,
        status: r.12,
        last_checked: opt_date(r.13),
        created_at: r.14,
    }
}

const DEVIATION_COLUMNS: &str = "d.id, d.contract_id, c.title, d.item_id, d.report_id, d.found_on, \
    d.description, d.action, d.deadline, d.sanction, d.advantage_ore, d.sanction_ore, d.status, \
    d.closed_on, d.closing_note, d.created_by, d.created_at, d.updated_at";

/// Reads a row of [`DEVIATION_COLUMNS`] (a macro: the row type differs per backend).
macro_rules! deviation_from_row {
    ($row:expr) => {{
        use sqlx::Row;
        let r = $row;
        let found: String = r.try_get(5)?;
        let status: String = r.try_get(12)?;
        Deviation {
            id: r.try_get(0)?,
            contract_id: r.try_get(1)?,
            contract_title: r.try_get(2)?,
            item_id: r.try_get(3)?,
            report_id: r.try_get(4)?,
            found_on: stored_date(&found, "deviation date")?,
            description: r.try_get(6)?,
            action: r.try_get(7)?,
            deadline: opt_date(r.try_get(8)?),
            sanction: r.try_get(9)?,
            advantage_ore: r.try_get(10)?,
            sanction_ore: r.try_get(11)?,
            status: DeviationStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("deviation status {status:?}")))?,
            closed_on: opt_date(r.try_get(13)?),
            closing_note: r.try_get(14)?,
            created_by: r.try_get::<Option<i64>, _>(15)?.map(UserId),
            created_at: r.try_get(16)?,
            updated_at: r.try_get(17)?,
        }
    }};
}

fn check_item(input: &ItemInput) -> Result<()> {
    if input.what.trim().is_empty() {
        return Err(StoreError::Invalid("what / vad: tom / empty".into()));
    }
    if upphandla_core::criteria::FollowUpWhen::parse(&input.frequency).is_none() {
        return Err(StoreError::Invalid(format!(
            "frequency {:?}",
            input.frequency
        )));
    }
    let metric = input.metric.trim();
    if !metric.is_empty() && metric_by_key(metric).is_none() {
        return Err(StoreError::Invalid(format!("metric {metric:?}")));
    }
    if !input.comparator.is_empty() && !matches!(input.comparator.as_str(), ">=" | "<=") {
        return Err(StoreError::Invalid(format!(
            "comparator {:?}",
            input.comparator
        )));
    }
    if input.threshold.is_some_and(|t| !t.is_finite()) {
        return Err(StoreError::Invalid("threshold".into()));
    }
    Ok(())
}

fn check_report(input: &ReportInput) -> Result<()> {
    if input.period_end < input.period_start {
        return Err(StoreError::Invalid(
            "perioden slutar före den börjar / the period ends before it starts".into(),
        ));
    }
    for (i, (key, value)) in input.values.iter().enumerate() {
        if metric_by_key(key).is_none() {
            return Err(StoreError::Invalid(format!(
                "okänt mått / unknown metric {key:?}"
            )));
        }
        if !value.is_finite() {
            return Err(StoreError::Invalid(format!("{key}: {value}")));
        }
        if input.values[..i].iter().any(|(k, _)| k == key) {
            return Err(StoreError::Invalid(format!("{key} två gånger / twice")));
        }
    }
    Ok(())
}

/// `IN ($n, $n+1, …)` for `count` parameters from `first`.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    async fn owns_contract(&self, org: OrgId, contract_id: i64) -> Result<bool> {
        let sql = "SELECT id FROM contracts WHERE org_id = $1 AND id = $2";
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(contract_id).fetch_optional(p).await)?;
        Ok(row.is_some())
    }

    // --- items ---

    /// Stores the items of a contract in one transaction (all or none);
    /// `None` when the contract is not the organisation's.
    pub async fn create_followup_items(
        &self,
        org: OrgId,
        contract_id: i64,
        items: &[ItemInput],
        now: i64,
    ) -> Result<Option<Vec<i64>>> {
        for item in items {
            check_item(item)?;
        }
        if items.is_empty() {
            return Ok(self.owns_contract(org, contract_id).await?.then(Vec::new));
        }
        let sql = "INSERT INTO followup_items (org_id, contract_id, criterion_id, what, how, evidence, \
                   frequency, next_due, role, metric, comparator, threshold, status, created_at) \
                   SELECT $1, c.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13 \
                   FROM contracts c WHERE c.org_id = $1 AND c.id = $2 RETURNING id";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let mut ids = Vec::with_capacity(items.len());
            for i in items {
                let row: Option<(i64,)> = sqlx::query_as(sql)
                    .bind(org.0).bind(contract_id).bind(i.criterion_id.trim()).bind(i.what.trim())
                    .bind(i.how.trim()).bind(i.evidence.trim()).bind(&i.frequency)
                    .bind(i.next_due.map(|d| d.to_string())).bind(i.role.key()).bind(i.metric.trim())
                    .bind(&i.comparator).bind(i.threshold).bind(now)
                    .fetch_optional(&mut *tx).await?;
                match row {
                    Some((id,)) => ids.push(id),
                    None => return Ok(None),
                }
            }
            tx.commit().await?;
            Ok(Some(ids))
        })
    }

    /// The contract's items, soonest due first (those with nothing due last).
    pub async fn followup_items(&self, org: OrgId, contract_id: i64) -> Result<Vec<FollowupItem>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM followup_items i WHERE i.org_id = $1 AND i.contract_id = $2 \
             ORDER BY CASE WHEN i.next_due IS NULL THEN 1 ELSE 0 END, i.next_due, i.id"
        );
        let rows: Vec<ItemRow> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(contract_id).fetch_all(p).await)?;
        Ok(rows.into_iter().map(item_from).collect())
    }

    pub async fn followup_item(&self, org: OrgId, id: i64) -> Result<Option<FollowupItem>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM followup_items i WHERE i.org_id = $1 AND i.id = $2"
        );
        let row: Option<ItemRow> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(item_from))
    }

    /// Changes what was entered; false when not the organisation's.
    pub async fn update_followup_item(&self, org: OrgId, id: i64, i: &ItemInput) -> Result<bool> {
        check_item(i)?;
        let sql = "UPDATE followup_items SET criterion_id = $3, what = $4, how = $5, evidence = $6, \
                   frequency = $7, next_due = $8, role = $9, metric = $10, comparator = $11, threshold = $12, \
                   status = CASE WHEN $8 IS NULL THEN status ELSE 'open' END \
                   WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(id).bind(i.criterion_id.trim()).bind(i.what.trim()).bind(i.how.trim())
            .bind(i.evidence.trim()).bind(&i.frequency).bind(i.next_due.map(|d| d.to_string()))
            .bind(i.role.key()).bind(i.metric.trim()).bind(&i.comparator).bind(i.threshold)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Records a check on `checked_on` and moves the item to `next_due`
    /// (from `core::followup::next_due`); with none the item is done.
    pub async fn mark_item_checked(
        &self,
        org: OrgId,
        id: i64,
        checked_on: Date,
        next_due: Option<Date>,
    ) -> Result<bool> {
        let status = if next_due.is_some() { "open" } else { "done" };
        let sql = "UPDATE followup_items SET last_checked = $3, next_due = $4, status = $5 \
                   WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id)
            .bind(checked_on.to_string()).bind(next_due.map(|d| d.to_string())).bind(status)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn delete_followup_item(&self, org: OrgId, id: i64) -> Result<bool> {
        self.delete_org_row("followup_items", org, id).await
    }

    /// Open items overdue or due within `core::followup::DUE_SOON_DAYS` of
    /// `today` for any of `roles` (every role when empty), across the
    /// organisation's contracts, most urgent first.
    pub async fn due_items(&self, org: OrgId, today: Date, roles: &[Role]) -> Result<Vec<DueItem>> {
        let until = Date::from_days_since_epoch(
            i64::from(today.days_since_epoch())
                + i64::from(upphandla_core::followup::DUE_SOON_DAYS),
        );
        let role_filter = if roles.is_empty() {
            String::new()
        } else {
            format!(" AND i.role IN ({})", placeholders(3, roles.len()))
        };
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, c.title, c.supplier_name FROM followup_items i \
             JOIN contracts c ON c.id = i.contract_id AND c.org_id = i.org_id \
             WHERE i.org_id = $1 AND i.status = 'open' AND i.next_due IS NOT NULL AND i.next_due <= $2{role_filter} \
             ORDER BY i.next_due, c.title, i.id"
        );
        // sqlx reads tuples of at most 16 columns: the item, then two more.
        let rows: Vec<(ItemRow, (String, String))> = with_pool!(self, p => {
            let mut q = sqlx::query(&sql).bind(org.0).bind(until.to_string());
            for r in roles {
                q = q.bind(r.key());
            }
            let rows = q.fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                use sqlx::Row;
                let item: ItemRow = sqlx::FromRow::from_row(row)?;
                out.push((item, (row.try_get(15)?, row.try_get(16)?)));
            }
            Ok::<_, sqlx::Error>(out)
        })?;
        Ok(rows
            .into_iter()
            .map(|(item, (contract_title, supplier_name))| {
                let item = item_from(item);
                DueItem {
                    overdue: item.next_due.is_some_and(|d| d < today),
                    item,
                    contract_title,
                    supplier_name,
                }
            })
            .collect())
    }

    // --- reports ---

    /// Stores a report with its values in one transaction; `None` when the
    /// contract is not the organisation's. Unknown metric keys, a key twice
    /// or a period ending before it starts → [`StoreError::Invalid`].
    pub async fn create_report(
        &self,
        org: OrgId,
        contract_id: i64,
        input: &ReportInput,
        by: Option<UserId>,
        now: i64,
    ) -> Result<Option<i64>> {
        check_report(input)?;
        let sql = "INSERT INTO supplier_reports (org_id, contract_id, period_start, period_end, source, \
                   file_name, note, entered_by, received_at) \
                   SELECT $1, c.id, $3, $4, $5, $6, $7, $8, $9 FROM contracts c \
                   WHERE c.org_id = $1 AND c.id = $2 RETURNING id";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<(i64,)> = sqlx::query_as(sql)
                .bind(org.0).bind(contract_id).bind(input.period_start.to_string())
                .bind(input.period_end.to_string()).bind(&input.source).bind(input.file_name.trim())
                .bind(input.note.trim()).bind(by.map(|u| u.0)).bind(now)
                .fetch_optional(&mut *tx).await?;
            // Roll back now: a dropped transaction on PostgreSQL keeps its
            // locks until the pooled connection is next used.
            let Some((id,)) = row else {
                tx.rollback().await?;
                return Ok(None);
            };
            for (metric, value) in &input.values {
                sqlx::query("INSERT INTO report_values (report_id, metric, value) VALUES ($1, $2, $3)")
                    .bind(id).bind(metric).bind(*value).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(Some(id))
        })
    }

    async fn report_values(&self, ids: &[i64]) -> Result<Vec<(i64, String, f64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT report_id, metric, value FROM report_values WHERE report_id IN ({})",
            placeholders(1, ids.len())
        );
        let rows: Vec<(i64, String, f64)> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        Ok(rows)
    }

    async fn reports_where(
        &self,
        org: OrgId,
        filter: &str,
        id: i64,
    ) -> Result<Vec<SupplierReport>> {
        let sql = format!(
            "SELECT id, contract_id, period_start, period_end, source, file_name, note, entered_by, received_at \
             FROM supplier_reports WHERE org_id = $1 AND {filter} = $2 ORDER BY period_end DESC, id DESC"
        );
        let rows: Vec<(
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            Option<i64>,
            i64,
        )> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(id).fetch_all(p).await)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let values = self.report_values(&ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let date = |s: &str| stored_date(s, "report date");
            let mut vals: Vec<(String, f64)> = values
                .iter()
                .filter(|v| v.0 == r.0)
                .map(|v| (v.1.clone(), v.2))
                .collect();
            let order = |k: &str| {
                upphandla_core::metrics::METRICS
                    .iter()
                    .position(|m| m.key == k)
                    .unwrap_or(usize::MAX)
            };
            vals.sort_by_key(|v| order(&v.0));
            out.push(SupplierReport {
                id: r.0,
                contract_id: r.1,
                period_start: date(&r.2)?,
                period_end: date(&r.3)?,
                source: r.4,
                file_name: r.5,
                note: r.6,
                entered_by: r.7.map(UserId),
                received_at: r.8,
                values: vals,
            });
        }
        Ok(out)
    }

    /// The contract's reports, latest period first.
    pub async fn reports(&self, org: OrgId, contract_id: i64) -> Result<Vec<SupplierReport>> {
        self.reports_where(org, "contract_id", contract_id).await
    }

    pub async fn report(&self, org: OrgId, id: i64) -> Result<Option<SupplierReport>> {
        Ok(self.reports_where(org, "id", id).await?.into_iter().next())
    }

    // --- deviations ---

    /// Stores a deviation found on a contract; `None` when the contract, or
    /// the item or report it names, is not the organisation's contract's.
    pub async fn create_deviation(
        &self,
        org: OrgId,
        contract_id: i64,
        input: &DeviationInput,
        by: Option<UserId>,
        now: i64,
    ) -> Result<Option<i64>> {
        if input.description.trim().is_empty() {
            return Err(StoreError::Invalid(
                "description / beskrivning: tom / empty".into(),
            ));
        }
        let found_on = input
            .found_on
            .ok_or_else(|| StoreError::Invalid("found_on".into()))?;
        // The item and the report must belong to this contract (and so this organisation).
        let sql = "INSERT INTO deviations (org_id, contract_id, item_id, report_id, found_on, description, \
                   action, deadline, sanction, advantage_ore, sanction_ore, status, created_by, created_at, updated_at) \
                   SELECT $1, c.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'oppen', $12, $13, $13 FROM contracts c \
                   WHERE c.org_id = $1 AND c.id = $2 \
                   AND ($3 IS NULL OR EXISTS (SELECT 1 FROM followup_items i WHERE i.id = $3 AND i.contract_id = c.id AND i.org_id = $1)) \
                   AND ($4 IS NULL OR EXISTS (SELECT 1 FROM supplier_reports r WHERE r.id = $4 AND r.contract_id = c.id AND r.org_id = $1)) \
                   RETURNING id";
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(contract_id).bind(input.item_id).bind(input.report_id)
            .bind(found_on.to_string()).bind(input.description.trim()).bind(input.action.trim())
            .bind(input.deadline.map(|d| d.to_string())).bind(input.sanction.trim())
            .bind(input.advantage_ore).bind(input.sanction_ore).bind(by.map(|u| u.0)).bind(now)
            .fetch_optional(p).await)?;
        Ok(row.map(|r| r.0))
    }

    /// Changes the description, action, deadline and sanction (not the
    /// status, not the item or report); false when not the organisation's.
    pub async fn update_deviation(
        &self,
        org: OrgId,
        id: i64,
        input: &DeviationInput,
        now: i64,
    ) -> Result<bool> {
        if input.description.trim().is_empty() {
            return Err(StoreError::Invalid(
                "description / beskrivning: tom / empty".into(),
            ));
        }
        let sql = "UPDATE deviations SET description = $3, action = $4, deadline = $5, sanction = $6, \
                   advantage_ore = $7, sanction_ore = $8, updated_at = $9 WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id)
            .bind(input.description.trim()).bind(input.action.trim())
            .bind(input.deadline.map(|d| d.to_string())).bind(input.sanction.trim())
            .bind(input.advantage_ore).bind(input.sanction_ore).bind(now)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Applies a status change checked by `core::followup::transition`, only
    /// if the deviation still has status `from` (so two people changing it
    /// at once cannot both succeed); false otherwise.
    pub async fn set_deviation_status(
        &self,
        org: OrgId,
        id: i64,
        from: DeviationStatus,
        change: &Transition,
        now: i64,
    ) -> Result<bool> {
        let sql = "UPDATE deviations SET status = $4, closed_on = $5, closing_note = $6, updated_at = $7 \
                   WHERE org_id = $1 AND id = $2 AND status = $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).bind(from.key())
            .bind(change.to.key()).bind(change.closed_on.map(|d| d.to_string()))
            .bind(&change.closing_note).bind(now)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    async fn deviation_list(
        &self,
        sql: &str,
        org: OrgId,
        contract: Option<i64>,
    ) -> Result<Vec<Deviation>> {
        with_pool!(self, p => {
            let mut q = sqlx::query(sql).bind(org.0);
            if let Some(c) = contract {
                q = q.bind(c);
            }
            let rows = q.fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(deviation_from_row!(row));
            }
            Ok(out)
        })
    }

    pub async fn deviation(&self, org: OrgId, id: i64) -> Result<Option<Deviation>> {
        let sql = format!(
            "SELECT {DEVIATION_COLUMNS} FROM deviations d JOIN contracts c ON c.id = d.contract_id \
             WHERE d.org_id = $1 AND d.id = $2"
        );
        with_pool!(self, p => {
            match sqlx::query(&sql).bind(org.0).bind(id).fetch_optional(p).await? {
                Some(row) => Ok(Some(deviation_from_row!(&row))),
                None => Ok(None),
            }
        })
    }

    /// The contract's deviations, newest first.
    pub async fn deviations(&self, org: OrgId, contract_id: i64) -> Result<Vec<Deviation>> {
        let sql = format!(
            "SELECT {DEVIATION_COLUMNS} FROM deviations d JOIN contracts c ON c.id = d.contract_id \
             WHERE d.org_id = $1 AND d.contract_id = $2 ORDER BY d.found_on DESC, d.id DESC"
        );
        self.deviation_list(&sql, org, Some(contract_id)).await
    }

    /// Every deviation of the organisation not closed, earliest deadline first
    /// (those without a deadline last).
    pub async fn open_deviations(&self, org: OrgId) -> Result<Vec<Deviation>> {
        let sql = format!(
            "SELECT {DEVIATION_COLUMNS} FROM deviations d JOIN contracts c ON c.id = d.contract_id \
             WHERE d.org_id = $1 AND d.status <> 'stangd' \
             ORDER BY CASE WHEN d.deadline IS NULL THEN 1 ELSE 0 END, d.deadline, d.found_on, d.id"
        );
        self.deviation_list(&sql, org, None).await
    }
}
