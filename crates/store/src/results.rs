//! Goals and the reads the measured results need: an organisation's goals
//! (create, change, share, delete) and the reported values of its contracts'
//! supplier reports, read here with their procurement and category so the
//! results do not depend on the follow-up pages' code. Everything is scoped
//! by [`OrgId`].

use serde::Serialize;
use upphandla_core::date::Date;
use upphandla_core::results::{GOAL_KINDS, goal_unit};

use crate::{OrgId, Result, Store, StoreError, now, stored_date, with_pool};

/// What a user enters for a goal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoalInput {
    /// One of [`GOAL_KINDS`].
    pub kind: String,
    pub title: String,
    pub base_year: i32,
    pub base_value: f64,
    pub target_year: i32,
    pub target_value: f64,
    pub note: String,
    pub shared: bool,
}

/// One invalid field of a [`GoalInput`] (field name as in the web form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalFieldError {
    pub field: &'static str,
    pub sv: String,
    pub en: String,
}

impl GoalInput {
    pub fn validate(&self) -> Vec<GoalFieldError> {
        let mut out = Vec::new();
        let mut bad = |field: &'static str, sv: &str, en: &str| {
            out.push(GoalFieldError {
                field,
                sv: sv.into(),
                en: en.into(),
            })
        };
        if !GOAL_KINDS.contains(&self.kind.as_str()) {
            bad("kind", "Välj ett slags mål.", "Choose a kind of goal.");
        }
        if self.title.trim().is_empty() || self.title.len() > 200 {
            bad(
                "title",
                "Skriv en rubrik (högst 200 tecken).",
                "Enter a title (at most 200 characters).",
            );
        }
        let year_ok = |y: i32| (1990..=2100).contains(&y);
        if !year_ok(self.base_year) {
            bad(
                "base_year",
                "Basåret ska vara mellan 1990 och 2100.",
                "The base year must be between 1990 and 2100.",
            );
        }
        if !year_ok(self.target_year) || self.target_year <= self.base_year {
            bad(
                "target_year",
                "Målåret ska vara efter basåret (senast 2100).",
                "The target year must be after the base year (2100 at the latest).",
            );
        }
        let value_ok = |v: f64| (0.0..1e12).contains(&v);
        let pct = self.kind == "fossilfri_fordonsbransle";
        for (field, v) in [
            ("base_value", self.base_value),
            ("target_value", self.target_value),
        ] {
            if !value_ok(v) || (pct && v > 100.0) {
                bad(
                    field,
                    "Ange ett tal ≥ 0 (andelar 0–100).",
                    "Enter a number ≥ 0 (shares 0–100).",
                );
            }
        }
        if self.note.len() > 2000 {
            bad(
                "note",
                "Anteckningen får vara högst 2000 tecken.",
                "The note may be at most 2000 characters.",
            );
        }
        out
    }

    fn check(&self) -> Result<&'static str> {
        let errors = self.validate();
        if let Some(e) = errors.first() {
            return Err(StoreError::Invalid(format!(
                "{}: {} / {}",
                e.field, e.sv, e.en
            )));
        }
        goal_unit(&self.kind).ok_or_else(|| StoreError::Invalid("kind".into()))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub id: i64,
    pub org_id: OrgId,
    pub kind: String,
    pub title: String,
    pub base_year: i32,
    pub base_value: f64,
    pub target_year: i32,
    pub target_value: f64,
    pub unit: String,
    pub note: String,
    pub shared: bool,
    pub created_at: i64,
}

impl Goal {
    pub fn input(&self) -> GoalInput {
        GoalInput {
            kind: self.kind.clone(),
            title: self.title.clone(),
            base_year: self.base_year,
            base_value: self.base_value,
            target_year: self.target_year,
            target_value: self.target_value,
            note: self.note.clone(),
            shared: self.shared,
        }
    }
}

/// One reported value with its report period, contract and procurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportedValue {
    pub contract_id: i64,
    pub procurement_id: Option<i64>,
    /// The contract's spend category ('' when none).
    pub category: String,
    pub report_id: i64,
    #[serde(skip)]
    pub period_start: Date,
    #[serde(skip)]
    pub period_end: Date,
    pub metric: String,
    pub value: f64,
}

/// A contract as the results show it (link to its follow-up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultContract {
    pub id: i64,
    pub procurement_id: Option<i64>,
    pub title: String,
    pub supplier_name: String,
    pub category: String,
}

const GOAL_COLUMNS: &str = "id, org_id, kind, title, base_year, base_value, target_year, target_value, \
    unit, note, shared, created_at";

type GoalRow = (
    i64,
    i64,
    String,
    String,
    i64,
    f64,
    i64,
    f64,
    String,
    String,
    i64,
    i64,
);

