//! A browser session for the Chromium tests of issue 6 and later: where the
//! browser is, who is signed in, axe-core scans once per page kind (serious
//! and critical findings collected and failed together at the end), full-page
//! screenshots, and readers for the page parts the tests assert on (tables,
//! definition lists). The same helpers as `e2e_procurement.rs` has in its own
//! file; included with `#[path = "common/session.rs"] mod session;` next to
//! `mod common;`.
#![allow(dead_code)] // Each test binary uses a different part.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use upphandla_testkit::{AxeReport, Browser, Violation};

use crate::common::{self, Server};

/// The browser, where it is, and what has been scanned.
pub struct Session {
    pub browser: Browser,
    pub base: String,
    /// Where screenshots go (none when `None`), and their file name prefix.
    pub shots: Option<PathBuf>,
    pub prefix: String,
    /// Who is signed in ("" when nobody).
    pub who: String,
    /// "who lang page-kind" already scanned.
    pub scanned: Vec<String>,
    /// Serious and critical axe findings, reported together at the end.
    pub serious: Vec<String>,
    /// Minor and moderate findings (printed, not failing).
    pub lesser: Vec<String>,
    pub screenshots: Vec<PathBuf>,
    /// Whether pages are scanned with axe-core at all.
    pub axe: bool,
    pub axe_time: Duration,
}

impl Session {
    pub fn start(server: &Server, shots: Option<PathBuf>, prefix: &str, axe: bool) -> Session {
        let browser = Browser::start().unwrap_or_else(|e| {
            panic!(
                "headless Chromium did not start: {e}. Run the tests with `bash scripts/test.sh`."
            )
        });
        if let Some(dir) = &shots {
            std::fs::create_dir_all(dir).expect("screenshot directory");
            // Last run's shots of this prefix go, so every file is from this run.
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with(prefix) && name.ends_with(".png") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Session {
            browser,
            base: server.base.clone(),
            shots,
            prefix: prefix.to_string(),
            who: String::new(),
            scanned: Vec::new(),
            serious: Vec::new(),
            lesser: Vec::new(),
            screenshots: Vec::new(),
            axe,
            axe_time: Duration::ZERO,
        }
    }

    pub fn path(&self) -> String {
        let url = self.browser.current_url();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    pub fn goto(&mut self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base));
    }

    pub fn lang(&self) -> String {
        self.browser
            .execute("return document.documentElement.lang", &[])
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn h1(&self) -> String {
        self.browser.text("h1")
    }

    pub fn main_text(&self) -> String {
        self.browser.text("main")
    }

    /// The first `n` characters of the main text (for failure messages).
    pub fn excerpt(&self, n: usize) -> String {
        self.main_text().chars().take(n).collect()
    }

    /// Scans the page once per kind (who, language, path template) and
    /// saves `<prefix><name>.png` when screenshots are on.
    pub fn check(&mut self, name: &str) {
        self.scan(name, false);
    }

    /// Scans even when a page of this kind was scanned (errors and other
    /// states change the markup).
    pub fn check_state(&mut self, name: &str) {
        self.scan(name, true);
    }

    fn scan(&mut self, name: &str, always: bool) {
        let path = self.path();
        let kind = format!(
            "{} {} {}",
            self.who,
            self.lang(),
            common::template_of(&path)
        );
        if self.axe && (always || !self.scanned.contains(&kind)) {
            let t = Instant::now();
            let report = self.browser.axe_scan();
            self.axe_time += t.elapsed();
            let (serious, lesser): (Vec<&Violation>, Vec<&Violation>) =
                report.violations.iter().partition(|v| v.is_serious());
            if !serious.is_empty() {
                self.serious.push(format!(
                    "{name} ({path}):\n{}",
                    AxeReport::describe(&serious)
                ));
            }
            if !lesser.is_empty() {
                let text = format!("{name} ({path}):\n{}", AxeReport::describe(&lesser));
                eprintln!("axe (minor/moderate): {text}");
                self.lesser.push(text);
            }
            if !self.scanned.contains(&kind) {
                self.scanned.push(kind);
            }
        }
        if let Some(dir) = &self.shots {
            let file = dir.join(format!("{}{name}.png", self.prefix));
            self.full_page_screenshot(&file);
            self.screenshots.push(file);
        }
    }

    /// The whole page (up to 6000 pixels high): the window is made as tall
    /// as the document for the shot, then put back to 1280×900.
    pub fn full_page_screenshot(&self, path: &Path) {
        let rect = |height: i64| {
            self.browser
                .command(
                    "POST",
                    "/window/rect",
                    Some(json!({ "width": 1280, "height": height })),
                )
                .unwrap_or_else(|e| panic!("window size: {e}"));
        };
        let height = self
            .browser
            .execute(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight) \
                 + (window.outerHeight - window.innerHeight)",
                &[],
            )
            .as_i64()
            .unwrap_or(900)
            .clamp(900, 6000);
        rect(height);
        self.browser.screenshot(path);
        rect(900);
    }

