//! Spend-analysis imports: the uploaded file, every classified ledger line
//! and the computed report, written in one transaction (all or nothing); and
//! the organisation's own rule files (account map, supplier map, …).

use serde::Serialize;
use sqlx::{Postgres, QueryBuilder, Sqlite, Transaction};

pub use upphandla_core::classify::RuleFileKind;

use crate::{OrgId, Result, Store, UserId, now, with_pool};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFileRow {
    pub kind: RuleFileKind,
    pub content: String,
    pub updated_at: i64,
    pub updated_by: Option<UserId>,
}

/// Describes an import when it is started.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportMeta {
    pub name: String,
    pub file_name: String,
    pub format: String,
    pub uploaded_by: Option<UserId>,
    pub demo: bool,
}

/// One classified ledger line as stored for drill-down.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LineRecord {
    pub line_no: i64,
    /// `YYYY-MM-DD`, or empty when the line had no date.
    pub date: String,
    pub unit: String,
    pub account: String,
    pub supplier_id: String,
    pub supplier_name: String,
    pub description: String,
    pub cpv: String,
    pub amount_ore: i64,
    pub category: String,
    /// The rule that classified the line, as shown to the user.
    pub rule: String,
    pub kg_co2e: f64,
}

pub type LineRow = LineRecord;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub id: i64,
    pub org_id: OrgId,
    pub name: String,
    pub file_name: String,
    pub format: String,
    pub uploaded_by: String,
    pub uploaded_at: i64,
    pub analysed_at: i64,
    pub rows: i64,
    pub total_ore: i64,
    pub kg_co2e: f64,
    pub share_classified: f64,
    pub shared: bool,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRow {
    pub summary: ImportSummary,
    pub report_json: String,
    pub meta_json: String,
}

/// Which stored lines to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineFilter {
    pub category: Option<String>,
    /// Matches the org number or, when there is none, the name.
    pub supplier: Option<String>,
    pub unit: Option<String>,
    /// `YYYY-MM`
    pub month: Option<String>,
}

enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An import in progress: dropped without [`ImportWriter::finish`], it rolls
/// back and leaves nothing behind.
pub struct ImportWriter {
    tx: Tx,
    import_id: i64,
    lines: u64,
}

/// Rows per multi-row INSERT on SQLite (13 parameters a row, limit 32766).
const SQLITE_BATCH: usize = 1000;

const SUMMARY_COLUMNS: &str = "i.id, i.org_id, i.name, i.file_name, i.format, COALESCE(u.name, ''), i.uploaded_at, \
     i.analysed_at, i.rows, i.total_ore, i.kg_co2e, i.share_classified, i.shared, i.demo";

type SummaryTuple = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    f64,
    f64,
    i64,
    i64,
);

fn summary(t: SummaryTuple) -> ImportSummary {
    let (
        id,
        org,
        name,
        file_name,
        format,
        uploaded_by,
        uploaded_at,
        analysed_at,
        rows,
        total_ore,
        kg_co2e,
        share_classified,
        shared,
        demo,
    ) = t;
    ImportSummary {
        id,
        org_id: OrgId(org),
        name,
        file_name,
        format,
        uploaded_by,
        uploaded_at,
        analysed_at,
        rows,
        total_ore,
        kg_co2e,
        share_classified,
        shared: shared != 0,
        demo: demo != 0,
    }
}

/// Totals of a finished analysis, kept beside the report for lists.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ImportTotals {
    pub rows: i64,
    pub total_ore: i64,
    pub kg_co2e: f64,
    pub share_classified: f64,
}

/// One line in COPY's text format: tab-separated, backslash escapes.
fn copy_row(out: &mut Vec<u8>, import_id: i64, l: &LineRecord) {
    use std::io::Write;
    let text = |out: &mut Vec<u8>, s: &str| {
        for b in s.bytes() {
            match b {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                // PostgreSQL text cannot hold NUL; a ledger field never means one.
                0 => {}
                _ => out.push(b),
            }
        }
        out.push(b'\t');
    };
    let _ = write!(out, "{import_id}\t{}\t", l.line_no);
    for field in [
        &l.date,
        &l.unit,
        &l.account,
        &l.supplier_id,
        &l.supplier_name,
        &l.description,
        &l.cpv,
    ] {
        text(out, field);
    }
    let _ = write!(out, "{}\t", l.amount_ore);
    text(out, &l.category);
    text(out, &l.rule);
    let kg = if l.kg_co2e.is_finite() {
        l.kg_co2e
    } else {
        0.0
    };
    let _ = writeln!(out, "{kg}");
}

