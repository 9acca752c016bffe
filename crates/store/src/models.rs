//! Saved LCC models and tender evaluations (their TOML text, as in the CLI).

use serde::Serialize;

use crate::{OrgId, Result, Store, UserId, now, with_pool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    Lcc,
    Evaluation,
}

impl ModelKind {
    pub fn key(self) -> &'static str {
        match self {
            ModelKind::Lcc => "lcc",
            ModelKind::Evaluation => "evaluation",
        }
    }

    pub fn parse(key: &str) -> Option<ModelKind> {
        [ModelKind::Lcc, ModelKind::Evaluation]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSummary {
    pub id: i64,
    pub org_id: OrgId,
    pub kind: ModelKind,
    pub name: String,
    /// The template it was built from (`vehicles`, `lighting`, …) or empty.
    pub template: String,
    pub updated_at: i64,
    pub shared: bool,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelRow {
    pub summary: ModelSummary,
    pub content: String,
}

type ModelTuple = (i64, i64, String, String, String, i64, i64, i64);

fn model_summary(
    (id, org, kind, name, template, updated_at, shared, demo): ModelTuple,
) -> ModelSummary {
    ModelSummary {
        id,
        org_id: OrgId(org),
        kind: ModelKind::parse(&kind).unwrap_or(ModelKind::Lcc),
        name,
        template,
        updated_at,
        shared: shared != 0,
        demo: demo != 0,
    }
}

const COLUMNS: &str = "id, org_id, kind, name, template, updated_at, shared, demo";

impl Store {
    #[allow(clippy::too_many_arguments)]
    pub async fn create_model(
        &self,
        org: OrgId,
        kind: ModelKind,
        name: &str,
        template: &str,
        content: &str,
        user: Option<UserId>,
        demo: bool,
    ) -> Result<i64> {
        let sql = "INSERT INTO models (org_id, kind, name, template, content, created_by, updated_at, demo) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(kind.key()).bind(name).bind(template).bind(content)
            .bind(user.map(|u| u.0)).bind(now()).bind(demo as i64)
            .fetch_one(p).await)?;
        Ok(id)
    }

    pub async fn update_model(
        &self,
        org: OrgId,
        id: i64,
        name: &str,
        content: &str,
    ) -> Result<bool> {
        let sql = "UPDATE models SET name = $3, content = $4, updated_at = $5 WHERE org_id = $1 AND id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(id).bind(name).bind(content).bind(now())
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    pub async fn models(&self, org: OrgId, kind: ModelKind) -> Result<Vec<ModelSummary>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM models WHERE org_id = $1 AND kind = $2 ORDER BY updated_at DESC, id DESC"
        );
        let rows: Vec<ModelTuple> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(kind.key()).fetch_all(p).await)?;
        Ok(rows.into_iter().map(model_summary).collect())
    }

    pub async fn model(&self, org: OrgId, id: i64) -> Result<Option<ModelRow>> {
        let sql = format!("SELECT {COLUMNS}, content FROM models WHERE org_id = $1 AND id = $2");
        let row: Option<(i64, i64, String, String, String, i64, i64, i64, String)> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|t| ModelRow {
            summary: model_summary((t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7)),
            content: t.8,
        }))
    }

    pub async fn delete_model(&self, org: OrgId, id: i64) -> Result<bool> {
        self.delete_org_row("models", org, id).await
    }

    pub async fn set_model_shared(&self, org: OrgId, id: i64, shared: bool) -> Result<bool> {
        self.set_org_flag("models", "shared", org, id, shared).await
    }
}

const SHARED_COLUMNS: &str =
    "m.id, m.org_id, m.kind, m.name, m.template, m.updated_at, m.shared, m.demo";

impl Store {
    /// Models of one kind that organisations coordinated by `coordinator`
    /// have shared with it.
    pub async fn shared_models(
        &self,
        coordinator: OrgId,
        kind: ModelKind,
    ) -> Result<Vec<ModelSummary>> {
        let sql = format!(
            "SELECT {SHARED_COLUMNS} FROM models m JOIN coordination c ON c.member_id = m.org_id \
             WHERE c.coordinator_id = $1 AND m.kind = $2 AND m.shared = 1 \
             ORDER BY m.org_id, m.updated_at DESC, m.id DESC"
        );
        let rows: Vec<ModelTuple> = with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).bind(kind.key()).fetch_all(p).await)?;
        Ok(rows.into_iter().map(model_summary).collect())
    }

    /// One model a coordinated organisation has shared with `coordinator`.
    pub async fn shared_model(&self, coordinator: OrgId, id: i64) -> Result<Option<ModelRow>> {
        let sql = format!(
            "SELECT {SHARED_COLUMNS}, m.content FROM models m JOIN coordination c ON c.member_id = m.org_id \
             WHERE c.coordinator_id = $1 AND m.id = $2 AND m.shared = 1"
        );
        let row: Option<(i64, i64, String, String, String, i64, i64, i64, String)> = with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|t| ModelRow {
            summary: model_summary((t.0, t.1, t.2, t.3, t.4, t.5, t.6, t.7)),
            content: t.8,
        }))
    }
}
