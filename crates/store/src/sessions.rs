//! Browser sessions and API tokens. Only SHA-256 hashes of the secrets are
//! stored, so a copy of the database does not let anyone sign in.

use serde::Serialize;

use crate::{OrgId, Result, Store, UserId, now, with_pool};

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub user_id: UserId,
    /// The organisation the user is acting for (chosen among their memberships).
    pub org_id: OrgId,
    pub csrf_token: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub org_id: OrgId,
    pub user_id: UserId,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        org: OrgId,
        csrf_token: &str,
        expires_at: i64,
    ) -> Result<()> {
        let sql = "INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
        with_pool!(self, p => sqlx::query(sql)
            .bind(token_hash).bind(user.0).bind(org.0).bind(csrf_token).bind(now()).bind(expires_at)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The live session for a token hash; expired sessions are not returned.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let sql = "SELECT s.user_id, s.org_id, s.csrf_token, s.expires_at FROM sessions s \
                   JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
        let row: Option<(i64, i64, String, i64)> = with_pool!(self, p => sqlx::query_as(sql).bind(token_hash).bind(now()).fetch_optional(p).await)?;
        Ok(row.map(|(user, org, csrf_token, expires_at)| SessionRow {
            user_id: UserId(user),
            org_id: OrgId(org),
            csrf_token,
            expires_at,
        }))
    }

    pub async fn set_session_org(&self, token_hash: &str, org: OrgId) -> Result<()> {
        let sql = "UPDATE sessions SET org_id = $2 WHERE token_hash = $1";
        with_pool!(self, p => sqlx::query(sql).bind(token_hash).bind(org.0).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let sql = "DELETE FROM sessions WHERE token_hash = $1";
        with_pool!(self, p => sqlx::query(sql).bind(token_hash).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Signs a user out everywhere (after a password or role change).
    pub async fn delete_user_sessions(&self, user: UserId) -> Result<()> {
        let sql = "DELETE FROM sessions WHERE user_id = $1";
        with_pool!(self, p => sqlx::query(sql).bind(user.0).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let sql = "DELETE FROM sessions WHERE expires_at <= $1";
        let n = with_pool!(self, p => sqlx::query(sql).bind(now()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n)
    }

    pub async fn create_api_token(
        &self,
        org: OrgId,
        user: UserId,
        name: &str,
        token_hash: &str,
    ) -> Result<i64> {
        let sql = "INSERT INTO api_tokens (token_hash, org_id, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(token_hash).bind(org.0).bind(user.0).bind(name).bind(now())
            .fetch_one(p).await)?;
        Ok(id)
    }

    /// The unrevoked token with this hash, if its user is still enabled.
    pub async fn api_token(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let sql = "SELECT t.id, t.org_id, t.user_id, t.name, t.created_at, t.revoked_at FROM api_tokens t \
                   JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0";
        let row: Option<(i64, i64, i64, String, i64, Option<i64>)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(token_hash).fetch_optional(p).await)?;
        Ok(row.map(token))
    }

    pub async fn api_tokens(&self, org: OrgId) -> Result<Vec<ApiToken>> {
        let sql = "SELECT id, org_id, user_id, name, created_at, revoked_at FROM api_tokens WHERE org_id = $1 ORDER BY id";
        let rows: Vec<(i64, i64, i64, String, i64, Option<i64>)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(org.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(token).collect())
    }

    pub async fn revoke_api_token(&self, org: OrgId, id: i64) -> Result<bool> {
        let sql = "UPDATE api_tokens SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).bind(now()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}

fn token(
    (id, org, user, name, created_at, revoked_at): (i64, i64, i64, String, i64, Option<i64>),
) -> ApiToken {
    ApiToken {
        id,
        org_id: OrgId(org),
        user_id: UserId(user),
        name,
        created_at,
        revoked_at,
    }
}
