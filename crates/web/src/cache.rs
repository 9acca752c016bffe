//! Parsed spend reports kept in memory: result pages are read far more often
//! than imports change, and parsing the stored JSON each time would dominate.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

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
