//! End to end in headless Chromium against the real server with the demo:
//! sign in through the form, read Översikt, upload the demo ledger under
//! Inköpsanalys, read the result and drill down, build an LCC vehicles
//! comparison, switch to English and back, and visit the administration.
//! Every page visited is scanned with axe-core (no serious or critical
//! violations); the SQLite run also scans one page of every kind the
//! signed-in users can reach, and saves screenshots of the main pages to
//! `<target>/screenshots/`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use common::{Db, Server, ServerOptions};
use upphandla_testkit::Browser;
use upphandla_web::i18n::Lang;

const USER: &str = "upphandlare@demokommun.example";
const ADMIN: &str = "admin@demokommun.example";
const COORDINATOR: &str = "samordnare@energikontor.example";

/// One Chromium at a time: two cores are shared by everything.
static BROWSER: Mutex<()> = Mutex::new(());

/// `<target>/screenshots` (next to the `tmp` directory cargo gives integration tests).
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

/// The browser, where it is, and what has been scanned.
struct Session {
    browser: Browser,
    base: String,
    shots: Option<PathBuf>,
    /// Who is signed in (part of what makes pages differ).
    who: String,
    /// "who page-kind" (see `common::template_of`) already scanned.
    scanned: Vec<String>,
}

impl Session {
    fn start(server: &Server, shots: Option<PathBuf>) -> Session {
        let browser = Browser::start().unwrap_or_else(|e| {
            panic!(
                "headless Chromium did not start: {e}. Run the tests with `bash scripts/test.sh`."
            )
        });
        Session {
            browser,
            base: server.base.clone(),
            shots,
            who: String::new(),
            scanned: Vec::new(),
        }
    }

    fn path(&self) -> String {
        let url = self.browser.current_url();
        url.strip_prefix(&self.base).unwrap_or(&url).to_string()
    }

    fn goto(&mut self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base));
    }

    /// Scans the current page; saves `name.png` when screenshots are on.
    fn check(&mut self, name: &str) {
        let path = self.path();
        self.browser.assert_accessible(&format!("{name} ({path})"));
        self.scanned
            .push(format!("{} {}", self.who, common::template_of(&path)));
        if let Some(dir) = &self.shots {
            self.browser.screenshot(&dir.join(format!("{name}.png")));
        }
    }

    fn visit(&mut self, path: &str, name: &str) {
        self.goto(path);
        self.check(name);
    }

    fn lang(&self) -> String {
        self.browser
            .execute("return document.documentElement.lang", &[])
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn h1(&self) -> String {
        self.browser.text("h1")
    }

    fn sign_in(&mut self, email: &str) {
        self.goto("/login");
        self.browser.fill("#email", email);
        self.browser.fill("#password", common::DEMO_PASSWORD);
        self.browser.submit("form[action='/login']");
        assert_eq!(
            self.path(),
            "/",
            "signed in as {email}, the browser is on Översikt"
        );
    }

    fn sign_out(&mut self) {
        self.browser.submit("form[action='/logout']");
        assert!(self.path().starts_with("/login"), "{}", self.path());
    }

    /// Visible text of `main`.
    fn main_text(&self) -> String {
        self.browser.text("main")
    }
}

/// Kronor in a Swedish figure like "1 234 567,89 kr" (spaces may be non-breaking).
fn kronor(text: &str) -> i64 {
    let whole = text.split(',').next().unwrap_or("");
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no figure in {text:?}"))
}

/// The Översikt key figures: (spend text, emissions text).
fn overview_figures(s: &Session) -> Option<(String, String)> {
    let dd = s.browser.find_all("dl.figures dd");
    if dd.len() < 2 {
        return None;
    }
    Some((dd[0].text(), dd[1].text()))
}

fn ledger() -> PathBuf {
    upphandla_testkit::workspace_root().join("data/demo/ledger-demo.csv")
}

fn page_exists(server: &Server, email: &str, path: &str) -> bool {
    let mut client = server.login(email);
    client.get(path).status == 200
}