impl ImportWriter {
    pub fn import_id(&self) -> i64 {
        self.import_id
    }

    pub fn lines_written(&self) -> u64 {
        self.lines
    }

    pub async fn add_lines(&mut self, lines: &[LineRecord]) -> Result<()> {
        let import_id = self.import_id;
        match &mut self.tx {
            Tx::Sqlite(tx) => {
                for chunk in lines.chunks(SQLITE_BATCH) {
                    let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                        "INSERT INTO ledger_lines (import_id, line_no, date, unit, account, supplier_id, supplier_name, \
                         description, cpv, amount_ore, category, rule, kg_co2e) ",
                    );
                    qb.push_values(chunk, |mut b, l| {
                        b.push_bind(import_id)
                            .push_bind(l.line_no)
                            .push_bind(l.date.as_str())
                            .push_bind(l.unit.as_str())
                            .push_bind(l.account.as_str())
                            .push_bind(l.supplier_id.as_str())
                            .push_bind(l.supplier_name.as_str())
                            .push_bind(l.description.as_str())
                            .push_bind(l.cpv.as_str())
                            .push_bind(l.amount_ore)
                            .push_bind(l.category.as_str())
                            .push_bind(l.rule.as_str())
                            .push_bind(l.kg_co2e);
                    });
                    qb.build().persistent(true).execute(&mut **tx).await?;
                }
            }
            Tx::Postgres(tx) => {
                // COPY in text format: PostgreSQL's fastest way in, a few
                // times faster than INSERT with array binds.
                let mut data = Vec::with_capacity(lines.len() * 160);
                for l in lines {
                    copy_row(&mut data, import_id, l);
                }
                let mut copy = tx
                    .copy_in_raw(
                        "COPY ledger_lines (import_id, line_no, date, unit, account, supplier_id, \
                         supplier_name, description, cpv, amount_ore, category, rule, kg_co2e) FROM STDIN",
                    )
                    .await?;
                copy.send(data).await?;
                copy.finish().await?;
            }
        }
        self.lines += lines.len() as u64;
        Ok(())
    }

    /// Stores the report and commits: only now does the import become visible.
    pub async fn finish(
        self,
        totals: ImportTotals,
        report_json: &str,
        meta_json: &str,
    ) -> Result<i64> {
        let sql = "UPDATE imports SET analysed_at = $2, rows = $3, total_ore = $4, kg_co2e = $5, \
                   share_classified = $6, report_json = $7, meta_json = $8 WHERE id = $1";
        macro_rules! finish {
            ($tx:ident) => {{
                sqlx::query(sql)
                    .bind(self.import_id)
                    .bind(now())
                    .bind(totals.rows)
                    .bind(totals.total_ore)
                    .bind(totals.kg_co2e)
                    .bind(totals.share_classified)
                    .bind(report_json)
                    .bind(meta_json)
                    .execute(&mut *$tx)
                    .await?;
                $tx.commit().await?;
            }};
        }
        match self.tx {
            Tx::Sqlite(mut tx) => finish!(tx),
            Tx::Postgres(mut tx) => finish!(tx),
        }
        Ok(self.import_id)
    }
}

