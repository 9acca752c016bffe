//! Shared by the web integration tests: a real server in this process (its
//! own tokio runtime on a thread, a real TCP port) on SQLite or PostgreSQL,
//! and a small HTTP client with a cookie jar that never follows redirects,
//! so tests see every status, header and cookie the server sends.
#![allow(dead_code)] // Each test binary uses a different part.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use upphandla_store::{OrgId, Store, UserId};
use upphandla_testkit::pg;
use upphandla_web::{AppState, Config};

pub mod figures;

/// Password of every demo account.
pub const DEMO_PASSWORD: &str = upphandla_web::demo::DEMO_PASSWORD;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub db: Db,
    /// Seed the synthetic demo region (`serve --demo`).
    pub demo: bool,
    pub secure_cookies: bool,
    pub upload_limit: u64,
}

impl ServerOptions {
    pub fn new(db: Db) -> ServerOptions {
        ServerOptions {
            db,
            demo: true,
            secure_cookies: false,
            upload_limit: Config::default().upload_limit,
        }
    }
}

/// A running server. It lives until the test process ends; its SQLite
/// directory or PostgreSQL schema is removed by the next test run
/// ([`remove_stale`]), since statics are never dropped.
pub struct Server {
    pub base: String,
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    /// The server's runtime, to call the store from a test thread.
    pub runtime: tokio::runtime::Handle,
    pub db: Db,
    /// The PostgreSQL schema of this server's data.
    pub schema: Option<String>,
}

impl Server {
    pub fn start(options: ServerOptions) -> Server {
        remove_stale();
        let (tx, rx) = std::sync::mpsc::channel();
        let db = options.db;
        std::thread::Builder::new()
            .name(format!("upphandla-test-server-{db:?}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                let handle = runtime.handle().clone();
                runtime.block_on(async move {
                    let (store, data_dir, schema) = open_store(options.db).await;
                    store.migrate().await.expect("migrations");
                    if options.demo {
                        upphandla_web::demo::seed(&store).await.expect("demo seed");
                    }
                    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
                        .await
                        .expect("bind");
                    let addr = listener.local_addr().expect("local addr");
                    let config = Config {
                        addr,
                        data_dir,
                        database_url: None,
                        secure_cookies: options.secure_cookies,
                        upload_limit: options.upload_limit,
                    };
                    let state = AppState::new(store, config);
                    tx.send((addr, state.clone(), handle, schema))
                        .expect("test thread");
                    upphandla_web::serve_on(listener, state)
                        .await
                        .expect("serve");
                });
            })
            .expect("server thread");
        let (addr, state, runtime, schema) = rx
            .recv_timeout(Duration::from_secs(300))
            .expect("the test server did not start (see its panic above)");
        Server {
            base: format!("http://{addr}"),
            addr,
            state,
            runtime,
            db,
            schema,
        }
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Runs `future` on the server's runtime (for store calls from a test).
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// A client signed in as `email` with the demo password.
    /// A user's id and first organisation (demo users belong to one).
    pub fn user_and_org(&self, email: &str) -> (UserId, OrgId) {
        let store = self.store().clone();
        let email = email.to_string();
        self.block_on(async move {
            let user = store.user_by_email(&email).await.unwrap().unwrap();
            let org = store.memberships(user.id).await.unwrap()[0].organisation.id;
            (user.id, org)
        })
    }

    pub fn login(&self, email: &str) -> Client {
        let mut client = self.client();
        client.login(email, DEMO_PASSWORD);
        client
    }
}

/// `<pid hex>_<nanos hex>_<n>`: unique, and tells which process made it.
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

const DIR_PREFIX: &str = "upphandla-web-test-";
const SCHEMA_PREFIX: &str = "test_web_";

fn pid_alive(name_rest: &str) -> bool {
    let Some(pid) = name_rest
        .split('_')
        .next()
        .and_then(|p| u32::from_str_radix(p, 16).ok())
    else {
        return true; // Not ours to judge.
    };
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes data directories and schemas of earlier test processes that have ended.
pub fn remove_stale() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if let Some(rest) = name.strip_prefix(DIR_PREFIX)
                    && !pid_alive(rest)
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        // Only when PostgreSQL is up: SQLite-only runs must not need it.
        if pg::check_reachable(&pg::url()).is_err() {
            return;
        }
        let cleanup = std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let Ok(pool) = sqlx::PgPool::connect(&pg::url()).await else {
                    return;
                };
                let schemas: Vec<(String,)> = sqlx::query_as(
                    "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'test\\_web\\_%'",
                )
                .fetch_all(&pool)
                .await
                .unwrap_or_default();
                for (schema,) in schemas {
                    if !pid_alive(&schema[SCHEMA_PREFIX.len()..]) {
                        let sql = format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                        let _ = sqlx::query(&sql).execute(&pool).await;
                    }
                }
                pool.close().await;
            });
        });
        let _ = cleanup.join();
    });
}

