//! Test infrastructure for upphandla's web tests.
//!
//! - [`Browser`]: a real headless Chromium driven over W3C WebDriver by a
//!   `chromedriver` process that this crate starts and stops.
//! - [`Browser::axe_scan`] / [`Browser::assert_accessible`]: an axe-core
//!   (WCAG 2.1 A/AA + best practice) scan of the current page.
//! - [`pg`]: where the PostgreSQL test database is, and a check that it is up.
//!
//! `bash scripts/test.sh` installs and starts everything these need.
//! Page methods panic with what they looked for and on which URL: they are
//! test helpers, and a panic with context is the most useful failure there.

mod axe;
mod base64;
mod browser;
pub mod pg;

use std::net::TcpListener;
use std::path::PathBuf;

pub use axe::{AxeReport, Violation};
pub use browser::{Browser, Cookie, Element, Error};

/// A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it).
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port on 127.0.0.1")
}

/// The workspace root: the nearest directory above this crate whose
/// Cargo.toml declares `[workspace]`.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .unwrap_or_else(|| panic!("no workspace Cargo.toml above {}", here.display()))
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    #[test]
    fn workspace_root_holds_the_workspace_manifest() {
        let root = super::workspace_root();
        assert!(
            root.join("crates/testkit/Cargo.toml").is_file(),
            "{}",
            root.display()
        );
    }

    #[test]
    fn free_port_is_bindable() {
        let port = super::free_port();
        assert_ne!(port, 0);
        std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    }
}
