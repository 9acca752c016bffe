//! A small migrator over SQL files embedded in the binary: one list per
//! backend, applied in order and recorded in `schema_migrations`.

use crate::{Pool, Result, Store, StoreError, now};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sqlite: include_str!("../migrations/sqlite/0001_initial.sql"),
        postgres: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "uncompressed_files",
        sqlite: include_str!("../migrations/sqlite/0002_uncompressed_files.sql"),
        postgres: include_str!("../migrations/postgres/0002_uncompressed_files.sql"),
    },
    Migration {
        version: 3,
        name: "procurements",
        sqlite: include_str!("../migrations/sqlite/0003_procurements.sql"),
        postgres: include_str!("../migrations/postgres/0003_procurements.sql"),
    },
    Migration {
        version: 4,
        name: "bids",
        sqlite: include_str!("../migrations/sqlite/0004_bids.sql"),
        postgres: include_str!("../migrations/postgres/0004_bids.sql"),
    },
    Migration {
        version: 5,
        name: "bid_exclusions",
        sqlite: include_str!("../migrations/sqlite/0005_bid_exclusions.sql"),
        postgres: include_str!("../migrations/postgres/0005_bid_exclusions.sql"),
    },
    Migration {
        version: 6,
        name: "bid_quality",
        sqlite: include_str!("../migrations/sqlite/0006_bid_quality.sql"),
        postgres: include_str!("../migrations/postgres/0006_bid_quality.sql"),
    },
    Migration {
        version: 7,
        name: "contracts_followup",
        sqlite: include_str!("../migrations/sqlite/0007_contracts_followup.sql"),
        postgres: include_str!("../migrations/postgres/0007_contracts_followup.sql"),
    },
    Migration {
        version: 8,
        name: "baseline_quantities",
        sqlite: include_str!("../migrations/sqlite/0008_baseline_quantities.sql"),
        postgres: include_str!("../migrations/postgres/0008_baseline_quantities.sql"),
    },
];

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

pub(crate) async fn run(store: &Store) -> Result<Vec<i64>> {
    let mut applied = Vec::new();
    // One body for both backends; only the SQL file and PostgreSQL's lock differ.
    macro_rules! apply {
        ($pool:expr, $file:ident, $lock:expr) => {{
            sqlx::raw_sql(CREATE_TABLE).execute($pool).await?;
            for m in MIGRATIONS {
                let mut tx = $pool.begin().await?;
                if let Some(lock) = $lock {
                    sqlx::query(lock).execute(&mut *tx).await?;
                }
                let done: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM schema_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if done.is_some() {
                    continue;
                }
                sqlx::raw_sql(m.$file)
                    .execute(&mut *tx)
                    .await
                    .map_err(|source| StoreError::Migration {
                        version: m.version,
                        name: m.name,
                        source,
                    })?;
                sqlx::query(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                )
                .bind(m.version)
                .bind(m.name)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                applied.push(m.version);
            }
        }};
    }
    match &store.pool {
        Pool::Sqlite(pool) => apply!(pool, sqlite, None::<&str>),
        // Serialises concurrent first starts of several servers on one database.
        Pool::Postgres(pool) => {
            apply!(pool, postgres, Some("SELECT pg_advisory_xact_lock(727274)"))
        }
    }
    Ok(applied)
}