impl Store {
    pub async fn rule_file(&self, org: OrgId, kind: RuleFileKind) -> Result<Option<RuleFileRow>> {
        let sql = "SELECT content, updated_at, updated_by FROM rule_files WHERE org_id = $1 AND kind = $2";
        let row: Option<(String, i64, Option<i64>)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(kind.key()).fetch_optional(p).await)?;
        Ok(row.map(|(content, updated_at, by)| RuleFileRow {
            kind,
            content,
            updated_at,
            updated_by: by.map(UserId),
        }))
    }

    pub async fn rule_files(&self, org: OrgId) -> Result<Vec<RuleFileRow>> {
        let mut out = Vec::new();
        for kind in RuleFileKind::ALL {
            if let Some(row) = self.rule_file(org, kind).await? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Saves a rule file; empty content removes it.
    pub async fn put_rule_file(
        &self,
        org: OrgId,
        kind: RuleFileKind,
        content: &str,
        user: Option<UserId>,
    ) -> Result<()> {
        if content.trim().is_empty() {
            let sql = "DELETE FROM rule_files WHERE org_id = $1 AND kind = $2";
            with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(kind.key()).execute(p).await.map(|r| r.rows_affected()))?;
            return Ok(());
        }
        let sql = "INSERT INTO rule_files (org_id, kind, content, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (org_id, kind) DO UPDATE SET content = excluded.content, \
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by";
        with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(kind.key()).bind(content).bind(now()).bind(user.map(|u| u.0))
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Starts an import: the file and an empty result row, inside a transaction.
    pub async fn begin_import(
        &self,
        org: OrgId,
        meta: &ImportMeta,
        file: &[u8],
    ) -> Result<ImportWriter> {
        let insert = "INSERT INTO imports (org_id, name, file_name, format, uploaded_by, uploaded_at, analysed_at, \
                      rows, total_ore, kg_co2e, share_classified, shared, demo, report_json, meta_json) \
                      VALUES ($1, $2, $3, $4, $5, $6, $6, 0, 0, 0, 0, 0, $7, '{}', '{}') RETURNING id";
        let insert_file = "INSERT INTO import_files (import_id, content) VALUES ($1, $2)";
        macro_rules! begin {
            ($pool:ident, $variant:ident) => {{
                let mut tx = $pool.begin().await?;
                let (id,): (i64,) = sqlx::query_as(insert)
                    .bind(org.0)
                    .bind(&meta.name)
                    .bind(&meta.file_name)
                    .bind(&meta.format)
                    .bind(meta.uploaded_by.map(|u| u.0))
                    .bind(now())
                    .bind(meta.demo as i64)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query(insert_file)
                    .bind(id)
                    .bind(file)
                    .execute(&mut *tx)
                    .await?;
                ImportWriter {
                    tx: Tx::$variant(tx),
                    import_id: id,
                    lines: 0,
                }
            }};
        }
        Ok(match &self.pool {
            crate::Pool::Sqlite(p) => begin!(p, Sqlite),
            crate::Pool::Postgres(p) => begin!(p, Postgres),
        })
    }

    /// Starts a new analysis of an existing import (after rule changes): its
    /// lines are replaced when the writer finishes. `None` when not the org's.
    pub async fn begin_reanalysis(
        &self,
        org: OrgId,
        import_id: i64,
    ) -> Result<Option<ImportWriter>> {
        // A write first (a no-op one): on SQLite (WAL) a transaction that
        // reads and then writes fails at once with "database is locked" when
        // another connection wrote in between; one that starts by writing
        // waits for the write lock instead.
        let check = "UPDATE imports SET analysed_at = analysed_at WHERE org_id = $1 AND id = $2";
        let delete = "DELETE FROM ledger_lines WHERE import_id = $1";
        macro_rules! begin {
            ($pool:ident, $variant:ident) => {{
                let mut tx = $pool.begin().await?;
                let found = sqlx::query(check)
                    .bind(org.0)
                    .bind(import_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if found == 0 {
                    return Ok(None);
                }
                sqlx::query(delete)
                    .bind(import_id)
                    .execute(&mut *tx)
                    .await?;
                ImportWriter {
                    tx: Tx::$variant(tx),
                    import_id,
                    lines: 0,
                }
            }};
        }
        Ok(Some(match &self.pool {
            crate::Pool::Sqlite(p) => begin!(p, Sqlite),
            crate::Pool::Postgres(p) => begin!(p, Postgres),
        }))
    }

    /// The organisation's imports, newest first.
    pub async fn imports(&self, org: OrgId) -> Result<Vec<ImportSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM imports i LEFT JOIN users u ON u.id = i.uploaded_by \
             WHERE i.org_id = $1 ORDER BY i.uploaded_at DESC, i.id DESC"
        );
        let rows: Vec<SummaryTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(summary).collect())
    }

    /// Imports that organisations coordinated by `coordinator` have shared with it.
    pub async fn shared_imports(&self, coordinator: OrgId) -> Result<Vec<ImportSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM imports i LEFT JOIN users u ON u.id = i.uploaded_by \
             JOIN coordination c ON c.member_id = i.org_id \
             WHERE c.coordinator_id = $1 AND i.shared = 1 ORDER BY i.org_id, i.uploaded_at DESC"
        );
        let rows: Vec<SummaryTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(summary).collect())
    }

    pub async fn import(&self, org: OrgId, id: i64) -> Result<Option<ImportRow>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, i.report_json, i.meta_json FROM imports i LEFT JOIN users u ON u.id = i.uploaded_by \
             WHERE i.org_id = $1 AND i.id = $2"
        );
        let row = with_pool!(self, p => sqlx::query_as::<_, (i64, i64, String, String, String, String, i64, i64, i64, i64, f64, f64, i64, i64, String, String)>(&sql)
            .bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|t| ImportRow {
            summary: summary((
                t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11, t.12, t.13,
            )),
            report_json: t.14,
            meta_json: t.15,
        }))
    }

    pub async fn import_file(&self, org: OrgId, id: i64) -> Result<Option<Vec<u8>>> {
        let sql = "SELECT f.content FROM import_files f JOIN imports i ON i.id = f.import_id WHERE i.org_id = $1 AND i.id = $2";
        let row: Option<(Vec<u8>,)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|r| r.0))
    }

    pub async fn delete_import(&self, org: OrgId, id: i64) -> Result<bool> {
        // Lines and file go by ON DELETE CASCADE; explicit deletes keep SQLite fast without relying on it.
        let n = with_pool!(self, p => {
            let mut tx = p.begin().await?;
            // Writes first, for the reason given in `begin_reanalysis`.
            let found = sqlx::query("UPDATE imports SET shared = shared WHERE org_id = $1 AND id = $2")
                .bind(org.0).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
            if found {
                sqlx::query("DELETE FROM ledger_lines WHERE import_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM import_files WHERE import_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM imports WHERE id = $1").bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(found)
        })?;
        Ok(n)
    }

    pub async fn set_import_shared(&self, org: OrgId, id: i64, shared: bool) -> Result<bool> {
        let sql = "UPDATE imports SET shared = $3 WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).bind(shared as i64).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// A page of an import's lines in file order, and how many match in all.
    pub async fn lines(
        &self,
        org: OrgId,
        import_id: i64,
        filter: &LineFilter,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<LineRow>, i64)> {
        let (conditions, values) = line_conditions(filter);
        let from =
            format!("FROM ledger_lines l JOIN imports i ON i.id = l.import_id WHERE {conditions}");
        let count_sql = format!("SELECT COUNT(*) {from}");
        let n = values.len();
        let page_sql = format!(
            "SELECT {LINE_COLUMNS} {from} ORDER BY l.line_no LIMIT ${} OFFSET ${}",
            n + 3,
            n + 4
        );
        let (count, rows): ((i64,), Vec<LineTuple>) = with_pool!(self, p => {
            let mut q = sqlx::query_as(&count_sql).bind(org.0).bind(import_id);
            for v in &values {
                q = q.bind(v);
            }
            let count = q.fetch_one(p).await?;
            let mut q = sqlx::query_as(&page_sql).bind(org.0).bind(import_id);
            for v in &values {
                q = q.bind(v);
            }
            let rows = q.bind(limit).bind(offset).fetch_all(p).await?;
            Ok::<_, sqlx::Error>((count, rows))
        })?;
        let rows = rows.into_iter().map(line_record).collect();
        Ok((rows, count.0))
    }
}

const LINE_COLUMNS: &str = "l.line_no, l.date, l.unit, l.account, l.supplier_id, l.supplier_name, \
     l.description, l.cpv, l.amount_ore, l.category, l.rule, l.kg_co2e";

type LineTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    f64,
);

