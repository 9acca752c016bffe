//! Procurements and their process: the procurement itself, its stages
//! (closed or not, with an override reason), checklist items, the team, the
//! organisation's adjustments of the default RACI matrix, the chosen
//! criteria and the climate baseline.
//!
//! Stage keys, checklist item keys and criterion ids are the strings of
//! `upphandla_core::process` and `upphandla_core::criteria`; the store keeps
//! them as text and takes whatever the process rules need (required item
//! keys, the next stage, default RACI letters) from the caller, so the
//! rules live in core and the tenant scoping here. Every function takes the
//! [`OrgId`]; a procurement of another organisation is "not found".

use serde::Serialize;
use upphandla_core::date::Date;
use upphandla_core::money::Ore;

use crate::{OrgId, Result, Role, Store, UserId, now, opt_date, with_pool};

/// The stage every new procurement starts in.
pub const FIRST_STAGE: &str = "behovsanalys";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProcurementStatus {
    Active,
    Cancelled,
    Completed,
}

impl ProcurementStatus {
    pub const ALL: [ProcurementStatus; 3] = [
        ProcurementStatus::Active,
        ProcurementStatus::Cancelled,
        ProcurementStatus::Completed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProcurementStatus::Active => "active",
            ProcurementStatus::Cancelled => "cancelled",
            ProcurementStatus::Completed => "completed",
        }
    }

    pub fn parse(key: &str) -> Option<ProcurementStatus> {
        ProcurementStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// How a procurement's climate baseline was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineMethod {
    /// From the organisation's spend analysis for the category.
    Spend,
    /// From the reference alternative of a stored LCC model.
    Activity,
}

impl BaselineMethod {
    pub fn key(self) -> &'static str {
        match self {
            BaselineMethod::Spend => "spend",
            BaselineMethod::Activity => "activity",
        }
    }

    pub fn parse(key: &str) -> Option<BaselineMethod> {
        [BaselineMethod::Spend, BaselineMethod::Activity]
            .into_iter()
            .find(|m| m.key() == key)
    }
}

/// What a user enters for a procurement (new or edited).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProcurementInput {
    pub title: String,
    /// Diarienummer or the organisation's own reference.
    pub reference: String,
    pub description: String,
    pub cpv_codes: Vec<String>,
    /// A category id of data/spend/categories.csv, or empty.
    pub spend_category: String,
    pub estimated_value: Ore,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
    /// Extension options in words ("2 + 1 + 1 år").
    pub options: String,
    /// Chosen ambition level key (`bas`, `avancerad`, `spjutspets`).
    pub ambition: Option<String>,
}

/// A saved climate baseline and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub method: BaselineMethod,
    pub kg_co2e: f64,
    pub kwh: Option<f64>,
    /// Spend behind a spend-based baseline.
    pub spend: Option<Ore>,
    /// `import:<id>` or `model:<id>:<alternative>`.
    pub source: String,
    /// Human-readable account of the source (import name, factor, period).
    pub note: String,
    pub set_by: Option<UserId>,
    pub set_at: i64,
}

/// What an activity baseline was computed from: the previous contract's
/// quantities per year (core::metrics keys) and the CO2e range the same
/// activity factors as follow-up give (kg over the baseline's period).
/// Older baselines have none of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BaselineQuantities {
    /// (metric key, quantity per year), in metric-key order.
    pub quantities: Vec<(String, f64)>,
    pub kg_low: Option<f64>,
    pub kg_high: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Procurement {
    pub id: i64,
    pub org_id: OrgId,
    pub title: String,
    pub reference: String,
    pub description: String,
    pub cpv_codes: Vec<String>,
    pub spend_category: String,
    pub estimated_value: Ore,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
    pub options: String,
    pub status: ProcurementStatus,
    /// Key of the current stage.
    pub stage: String,
    pub ambition: Option<String>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub demo: bool,
    pub baseline: Option<Baseline>,
}

