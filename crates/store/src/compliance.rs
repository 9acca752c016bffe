//! The read behind avtalstrohet (contract compliance): an import's spend
//! grouped by date, supplier and category, so that the matching against the
//! contract register (core::compliance) walks groups instead of lines.
//!
//! Grouped by the exact date, not the month: a contract can start or end in
//! the middle of a month, and grouping by day keeps the result exactly the
//! one of the single lines (tested in core). A year of invoices has far
//! fewer (day, supplier, category) groups than lines, and the grouping runs
//! in the database, so 100 000 lines never cross into Rust one by one.

use serde::Serialize;

use crate::{OrgId, Result, Store, with_pool};

/// The lines of one supplier, category and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendGroup {
    /// `YYYY-MM-DD`, or empty for lines without a date.
    pub date: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub category: String,
    pub amount_ore: i64,
    pub lines: i64,
}

impl Store {
    /// The import's lines grouped by (date, supplier id, supplier name,
    /// category), net amounts; empty when the import is not the
    /// organisation's.
    pub async fn spend_groups(&self, org: OrgId, import_id: i64) -> Result<Vec<SpendGroup>> {
        let sql = "SELECT l.date, l.supplier_id, l.supplier_name, l.category, \
                   CAST(SUM(l.amount_ore) AS BIGINT), CAST(COUNT(*) AS BIGINT) \
                   FROM ledger_lines l JOIN imports i ON i.id = l.import_id \
                   WHERE i.org_id = $1 AND l.import_id = $2 \
                   GROUP BY l.date, l.supplier_id, l.supplier_name, l.category \
                   ORDER BY l.date, l.supplier_id, l.supplier_name, l.category";
        let rows: Vec<(String, String, String, String, i64, i64)> = with_pool!(self, p => {
            sqlx::query_as(sql).bind(org.0).bind(import_id).fetch_all(p).await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(date, supplier_id, supplier_name, category, amount_ore, lines)| SpendGroup {
                    date,
                    supplier_id,
                    supplier_name,
                    category,
                    amount_ore,
                    lines,
                },
            )
            .collect())
    }
}
