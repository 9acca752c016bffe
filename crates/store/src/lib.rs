//! Persistence for upphandla: SQLite embedded by default, PostgreSQL for
//! shared deployments. Both run the same SQL text (`$1` placeholders work on
//! both), so one set of functions serves both and one test suite checks both.
//!
//! Tenant scoping lives here, not in handlers: every function that reads or
//! changes an organisation's data takes its [`OrgId`] and puts it in the
//! `WHERE` clause, so a wrong id yields "not found", never another's row.

// Row tuples mirror the SELECT column lists next to them; naming each would add nothing.
#![allow(clippy::type_complexity)]

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

mod audit;
mod bids;
mod compliance;
mod contracts;
mod coordination;
mod followup;
mod migrate;
mod models;
mod orgs;
mod procurements;
mod results;
mod sessions;
mod spend;

pub use audit::AuditEntry;
pub use bids::{
    AWARD_METHODS, Award, AwardInput, Bid, BidError, BidInput, BidResult, EvaluationInput,
    MAX_BID_ORE, MAX_CRITERIA, PublicCall, Quality, QualityCriterion, Receipt, StoredEvaluation,
    TenderCall, TenderCallInput, normalise_orgnr, uses_lcc,
};
pub use compliance::SpendGroup;
pub use contracts::{
    Contract, ContractFieldError, ContractInput, ContractSource, MAX_EXTENSION_MONTHS,
};
pub use coordination::{
    AwardClimate, GoodExample, GoodExampleInput, LevelCell, MatchKey, Opportunity, Publish,
    SharedContract, SharedGoal, SharedProcurement, cpv_group, joint_opportunities,
    level_comparison,
};
pub use followup::{
    Deviation, DeviationInput, DueItem, FollowupItem, ItemInput, ReportInput, SupplierReport,
};
pub use models::{ModelKind, ModelRow, ModelSummary};
pub use orgs::{Membership, OrgKind, Organisation, Role, User, UserWithRoles};
pub use procurements::{
    Baseline, BaselineMethod, BaselineQuantities, ChecklistRow, ChosenCriterion, FIRST_STAGE,
    Procurement, ProcurementInput, ProcurementStatus, RACI_LETTERS, RaciOverride, StageClose,
    StageRow, TaskRow, TeamMember, open_required,
};
pub use results::{Goal, GoalFieldError, GoalInput, ReportedValue, ResultContract};
pub use sessions::{ApiToken, SessionRow};
pub use spend::{
    ImportMeta, ImportRow, ImportSummary, ImportTotals, ImportWriter, LineFilter, LineRecord,
    LineRow, RuleFileKind, RuleFileRow,
};

/// Runs `$body` with `$pool` bound to the concrete pool of either backend.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("databasfel / database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("ogiltig databasadress / invalid database URL \"{url}\": {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error(
        "kunde inte skapa datakatalogen {path} / could not create the data directory: {source}"
    )]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("migrering {version} ({name}) misslyckades / migration failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        source: sqlx::Error,
    },
    #[error("finns redan / already exists: {0}")]
    Conflict(String),
    #[error("lagrad data kunde inte läsas / stored data could not be read: {0}")]
    Corrupt(String),
    #[error(
        "upphandlingen har tagit emot anbud och kan inte tas bort; anbuden ska finnas kvar / the procurement has received bids and cannot be deleted; the bids must be kept"
    )]
    ProcurementHasBids,
    #[error("ogiltiga uppgifter / invalid input: {0}")]
    Invalid(String),
}

/// A stored `YYYY-MM-DD` column that may be NULL.
pub(crate) fn opt_date(text: Option<String>) -> Option<upphandla_core::date::Date> {
    text.as_deref()
        .and_then(upphandla_core::date::Date::parse_iso)
}

/// A stored `YYYY-MM-DD` column that may not be NULL; anything else is
/// corrupt data, named by `what` ("report date").
pub(crate) fn stored_date(text: &str, what: &str) -> Result<upphandla_core::date::Date> {
    upphandla_core::date::Date::parse_iso(text)
        .ok_or_else(|| StoreError::Corrupt(format!("{what} {text:?}")))
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An organisation's id: the tenant key every scoped query takes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct OrgId(pub i64);

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct UserId(pub i64);

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({:?})", self.backend())
    }
}

impl Store {
    /// Opens (creating when needed) the SQLite file `upphandla.db` in `data_dir`.
    pub async fn open_sqlite_dir(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Store::open_sqlite_file(&data_dir.join("upphandla.db")).await
    }

    pub async fn open_sqlite_file(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Store {
            pool: Pool::Sqlite(pool),
        })
    }

    /// Connects to `postgres://…`; `search_path` picks a schema (tests use one each).
    pub async fn open_postgres(url: &str, search_path: Option<&str>) -> Result<Store> {
        let mut options = PgConnectOptions::from_str(url).map_err(|e| StoreError::InvalidUrl {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        if let Some(schema) = search_path {
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Store {
            pool: Pool::Postgres(pool),
        })
    }

    /// `postgres://…` or `postgresql://…` → PostgreSQL; `sqlite:PATH` or a
    /// plain path → SQLite file.
    pub async fn open_url(url: &str) -> Result<Store> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Store::open_postgres(url, None).await
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Store::open_sqlite_file(Path::new(path)).await
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations not yet applied, each in its own transaction.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::run(self).await
    }

    pub async fn close(&self) {
        with_pool!(self, p => p.close().await)
    }

    /// Sets the 0/1 column `column` of the organisation's row `id` in
    /// `table`; false when there is no such row in `org`. `table` and
    /// `column` are this crate's constants, never input.
    pub(crate) async fn set_org_flag(
        &self,
        table: &str,
        column: &str,
        org: OrgId,
        id: i64,
        value: bool,
    ) -> Result<bool> {
        let sql = format!("UPDATE {table} SET {column} = $3 WHERE org_id = $1 AND id = $2");
        let n = with_pool!(self, p => sqlx::query(&sql).bind(org.0).bind(id).bind(value as i64)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Deletes the organisation's row `id` of `table` (a constant); false
    /// when there is no such row in `org`.
    pub(crate) async fn delete_org_row(&self, table: &str, org: OrgId, id: i64) -> Result<bool> {
        let sql = format!("DELETE FROM {table} WHERE org_id = $1 AND id = $2");
        let n = with_pool!(self, p => sqlx::query(&sql).bind(org.0).bind(id)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}

/// Seconds since the Unix epoch: every timestamp is stored this way on both backends.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