/// The main flow of a procurement officer; returns the session for more.
fn main_flow(server: &Server, shots: Option<PathBuf>) -> Session {
    let mut s = Session::start(server, shots);

    // Sign-in page, in Swedish.
    s.visit("/login", "01-inloggning");
    assert_eq!(s.lang(), "sv");
    assert_eq!(s.h1(), Lang::Sv.t("login.title"));
    // A wrong password gives an error on the page, announced.
    s.browser.fill("#email", USER);
    s.browser.fill("#password", "fel-lösenord");
    s.browser.submit("form[action='/login']");
    assert!(s.browser.try_find("[role=alert]").is_some());
    s.check("01b-inloggning-fel");

    s.sign_in(USER);
    assert_eq!(s.h1(), Lang::Sv.t("overview.title"));
    let before = overview_figures(&s);
    if let Some((spend, tonnes)) = &before {
        assert!(kronor(spend) > 0, "Översikt spend {spend:?}");
        assert!(tonnes.chars().any(|c| c.is_ascii_digit()), "{tonnes:?}");
        assert!(
            !s.browser
                .find_all("table:has(> caption#tabell-kategorier) tbody tr")
                .is_empty()
        );
    }
    s.check("02-oversikt");

    // Inköpsanalys: upload the demo ledger through the file input.
    if !page_exists(server, USER, "/spend") {
        eprintln!("no /spend yet: the upload flow is not checked");
        return s;
    }
    s.browser.click("nav a[href='/spend']");
    assert_eq!(s.path(), "/spend");
    assert_eq!(s.h1(), Lang::Sv.t("spend.title"));
    s.check("03-inkopsanalys");
    s.browser.fill("#import-name", "E2E-uppladdning");
    s.browser.upload("#import-file", &ledger());
    s.browser.submit("form[action^='/spend/upload']");
    s.browser
        .wait_for("#tabell-kategorier", Duration::from_secs(120));
    let path = s.path();
    let id = path
        .strip_prefix("/spend/")
        .and_then(|rest| rest.split(['?', '#', '/']).next())
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("after the upload the browser is on {path}, not /spend/<id>"));
    assert_eq!(s.h1(), "E2E-uppladdning");
    let categories = s
        .browser
        .find_all("table:has(> caption#tabell-kategorier) tbody tr");
    assert!(categories.len() >= 3, "{} categories", categories.len());
    let first = categories[0].text();
    assert!(first.chars().any(|c| c.is_ascii_digit()), "{first:?}");
    let text: String = s
        .main_text()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    assert!(text.contains("1500"), "the 1,500 rows are counted: {text}");
    s.check("04-resultat");

    // Drill down from the first category to its lines and the rule that classified each.
    let link = s
        .browser
        .try_find("table:has(> caption#tabell-kategorier) tbody a")
        .unwrap_or_else(|| panic!("no drill-down link in the category table on {path}"));
    let href = link.attr("href").unwrap_or_default();
    link.click();
    s.browser
        .wait_for("main table tbody tr", Duration::from_secs(30));
    assert!(
        s.path().starts_with(&format!("/spend/{id}/lines")),
        "{} from {href}",
        s.path()
    );
    s.check("05-rader");

    // Översikt counts the new import.
    s.browser.click("nav a[href='/']");
    if let (Some((spend_before, _)), Some((spend_after, _))) = (before, overview_figures(&s)) {
        assert!(
            kronor(&spend_after) > kronor(&spend_before),
            "Översikt spend {spend_before:?} → {spend_after:?}"
        );
    }
    assert!(s.main_text().contains("E2E-uppladdning"));

    lcc_vehicles(server, &mut s);

    // English and back, staying on the page.
    s.browser.click("nav a[href='/']");
    s.browser.click("header a[href^='/lang/en']");
    assert_eq!(s.lang(), "en");
    assert_eq!(s.path(), "/");
    assert_eq!(s.h1(), Lang::En.t("overview.title"));
    assert!(s.browser.text("nav").contains(Lang::En.t("nav.spend")));
    s.check("08-english");
    s.browser.click("nav a[href='/spend']");
    assert_eq!(s.h1(), Lang::En.t("spend.title"));
    s.browser.click("header a[href^='/lang/sv']");
    assert_eq!(s.lang(), "sv");
    assert_eq!(s.path(), "/spend");
    assert_eq!(s.h1(), Lang::Sv.t("spend.title"));

    // A record that does not exist: the application's 404 page, in Swedish.
    assert_app_404(&mut s, "/spend/999999999", "09-saknad-import");
    s.goto("/");
    s
}

/// The application's own 404 page (not the browser's), in Swedish, accessible.
fn assert_app_404(s: &mut Session, path: &str, name: &str) {
    s.goto(path);
    let h1 = s
        .browser
        .try_find("h1")
        .map(|h| h.text())
        .unwrap_or_default();
    assert!(
        h1.contains("404") && s.lang() == "sv",
        "{path}: not the application's 404 page (h1 {h1:?}, lang {:?}): {}",
        s.lang(),
        s.browser
            .page_source()
            .chars()
            .take(300)
            .collect::<String>()
    );
    s.check(name);
}