/// A fresh empty database: a SQLite directory in the temp dir, or a new
/// schema in the PostgreSQL test database.
pub async fn open_store(db: Db) -> (Store, PathBuf, Option<String>) {
    let dir = std::env::temp_dir().join(format!("{DIR_PREFIX}{}", unique()));
    match db {
        Db::Sqlite => (
            Store::open_sqlite_dir(&dir).await.expect("open SQLite"),
            dir,
            None,
        ),
        Db::Postgres => {
            pg::require_reachable();
            let url = pg::url();
            let schema = format!("{SCHEMA_PREFIX}{}", unique());
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
            (store, dir, Some(schema))
        }
    }
}

/// One HTTP response, read whole.
#[derive(Debug, Clone)]
pub struct Resp {
    pub method: String,
    pub url: String,
    pub status: u16,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn headers_all(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The `Set-Cookie` header that sets `name`.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers_all("set-cookie").into_iter().find(|c| {
            c.split(';')
                .next()
                .and_then(|p| p.split_once('='))
                .map(|(k, _)| k.trim())
                == Some(name)
        })
    }

    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }

    /// Panics with the request and the start of the body unless the status is `status`.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Resp {
        assert_eq!(
            self.status,
            status,
            "{} {} gave {} (location {:?}): {}",
            self.method,
            self.url,
            self.status,
            self.location(),
            snippet(&self.body)
        );
        self
    }
}

pub fn snippet(body: &str) -> String {
    body.chars().take(600).collect()
}