    pub fn sign_in(&mut self, email: &str) {
        if !self.who.is_empty() {
            self.sign_out();
        }
        self.goto("/login");
        self.browser.fill("#email", email);
        self.browser.fill("#password", common::DEMO_PASSWORD);
        self.browser.submit("form[action='/login']");
        assert_eq!(self.path(), "/", "signed in as {email}");
        self.who = email.to_string();
    }

    pub fn sign_out(&mut self) {
        if self.browser.try_find("form[action='/logout']").is_none() {
            self.goto("/");
        }
        self.browser.submit("form[action='/logout']");
        assert!(self.path().starts_with("/login"), "{}", self.path());
        self.who = String::new();
    }

    /// Sets a field's value as a date or time picker would.
    pub fn set_value(&self, css: &str, value: &str) {
        let el = self.browser.find(css);
        self.browser.execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', {bubbles: true})); \
             arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            &[el.as_arg(), json!(value)],
        );
    }

    /// Chooses the option of `select` whose text contains `text`; returns its value.
    pub fn select_by_text(&self, select: &str, text: &str) -> String {
        let options = self.browser.find_all(&format!("{select} option"));
        let option = options
            .iter()
            .find(|o| o.text().contains(text))
            .unwrap_or_else(|| {
                panic!(
                    "{select}: no option with {text:?} among {:?} on {}",
                    options.iter().map(|o| o.text()).collect::<Vec<_>>(),
                    self.path()
                )
            });
        option.click();
        option.attr("value").unwrap_or_default()
    }

    /// Clicks the checkbox or radio `css` when its state is not `wanted`.
    pub fn set_checked(&self, css: &str, wanted: bool) {
        let el = self.browser.find(css);
        let checked = self
            .browser
            .execute("return arguments[0].checked", &[el.as_arg()]);
        if checked.as_bool() != Some(wanted) {
            el.click();
        }
    }

    /// (term, description) of every `dt`/`dd` pair in `dl`s matching `css`.
    pub fn dl_pairs(&self, css: &str) -> Vec<(String, String)> {
        let v = self.browser.execute(
            "const out = []; \
             for (const dl of document.querySelectorAll(arguments[0])) { \
               let term = null; \
               for (const el of dl.querySelectorAll('dt, dd')) { \
                 if (el.tagName === 'DT') { term = el.innerText.trim(); out.push([term, '']); } \
                 else if (out.length) { const last = out[out.length - 1]; \
                   last[1] = (last[1] ? last[1] + ' ' : '') + el.innerText.trim(); } \
               } \
             } \
             return out;",
            &[json!(css)],
        );
        v.as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        let s = |i: usize| r[i].as_str().unwrap_or_default().to_string();
                        (s(0), s(1))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn dl_value(&self, css: &str, term: &str) -> String {
        let pairs = self.dl_pairs(css);
        pairs
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| panic!("no {term:?} in {css} on {}: {pairs:?}", self.path()))
    }

    /// The header cells and the rows (cell texts) of the table matching `css`.
    pub fn table(&self, css: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let table = self.browser.find(css);
        table_of(&self.browser, &table.as_arg())
    }

    /// Every table of the main content: (caption, header cells, rows).
    pub fn tables(&self) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
        let v = self.browser.execute(
            "return [...document.querySelectorAll('main table')].map(t => [ \
               t.caption ? t.caption.innerText.trim() : '', \
               [...t.querySelectorAll('thead th')].map(c => c.innerText.trim()), \
               [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(c => c.innerText.trim())) \
             ]);",
            &[],
        );
        v.as_array()
            .map(|all| {
                all.iter()
                    .map(|t| {
                        let caption = t[0].as_str().unwrap_or_default().to_string();
                        let heads = strings(&t[1]);
                        let rows = t[2]
                            .as_array()
                            .map(|rows| rows.iter().map(strings).collect())
                            .unwrap_or_default();
                        (caption, heads, rows)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first number after `label` in the main text (Swedish format).
    pub fn figure_after(&self, label: &str) -> Option<f64> {
        let text = self.main_text();
        let at = text.find(label)? + label.len();
        first_number(&text[at..])
    }

    /// The HTTP status of a GET with the browser's session cookie.
    pub fn status_of(&self, path: &str) -> u16 {
        self.download(path).0
    }

    /// GET with the browser's session cookie, if any (for downloads, which a
    /// headless browser would save to disk): (status, content type, bytes).
    pub fn download(&self, path: &str) -> (u16, String, Vec<u8>) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let url = format!("{}{path}", self.base);
        let mut request = agent.get(&url);
        if let Some(cookie) = self.browser.cookie("upphandla_session") {
            request = request.header("cookie", &format!("upphandla_session={}", cookie.value));
        }
        let mut response = request.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        (status, content_type, bytes)
    }

    pub fn is_checked(&self, css: &str) -> bool {
        let el = self.browser.find(css);
        self.browser
            .execute("return arguments[0].checked", &[el.as_arg()])
            .as_bool()
            == Some(true)
    }

    /// Prints what was scanned and fails on serious or critical findings.
    pub fn finish(self) {
        eprintln!(
            "axe: {} page kinds scanned in {:?}, {} with minor/moderate findings; {} screenshots",
            self.scanned.len(),
            self.axe_time,
            self.lesser.len(),
            self.screenshots.len()
        );
        for s in &self.screenshots {
            eprintln!("  screenshot {}", s.display());
        }
        assert!(
            self.serious.is_empty(),
            "axe: serious or critical findings on {} page(s):\n{}",
            self.serious.len(),
            self.serious.join("\n")
        );
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn table_of(browser: &Browser, table: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    let v = browser.execute(
        "const t = arguments[0]; \
         const heads = [...t.querySelectorAll('thead th')].map(c => c.innerText.trim()); \
         const rows = [...t.querySelectorAll('tbody tr')] \
           .map(tr => [...tr.children].map(c => c.innerText.trim())); \
         return [heads, rows];",
        std::slice::from_ref(table),
    );
    let heads = strings(&v[0]);
    let rows = v[1]
        .as_array()
        .map(|rows| rows.iter().map(strings).collect())
        .unwrap_or_default();
    (heads, rows)
}

/// A Swedish figure ("2 863 559,90", "−1,5", any spaces, units after it).
pub fn number_sv(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '-' || *c == '−')
        .map(|c| match c {
            ',' => '.',
            '−' => '-',
            c => c,
        })
        .collect();
    cleaned.parse().ok()
}

/// The first number in `text` written the Swedish way (digits with spaces
/// or non-breaking spaces as thousands separators, a decimal comma, an
/// optional minus sign).
pub fn first_number(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(|c| c.is_ascii_digit())?;
    let negative = start > 0 && matches!(chars[start - 1], '-' | '−');
    let mut out = String::new();
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            out.push(c);
        } else if c == ',' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            out.push('.');
        } else if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !out.contains('.')
        {
            // a thousands separator
        } else {
            break;
        }
        i += 1;
    }
    let v: f64 = out.parse().ok()?;
    Some(if negative { -v } else { v })
}

/// `NNNNNN-NNNN` with the Luhn check digit of a Swedish organisationsnummer.
pub fn orgnr(nine: &str) -> String {
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    let ten = format!("{nine}{check}");
    format!("{}-{}", &ten[..6], &ten[6..])
}

/// `YYYY-MM-DD` at the start of `text`.
pub fn parse_date(text: &str) -> Option<upphandla_core::date::Date> {
    let t = text.trim();
    let y = t.get(0..4)?.parse().ok()?;
    let m = t.get(5..7)?.parse().ok()?;
    let d = t.get(8..10)?.parse().ok()?;
    upphandla_core::date::Date::new(y, m, d)
}
