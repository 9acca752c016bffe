//! The harness the store test binaries share: a fresh, migrated SQLite file
//! or PostgreSQL schema per test, removed afterwards, and a macro that runs
//! each test on both backends. PostgreSQL must be up: a missing server fails
//! the tests instead of skipping them.
#![allow(dead_code)] // Each test binary uses a different part.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use upphandla_store::Store;
use upphandla_testkit::pg;

pub mod fixtures;

/// A fresh, migrated store; removes its file or schema when dropped (also on panic).
pub struct TestDb {
    pub store: Store,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Schema { url: String, schema: String },
}

/// A name no other test (or earlier run) uses.
pub fn unique() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!(
        "{:x}_{:x}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("upphandla-store-test-{}", unique()));
        let store = Store::open_sqlite_dir(&dir).await.expect("open SQLite");
        TestDb::migrated(store, Cleanup::Dir(dir)).await
    }

    pub async fn postgres() -> TestDb {
        pg::require_reachable();
        let url = pg::url();
        let schema = format!("test_{}", unique());
        let admin = sqlx::PgPool::connect(&url)
            .await
            .expect("connect PostgreSQL");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("create schema");
        admin.close().await;
        let store = Store::open_postgres(&url, Some(&schema))
            .await
            .expect("open PostgreSQL");
        TestDb::migrated(store, Cleanup::Schema { url, schema }).await
    }

    async fn migrated(store: Store, cleanup: Cleanup) -> TestDb {
        let db = TestDb { store, cleanup };
        let applied = db.store.migrate().await.expect("first migration");
        assert_eq!(
            applied.first(),
            Some(&1),
            "a fresh database gets every migration"
        );
        db
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Schema { url, schema } => {
                // Drop runs inside the test's runtime: use a thread with its own.
                let (url, schema) = (url.clone(), schema.clone());
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    runtime.block_on(async {
                        if let Ok(pool) = sqlx::PgPool::connect(&url).await {
                            let drop = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                            if let Err(e) = sqlx::query(&drop).execute(&pool).await {
                                eprintln!("could not drop test schema {schema}: {e}");
                            }
                            pool.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Each named async fn(&Store) becomes `sqlite::name` and `postgres::name`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::common::TestDb::sqlite().await;
                    super::$name(&db.store).await;
                    db.store.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = crate::common::TestDb::postgres().await;
                    super::$name(&db.store).await;
                    db.store.close().await;
                }
            )*
        }
    };
}
