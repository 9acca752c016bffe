//! Sign-in, sessions, CSRF and login throttling.
//!
//! A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie
//! (Secure when served over TLS); only its SHA-256 is stored. Every
//! state-changing request carries the session's CSRF token (form field
//! `_csrf`, query `_csrf` for multipart uploads, or header `x-csrf-token`),
//! checked by [`session_layer`] before any handler runs. Before sign-in, the
//! login form uses a double-submit cookie instead.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use upphandla_store::{Membership, OrgId, Organisation, Role, SessionRow, User};

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "upphandla_session";
pub const PRE_CSRF_COOKIE: &str = "upphandla_csrf";
pub const LANG_COOKIE: &str = "upphandla_lang";
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// Largest url-encoded form body read for its CSRF field (rule files are edited in forms).
const FORM_LIMIT: usize = 8 * 1024 * 1024;

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Argon2id with the crate's default parameters, off the async threads.
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_string();
    let hash = hash.to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// Constant-time comparison, so a token cannot be guessed byte by byte from timings.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Cookies are Secure when the server is configured for TLS or a TLS proxy says so.
pub fn is_tls(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Adds a `Set-Cookie` for this site (Path=/, SameSite=Lax) to `response`.
pub fn add_cookie(
    response: &mut Response,
    name: &str,
    value: &str,
    max_age: i64,
    secure: bool,
    http_only: bool,
) -> Result<(), AppError> {
    let cookie = format!(
        "{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax{}{}",
        if http_only { "; HttpOnly" } else { "" },
        if secure { "; Secure" } else { "" }
    );
    let value = cookie
        .parse()
        .map_err(|_| AppError::Internal(format!("cookie {name}")))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(())
}

pub fn client_ip(parts_ext: &axum::http::Extensions, headers: &HeaderMap) -> String {
    let _ = headers; // Forwarded headers are not trusted for throttling: a client could set them.
    parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default()
}

/// The signed-in session, found by [`session_layer`].
#[derive(Clone)]
pub struct SessionInfo {
    pub token_hash: String,
    pub row: SessionRow,
}

/// The preferred language: `?lang=`, then the cookie, then Swedish.
pub fn lang_of(parts: &Parts) -> Lang {
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    from_query
        .or_else(|| cookie(&parts.headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)))
        .unwrap_or_default()
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn query_csrf(uri: &axum::http::Uri) -> Option<String> {
    uri.query()?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "_csrf")
        .map(|(_, v)| v.to_string())
}

fn form_csrf(body: &[u8]) -> Option<String> {
    body.split(|&b| b == b'&')
        .find_map(|p| p.strip_prefix(b"_csrf="))
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::to_string)
}

/// The Origin header, when sent, must name this host: a second line of defence.
fn origin_matches(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin != "null" && origin_host == host
}