/// A cookie-keeping HTTP client that does not follow redirects.
pub struct Client {
    pub base: String,
    agent: ureq::Agent,
    pub cookies: BTreeMap<String, String>,
    /// Extra headers sent with every request (e.g. `X-Forwarded-Proto`).
    pub headers: Vec<(String, String)>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(120)))
            // A fresh connection per request: the server closes a connection
            // whose request body a handler refused unread (a 403 before the
            // form is parsed), and a pooled one could be reused just as it
            // closes, failing the next request at random.
            .max_idle_connections_per_host(0)
            .build()
            .into();
        Client {
            base: base.trim_end_matches('/').to_string(),
            agent,
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }

    fn absolute(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// Any request. `body` is (content type, bytes).
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        extra_headers: &[(&str, &str)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Resp {
        let url = self.absolute(path);
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            builder = builder.header("cookie", jar.join("; "));
        }
        for (k, v) in &self.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        for (k, v) in extra_headers {
            builder = builder.header(*k, *v);
        }
        let result = match body {
            Some((content_type, bytes)) => {
                let request = builder
                    .header("content-type", content_type)
                    .body(bytes)
                    .expect("request");
                self.agent.run(request)
            }
            None if matches!(method, "GET" | "HEAD" | "DELETE" | "OPTIONS") => {
                self.agent.run(builder.body(()).expect("request"))
            }
            None => self
                .agent
                .run(builder.body(Vec::<u8>::new()).expect("request")),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).to_string(),
                )
            })
            .collect();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("{method} {url}: reading the body: {e}"));
        let resp = Resp {
            method: method.to_string(),
            url,
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).to_string(),
        };
        self.keep_cookies(&resp);
        resp
    }

    fn keep_cookies(&mut self, resp: &Resp) {
        for c in resp.headers_all("set-cookie") {
            let mut parts = c.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let expired = parts.any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "max-age=0" || p.starts_with("max-age=-")
            });
            if expired || value.is_empty() {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_string(), value.trim().to_string());
            }
        }
    }

    pub fn get(&mut self, path: &str) -> Resp {
        self.request("GET", path, &[], None)
    }

    /// GET, following same-site redirects (at most 10).
    pub fn get_follow(&mut self, path: &str) -> Resp {
        let mut resp = self.get(path);
        for _ in 0..10 {
            match resp.location() {
                Some(loc) if resp.is_redirect() => {
                    let loc = loc.to_string();
                    resp = self.get(&loc);
                }
                _ => break,
            }
        }
        resp
    }

    /// An url-encoded form POST.
    /// POSTs `fields` with a fresh CSRF token, as a form on a page would.
    pub fn post_csrf(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf();
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all)
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.post_form_with(path, fields, &[])
    }

    pub fn post_form_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        extra_headers: &[(&str, &str)],
    ) -> Resp {
        let body = form_encode(fields);
        self.request(
            "POST",
            path,
            extra_headers,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
        )
    }

    /// A multipart/form-data POST with one file field and plain fields.
    pub fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Resp {
        let boundary = format!("----upphandla-test-{}", unique());
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if let Some((field, file_name, bytes)) = file {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.request("POST", path, &[], Some((&content_type, body)))
    }

    /// Signs in through the form (GET /login for the form token, then POST);
    /// panics unless the server answers with the redirect of a success.
    pub fn login(&mut self, email: &str, password: &str) -> Resp {
        let resp = self.try_login(email, password, "/");
        assert_eq!(
            resp.status,
            303,
            "sign-in as {email} failed: {}",
            snippet(&resp.body)
        );
        assert!(
            self.cookies.contains_key("upphandla_session"),
            "no session cookie after signing in as {email}"
        );
        resp
    }

    /// Fetches the login form, then posts the credentials; returns the POST response.
    pub fn try_login(&mut self, email: &str, password: &str, next: &str) -> Resp {
        let form = self.get("/login");
        let csrf = csrf_of(&form.body).unwrap_or_else(|| {
            panic!(
                "no _csrf field on the login page ({}): {}",
                form.status,
                snippet(&form.body)
            )
        });
        self.post_form(
            "/login",
            &[
                ("_csrf", &csrf),
                ("email", email),
                ("password", password),
                ("next", next),
            ],
        )
    }

    /// The session's CSRF token, read from the Översikt page.
    pub fn csrf(&mut self) -> String {
        let page = self.get("/");
        page.expect(200);
        csrf_of(&page.body)
            .unwrap_or_else(|| panic!("no _csrf field on /: {}", snippet(&page.body)))
    }
}

pub fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The value of the first hidden `_csrf` field in a page.
pub fn csrf_of(html: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "input")
        .find(|t| t.attr("name") == Some("_csrf"))
        .and_then(|t| t.attr("value").map(str::to_string))
}

/// An opening HTML tag with its attributes (entities in values decoded).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<` in the page.
    pub at: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every opening tag of a page, in order. Enough HTML for our own pages:
/// quoted or bare attribute values, comments and scripts skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name_len = html[i..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let key_len = html[i..]
                .bytes()
                .take_while(|b| !b.is_ascii_whitespace() && !b"=>/".contains(b))
                .count()
                .max(1);
            let key = html[i..i + key_len].to_ascii_lowercase();
            i += key_len;
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i] as char;
                    let end = html[i + 1..].find(quote).map_or(html.len(), |e| i + 1 + e);
                    value = decode_entities(&html[i + 1..end]);
                    i = (end + 1).min(html.len());
                } else {
                    let len = html[i..]
                        .bytes()
                        .take_while(|b| !b.is_ascii_whitespace() && *b != b'>')
                        .count();
                    value = decode_entities(&html[i..i + len]);
                    i += len;
                }
            }
            attrs.push((key, value));
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i.min(html.len())..]
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
        out.push(Tag {
            name,
            attrs,
            at: start,
        });
    }
    out
}

pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                code.and_then(char::from_u32)
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A form of a page: where it posts and its named fields with their values.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub method: String,
    pub action: String,
    pub enctype: String,
    /// (name, value, input type or tag name) of inputs, selects and textareas;
    /// a select's value is its selected (or first) option.
    pub fields: Vec<(String, String, String)>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.as_str())
    }
}

