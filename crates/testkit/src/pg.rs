//! The PostgreSQL database the tests use. `bash scripts/test.sh` starts the
//! server on 127.0.0.1:5432, creates database `test` and exports
//! `UPPHANDLA_TEST_PG`; tests that need PostgreSQL call [`require_reachable`]
//! first so that a missing server fails loudly instead of skipping.

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Environment variable that points the tests at another PostgreSQL.
pub const ENV: &str = "UPPHANDLA_TEST_PG";
/// The database scripts/test.sh prepares.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// `UPPHANDLA_TEST_PG`, or `postgres://postgres@127.0.0.1:5432/test`.
pub fn url() -> String {
    std::env::var(ENV)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_owned())
}

/// Panics (never skips) unless the server in [`url()`] accepts TCP connections.
pub fn require_reachable() {
    let url = url();
    if let Err(why) = check_reachable(&url) {
        panic!(
            "PostgreSQL is not reachable at {url}: {why}. \
             Run the tests with `bash scripts/test.sh`, which starts PostgreSQL on \
             127.0.0.1:5432 and creates database `test`, or set {ENV} to a running server."
        );
    }
}

/// TCP-connects to the host and port of a `postgres://` URL.
pub fn check_reachable(url: &str) -> Result<(), String> {
    let (host, port) = host_port(url)?;
    let addrs = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}:{port}: {e}"))?;
    let mut last = format!("no address for {host}:{port}");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(3)) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("cannot connect to {addr}: {e}"),
        }
    }
    Err(last)
}

/// Host and port from `postgres://user:pw@host:port/db?…` (port 5432 if absent).
fn host_port(url: &str) -> Result<(String, u16), String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
        .ok_or_else(|| format!("not a postgres:// URL: {url}"))?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (host, after) = v6
            .split_once(']')
            .ok_or_else(|| format!("bad IPv6 host in {url}"))?;
        (host, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let host = if host.is_empty() { "localhost" } else { host };
    let port = match port {
        Some(p) => p.parse().map_err(|_| format!("bad port {p:?} in {url}"))?,
        None => 5432,
    };
    Ok((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_and_port_from_urls() {
        let hp = |u| host_port(u).unwrap();
        assert_eq!(hp(DEFAULT_URL), ("127.0.0.1".into(), 5432));
        assert_eq!(
            hp("postgresql://u:p%40ss@db.example:6543/x?sslmode=disable"),
            ("db.example".into(), 6543)
        );
        assert_eq!(hp("postgres://[::1]:5433/test"), ("::1".into(), 5433));
        assert_eq!(hp("postgres://localhost"), ("localhost".into(), 5432));
        assert!(host_port("mysql://x").is_err());
        assert!(host_port("postgres://h:port/x").is_err());
    }

    #[test]
    fn closed_port_is_reported() {
        let port = crate::free_port();
        let err =
            check_reachable(&format!("postgres://postgres@127.0.0.1:{port}/test")).unwrap_err();
        assert!(err.contains(&port.to_string()), "{err}");
    }

    #[test]
    fn url_defaults_to_local_test_database() {
        let url = url();
        assert!(url.starts_with("postgres"), "{url}");
        if std::env::var(ENV).is_err() {
            assert_eq!(url, DEFAULT_URL);
        }
    }
}
