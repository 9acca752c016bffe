//! Headless Chromium over W3C WebDriver (chromedriver on localhost, plain HTTP).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// W3C key under which an element reference travels.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// Longest any single WebDriver call may take; a hung browser then fails the
/// test instead of hanging it.
const HTTP_TIMEOUT: Duration = Duration::from_secs(120);
/// Page loads and scripts (axe on a long page takes a few seconds).
const PAGE_LOAD_MS: u64 = 60_000;
const SCRIPT_MS: u64 = 60_000;
/// How long `submit` waits for the browser to leave the page.
const NAVIGATION_TIMEOUT: Duration = Duration::from_secs(30);

/// Chromium flags. This sandbox's network is closed: without the
/// `--disable-*` network flags Chromium stalls on background connections.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-proxy-server",
    "--window-size=1280,900",
];
/// Swedish first: pages that negotiate the language (Accept-Language,
/// navigator.languages) see what a Swedish user's browser sends.
/// (`--lang` is ignored by headless Chromium on Linux; the profile pref is not.)
const ACCEPT_LANGUAGES: &str = "sv-SE,sv,en";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what} not found at {}: {hint}", path.display())]
    Missing {
        what: &'static str,
        path: PathBuf,
        hint: &'static str,
    },
    #[error("could not start {}: {source}", path.display())]
    Spawn {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("chromedriver did not become ready: {why}\nchromedriver log ({}):\n{log}", log_path.display())]
    DriverNotReady {
        why: String,
        log_path: PathBuf,
        log: String,
    },
    #[error("WebDriver {command}: HTTP error: {message}")]
    Http { command: String, message: String },
    #[error("WebDriver {command}: {error}: {message}")]
    WebDriver {
        command: String,
        error: String,
        message: String,
    },
    #[error("WebDriver {command}: unexpected response: {body}")]
    Protocol { command: String, body: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("axe-core is missing at {}: run `npm ci --prefix e2e` (bash scripts/test.sh does it)", path.display())]
    AxeMissing { path: PathBuf },
    #[error("axe-core failed: {0}")]
    Axe(String),
}

