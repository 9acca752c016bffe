//! The audit log: sign-ins (also failed ones), imports and every change.

use serde::Serialize;

use crate::{OrgId, Result, Store, UserId, now, with_pool};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub org_id: Option<OrgId>,
    pub user_id: Option<UserId>,
    /// Name of the user at the time of reading (empty when none).
    pub user_name: String,
    pub action: String,
    pub detail: String,
    pub ip: String,
}

impl Store {
    pub async fn audit(
        &self,
        org: Option<OrgId>,
        user: Option<UserId>,
        action: &str,
        detail: &str,
        ip: &str,
    ) -> Result<()> {
        let sql = "INSERT INTO audit_log (at, org_id, user_id, action, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)";
        with_pool!(self, p => sqlx::query(sql)
            .bind(now()).bind(org.map(|o| o.0)).bind(user.map(|u| u.0)).bind(action).bind(detail).bind(ip)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The organisation's newest entries first.
    pub async fn audit_log(&self, org: OrgId, limit: i64) -> Result<Vec<AuditEntry>> {
        let sql = "SELECT a.id, a.at, a.org_id, a.user_id, COALESCE(u.name, ''), a.action, a.detail, a.ip \
                   FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
                   WHERE a.org_id = $1 ORDER BY a.id DESC LIMIT $2";
        let rows: Vec<(
            i64,
            i64,
            Option<i64>,
            Option<i64>,
            String,
            String,
            String,
            String,
        )> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(limit).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, at, org, user, user_name, action, detail, ip)| AuditEntry {
                    id,
                    at,
                    org_id: org.map(OrgId),
                    user_id: user.map(UserId),
                    user_name,
                    action,
                    detail,
                    ip,
                },
            )
            .collect())
    }
}