/// Builds a vehicles comparison (petrol car against electric car) from the
/// template form with its example values, when the LCC pages exist.
fn lcc_vehicles(server: &Server, s: &mut Session) {
    if !page_exists(server, USER, "/lcc") {
        eprintln!("no /lcc yet: the LCC flow is not checked");
        return;
    }
    s.browser.click("nav a[href='/lcc']");
    assert_eq!(s.path(), "/lcc");
    s.check("06-lcc");
    // Step 1: the template, then which alternatives and the example values.
    s.browser.click("#val-template-vehicles");
    s.browser.submit("main form[action='/lcc/new']");
    for (id, wanted) in [
        ("val-alt-bensin", true),
        ("val-alt-el", true),
        ("val-alt-hvo", false),
        ("val-alt-gas", false),
        ("val-example-1", true),
    ] {
        set_checked(s, id, wanted);
    }
    s.browser.submit("main form[action='/lcc/new']");
    let form = "main form:has(#falt-namn)";
    s.browser.wait_for(form, Duration::from_secs(30));
    s.check("06b-lcc-formular");
    // Step 2: every value is filled in from the examples; name the model and save.
    let empty: Vec<String> = s
        .browser
        .find_all(&format!("{form} input[type=text]"))
        .iter()
        .filter(|i| i.attr("value").unwrap_or_default().trim().is_empty())
        .map(|i| i.attr("name").unwrap_or_default())
        .collect();
    assert!(
        empty.is_empty(),
        "fields left empty by the examples: {empty:?}"
    );
    s.browser.fill("#falt-namn", "E2E-jämförelse fordon");
    s.browser.submit(form);
    let path = s.path();
    assert!(
        path.starts_with("/lcc/") && path["/lcc/".len()..].parse::<i64>().is_ok(),
        "after saving the model the browser is on {path}: {}",
        s.main_text().chars().take(600).collect::<String>()
    );
    assert_eq!(s.h1(), "E2E-jämförelse fordon");
    let text = s.main_text();
    for alternative in ["Bensinbil", "Elbil"] {
        assert!(
            text.contains(alternative),
            "{alternative} in the result: {text}"
        );
    }
    assert!(!text.contains("Gasbil"), "only the chosen alternatives");
    assert!(
        !s.browser.find_all("main table tbody tr").is_empty(),
        "the LCC result has a table"
    );
    s.check("07-lcc-resultat");
}

/// Clicks the checkbox `id` when its state is not `wanted`.
fn set_checked(s: &Session, id: &str, wanted: bool) {
    let el = s.browser.find(&format!("#{id}"));
    let checked = s
        .browser
        .execute("return arguments[0].checked", &[el.as_arg()]);
    if checked.as_bool() != Some(wanted) {
        el.click();
    }
}

/// The administrator's pages, including the API token page.
fn admin_pages(server: &Server, s: &mut Session) {
    s.sign_out();
    s.sign_in(ADMIN);
    if !page_exists(server, ADMIN, "/admin") {
        eprintln!("no /admin yet: administration is not checked");
        return;
    }
    s.browser.click("nav a[href='/admin']");
    assert_eq!(s.path(), "/admin");
    s.check("10-administration");
    if s.browser.try_find("a[href='/admin/audit']").is_some() {
        s.browser.click("a[href='/admin/audit']");
        s.check("10b-granskningslogg");
        s.goto("/admin");
    }
    if let Some(form) = s.browser.try_find("form[action='/admin/tokens']") {
        let field = form
            .try_find("input[type=text], input:not([type])")
            .unwrap_or_else(|| panic!("no name field in the token form"));
        field.clear();
        field.send_keys("E2E-integration");
        s.browser.submit("form[action='/admin/tokens']");
        let text = s.main_text();
        assert!(text.contains("uph_"), "the new token is shown once: {text}");
        s.check("11-api-nyckel");
    }
}

/// Scans one page of every kind the users reach (found by an HTTP crawl),
/// skipping kinds already scanned.
fn scan_every_page_kind(server: &Server, s: &mut Session, email: &str) {
    let mut client = server.login(email);
    let crawl = common::crawl(&mut client, &["/"], 1, 200);
    if s.path().starts_with("/login") || s.browser.try_find("form[action='/logout']").is_none() {
        s.sign_in(email);
    } else {
        s.sign_out();
        s.sign_in(email);
    }
    let mut count = 0;
    for (path, resp) in &crawl.pages {
        let html = resp
            .header("content-type")
            .is_some_and(|c| c.starts_with("text/html"));
        let kind = format!("{email} {}", common::template_of(path));
        if resp.status != 200 || !html || s.scanned.contains(&kind) {
            continue;
        }
        s.goto(path);
        s.browser.assert_accessible(&format!("{path} as {email}"));
        s.scanned.push(kind);
        count += 1;
    }
    eprintln!("axe: {count} more page kinds scanned as {email}");
}

#[test]
fn sqlite_main_flow_and_every_page_accessible() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start(ServerOptions::new(Db::Sqlite));
    let mut s = main_flow(&server, Some(screenshot_dir()));
    admin_pages(&server, &mut s);
    for email in [ADMIN, USER, COORDINATOR] {
        scan_every_page_kind(&server, &mut s, email);
    }
    eprintln!(
        "screenshots in {}; {} page kinds scanned",
        screenshot_dir().display(),
        s.scanned.len()
    );
}

/// An address no route serves gets the application's 404 page, signed in or not.
#[test]
fn unknown_address_gets_the_applications_404_page() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start(ServerOptions::new(Db::Sqlite));
    let mut s = Session::start(&server, None);
    assert_app_404(&mut s, "/finns-inte", "404 utan inloggning");
    s.sign_in(USER);
    assert_app_404(&mut s, "/finns-inte/heller", "404 inloggad");
}

#[test]
fn postgres_main_flow() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start(ServerOptions::new(Db::Postgres));
    let mut s = main_flow(&server, None);
    admin_pages(&server, &mut s);
}