/// Finds the session and enforces CSRF on every state-changing request
/// outside `/api/` (the API authenticates with bearer tokens, not cookies).
pub async fn session_layer(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let mut session = None;
    if let Some(token) = cookie(&parts.headers, SESSION_COOKIE) {
        let hash = token_hash(&token);
        match state.sessions.get(&state.store, &hash).await {
            Ok(Some(row)) => {
                session = Some(SessionInfo {
                    token_hash: hash,
                    row,
                })
            }
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    let mut body = body;
    if is_state_changing(&parts.method) && !parts.uri.path().starts_with("/api/") {
        let expected = match &session {
            Some(s) => Some(s.row.csrf_token.clone()),
            None => cookie(&parts.headers, PRE_CSRF_COOKIE),
        };
        let mut given = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| query_csrf(&parts.uri));
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if given.is_none() && is_form {
            let bytes = match axum::body::to_bytes(body, FORM_LIMIT).await {
                Ok(b) => b,
                Err(_) => {
                    return AppError::TooLarge {
                        limit_mb: (FORM_LIMIT >> 20) as u64,
                    }
                    .into_response();
                }
            };
            given = form_csrf(&bytes);
            body = Body::from(bytes);
        }
        let ok = origin_matches(&parts.headers)
            && matches!((&expected, &given), (Some(e), Some(g)) if same_token(e, g));
        if !ok {
            return AppError::Csrf.into_response();
        }
    }
    if let Some(s) = session {
        parts.extensions.insert(s);
    }
    next.run(Request::from_parts(parts, body)).await
}

/// The signed-in user acting for one organisation: what every page handler gets.
#[derive(Clone)]
pub struct Ctx {
    pub user: User,
    pub org: Organisation,
    pub roles: Vec<Role>,
    pub memberships: Vec<Membership>,
    pub csrf: String,
    pub lang: Lang,
    pub session_hash: String,
    pub path: String,
    pub ip: String,
}

impl Ctx {
    pub fn org_id(&self) -> OrgId {
        self.org.id
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Roles that may change the organisation's data (politicians and
    /// coordinators read only).
    pub fn can_edit(&self) -> bool {
        self.roles.iter().any(|r| r.may_edit())
    }

    pub fn require_edit(&self) -> Result<(), AppError> {
        if self.can_edit() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.has(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

/// Redirects to the sign-in page (pages) when there is no session.
pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        let next: String = url_encode(&self.0);
        Redirect::to(&format!("/login?next={next}")).into_response()
    }
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl FromRequestParts<Arc<AppState>> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Ctx, Response> {
        let path = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let Some(session) = parts.extensions.get::<SessionInfo>().cloned() else {
            return Err(LoginRedirect(path).into_response());
        };
        let lang = lang_of(parts);
        let ip = client_ip(&parts.extensions, &parts.headers);
        let load = async {
            let (user, memberships) = state
                .sessions
                .principal(&state.store, session.row.user_id)
                .await?;
            let current = memberships
                .iter()
                .find(|m| m.organisation.id == session.row.org_id)
                .cloned()
                .ok_or(AppError::Unauthorized)?;
            Ok::<_, AppError>(Ctx {
                user,
                org: current.organisation,
                roles: current.roles,
                memberships,
                csrf: session.row.csrf_token.clone(),
                lang,
                session_hash: session.token_hash.clone(),
                path: path.clone(),
                ip,
            })
        };
        match load.await {
            Ok(ctx) => Ok(ctx),
            // Membership removed since sign-in: the session no longer grants anything.
            Err(AppError::Unauthorized) => Err(LoginRedirect(path).into_response()),
            Err(e) => Err(e.into_response()),
        }
    }
}

/// Failed sign-ins per e-mail address and per client address. An address
/// (account) is refused after `ACCOUNT_ATTEMPTS` failures within the window;
/// a client address only after `CLIENT_ATTEMPTS`, so that the many people
/// behind one municipal NAT address are not locked out by one person's
/// typos, while password spraying across accounts is still stopped. A
/// success clears the account's count.
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

const ACCOUNT_ATTEMPTS: u32 = 5;
const CLIENT_ATTEMPTS: u32 = 50;
const WINDOW: Duration = Duration::from_secs(15 * 60);

impl Throttle {
    fn keys(email: &str, ip: &str) -> [(String, u32); 2] {
        [
            (
                format!("e:{}", email.trim().to_lowercase()),
                ACCOUNT_ATTEMPTS,
            ),
            (format!("i:{ip}"), CLIENT_ATTEMPTS),
        ]
    }

    pub fn is_blocked(&self, email: &str, ip: &str) -> bool {
        let Ok(map) = self.failures.lock() else {
            return true;
        };
        Self::keys(email, ip).iter().any(|(k, limit)| {
            map.get(k)
                .is_some_and(|(n, since)| *n >= *limit && since.elapsed() < WINDOW)
        })
    }

    pub fn failed(&self, email: &str, ip: &str) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.retain(|_, (_, since)| since.elapsed() < WINDOW);
            }
            for (k, _) in Self::keys(email, ip) {
                let entry = map.entry(k).or_insert((0, Instant::now()));
                if entry.1.elapsed() >= WINDOW {
                    *entry = (0, Instant::now());
                }
                entry.0 += 1;
            }
        }
    }

    pub fn succeeded(&self, email: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&format!("e:{}", email.trim().to_lowercase()));
        }
    }
}