/// A stage's stored state (only stages with a due date or a close have a row).
#[derive(Debug, Clone, PartialEq)]
pub struct StageRow {
    pub stage: String,
    pub due_date: Option<Date>,
    pub closed_at: Option<i64>,
    pub closed_by: Option<UserId>,
    pub closed_by_name: String,
    /// Why the stage was closed with required items open (empty otherwise).
    pub override_reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistRow {
    pub stage: String,
    pub item_key: String,
    pub done: bool,
    pub done_by: Option<UserId>,
    pub done_by_name: String,
    pub done_at: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamMember {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// One cell of the organisation's RACI matrix that differs from the default.
/// An empty `letter` means "no letter" (the default is switched off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaciOverride {
    pub stage: String,
    pub role: String,
    pub letter: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChosenCriterion {
    pub criterion_id: String,
    pub version: u32,
    pub added_by: Option<UserId>,
    pub added_at: i64,
}

/// What closing a stage did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageClose {
    /// Closed; the procurement moved on to `next` (or was completed when none).
    Closed { next: Option<String> },
    /// No such procurement in this organisation.
    NotFound,
    /// The stage is not the procurement's current stage, or the procurement is not active.
    NotCurrent,
    /// Required items are open and no reason was given.
    ReasonRequired { open: Vec<String> },
}

/// A procurement where the user is responsible (R) or accountable (A) for the current stage.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub procurement: Procurement,
    /// The current stage's key.
    pub stage: String,
    /// The current stage's due date; `None` when none is set (the contract
    /// start is not a stage's due date and is not used in its place).
    pub due: Option<Date>,
    /// The roles through which the user holds R or A, with the letter.
    pub letters: Vec<(Role, String)>,
    /// Keys of the current stage's checklist items already done.
    pub done_items: Vec<String>,
}

/// Required item keys not among `done`: what blocks closing without a reason.
pub fn open_required(required: &[&str], done: &[String]) -> Vec<String> {
    required
        .iter()
        .filter(|k| !done.iter().any(|d| d == *k))
        .map(|k| (*k).to_owned())
        .collect()
}

/// The letters a RACI cell may hold.
pub const RACI_LETTERS: [&str; 4] = ["R", "A", "C", "I"];

fn cpv_text(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

fn cpv_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

const PROC_COLUMNS: &str = "p.id, p.org_id, p.title, p.reference, p.description, p.cpv_codes, \
    p.spend_category, p.estimated_value_ore, p.contract_start, p.contract_end, p.options, p.status, \
    p.stage, p.ambition, p.created_by, p.created_at, p.updated_at, p.demo, p.baseline_method, \
    p.baseline_kg_co2e, p.baseline_kwh, p.baseline_spend_ore, p.baseline_source, p.baseline_note, \
    p.baseline_by, p.baseline_at";

/// Reads a row of [`PROC_COLUMNS`] (a macro: the row type differs per backend).
macro_rules! procurement_from_row {
    ($row:expr) => {{
        use sqlx::Row;
        let r = $row;
        let status: String = r.try_get(11)?;
        let method: Option<String> = r.try_get(18)?;
        let baseline = match method.as_deref().and_then(BaselineMethod::parse) {
            Some(method) => Some(Baseline {
                method,
                kg_co2e: r.try_get::<Option<f64>, _>(19)?.unwrap_or(0.0),
                kwh: r.try_get(20)?,
                spend: r.try_get::<Option<i64>, _>(21)?.map(Ore),
                source: r.try_get(22)?,
                note: r.try_get(23)?,
                set_by: r.try_get::<Option<i64>, _>(24)?.map(UserId),
                set_at: r.try_get::<Option<i64>, _>(25)?.unwrap_or(0),
            }),
            None => None,
        };
        Procurement {
            id: r.try_get(0)?,
            org_id: OrgId(r.try_get(1)?),
            title: r.try_get(2)?,
            reference: r.try_get(3)?,
            description: r.try_get(4)?,
            cpv_codes: cpv_list(&r.try_get::<String, _>(5)?),
            spend_category: r.try_get(6)?,
            estimated_value: Ore(r.try_get(7)?),
            contract_start: opt_date(r.try_get(8)?),
            contract_end: opt_date(r.try_get(9)?),
            options: r.try_get(10)?,
            status: ProcurementStatus::parse(&status).unwrap_or(ProcurementStatus::Active),
            stage: r.try_get(12)?,
            ambition: r.try_get(13)?,
            created_by: r.try_get::<Option<i64>, _>(14)?.map(UserId),
            created_at: r.try_get(15)?,
            updated_at: r.try_get(16)?,
            demo: r.try_get::<i64, _>(17)? != 0,
            baseline,
        }
    }};
}

impl Store {
    pub async fn create_procurement(
        &self,
        org: OrgId,
        input: &ProcurementInput,
        user: Option<UserId>,
        demo: bool,
    ) -> Result<i64> {
        let sql = "INSERT INTO procurements (org_id, title, reference, description, cpv_codes, \
                   spend_category, estimated_value_ore, contract_start, contract_end, options, ambition, \
                   status, stage, created_by, created_at, updated_at, demo) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $13, $14, $14, $15) \
                   RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(input.title.trim()).bind(input.reference.trim()).bind(&input.description)
            .bind(cpv_text(&input.cpv_codes)).bind(input.spend_category.trim()).bind(input.estimated_value.0)
            .bind(input.contract_start.map(|d| d.to_string())).bind(input.contract_end.map(|d| d.to_string()))
            .bind(&input.options).bind(input.ambition.as_deref()).bind(FIRST_STAGE)
            .bind(user.map(|u| u.0)).bind(now()).bind(demo as i64)
            .fetch_one(p).await)?;
        Ok(id)
    }

    /// Changes what the user entered; false when not found in `org`.
    pub async fn update_procurement(
        &self,
        org: OrgId,
        id: i64,
        input: &ProcurementInput,
    ) -> Result<bool> {
        let sql = "UPDATE procurements SET title = $3, reference = $4, description = $5, cpv_codes = $6, \
                   spend_category = $7, estimated_value_ore = $8, contract_start = $9, contract_end = $10, \
                   options = $11, ambition = $12, updated_at = $13 WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(id).bind(input.title.trim()).bind(input.reference.trim()).bind(&input.description)
            .bind(cpv_text(&input.cpv_codes)).bind(input.spend_category.trim()).bind(input.estimated_value.0)
            .bind(input.contract_start.map(|d| d.to_string())).bind(input.contract_end.map(|d| d.to_string()))
            .bind(&input.options).bind(input.ambition.as_deref()).bind(now())
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn set_procurement_status(
        &self,
        org: OrgId,
        id: i64,
        status: ProcurementStatus,
    ) -> Result<bool> {
        let sql =
            "UPDATE procurements SET status = $3, updated_at = $4 WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).bind(status.key()).bind(now())
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Deletes the procurement with its stages, checklist, team and criteria.
    /// Refused ([`crate::StoreError::ProcurementHasBids`]) once a bid has been
    /// received: the bids are records of the procurement and are kept.
    pub async fn delete_procurement(&self, org: OrgId, id: i64) -> Result<bool> {
        let sql = "DELETE FROM procurements WHERE org_id = $1 AND id = $2 \
                   AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.procurement_id = $2)";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            return Ok(true);
        }
        let sql = "SELECT COUNT(*) FROM bids b JOIN procurements p ON p.id = b.procurement_id \
                   WHERE p.org_id = $1 AND p.id = $2";
        let (bids,): (i64,) =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_one(p).await)?;
        if bids > 0 {
            return Err(crate::StoreError::ProcurementHasBids);
        }
        Ok(false)
    }

    pub async fn procurement(&self, org: OrgId, id: i64) -> Result<Option<Procurement>> {
        let sql =
            format!("SELECT {PROC_COLUMNS} FROM procurements p WHERE p.org_id = $1 AND p.id = $2");
        with_pool!(self, p => {
            match sqlx::query(&sql).bind(org.0).bind(id).fetch_optional(p).await? {
                Some(row) => Ok(Some(procurement_from_row!(&row))),
                None => Ok(None),
            }
        })
    }

    /// The organisation's procurements, newest first.
    pub async fn procurements(&self, org: OrgId) -> Result<Vec<Procurement>> {
        let sql = format!(
            "SELECT {PROC_COLUMNS} FROM procurements p WHERE p.org_id = $1 ORDER BY p.created_at DESC, p.id DESC"
        );
        with_pool!(self, p => {
            let rows = sqlx::query(&sql).bind(org.0).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(procurement_from_row!(row));
            }
            Ok(out)
        })
    }

