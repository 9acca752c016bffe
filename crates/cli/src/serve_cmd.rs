//! `upphandla serve`: the web application.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use upphandla_web::{AppState, Config};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Adress att lyssna på (address to listen on)
    #[arg(long, default_value = "127.0.0.1")]
    pub addr: IpAddr,
    /// Port
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Katalog för den inbyggda SQLite-databasen (data directory for the embedded SQLite database)
    #[arg(long, default_value = "upphandla-data")]
    pub data_dir: PathBuf,
    /// PostgreSQL i stället för SQLite, t.ex. postgres://user@host/db (or env DATABASE_URL)
    #[arg(long)]
    pub database_url: Option<String>,
    /// Läs in syntetisk demodata: en region med kommuner, användare i varje roll, reskontror och LCC-modeller
    #[arg(long)]
    pub demo: bool,
    /// Sätt Secure på kakor (servern nås via TLS, t.ex. bakom en omvänd proxy)
    #[arg(long)]
    pub secure_cookies: bool,
    /// Största tillåtna uppladdning i MB (largest upload accepted)
    #[arg(long, default_value_t = 512)]
    pub upload_limit_mb: u64,
}

pub fn main(args: ServeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fel: kunde inte starta körmiljön / could not start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fel: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: ServeArgs) -> Result<(), String> {
    let database_url = args
        .database_url
        .clone()
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()));
    let config = Config {
        addr: SocketAddr::new(args.addr, args.port),
        data_dir: args.data_dir.clone(),
        database_url,
        secure_cookies: args.secure_cookies,
        upload_limit: args.upload_limit_mb.saturating_mul(1024 * 1024),
    };
    let where_ = match &config.database_url {
        Some(url) => format!("PostgreSQL ({})", redact(url)),
        None => format!(
            "SQLite ({})",
            config.data_dir.join("upphandla.db").display()
        ),
    };
    let store = upphandla_web::open_store(&config)
        .await
        .map_err(|e| e.to_string())?;
    eprintln!("Databas / database: {where_}");
    if args.demo {
        let logins = upphandla_web::demo::seed(&store)
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("{}", upphandla_web::demo::describe(&logins));
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| {
            format!(
                "kunde inte lyssna på {} / could not listen: {e}",
                config.addr
            )
        })?;
    eprintln!(
        "upphandla körs på / is running at http://{}/ (Ctrl-C avslutar / stops)",
        config.addr
    );
    let state = AppState::new(store, config);
    upphandla_web::serve_on(listener, state)
        .await
        .map_err(|e| e.to_string())
}

/// Hides a password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