/// The forms of a page, resolved against `page_path` (an empty action posts to the page).
pub fn forms(html: &str, page_path: &str) -> Vec<Form> {
    let all = tags(html);
    let mut out = Vec::new();
    for form in all.iter().filter(|t| t.name == "form") {
        let end = html[form.at..]
            .find("</form")
            .map_or(html.len(), |e| form.at + e);
        let inner: Vec<&Tag> = all
            .iter()
            .filter(|t| t.at > form.at && t.at < end)
            .collect();
        let mut fields = Vec::new();
        for t in &inner {
            let Some(name) = t.attr("name") else {
                continue;
            };
            match t.name.as_str() {
                "input" => {
                    let kind = t.attr("type").unwrap_or("text").to_ascii_lowercase();
                    let checkable = kind == "checkbox" || kind == "radio";
                    if !checkable || t.attr("checked").is_some() {
                        let value = t.attr("value").unwrap_or("").to_string();
                        fields.push((name.to_string(), value, kind));
                    }
                }
                "textarea" => {
                    let start = html[t.at..].find('>').map_or(end, |e| t.at + e + 1);
                    let stop = html[start..]
                        .find("</textarea")
                        .map_or(start, |e| start + e);
                    let value = decode_entities(&html[start..stop]);
                    fields.push((name.to_string(), value, "textarea".into()));
                }
                "button" => {
                    let value = t.attr("value").unwrap_or("").to_string();
                    fields.push((name.to_string(), value, "button".into()));
                }
                "select" => {
                    let stop = html[t.at..].find("</select").map_or(end, |e| t.at + e);
                    let options: Vec<&&Tag> = inner
                        .iter()
                        .filter(|o| o.name == "option" && o.at > t.at && o.at < stop)
                        .collect();
                    let chosen = options
                        .iter()
                        .find(|o| o.attr("selected").is_some())
                        .or(options.first())
                        .map(|o| o.attr("value").unwrap_or("").to_string())
                        .unwrap_or_default();
                    fields.push((name.to_string(), chosen, "select".into()));
                }
                _ => {}
            }
        }
        let action = form.attr("action").unwrap_or("");
        out.push(Form {
            method: form.attr("method").unwrap_or("get").to_ascii_uppercase(),
            action: if action.is_empty() {
                page_path.to_string()
            } else {
                action.to_string()
            },
            enctype: form
                .attr("enctype")
                .unwrap_or("application/x-www-form-urlencoded")
                .to_string(),
            fields,
        });
    }
    out
}

/// Every `href` of `<a>` and `<link>`, decoded, as written in the page.
pub fn links(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "a" || t.name == "link")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

/// A same-site path for `href` found on `page_path`, or `None` for other
/// sites, fragments, `mailto:` and the like. Fragments are dropped.
pub fn same_site(href: &str, page_path: &str, base: &str) -> Option<String> {
    let href = href.split('#').next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    if let Some(rest) = href.strip_prefix(base) {
        return Some(if rest.is_empty() {
            "/".into()
        } else {
            rest.to_string()
        });
    }
    if href.starts_with("//")
        || href.contains("://")
        || href.contains(':') && !href.starts_with('/') && !href.starts_with('?')
    {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.to_string());
    }
    let page = page_path.split('?').next().unwrap_or("/");
    if let Some(query) = href.strip_prefix('?') {
        return Some(format!("{page}?{query}"));
    }
    let dir = &page[..page.rfind('/').map_or(0, |p| p + 1)];
    Some(format!("{dir}{href}"))
}

/// What a crawl found: every page fetched and every form on them.
#[derive(Debug, Default)]
pub struct Crawl {
    /// (path, response) of every GET, in the order fetched.
    pub pages: Vec<(String, Resp)>,
    /// (page path, form) of every form seen, deduplicated by method + action.
    pub forms: Vec<(String, Form)>,
}

impl Crawl {
    pub fn post_forms(&self) -> impl Iterator<Item = &(String, Form)> {
        self.forms.iter().filter(|(_, f)| f.method == "POST")
    }
}

/// A path with numbers and query values blanked: pages of one kind share it.
pub fn template_of(path: &str) -> String {
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = p
        .split('/')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "{n}"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<&str> = q
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split('=').next().unwrap_or(""))
        .collect();
    keys.sort();
    keys.dedup();
    format!("{}?{}", segments.join("/"), keys.join("&"))
}