impl Error {
    /// The W3C error code ("no such element", "stale element reference", …), if any.
    pub fn webdriver_code(&self) -> Option<&str> {
        match self {
            Error::WebDriver { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the error says the element's document has been replaced.
    /// Chromedriver says so as "stale element reference" or "no such element",
    /// and, when the lookup lands mid-navigation, as an "unknown error" from
    /// the inspector ("Node with given id does not belong to the document").
    pub fn is_detached_element(&self) -> bool {
        match self {
            Error::WebDriver { error, message, .. } => {
                matches!(
                    error.as_str(),
                    "stale element reference" | "no such element"
                ) || (error == "unknown error"
                    && (message.contains("does not belong to the document")
                        || message.contains("No node with given id")))
            }
            _ => false,
        }
    }
}

/// A cookie as the browser holds it (HttpOnly ones included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    pub path: Option<String>,
    pub domain: Option<String>,
    pub http_only: bool,
    pub secure: bool,
    /// "Strict", "Lax" or "None" as the browser reports it.
    pub same_site: Option<String>,
}

/// The chromedriver process and its temp directory (profile + log). Dropped
/// after the session is closed; kills what is left.
struct Driver {
    child: Child,
    dir: PathBuf,
    log_path: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Chromium outlives a killed chromedriver; find ours by its unique profile dir.
        kill_processes_using(&self.dir);
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Kills processes whose command line mentions `dir` (only our own Chromium
/// has this unique path in its --user-data-dir).
fn kill_processes_using(dir: &Path) {
    let needle = dir.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        if String::from_utf8_lossy(&cmdline).contains(&needle) {
            let _ = Command::new("kill")
                .args(["-KILL", pid])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A headless Chromium session. Dropping it closes the browser and stops chromedriver.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:<port>/session/<id>`
    session: String,
    // Declared last so it drops after `Drop for Browser` closed the session.
    driver: Driver,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closing the session lets chromedriver shut Chromium down cleanly.
        let _ = self
            .agent
            .delete(&self.session)
            .config()
            .timeout_global(Some(Duration::from_secs(15)))
            .build()
            .call();
    }
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from(default), PathBuf::from)
}

fn unique_temp_dir() -> Result<PathBuf, Error> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!(
        "upphandla-browser-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Sends one WebDriver command and returns its `value`.
fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, Error> {
    let command = format!(
        "{method} {}",
        url.split_once("/session/").map_or(url, |(_, rest)| rest)
    );
    let http = |e: ureq::Error| Error::Http {
        command: command.clone(),
        message: e.to_string(),
    };
    let mut response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent
            .post(url)
            .content_type("application/json; charset=utf-8")
            .send(body.unwrap_or(&json!({})).to_string()),
    }
    .map_err(http)?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_string()
        .map_err(http)?;
    let parsed: Value = serde_json::from_str(&text).map_err(|_| Error::Protocol {
        command: command.clone(),
        body: text.clone(),
    })?;
    let value = parsed.get("value").cloned().unwrap_or(Value::Null);
    if status >= 400 || value.get("error").is_some_and(Value::is_string) {
        let field = |k: &str| {
            value
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        return Err(Error::WebDriver {
            command,
            error: field("error"),
            message: field("message"),
        });
    }
    Ok(value)
}

impl Browser {
    /// Starts chromedriver (`$CHROMEDRIVER` or /usr/bin/chromedriver) on a free
    /// port and opens a headless Chromium (`$CHROMIUM` or /usr/bin/chromium)
    /// session with a fresh profile and a 1280×900 window.
    pub fn start() -> Result<Browser, Error> {
        let chromedriver = env_path("CHROMEDRIVER", "/usr/bin/chromedriver");
        let chromium = env_path("CHROMIUM", "/usr/bin/chromium");
        const HINT: &str = "run `bash scripts/test.sh` (installs chromium and chromium-driver) or set CHROMIUM / CHROMEDRIVER";
        if !chromedriver.is_file() {
            return Err(Error::Missing {
                what: "chromedriver",
                path: chromedriver,
                hint: HINT,
            });
        }
        if !chromium.is_file() {
            return Err(Error::Missing {
                what: "chromium",
                path: chromium,
                hint: HINT,
            });
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(HTTP_TIMEOUT))
            .proxy(None)
            .build()
            .into();

        // The port may be taken between free_port() and chromedriver's bind: retry.
        let mut attempt = 0;
        let (driver, base) = loop {
            attempt += 1;
            match Self::spawn_driver(&chromedriver, &agent) {
                Ok(ok) => break ok,
                Err(_) if attempt < 3 => continue,
                Err(e) => return Err(e),
            }
        };

        let profile = driver.dir.join("profile");
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": args,
                        "prefs": { "intl.accept_languages": ACCEPT_LANGUAGES },
                    },
                    "pageLoadStrategy": "normal",
                    "timeouts": { "implicit": 0, "pageLoad": PAGE_LOAD_MS, "script": SCRIPT_MS },
                }
            }
        });
        let created = call(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(&capabilities),
        )
        .map_err(|e| match e {
            Error::WebDriver {
                command,
                error,
                message,
            } => Error::WebDriver {
                command,
                error,
                message: format!(
                    "{message}\nchromedriver log:\n{}",
                    tail(&driver.log_path, 20)
                ),
            },
            other => other,
        })?;
        let id = created
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol {
                command: "POST session".into(),
                body: created.to_string(),
            })?;
        Ok(Browser {
            session: format!("{base}/session/{id}"),
            agent,
            driver,
        })
    }

    fn spawn_driver(chromedriver: &Path, agent: &ureq::Agent) -> Result<(Driver, String), Error> {
        let dir = unique_temp_dir()?;
        let log_path = dir.join("chromedriver.log");
        let log = fs::File::create(&log_path).map_err(|source| Error::Io {
            path: log_path.clone(),
            source,
        })?;
        let log2 = log.try_clone().map_err(|source| Error::Io {
            path: log_path.clone(),
            source,
        })?;
        let port = crate::free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .spawn()
            .map_err(|source| Error::Spawn {
                path: chromedriver.to_path_buf(),
                source,
            })?;
        let mut driver = Driver {
            child,
            dir,
            log_path,
        };
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let not_ready = |driver: &Driver, why: String| Error::DriverNotReady {
            why,
            log_path: driver.log_path.clone(),
            log: tail(&driver.log_path, 20),
        };
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(not_ready(
                    &driver,
                    format!("chromedriver exited with {status}"),
                ));
            }
            match call(agent, "GET", &format!("{base}/status"), None) {
                Ok(v) if v.get("ready").and_then(Value::as_bool) == Some(true) => {
                    return Ok((driver, base));
                }
                Ok(v) if Instant::now() > deadline => {
                    return Err(not_ready(&driver, format!("status {v}")));
                }
                Err(e) if Instant::now() > deadline => {
                    return Err(not_ready(&driver, e.to_string()));
                }
                _ => sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Sends a raw WebDriver command relative to the session
    /// (`path` like "/url"; "" for the session itself) and returns its `value`.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Error> {
        call(
            &self.agent,
            method,
            &format!("{}{path}", self.session),
            body.as_ref(),
        )
    }

    /// URL for panic messages; never panics itself.
    fn where_(&self) -> String {
        self.command("GET", "/url", None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "<unknown URL>".into())
    }

    fn fail(&self, what: &str, err: Error) -> ! {
        panic!("{what} on {}: {err}", self.where_())
    }

    fn must(&self, what: impl FnOnce() -> String, result: Result<Value, Error>) -> Value {
        result.unwrap_or_else(|e| self.fail(&what(), e))
    }

    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) {
        if let Err(e) = self.command("POST", "/url", Some(json!({ "url": url }))) {
            panic!("goto {url}: {e}");
        }
    }

    pub fn back(&self) {
        self.must(|| "back".into(), self.command("POST", "/back", None));
    }

    pub fn refresh(&self) {
        self.must(|| "refresh".into(), self.command("POST", "/refresh", None));
    }

    pub fn current_url(&self) -> String {
        let v = self.must(|| "current_url".into(), self.command("GET", "/url", None));
        v.as_str().unwrap_or_default().to_owned()
    }

    pub fn title(&self) -> String {
        let v = self.must(|| "title".into(), self.command("GET", "/title", None));
        v.as_str().unwrap_or_default().to_owned()
    }

    pub fn page_source(&self) -> String {
        let v = self.must(
            || "page_source".into(),
            self.command("GET", "/source", None),
        );
        v.as_str().unwrap_or_default().to_owned()
    }

    /// The element matching `css`, or the WebDriver error ("no such element", …).
    pub fn try_find_element(&self, css: &str) -> Result<Element<'_>, Error> {
        let v = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        )?;
        Element::from_value(self, css, &v)
    }

    /// The first element matching `css`; panics naming the selector and URL.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find_element(css)
            .unwrap_or_else(|e| self.fail(&format!("find {css:?}"), e))
    }

    /// The first element matching `css`, or `None` when there is none.
    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        match self.try_find_element(css) {
            Ok(el) => Some(el),
            Err(e) if e.webdriver_code() == Some("no such element") => None,
            Err(e) => self.fail(&format!("try_find {css:?}"), e),
        }
    }

    /// All elements matching `css` (possibly none).
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.must(
            || format!("find_all {css:?}"),
            self.command(
                "POST",
                "/elements",
                Some(json!({ "using": "css selector", "value": css })),
            ),
        );
        let list = v.as_array().cloned().unwrap_or_default();
        list.iter()
            .map(|v| {
                Element::from_value(self, css, v)
                    .unwrap_or_else(|e| self.fail(&format!("find_all {css:?}"), e))
            })
            .collect()
    }

    /// Visible text of the first element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.find(css).text()
    }

    /// Clears the field matching `css` and types `value` into it.
    pub fn fill(&self, css: &str, value: &str) {
        let el = self.find(css);
        el.clear();
        el.send_keys(value);
    }

    pub fn click(&self, css: &str) {
        self.find(css).click();
    }

    /// Chooses the `<option value="…">` of the `<select>` matching `css`.
    pub fn select(&self, css: &str, value: &str) {
        let select = self.find(css);
        let option_css = format!(
            "option[value=\"{}\"]",
            value.replace('\\', "\\\\").replace('"', "\\\"")
        );
        match select.try_find(&option_css) {
            Some(option) => option.click(),
            None => panic!(
                "select {css:?}: no <option value={value:?}> on {}",
                self.where_()
            ),
        }
    }

    /// Puts `file` into the `<input type=file>` matching `css`.
    pub fn upload(&self, css: &str, file: &Path) {
        let absolute = fs::canonicalize(file)
            .unwrap_or_else(|e| panic!("upload {css:?}: file {}: {e}", file.display()));
        self.find(css).send_keys(&absolute.to_string_lossy());
    }

    /// Submits the form matching `css` as its submit button would (validation,
    /// submit event) and waits until the browser has left the page.
    pub fn submit(&self, css: &str) {
        let form = self.find(css);
        self.must(
            || format!("submit {css:?}"),
            self.command(
                "POST",
                "/execute/sync",
                Some(json!({ "script": "arguments[0].requestSubmit()", "args": [form.as_arg()] })),
            ),
        );
        let deadline = Instant::now() + NAVIGATION_TIMEOUT;
        // The old form goes stale once the response page replaces the document.
        loop {
            match self.command("GET", &format!("/element/{}/name", form.id), None) {
                Err(e) if e.is_detached_element() => return,
                Err(e) => self.fail(&format!("submit {css:?}"), e),
                _ if Instant::now() > deadline => panic!(
                    "submit {css:?}: the browser did not leave {} within {NAVIGATION_TIMEOUT:?} (client-side validation failed, or the form does not navigate?)",
                    self.where_()
                ),
                _ => sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Runs `script` as a function body with `arguments` = `args`; returns its result.
    /// Pass elements with [`Element::as_arg`].
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.try_execute(script, args)
            .unwrap_or_else(|e| self.fail("execute", e))
    }

    pub fn try_execute(&self, script: &str, args: &[Value]) -> Result<Value, Error> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Like [`execute`](Self::execute), but the script finishes by calling its
    /// last argument (`arguments[arguments.length - 1]`) with the result.
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Value {
        self.try_execute_async(script, args)
            .unwrap_or_else(|e| self.fail("execute_async", e))
    }

    pub fn try_execute_async(&self, script: &str, args: &[Value]) -> Result<Value, Error> {
        self.command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Screenshot of the viewport as a PNG file.
    pub fn screenshot(&self, path: &Path) {
        let v = self.must(
            || "screenshot".into(),
            self.command("GET", "/screenshot", None),
        );
        let png = crate::base64::decode(v.as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("screenshot: WebDriver sent invalid base64"));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("screenshot: {}: {e}", dir.display()));
        }
        fs::write(path, png).unwrap_or_else(|e| panic!("screenshot: {}: {e}", path.display()));
    }

    /// Waits until an element matches `css`; panics after `timeout` naming the selector and URL.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element<'_> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.try_find_element(css) {
                Ok(el) => return el,
                Err(e)
                    if e.webdriver_code() == Some("no such element")
                        && Instant::now() < deadline =>
                {
                    sleep(Duration::from_millis(50))
                }
                Err(e) if e.webdriver_code() == Some("no such element") => {
                    panic!(
                        "wait_for {css:?}: nothing matched within {timeout:?} on {}",
                        self.where_()
                    )
                }
                Err(e) => self.fail(&format!("wait_for {css:?}"), e),
            }
        }
    }

    /// Cookies visible to the current page, HttpOnly ones included.
    pub fn cookies(&self) -> Vec<Cookie> {
        let v = self.must(|| "cookies".into(), self.command("GET", "/cookie", None));
        let s = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
        let b = |c: &Value, k: &str| c.get(k).and_then(Value::as_bool).unwrap_or(false);
        v.as_array()
            .map(|list| {
                list.iter()
                    .map(|c| Cookie {
                        name: s(c, "name").unwrap_or_default(),
                        value: s(c, "value").unwrap_or_default(),
                        path: s(c, "path"),
                        domain: s(c, "domain"),
                        http_only: b(c, "httpOnly"),
                        secure: b(c, "secure"),
                        same_site: s(c, "sameSite"),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn cookie(&self, name: &str) -> Option<Cookie> {
        self.cookies().into_iter().find(|c| c.name == name)
    }

    pub fn delete_cookies(&self) {
        self.must(
            || "delete_cookies".into(),
            self.command("DELETE", "/cookie", None),
        );
    }

    /// Directory of this browser's temp files (profile, chromedriver.log).
    pub fn temp_dir(&self) -> &Path {
        &self.driver.dir
    }
}

/// An element found on the current page. It goes stale when the page changes.
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
    /// The selector it was found by, for messages.
    css: String,
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("css", &self.css)
            .field("id", &self.id)
            .finish()
    }
}

impl<'b> Element<'b> {
    fn from_value(browser: &'b Browser, css: &str, v: &Value) -> Result<Self, Error> {
        let id = v
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol {
                command: format!("find {css:?}"),
                body: v.to_string(),
            })?;
        Ok(Element {
            browser,
            id: id.to_owned(),
            css: css.to_owned(),
        })
    }

    fn command(&self, what: &str, method: &str, path: &str, body: Option<Value>) -> Value {
        let result = self
            .browser
            .command(method, &format!("/element/{}{path}", self.id), body);
        self.browser
            .must(|| format!("{what} on element {:?}", self.css), result)
    }

    /// The element as an argument for [`Browser::execute`].
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Visible text (as rendered: hidden parts excluded, whitespace collapsed).
    pub fn text(&self) -> String {
        self.command("text", "GET", "/text", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The attribute (or, as WebDriver does, the matching property) value.
    pub fn attr(&self, name: &str) -> Option<String> {
        let v = self.command(
            &format!("attr {name:?}"),
            "GET",
            &format!("/attribute/{name}"),
            None,
        );
        match v {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }

    /// Lower-case tag name.
    pub fn tag_name(&self) -> String {
        self.command("tag_name", "GET", "/name", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn click(&self) {
        self.command("click", "POST", "/click", None);
    }

    pub fn clear(&self) {
        self.command("clear", "POST", "/clear", None);
    }

    pub fn send_keys(&self, text: &str) {
        self.command("send_keys", "POST", "/value", Some(json!({ "text": text })));
    }

    /// First descendant matching `css`, or `None`.
    pub fn try_find(&self, css: &str) -> Option<Element<'b>> {
        let result = self.browser.command(
            "POST",
            &format!("/element/{}/element", self.id),
            Some(json!({ "using": "css selector", "value": css })),
        );
        match result {
            Ok(v) => Some(
                Element::from_value(self.browser, css, &v).unwrap_or_else(|e| {
                    self.browser
                        .fail(&format!("find {css:?} in {:?}", self.css), e)
                }),
            ),
            Err(e) if e.webdriver_code() == Some("no such element") => None,
            Err(e) => self
                .browser
                .fail(&format!("find {css:?} in {:?}", self.css), e),
        }
    }

    /// First descendant matching `css`; panics naming both selectors and the URL.
    pub fn find(&self, css: &str) -> Element<'b> {
        self.try_find(css).unwrap_or_else(|| {
            panic!(
                "find {css:?} in {:?}: no such element on {}",
                self.css,
                self.browser.where_()
            )
        })
    }
}