fn line_record(t: LineTuple) -> LineRecord {
    LineRecord {
        line_no: t.0,
        date: t.1,
        unit: t.2,
        account: t.3,
        supplier_id: t.4,
        supplier_name: t.5,
        description: t.6,
        cpv: t.7,
        amount_ore: t.8,
        category: t.9,
        rule: t.10,
        kg_co2e: t.11,
    }
}

/// The `WHERE` conditions of a line listing (`$1` org, `$2` import) and the
/// values bound after them, in order, from `$3`.
fn line_conditions(filter: &LineFilter) -> (String, Vec<String>) {
    let mut conditions = String::from("i.org_id = $1 AND l.import_id = $2");
    let mut values: Vec<String> = Vec::new();
    let mut add = |condition: &str, value: String| {
        values.push(value);
        conditions.push_str(&condition.replace('?', &format!("${}", values.len() + 2)));
    };
    if let Some(c) = &filter.category {
        add(" AND l.category = ?", c.clone());
    }
    if let Some(s) = &filter.supplier {
        add(
            " AND (CASE WHEN l.supplier_id <> '' THEN l.supplier_id ELSE l.supplier_name END) = ?",
            s.clone(),
        );
    }
    if let Some(u) = &filter.unit {
        add(" AND l.unit = ?", u.clone());
    }
    if let Some(m) = &filter.month {
        add(" AND substr(l.date, 1, 7) = ?", m.clone());
    }
    (conditions, values)
}