/// Paths a crawl never follows: they change the session or language
/// (not data), or are static files.
pub fn skip_in_crawl(path: &str) -> bool {
    path.starts_with("/static/") || path.starts_with("/logout") || path.starts_with("/lang/")
}

/// Breadth-first over same-site GET links from `start`, at most
/// `per_template` pages of each [`template_of`] and `max_pages` in all.
/// Forms are recorded, never submitted. Panics on any 5xx.
pub fn crawl(client: &mut Client, start: &[&str], per_template: usize, max_pages: usize) -> Crawl {
    let mut crawl = Crawl::default();
    let mut queue: std::collections::VecDeque<String> =
        start.iter().map(|s| s.to_string()).collect();
    let mut seen: std::collections::HashSet<String> = queue.iter().cloned().collect();
    let mut per: std::collections::HashMap<String, usize> = Default::default();
    let mut form_keys: std::collections::HashSet<String> = Default::default();
    let base = client.base.clone();
    while let Some(path) = queue.pop_front() {
        if crawl.pages.len() >= max_pages {
            break;
        }
        let count = per.entry(template_of(&path)).or_default();
        if *count >= per_template {
            continue;
        }
        *count += 1;
        let resp = client.get(&path);
        assert!(
            resp.status < 500,
            "GET {path} gave {}: {}",
            resp.status,
            snippet(&resp.body)
        );
        let is_html = resp
            .header("content-type")
            .is_some_and(|c| c.starts_with("text/html"));
        let mut next: Vec<String> = Vec::new();
        if resp.is_redirect() {
            next.extend(resp.location().and_then(|l| same_site(l, &path, &base)));
        } else if is_html {
            for href in links(&resp.body) {
                next.extend(same_site(&href, &path, &base));
            }
            for form in forms(&resp.body, &path) {
                let key = format!("{} {}", form.method, template_of(&form.action));
                if form.method == "GET" {
                    // A search or filter form: its target is a page too.
                    if let Some(target) = same_site(&form.action, &path, &base) {
                        next.push(target);
                    }
                }
                if form_keys.insert(key) {
                    crawl.forms.push((path.clone(), form));
                }
            }
        }
        for n in next {
            if !skip_in_crawl(&n) && seen.insert(n.clone()) {
                queue.push_back(n);
            }
        }
        crawl.pages.push((path, resp));
    }
    crawl
}

/// The numbers in a path's segments and query values (candidate record ids).
pub fn has_id(path: &str) -> bool {
    path.split(['/', '?', '&', '='])
        .any(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

impl Server {
    /// (org id, action, detail) of every audit entry, including those with no
    /// organisation (failed sign-ins), which the store only lists per organisation.
    pub fn audit_all(&self) -> Vec<(Option<i64>, String, String)> {
        let sql = "SELECT org_id, action, detail FROM audit_log ORDER BY id";
        let dir = self.state.config.data_dir.clone();
        let schema = self.schema.clone();
        self.block_on(async move {
            match schema {
                None => {
                    let url = format!("sqlite://{}", dir.join("upphandla.db").display());
                    let pool = sqlx::SqlitePool::connect(&url).await.expect("open SQLite");
                    let rows = sqlx::query_as(sql).fetch_all(&pool).await.expect("audit");
                    pool.close().await;
                    rows
                }
                Some(schema) => {
                    let options: sqlx::postgres::PgConnectOptions =
                        pg::url().parse().expect("PostgreSQL URL");
                    let options = options.options([("search_path", schema.as_str())]);
                    let pool = sqlx::PgPool::connect_with(options).await.expect("connect");
                    let rows = sqlx::query_as(sql).fetch_all(&pool).await.expect("audit");
                    pool.close().await;
                    rows
                }
            }
        })
    }
}

/// One demo server per database, shared by the tests of a file (each test
/// binary has its own copy of this module, so its own servers).
pub fn demo_server(db: Db) -> &'static Server {
    static SQLITE: OnceLock<Server> = OnceLock::new();
    static POSTGRES: OnceLock<Server> = OnceLock::new();
    let cell = match db {
        Db::Sqlite => &SQLITE,
        Db::Postgres => &POSTGRES,
    };
    cell.get_or_init(|| Server::start(ServerOptions::new(db)))
}

/// Runs each named `fn(Db)` as a test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name(super::Db::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name(super::Db::Postgres) } )*
        }
    };
}
