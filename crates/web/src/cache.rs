//! Parsed spend reports kept in memory: result pages are read far more often
//! than imports change, and parsing the stored JSON each time would dominate.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use upphandla_core::spend::SpendReport;
use upphandla_store::{ImportSummary, OrgId, Store};

use crate::error::AppError;
use crate::pages::overview::{Figures, FiguresKey};

#[derive(Default)]
pub struct ReportCache {
    /// import id → (analysed_at, report); a re-analysis changes analysed_at.
    reports: RwLock<HashMap<i64, (i64, Arc<SpendReport>)>>,
}

impl ReportCache {
    /// The report of `summary` (which the caller read with the org's scope).
    pub async fn report(
        &self,
        store: &Store,
        org: OrgId,
        summary: &ImportSummary,
    ) -> Result<Arc<SpendReport>, AppError> {
        if let Ok(map) = self.reports.read()
            && let Some((at, report)) = map.get(&summary.id)
            && *at == summary.analysed_at
        {
            return Ok(report.clone());
        }
        let row = store
            .import(org, summary.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let report: SpendReport = serde_json::from_str(&row.report_json).map_err(|e| {
            AppError::Internal(format!(
                "import {}: stored report unreadable: {e}",
                summary.id
            ))
        })?;
        let report = Arc::new(report);
        if let Ok(mut map) = self.reports.write() {
            map.insert(summary.id, (row.summary.analysed_at, report.clone()));
        }
        Ok(report)
    }

    pub fn forget(&self, import_id: i64) {
        if let Ok(mut map) = self.reports.write() {
            map.remove(&import_id);
        }
    }
}

/// Översikt's figures per organisation, valid while its set of analyses
/// (and the language) is unchanged.
#[derive(Default)]
pub struct OverviewCache {
    entries: RwLock<HashMap<OrgId, (FiguresKey, Arc<Figures>)>>,
}

impl OverviewCache {
    pub fn get(&self, org: OrgId, key: &FiguresKey) -> Option<Arc<Figures>> {
        let map = self.entries.read().ok()?;
        map.get(&org)
            .filter(|(k, _)| k == key)
            .map(|(_, f)| f.clone())
    }

    pub fn put(&self, org: OrgId, key: FiguresKey, figures: Arc<Figures>) {
        if let Ok(mut map) = self.entries.write() {
            map.insert(org, (key, figures));
        }
    }
}

/// How long a list of imports, or one import's head, is served from memory.
/// Changes made through this server drop the organisation's entries at
/// once; another server on the same PostgreSQL database sees them after at
/// most this long.
const INDEX_TTL: Duration = Duration::from_secs(2);

type Head = Arc<(ImportSummary, String)>;
type List = Arc<Vec<ImportSummary>>;

/// The organisation's import list and import heads (summary and meta): every
/// Översikt and result page needs one, and a database round trip per page
/// costs more than the rest of the page together.
#[derive(Default)]
pub struct ImportIndex {
    lists: RwLock<HashMap<OrgId, (Instant, List)>>,
    heads: RwLock<HashMap<(OrgId, i64), (Instant, Head)>>,
}

impl ImportIndex {
    pub async fn imports(&self, store: &Store, org: OrgId) -> Result<List, AppError> {
        if let Ok(map) = self.lists.read()
            && let Some((at, list)) = map.get(&org)
            && at.elapsed() < INDEX_TTL
        {
            return Ok(list.clone());
        }
        let list = Arc::new(store.imports(org).await?);
        if let Ok(mut map) = self.lists.write() {
            map.insert(org, (Instant::now(), list.clone()));
        }
        Ok(list)
    }

    /// The organisation's own import `id` (summary and stored meta), if it has one.
    pub async fn head(&self, store: &Store, org: OrgId, id: i64) -> Result<Option<Head>, AppError> {
        if let Ok(map) = self.heads.read()
            && let Some((at, head)) = map.get(&(org, id))
            && at.elapsed() < INDEX_TTL
        {
            return Ok(Some(head.clone()));
        }
        let Some(head) = store.import_head(org, id).await? else {
            return Ok(None);
        };
        let head = Arc::new(head);
        if let Ok(mut map) = self.heads.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert((org, id), (Instant::now(), head.clone()));
        }
        Ok(Some(head))
    }

    /// After an import, re-analysis, share or deletion in `org`.
    pub fn forget(&self, org: OrgId) {
        if let Ok(mut map) = self.lists.write() {
            map.remove(&org);
        }
        if let Ok(mut map) = self.heads.write() {
            map.retain(|(o, _), _| *o != org);
        }
    }
}