impl Store {
    /// An import's summary and stored meta (JSON) without its report: what a
    /// result page needs on every request when the report itself is cached.
    pub async fn import_head(
        &self,
        org: OrgId,
        id: i64,
    ) -> Result<Option<(ImportSummary, String)>> {
        self.head_where("", "i.org_id = $1", org, id).await
    }

    /// Like [`Store::import_head`], for an import a member organisation has
    /// shared with `coordinator`; `None` unless it is shared and the member
    /// is coordinated by it.
    pub async fn shared_import_head(
        &self,
        coordinator: OrgId,
        id: i64,
    ) -> Result<Option<(ImportSummary, String)>> {
        self.head_where(
            "JOIN coordination c ON c.member_id = i.org_id",
            "c.coordinator_id = $1 AND i.shared = 1",
            coordinator,
            id,
        )
        .await
    }

    /// `$1` is `scope`, `$2` the import id. An import being written is not
    /// seen: its row is inserted in the writer's uncommitted transaction.
    async fn head_where(
        &self,
        join: &str,
        scope_condition: &str,
        scope: OrgId,
        id: i64,
    ) -> Result<Option<(ImportSummary, String)>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, i.meta_json FROM imports i LEFT JOIN users u ON u.id = i.uploaded_by {join} \
             WHERE {scope_condition} AND i.id = $2"
        );
        let row = with_pool!(self, p => sqlx::query_as::<_, (i64, i64, String, String, String, String, i64, i64, i64, i64, f64, f64, i64, i64, String)>(&sql)
            .bind(scope.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|t| {
            (
                summary((
                    t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7, t.8, t.9, t.10, t.11, t.12, t.13,
                )),
                t.14,
            )
        }))
    }

    /// Up to `limit` lines matching `filter` after line `after` in file
    /// order: for exports that walk all lines page by page (keyset, so a
    /// million lines cost no more than a thousand).
    pub async fn lines_after(
        &self,
        org: OrgId,
        import_id: i64,
        filter: &LineFilter,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LineRow>> {
        let (conditions, values) = line_conditions(filter);
        let n = values.len();
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM ledger_lines l JOIN imports i ON i.id = l.import_id \
             WHERE {conditions} AND l.line_no > ${} ORDER BY l.line_no LIMIT ${}",
            n + 3,
            n + 4
        );
        let rows: Vec<LineTuple> = with_pool!(self, p => {
            let mut q = sqlx::query_as(&sql).bind(org.0).bind(import_id);
            for v in &values {
                q = q.bind(v);
            }
            q.bind(after).bind(limit).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(line_record).collect())
    }
}