fn goal_from(r: GoalRow) -> Goal {
    Goal {
        id: r.0,
        org_id: OrgId(r.1),
        kind: r.2,
        title: r.3,
        base_year: r.4 as i32,
        base_value: r.5,
        target_year: r.6 as i32,
        target_value: r.7,
        unit: r.8,
        note: r.9,
        shared: r.10 != 0,
        created_at: r.11,
    }
}

impl Store {
    pub async fn create_goal(&self, org: OrgId, input: &GoalInput) -> Result<i64> {
        let unit = input.check()?;
        let sql = "INSERT INTO goals (org_id, kind, title, base_year, base_value, target_year, \
                   target_value, unit, note, shared, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(&input.kind).bind(input.title.trim()).bind(i64::from(input.base_year))
            .bind(input.base_value).bind(i64::from(input.target_year)).bind(input.target_value)
            .bind(unit).bind(input.note.trim()).bind(input.shared as i64).bind(now())
            .fetch_one(p).await)?;
        Ok(id)
    }

    /// Replaces the goal's fields; false when not found in `org`.
    pub async fn update_goal(&self, org: OrgId, id: i64, input: &GoalInput) -> Result<bool> {
        let unit = input.check()?;
        let sql = "UPDATE goals SET kind = $3, title = $4, base_year = $5, base_value = $6, \
                   target_year = $7, target_value = $8, unit = $9, note = $10, shared = $11 \
                   WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(id).bind(&input.kind).bind(input.title.trim())
            .bind(i64::from(input.base_year)).bind(input.base_value)
            .bind(i64::from(input.target_year)).bind(input.target_value).bind(unit)
            .bind(input.note.trim()).bind(input.shared as i64)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn set_goal_shared(&self, org: OrgId, id: i64, shared: bool) -> Result<bool> {
        self.set_org_flag("goals", "shared", org, id, shared).await
    }

    pub async fn delete_goal(&self, org: OrgId, id: i64) -> Result<bool> {
        self.delete_org_row("goals", org, id).await
    }

    pub async fn goal(&self, org: OrgId, id: i64) -> Result<Option<Goal>> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM goals WHERE org_id = $1 AND id = $2");
        let row: Option<GoalRow> = with_pool!(self, p => sqlx::query_as(&sql)
            .bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(goal_from))
    }

    /// The organisation's goals, by target year and title.
    pub async fn goals(&self, org: OrgId) -> Result<Vec<Goal>> {
        let sql = format!(
            "SELECT {GOAL_COLUMNS} FROM goals WHERE org_id = $1 ORDER BY target_year, title, id"
        );
        let rows: Vec<GoalRow> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(goal_from).collect())
    }

    /// Every reported value of the organisation's contracts (or of the
    /// contract of one procurement), oldest report first.
    pub async fn reported_values(
        &self,
        org: OrgId,
        procurement_id: Option<i64>,
    ) -> Result<Vec<ReportedValue>> {
        let filter = if procurement_id.is_some() {
            "AND c.procurement_id = $2"
        } else {
            "AND $2 = 0"
        };
        let sql = format!(
            "SELECT c.id, c.procurement_id, c.category, r.id, r.period_start, r.period_end, v.metric, v.value \
             FROM contracts c \
             JOIN supplier_reports r ON r.contract_id = c.id AND r.org_id = c.org_id \
             JOIN report_values v ON v.report_id = r.id \
             WHERE c.org_id = $1 {filter} ORDER BY r.period_start, r.id, v.metric"
        );
        let rows: Vec<(i64, Option<i64>, String, i64, String, String, String, f64)> = with_pool!(self, p => sqlx::query_as(&sql)
            .bind(org.0).bind(procurement_id.unwrap_or(0)).fetch_all(p).await)?;
        let date = |s: &str| stored_date(s, "report date");
        rows.into_iter()
            .map(|r| {
                Ok(ReportedValue {
                    contract_id: r.0,
                    procurement_id: r.1,
                    category: r.2,
                    report_id: r.3,
                    period_start: date(&r.4)?,
                    period_end: date(&r.5)?,
                    metric: r.6,
                    value: r.7,
                })
            })
            .collect()
    }

    /// The organisation's contracts that come from a procurement, as results
    /// link them.
    pub async fn result_contracts(&self, org: OrgId) -> Result<Vec<ResultContract>> {
        let sql = "SELECT id, procurement_id, title, supplier_name, category FROM contracts \
                   WHERE org_id = $1 ORDER BY id";
        let rows: Vec<(i64, Option<i64>, String, String, String)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| ResultContract {
                id: r.0,
                procurement_id: r.1,
                title: r.2,
                supplier_name: r.3,
                category: r.4,
            })
            .collect())
    }
}