/// A short-lived cache of session rows: every page needs one, and the
/// database round trip would otherwise dominate. Sign-out and role changes
/// remove entries; a missing entry is read again.
#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, (SessionRow, Instant)>>,
    /// The user and their memberships, by user id: needed by every page too.
    principals: Mutex<HashMap<i64, (Principal, Instant)>>,
}

type Principal = (User, Vec<Membership>);

const SESSION_CACHE_TTL: Duration = Duration::from_secs(10);

impl SessionCache {
    pub async fn get(
        &self,
        store: &upphandla_store::Store,
        hash: &str,
    ) -> Result<Option<SessionRow>, upphandla_store::StoreError> {
        if let Ok(map) = self.entries.lock()
            && let Some((row, at)) = map.get(hash)
            && at.elapsed() < SESSION_CACHE_TTL
            && row.expires_at > upphandla_store::now()
        {
            return Ok(Some(row.clone()));
        }
        let row = store.session(hash).await?;
        if let Ok(mut map) = self.entries.lock() {
            if map.len() > 50_000 {
                map.clear();
            }
            match &row {
                Some(r) => {
                    map.insert(hash.to_string(), (r.clone(), Instant::now()));
                }
                None => {
                    map.remove(hash);
                }
            }
        }
        Ok(row)
    }

    pub fn forget(&self, hash: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(hash);
        }
    }

    /// Drops everything cached: after role or membership changes.
    pub fn clear(&self) {
        if let Ok(mut map) = self.entries.lock() {
            map.clear();
        }
        if let Ok(mut map) = self.principals.lock() {
            map.clear();
        }
    }

    /// The enabled user and their memberships; `Unauthorized` when the user is gone or disabled.
    pub async fn principal(
        &self,
        store: &upphandla_store::Store,
        user_id: upphandla_store::UserId,
    ) -> Result<Principal, AppError> {
        if let Ok(map) = self.principals.lock()
            && let Some((principal, at)) = map.get(&user_id.0)
            && at.elapsed() < SESSION_CACHE_TTL
        {
            return Ok(principal.clone());
        }
        let user = store
            .user(user_id)
            .await?
            .filter(|u| !u.disabled)
            .ok_or(AppError::Unauthorized)?;
        let memberships = store.memberships(user.id).await?;
        if let Ok(mut map) = self.principals.lock() {
            if map.len() > 50_000 {
                map.clear();
            }
            map.insert(
                user_id.0,
                ((user.clone(), memberships.clone()), Instant::now()),
            );
        }
        Ok((user, memberships))
    }
}

/// A real Argon2id hash of a random secret, verified against when the
/// address is unknown so the response time does not reveal which exist.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        Argon2::default()
            .hash_password(random_token().as_bytes())
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_blocks_the_account_but_not_others_behind_the_same_address() {
        let throttle = Throttle::default();
        for _ in 0..ACCOUNT_ATTEMPTS {
            throttle.failed("a@kommun.example", "10.0.0.1");
        }
        assert!(throttle.is_blocked("A@kommun.example ", "10.9.9.9"));
        assert!(!throttle.is_blocked("b@kommun.example", "10.0.0.1"));
        // Spraying many accounts from one address is stopped at the client limit.
        for i in 0..CLIENT_ATTEMPTS {
            throttle.failed(&format!("user{i}@kommun.example"), "10.0.0.2");
        }
        assert!(throttle.is_blocked("new@kommun.example", "10.0.0.2"));
        throttle.succeeded("a@kommun.example");
        assert!(!throttle.is_blocked("a@kommun.example", "10.0.0.1"));
    }

    #[test]
    fn tokens_compare_in_full() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
    }
}
