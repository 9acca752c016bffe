//! The upphandla web application: server-rendered pages (Swedish first,
//! English second, working without JavaScript) and a JSON API over the same
//! engines, with organisations, roles and tenant-scoped storage.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use upphandla_store::Store;

pub mod api;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod demo;
pub mod demo_results;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod spend_import;

pub use clock::Clock;
pub use error::{AppError, AppResult};

/// How the server runs; `upphandla serve` fills it from flags.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Where the embedded SQLite file lives when no database URL is given.
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// Mark cookies Secure (the server sits behind TLS).
    pub secure_cookies: bool,
    /// Largest ledger upload accepted, in bytes.
    pub upload_limit: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("upphandla-data"),
            database_url: None,
            secure_cookies: false,
            upload_limit: 512 * 1024 * 1024,
        }
    }
}

/// Shared by every request.
pub struct AppState {
    pub store: Store,
    pub config: Config,
    pub throttle: auth::Throttle,
    pub sessions: auth::SessionCache,
    pub reports: cache::ReportCache,
    pub overviews: cache::OverviewCache,
    pub imports: cache::ImportIndex,
    /// The time deadlines and the standstill are judged by (movable in tests).
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Arc<AppState> {
        Arc::new(AppState {
            store,
            config,
            throttle: auth::Throttle::default(),
            sessions: auth::SessionCache::default(),
            reports: cache::ReportCache::default(),
            overviews: cache::OverviewCache::default(),
            imports: cache::ImportIndex::default(),
            clock: Clock::default(),
        })
    }
}

/// Opens the configured database (creating and migrating it when needed).
pub async fn open_store(config: &Config) -> Result<Store, upphandla_store::StoreError> {
    let store = match &config.database_url {
        Some(url) => Store::open_url(url).await?,
        None => Store::open_sqlite_dir(&config.data_dir).await?,
    };
    store.migrate().await?;
    Ok(store)
}

pub fn router(state: Arc<AppState>) -> Router {
    let upload_limit = usize::try_from(state.config.upload_limit).unwrap_or(usize::MAX);
    Router::new()
        .merge(pages::router())
        .merge(api::router())
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::session_layer,
        ))
        .layer(middleware::from_fn(pages::security_headers))
        .layer(DefaultBodyLimit::max(upload_limit))
        .with_state(state)
}

/// Serves until Ctrl-C.
pub async fn serve(state: Arc<AppState>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.config.addr).await?;
    serve_on(listener, state).await
}

pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