    async fn owns_procurement(&self, org: OrgId, id: i64) -> Result<bool> {
        let sql = "SELECT id FROM procurements WHERE org_id = $1 AND id = $2";
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.is_some())
    }

    async fn touch(&self, id: i64) -> Result<()> {
        let sql = "UPDATE procurements SET updated_at = $2 WHERE id = $1";
        with_pool!(self, p => sqlx::query(sql).bind(id).bind(now()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    // --- baseline ---

    /// Saves the baseline (method, figures and source); false when not found.
    /// Quantities and range of an earlier activity baseline are removed.
    pub async fn set_baseline(&self, org: OrgId, id: i64, baseline: &Baseline) -> Result<bool> {
        self.set_baseline_with(org, id, baseline, &BaselineQuantities::default())
            .await
    }

    /// Saves an activity baseline with the quantities per year it was
    /// computed from and its CO2e range, all or nothing (one transaction);
    /// false when the procurement is not found in `org`.
    pub async fn set_baseline_with(
        &self,
        org: OrgId,
        id: i64,
        baseline: &Baseline,
        q: &BaselineQuantities,
    ) -> Result<bool> {
        for (i, (metric, value)) in q.quantities.iter().enumerate() {
            if upphandla_core::metrics::metric_by_key(metric).is_none() {
                return Err(crate::StoreError::Invalid(format!(
                    "okänt mått / unknown metric {metric:?}"
                )));
            }
            if !value.is_finite() || *value < 0.0 {
                return Err(crate::StoreError::Invalid(format!("{metric}: {value}")));
            }
            if q.quantities[..i].iter().any(|(k, _)| k == metric) {
                return Err(crate::StoreError::Invalid(format!(
                    "måttet finns två gånger / metric given twice: {metric}"
                )));
            }
        }
        if let (Some(lo), Some(hi)) = (q.kg_low, q.kg_high)
            && !(lo.is_finite() && hi.is_finite() && lo <= hi)
        {
            return Err(crate::StoreError::Invalid(format!(
                "intervallet {lo}–{hi} / the range {lo}–{hi}"
            )));
        }
        let sql = "UPDATE procurements SET baseline_method = $3, baseline_kg_co2e = $4, baseline_kwh = $5, \
                   baseline_spend_ore = $6, baseline_source = $7, baseline_note = $8, baseline_by = $9, \
                   baseline_at = $10, updated_at = $10, baseline_kg_low = $11, baseline_kg_high = $12 \
                   WHERE org_id = $1 AND id = $2";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query(sql).bind(org.0).bind(id)
                .bind(baseline.method.key()).bind(baseline.kg_co2e).bind(baseline.kwh)
                .bind(baseline.spend.map(|o| o.0)).bind(&baseline.source).bind(&baseline.note)
                .bind(baseline.set_by.map(|u| u.0)).bind(now())
                .bind(q.kg_low).bind(q.kg_high)
                .execute(&mut *tx).await?.rows_affected();
            if n != 1 {
                // Not in `org`: end the transaction now (a dropped one keeps
                // its locks until the connection is used again).
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM baseline_quantities WHERE procurement_id = $1")
                .bind(id).execute(&mut *tx).await?;
            for (metric, value) in &q.quantities {
                sqlx::query("INSERT INTO baseline_quantities (procurement_id, metric, quantity_per_year) \
                             VALUES ($1, $2, $3)")
                    .bind(id).bind(metric).bind(*value).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The quantities and range behind the procurement's baseline (empty
    /// when the baseline has none or the procurement is not in `org`).
    pub async fn baseline_quantities(&self, org: OrgId, id: i64) -> Result<BaselineQuantities> {
        let range_sql = "SELECT baseline_kg_low, baseline_kg_high FROM procurements \
                         WHERE org_id = $1 AND id = $2";
        let range: Option<(Option<f64>, Option<f64>)> = with_pool!(self, p =>
            sqlx::query_as(range_sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        let Some((kg_low, kg_high)) = range else {
            return Ok(BaselineQuantities::default());
        };
        let sql = "SELECT q.metric, q.quantity_per_year FROM baseline_quantities q \
                   JOIN procurements p ON p.id = q.procurement_id \
                   WHERE p.org_id = $1 AND q.procurement_id = $2 ORDER BY q.metric";
        let quantities: Vec<(String, f64)> = with_pool!(self, p =>
            sqlx::query_as(sql).bind(org.0).bind(id).fetch_all(p).await)?;
        Ok(BaselineQuantities {
            quantities,
            kg_low,
            kg_high,
        })
    }

    pub async fn clear_baseline(&self, org: OrgId, id: i64) -> Result<bool> {
        let sql = "UPDATE procurements SET baseline_method = NULL, baseline_kg_co2e = NULL, baseline_kwh = NULL, \
                   baseline_spend_ore = NULL, baseline_source = '', baseline_note = '', baseline_by = NULL, \
                   baseline_at = NULL, baseline_kg_low = NULL, baseline_kg_high = NULL, updated_at = $3 \
                   WHERE org_id = $1 AND id = $2";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query(sql).bind(org.0).bind(id).bind(now())
                .execute(&mut *tx).await?.rows_affected();
            if n != 1 {
                // Not in `org`: end the transaction now (a dropped one keeps
                // its locks until the connection is used again).
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("DELETE FROM baseline_quantities WHERE procurement_id = $1")
                .bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    // --- stages ---

    /// Stored stage rows of the procurement (empty when not found in `org`).
    pub async fn procurement_stages(&self, org: OrgId, id: i64) -> Result<Vec<StageRow>> {
        let sql = "SELECT s.stage, s.due_date, s.closed_at, s.closed_by, COALESCE(u.name, ''), s.override_reason \
                   FROM procurement_stages s JOIN procurements p ON p.id = s.procurement_id \
                   LEFT JOIN users u ON u.id = s.closed_by \
                   WHERE p.org_id = $1 AND p.id = $2 ORDER BY s.stage";
        let rows: Vec<(
            String,
            Option<String>,
            Option<i64>,
            Option<i64>,
            String,
            String,
        )> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(stage, due, closed_at, closed_by, closed_by_name, override_reason)| StageRow {
                    stage,
                    due_date: opt_date(due),
                    closed_at,
                    closed_by: closed_by.map(UserId),
                    closed_by_name,
                    override_reason,
                },
            )
            .collect())
    }

    /// Sets or clears a stage's due date; false when not found in `org`.
    pub async fn set_stage_due(
        &self,
        org: OrgId,
        id: i64,
        stage: &str,
        due: Option<Date>,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let sql = "INSERT INTO procurement_stages (procurement_id, stage, due_date) VALUES ($1, $2, $3) \
                   ON CONFLICT (procurement_id, stage) DO UPDATE SET due_date = excluded.due_date";
        with_pool!(self, p => sqlx::query(sql).bind(id).bind(stage).bind(due.map(|d| d.to_string()))
            .execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(true)
    }

    /// Closes `stage` if it is the active procurement's current stage. With
    /// any of `required` (item keys) not done, a non-blank `reason` is needed
    /// and is stored with the close. The procurement moves to `next`, or is
    /// completed when there is none.
    #[allow(clippy::too_many_arguments)]
    pub async fn close_stage(
        &self,
        org: OrgId,
        id: i64,
        stage: &str,
        required: &[&str],
        next: Option<&str>,
        reason: &str,
        by: UserId,
    ) -> Result<StageClose> {
        let reason = reason.trim();
        let at = now();
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            // A write first: SQLite then holds the write lock for the whole check.
            let found = sqlx::query("UPDATE procurements SET updated_at = $3 WHERE org_id = $1 AND id = $2")
                .bind(org.0).bind(id).bind(at).execute(&mut *tx).await?.rows_affected() == 1;
            if !found {
                return Ok(StageClose::NotFound);
            }
            let (current, status): (String, String) =
                sqlx::query_as("SELECT stage, status FROM procurements WHERE id = $1")
                    .bind(id).fetch_one(&mut *tx).await?;
            if current != stage || status != ProcurementStatus::Active.key() {
                return Ok(StageClose::NotCurrent);
            }
            let done: Vec<(String,)> = sqlx::query_as(
                "SELECT item_key FROM checklist_items WHERE procurement_id = $1 AND stage = $2 AND done = 1")
                .bind(id).bind(stage).fetch_all(&mut *tx).await?;
            let done: Vec<String> = done.into_iter().map(|d| d.0).collect();
            let open = open_required(required, &done);
            if !open.is_empty() && reason.is_empty() {
                return Ok(StageClose::ReasonRequired { open });
            }
            let stored_reason = if open.is_empty() { "" } else { reason };
            sqlx::query(
                "INSERT INTO procurement_stages (procurement_id, stage, closed_at, closed_by, override_reason) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (procurement_id, stage) DO UPDATE SET \
                 closed_at = excluded.closed_at, closed_by = excluded.closed_by, \
                 override_reason = excluded.override_reason")
                .bind(id).bind(stage).bind(at).bind(by.0).bind(stored_reason)
                .execute(&mut *tx).await?;
            match next {
                Some(next) => {
                    sqlx::query("UPDATE procurements SET stage = $2 WHERE id = $1")
                        .bind(id).bind(next).execute(&mut *tx).await?;
                }
                None => {
                    sqlx::query("UPDATE procurements SET status = $2 WHERE id = $1")
                        .bind(id).bind(ProcurementStatus::Completed.key()).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok(StageClose::Closed { next: next.map(str::to_owned) })
        })
    }

    /// Makes `stage` current again (a correction) and clears its close and
    /// those of the stages after it, given in `later`. An ended procurement
    /// becomes active again. False when not found in `org`.
    pub async fn reopen_stage(
        &self,
        org: OrgId,
        id: i64,
        stage: &str,
        later: &[&str],
    ) -> Result<bool> {
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let found = sqlx::query(
                "UPDATE procurements SET stage = $3, status = 'active', updated_at = $4 WHERE org_id = $1 AND id = $2")
                .bind(org.0).bind(id).bind(stage).bind(now()).execute(&mut *tx).await?.rows_affected() == 1;
            if !found {
                return Ok(false);
            }
            for s in std::iter::once(stage).chain(later.iter().copied()) {
                sqlx::query("UPDATE procurement_stages SET closed_at = NULL, closed_by = NULL, override_reason = '' \
                             WHERE procurement_id = $1 AND stage = $2")
                    .bind(id).bind(s).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    // --- checklist ---

    /// Every stored checklist item of the procurement (all stages).
    pub async fn checklist(&self, org: OrgId, id: i64) -> Result<Vec<ChecklistRow>> {
        let sql = "SELECT c.stage, c.item_key, c.done, c.done_by, COALESCE(u.name, ''), c.done_at, c.note \
                   FROM checklist_items c JOIN procurements p ON p.id = c.procurement_id \
                   LEFT JOIN users u ON u.id = c.done_by \
                   WHERE p.org_id = $1 AND p.id = $2 ORDER BY c.stage, c.item_key";
        let rows: Vec<(
            String,
            String,
            i64,
            Option<i64>,
            String,
            Option<i64>,
            String,
        )> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(stage, item_key, done, done_by, done_by_name, done_at, note)| ChecklistRow {
                    stage,
                    item_key,
                    done: done != 0,
                    done_by: done_by.map(UserId),
                    done_by_name,
                    done_at,
                    note,
                },
            )
            .collect())
    }

    /// Marks an item done or not done (with an optional note); false when
    /// the procurement is not found in `org`.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_checklist_item(
        &self,
        org: OrgId,
        id: i64,
        stage: &str,
        item_key: &str,
        done: bool,
        note: &str,
        by: UserId,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let (by, at) = if done {
            (Some(by.0), Some(now()))
        } else {
            (None, None)
        };
        let sql = "INSERT INTO checklist_items (procurement_id, stage, item_key, done, done_by, done_at, note) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (procurement_id, stage, item_key) DO UPDATE SET \
                   done = excluded.done, done_by = excluded.done_by, done_at = excluded.done_at, note = excluded.note";
        with_pool!(self, p => sqlx::query(sql).bind(id).bind(stage).bind(item_key).bind(done as i64)
            .bind(by).bind(at).bind(note.trim()).execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(true)
    }

    // --- team ---

    pub async fn procurement_team(&self, org: OrgId, id: i64) -> Result<Vec<TeamMember>> {
        let sql = "SELECT t.user_id, u.name, u.email, t.role FROM procurement_team t \
                   JOIN procurements p ON p.id = t.procurement_id JOIN users u ON u.id = t.user_id \
                   WHERE p.org_id = $1 AND p.id = $2 ORDER BY t.role, u.name, u.id";
        let rows: Vec<(i64, String, String, String)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(user, name, email, role)| {
                Some(TeamMember {
                    user_id: UserId(user),
                    name,
                    email,
                    role: Role::parse(&role)?,
                })
            })
            .collect())
    }

    /// Puts a member of `org` on the team in `role`; false when the
    /// procurement is not `org`'s or the user is not a member of `org`.
    pub async fn add_team_member(
        &self,
        org: OrgId,
        id: i64,
        user: UserId,
        role: Role,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let member: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT user_id FROM memberships WHERE user_id = $1 AND org_id = $2 LIMIT 1")
            .bind(user.0).bind(org.0).fetch_optional(p).await)?;
        if member.is_none() {
            return Ok(false);
        }
        let sql = "INSERT INTO procurement_team (procurement_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        with_pool!(self, p => sqlx::query(sql).bind(id).bind(user.0).bind(role.key())
            .execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(true)
    }

    pub async fn remove_team_member(
        &self,
        org: OrgId,
        id: i64,
        user: UserId,
        role: Role,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let sql =
            "DELETE FROM procurement_team WHERE procurement_id = $1 AND user_id = $2 AND role = $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(id).bind(user.0).bind(role.key())
            .execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(n == 1)
    }

    // --- RACI ---

    /// The organisation's cells that differ from the default matrix.
    pub async fn org_raci(&self, org: OrgId) -> Result<Vec<RaciOverride>> {
        let sql = "SELECT stage, role, letter FROM org_raci WHERE org_id = $1 ORDER BY stage, role";
        let rows: Vec<(String, String, String)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(stage, role, letter)| RaciOverride {
                stage,
                role,
                letter,
            })
            .collect())
    }

    /// Replaces the organisation's adjustments (an empty list resets to the
    /// default). Letters other than R, A, C, I or empty are refused (`Ok(false)`).
    pub async fn replace_org_raci(&self, org: OrgId, cells: &[RaciOverride]) -> Result<bool> {
        if cells
            .iter()
            .any(|c| !c.letter.is_empty() && !RACI_LETTERS.contains(&c.letter.as_str()))
        {
            return Ok(false);
        }
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM org_raci WHERE org_id = $1").bind(org.0).execute(&mut *tx).await?;
            for c in cells {
                sqlx::query("INSERT INTO org_raci (org_id, stage, role, letter) VALUES ($1, $2, $3, $4) \
                             ON CONFLICT (org_id, stage, role) DO UPDATE SET letter = excluded.letter")
                    .bind(org.0).bind(&c.stage).bind(&c.role).bind(&c.letter).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(true)
    }

    // --- criteria ---

    pub async fn procurement_criteria(&self, org: OrgId, id: i64) -> Result<Vec<ChosenCriterion>> {
        let sql = "SELECT c.criterion_id, c.criterion_version, c.added_by, c.added_at \
                   FROM procurement_criteria c JOIN procurements p ON p.id = c.procurement_id \
                   WHERE p.org_id = $1 AND p.id = $2 ORDER BY c.added_at, c.criterion_id";
        let rows: Vec<(String, i64, Option<i64>, i64)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(criterion_id, version, added_by, added_at)| ChosenCriterion {
                    criterion_id,
                    version: u32::try_from(version).unwrap_or(0),
                    added_by: added_by.map(UserId),
                    added_at,
                },
            )
            .collect())
    }

    /// Chooses a criterion in `version` (adding it again updates the version);
    /// false when the procurement is not found in `org`.
    pub async fn add_procurement_criterion(
        &self,
        org: OrgId,
        id: i64,
        criterion_id: &str,
        version: u32,
        by: UserId,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let sql = "INSERT INTO procurement_criteria (procurement_id, criterion_id, criterion_version, added_by, added_at) \
                   VALUES ($1, $2, $3, $4, $5) ON CONFLICT (procurement_id, criterion_id) DO UPDATE SET \
                   criterion_version = excluded.criterion_version, added_by = excluded.added_by, added_at = excluded.added_at";
        with_pool!(self, p => sqlx::query(sql).bind(id).bind(criterion_id).bind(i64::from(version))
            .bind(by.0).bind(now()).execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(true)
    }

    pub async fn remove_procurement_criterion(
        &self,
        org: OrgId,
        id: i64,
        criterion_id: &str,
    ) -> Result<bool> {
        if !self.owns_procurement(org, id).await? {
            return Ok(false);
        }
        let sql =
            "DELETE FROM procurement_criteria WHERE procurement_id = $1 AND criterion_id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(id).bind(criterion_id)
            .execute(p).await.map(|r| r.rows_affected()))?;
        self.touch(id).await?;
        Ok(n == 1)
    }

    // --- my tasks ---

    /// The user's tasks across the organisation's active procurements: those
    /// where, for the current stage, the user holds R or A through a team
    /// role, or through an organisation role nobody on the team holds.
    /// `default_raci(stage, role_key)` gives the default letter; the
    /// organisation's adjustments take precedence. Sorted by due date
    /// (stage due date, else contract start; none last), then title.
    pub async fn my_tasks(
        &self,
        org: OrgId,
        user: UserId,
        default_raci: impl Fn(&str, &str) -> Option<&'static str>,
    ) -> Result<Vec<TaskRow>> {
        let org_roles = self.roles(user, org).await?;
        let overrides = self.org_raci(org).await?;
        let team_sql = "SELECT t.procurement_id, t.user_id, t.role FROM procurement_team t \
                        JOIN procurements p ON p.id = t.procurement_id \
                        WHERE p.org_id = $1 AND p.status = 'active'";
        let team: Vec<(i64, i64, String)> =
            with_pool!(self, p => sqlx::query_as(team_sql).bind(org.0).fetch_all(p).await)?;
        let done_sql = "SELECT c.procurement_id, c.item_key FROM checklist_items c \
                        JOIN procurements p ON p.id = c.procurement_id AND p.stage = c.stage \
                        WHERE p.org_id = $1 AND p.status = 'active' AND c.done = 1";
        let done: Vec<(i64, String)> =
            with_pool!(self, p => sqlx::query_as(done_sql).bind(org.0).fetch_all(p).await)?;
        let due_sql = "SELECT s.procurement_id, s.due_date FROM procurement_stages s \
                       JOIN procurements p ON p.id = s.procurement_id AND p.stage = s.stage \
                       WHERE p.org_id = $1 AND p.status = 'active' AND s.due_date IS NOT NULL";
        let dues: Vec<(i64, Option<String>)> =
            with_pool!(self, p => sqlx::query_as(due_sql).bind(org.0).fetch_all(p).await)?;
        let letter = |stage: &str, role: Role| -> Option<String> {
            match overrides
                .iter()
                .find(|o| o.stage == stage && o.role == role.key())
            {
                Some(o) => Some(o.letter.clone()).filter(|l| !l.is_empty()),
                None => default_raci(stage, role.key()).map(str::to_owned),
            }
        };
        let mut out = Vec::new();
        for procurement in self.procurements(org).await? {
            if procurement.status != ProcurementStatus::Active {
                continue;
            }
            let pid = procurement.id;
            let on_team: Vec<(i64, Role)> = team
                .iter()
                .filter(|t| t.0 == pid)
                .filter_map(|t| Some((t.1, Role::parse(&t.2)?)))
                .collect();
            let mut roles: Vec<Role> = on_team
                .iter()
                .filter(|t| t.0 == user.0)
                .map(|t| t.1)
                .collect();
            for role in &org_roles {
                if !on_team.iter().any(|t| t.1 == *role) {
                    roles.push(*role);
                }
            }
            roles.sort();
            roles.dedup();
            let letters: Vec<(Role, String)> = roles
                .into_iter()
                .filter_map(|r| {
                    let l = letter(&procurement.stage, r)?;
                    (l == "R" || l == "A").then_some((r, l))
                })
                .collect();
            if letters.is_empty() {
                continue;
            }
            let due = dues
                .iter()
                .find(|d| d.0 == pid)
                .and_then(|d| opt_date(d.1.clone()));
            out.push(TaskRow {
                stage: procurement.stage.clone(),
                due,
                letters,
                done_items: done
                    .iter()
                    .filter(|d| d.0 == pid)
                    .map(|d| d.1.clone())
                    .collect(),
                procurement,
            });
        }
        out.sort_by(|a, b| {
            (
                a.due.is_none(),
                a.due,
                &a.procurement.title,
                a.procurement.id,
            )
                .cmp(&(
                    b.due.is_none(),
                    b.due,
                    &b.procurement.title,
                    b.procurement.id,
                ))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_required_lists_missing_keys() {
        let done = vec!["a".to_owned(), "c".to_owned()];
        assert_eq!(open_required(&["a", "b", "c", "d"], &done), vec!["b", "d"]);
        assert!(open_required(&["a"], &done).is_empty());
        assert!(open_required(&[], &[]).is_empty());
    }

    #[test]
    fn dates_and_codes_round_trip() {
        assert_eq!(Date::parse_iso("2027-01-31"), Date::new(2027, 1, 31));
        assert_eq!(Date::parse_iso("2027-02-30"), None);
        assert_eq!(Date::parse_iso("2027-01"), None);
        assert_eq!(Date::parse_iso("x"), None);
        let codes = vec![
            " 34110000-1".to_owned(),
            String::new(),
            "34100000-8 ".to_owned(),
        ];
        assert_eq!(cpv_text(&codes), "34110000-1,34100000-8");
        assert_eq!(
            cpv_list("34110000-1,34100000-8"),
            vec!["34110000-1", "34100000-8"]
        );
        assert!(cpv_list("").is_empty());
    }
}
