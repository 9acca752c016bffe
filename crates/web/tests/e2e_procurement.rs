//! A whole service-car procurement in headless Chromium, from the need to
//! the signed contract, as the users would do it: every step is a click or
//! a form filled in the browser. The only thing the test does behind the
//! application's back is let time pass (`state.clock.advance`) past the
//! tender deadline and the standstill period.
//!
//! 1. upphandlare@demokommun.example builds an LCC model of the cars from the
//!    vehicles template, creates "Tjänstebilar 2028" (first with a wrong CPV
//!    code: the error is tied to the field and the procedure band is shown),
//!    names a team, works through behovsanalys (checklist, activity-based
//!    climate baseline from the LCC model's reference alternative) and closes
//!    marknadsanalys with a required item open — refused without a reason
//!    (error tied to the field), accepted with one.
//! 2. Chooses criteria from the library's suggestion for the CPV code (two
//!    avancerad ones, among them the LCC award criterion, and one bas), sets
//!    up the call for tenders with the award on lowest LCC linked to the
//!    model, and downloads the tender documents: the Word file is a zip
//!    holding word/document.xml, and LibreOffice reads the chosen criteria's
//!    ids and the LCC award model back from it; pdftotext does the same for
//!    the PDF.
//! 3. Three suppliers (petrol, HVO, electric) submit bids through the link,
//!    signed out (one in English, one first with a wrong organisationsnummer);
//!    the officer sees only sealed receipts; the beställare not even those;
//!    opening before the deadline is refused; after the deadline the bids
//!    are opened and evaluated on LCC, and the winner is the row ranked 1 in
//!    the shown table, which has the lowest comparison figure; the award
//!    decision with reasons, the notice and the standstill end; signing
//!    during the standstill is refused; after it the contract is signed, the
//!    procurement reaches avtalsuppföljning, and the baseline page shows the
//!    baseline and the effect of the chosen bid.
//! 4. "Mina uppgifter" differs by role: in behovsanalys the beställare is
//!    accountable (may close the stage), the upphandlare responsible; in
//!    annonsering only the upphandlare has a task.
//! 5. axe-core scans every kind of page visited (Swedish; criteria,
//!    evaluation and supplier pages also in English); serious or critical
//!    findings fail the test at the end, with all of them listed.
//!
//! The SQLite run saves screenshots to `<target>/screenshots/procurement-*.png`.

mod common;
#[path = "common/session.rs"]
mod session;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{Db, Server, ServerOptions};
use serde_json::Value;
use session::{Session, number_sv, orgnr, parse_date};
use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_core::process::{Stage, procedure_band};
use upphandla_web::i18n::Lang;

const USER: &str = "upphandlare@demokommun.example";
const ORDERER: &str = "bestallare@demokommun.example";
const TITLE: &str = "Tjänstebilar 2028";
const MODEL_NAME: &str = "Tjänstebilar 2028: bensin, HVO100 eller el";
/// Estimated value in kronor, as typed and as öre.
const VALUE_TYPED: &str = "4 800 000";
const VALUE: Ore = Ore(480_000_000);
/// Criteria chosen: (id, level key). Two avancerad (one the LCC award
/// criterion) and a bas one with an expected effect on the baseline.
const CRITERIA: [(&str, &str); 3] = [
    ("fordon-tk-lcc-externa-kostnader", "avancerad"),
    ("fordon-kv-arsrapport", "avancerad"),
    ("fordon-ts-rena-fordon-andel", "bas"),
];
const DAY: i64 = 86_400;

/// One Chromium at a time: two cores are shared by everything.
static BROWSER: Mutex<()> = Mutex::new(());

/// `<target>/screenshots`, as e2e.rs.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

fn sv(key: &str) -> &'static str {
    Lang::Sv.t(key)
}

/// A supplier's bid as typed into the form.
struct Supplier {
    name: &'static str,
    /// Nine digits; the check digit is computed.
    orgnr9: &'static str,
    contact: &'static str,
    price: &'static str,
    investment: &'static str,
    carrier: &'static str,
    consumption: &'static str,
    maintenance: &'static str,
    residual: &'static str,
    english: bool,
}

/// Ten cars for six years, 15 000 km a year (the LCC model's reference):
/// per-car figures near docs/lcc.md's worked example, with odd prices so the
/// page source can be searched for them.
const SUPPLIERS: [Supplier; 3] = [
    Supplier {
        name: "Bensinbilar i Demoland AB",
        orgnr9: "556677123",
        contact: "anbud@bensinbilar.example",
        price: "2 487 650",
        investment: "248 765",
        carrier: "bensin",
        consumption: "0,065",
        maintenance: "6 000",
        residual: "90 000",
        english: false,
    },
    Supplier {
        name: "HVO-fordon Norr AB",
        orgnr9: "556788234",
        contact: "offert@hvofordon.example",
        price: "2 693 410",
        investment: "269 341",
        carrier: "hvo",
        consumption: "0,055",
        maintenance: "6 500",
        residual: "95 000",
        english: false,
    },
    Supplier {
        name: "Electric Fleet Nordic AB",
        orgnr9: "559012345",
        contact: "tenders@electricfleet.example",
        price: "3 198 720",
        investment: "319 872",
        carrier: "el",
        consumption: "0,18",
        maintenance: "4 000",
        residual: "110 000",
        english: true,
    },
];

/// Digits only (for searching a page for an amount however it is spaced).
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Letters and digits only, lower case: what survives any text export.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn add_days(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// The steps this test repeats on top of the shared browser session.
trait ProcurementSteps {
    fn check_all_items(&mut self, note: Option<&str>) -> usize;
    fn complete_stage(&mut self, id: i64, stage: Stage, shot: Option<&str>);
}

impl ProcurementSteps for Session {
    /// Marks every open checklist item of the stage page shown as done
    /// (a note on the first); returns how many were marked.
    fn check_all_items(&mut self, note: Option<&str>) -> usize {
        let open = "ul.checklist li form:has(input[name='done'][value='1'])";
        let mut marked = 0;
        while let Some(form) = self.browser.try_find(open) {
            if marked == 0
                && let Some(note) = note
                && let Some(field) = form.try_find("input[name='note']")
            {
                field.clear();
                field.send_keys(note);
            }
            self.browser.submit(open);
            marked += 1;
            assert!(
                marked < 30,
                "checklist items do not stay done on {}",
                self.path()
            );
        }
        marked
    }

    /// On the stage page of `stage`: every item done, then close; the
    /// browser lands on the next stage's page.
    fn complete_stage(&mut self, id: i64, stage: Stage, shot: Option<&str>) {
        self.goto(&format!("/upphandlingar/{id}/steg/{}", stage.key()));
        assert!(
            self.h1().starts_with(stage.name().get(false)),
            "{}: {}",
            self.path(),
            self.h1()
        );
        if let Some(name) = shot {
            self.check(name);
        }
        self.check_all_items(None);
        let items = self.browser.find_all("ul.checklist li").len();
        let done = self.browser.find_all("ul.checklist li .mark.done").len();
        assert!(
            items > 0 && done == items,
            "{stage:?}: {done} of {items} items done"
        );
        self.browser.submit(&format!(
            "form[action='/upphandlingar/{id}/steg/{}/stang']",
            stage.key()
        ));
        let next = stage.next().expect("a later stage");
        assert!(
            self.path()
                .starts_with(&format!("/upphandlingar/{id}/steg/{}", next.key())),
            "closing {stage:?} leads to {next:?}, not {}: {}",
            self.path(),
            self.main_text().chars().take(400).collect::<String>()
        );
        assert!(
            self.browser
                .try_find(&format!(
                    "nav.stepper a[aria-current='step'][href$='/{}']",
                    next.key()
                ))
                .is_some(),
            "{next:?} is the current step after closing {stage:?}"
        );
    }
}

/// Runs `cmd` with a time limit; panics with its output when it fails.
fn run(cmd: &mut Command, limit: Duration) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{cmd:?}: {e} (scripts/test.sh installs LibreOffice and poppler-utils)")
        });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let out = child.wait_with_output().expect("output");
            assert!(
                status.success(),
                "{cmd:?} failed: {status}\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The names in a zip file's central directory.
fn zip_names(bytes: &[u8]) -> Vec<String> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip file");
    let eocd = (0..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| bytes[i..i + 4] == *b"PK\x05\x06")
        .expect("zip: no end of central directory");
    let count = u16_at(eocd + 10);
    let mut p = u32_at(eocd + 16);
    let mut names = Vec::new();
    for _ in 0..count {
        assert_eq!(
            &bytes[p..p + 4],
            b"PK\x01\x02",
            "zip: central directory entry"
        );
        let (name, extra, comment) = (u16_at(p + 28), u16_at(p + 30), u16_at(p + 32));
        names.push(String::from_utf8_lossy(&bytes[p + 46..p + 46 + name]).to_string());
        p += 46 + name + extra + comment;
    }
    names
}

/// A fresh directory for this run's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "upphandla-e2e-procurement-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The Word file as LibreOffice reads it (text).
fn docx_text(bytes: &[u8], dir: &Path) -> String {
    let docx = dir.join("forfragningsunderlag.docx");
    std::fs::write(&docx, bytes).expect("write docx");
    let profile = dir.join("lo-profile");
    run(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "txt:Text (encoded):UTF8",
            ])
            .arg("--outdir")
            .arg(dir)
            .arg(&docx),
        Duration::from_secs(180),
    );
    std::fs::read_to_string(dir.join("forfragningsunderlag.txt")).expect("LibreOffice wrote text")
}

/// The PDF as pdftotext reads it.
fn pdf_text(bytes: &[u8], dir: &Path) -> String {
    let pdf = dir.join("forfragningsunderlag.pdf");
    std::fs::write(&pdf, bytes).expect("write pdf");
    let txt = dir.join("forfragningsunderlag-pdf.txt");
    run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg(&txt),
        Duration::from_secs(60),
    );
    std::fs::read_to_string(&txt).expect("pdftotext wrote text")
}

/// Builds the cars' LCC model (petrol, HVO, electric; petrol the reference)
/// from the vehicles template with its example values; returns its id.
fn lcc_model(s: &mut Session) -> i64 {
    s.browser.click("nav a[href='/lcc']");
    assert_eq!(s.path(), "/lcc");
    s.browser.click("#val-template-vehicles");
    s.browser.submit("main form[action='/lcc/new']");
    for (id, wanted) in [
        ("#val-alt-bensin", true),
        ("#val-alt-el", true),
        ("#val-alt-hvo", true),
        ("#val-alt-gas", false),
        ("#val-example-1", true),
    ] {
        s.set_checked(id, wanted);
    }
    s.browser.submit("main form[action='/lcc/new']");
    let form = "main form:has(#falt-namn)";
    s.browser.wait_for(form, Duration::from_secs(30));
    s.browser.fill("#falt-namn", MODEL_NAME);
    s.browser.submit(form);
    let path = s.path();
    let id = path
        .strip_prefix("/lcc/")
        .and_then(|rest| rest.split(['?', '#', '/']).next())
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or_else(|| {
            panic!(
                "after saving the LCC model the browser is on {path}: {}",
                s.main_text().chars().take(600).collect::<String>()
            )
        });
    assert_eq!(s.h1(), MODEL_NAME);
    let text = s.main_text();
    for alternative in ["Bensinbil", "Dieselbil på HVO100", "Elbil"] {
        assert!(
            text.contains(alternative),
            "{alternative} in the LCC result"
        );
    }
    id
}

/// Creates the procurement through the form (first with a wrong CPV code);
/// returns its id.
fn create_procurement(s: &mut Session, today: Date) -> i64 {
    s.browser.click("nav a[href='/upphandlingar']");
    assert_eq!(s.path(), "/upphandlingar");
    assert_eq!(s.h1(), sv("proc.title"));
    s.check("01-lista");
    let form = "form[action='/upphandlingar']";
    s.browser.fill("#f-title", TITLE);
    s.browser.fill("#f-reference", "KS 2027/88");
    s.browser.fill(
        "#f-description",
        "Leasing av tio tjänstebilar till hemtjänsten, sex år, cirka 15 000 km per bil och år.",
    );
    s.browser.fill("#f-cpv", "34110000-2");
    s.browser.select("#f-spend_category", "vehicles");
    s.browser.fill("#f-value", VALUE_TYPED);
    s.set_value("#f-contract_start", "2028-01-01");
    s.set_value("#f-contract_end", "2033-12-31");
    s.browser.fill("#f-options", "1 + 1 år");
    s.browser.select("#f-ambition", "avancerad");
    s.browser.submit(form);

    // The wrong check digit: the error is tied to the CPV field, the rest is kept.
    let error = s
        .browser
        .try_find("#f-cpv-fel")
        .unwrap_or_else(|| panic!("no CPV error on {}: {}", s.path(), s.main_text()));
    assert!(!error.text().trim().is_empty());
    let cpv = s.browser.find("#f-cpv");
    assert_eq!(cpv.attr("aria-invalid").as_deref(), Some("true"));
    assert!(
        cpv.attr("aria-describedby")
            .unwrap_or_default()
            .split(' ')
            .any(|i| i == "f-cpv-fel"),
        "the CPV error is announced with the field"
    );
    assert!(s.browser.try_find("#formfel a[href='#f-cpv']").is_some());
    assert_eq!(
        s.browser.find("#f-title").attr("value").as_deref(),
        Some(TITLE)
    );
    // The procedure band of the value entered, with its limits.
    let band = procedure_band(VALUE, today).band.name().get(false);
    let band_text = s.browser.text("#f-value-band");
    assert!(band_text.contains(band), "band {band:?} in {band_text:?}");
    assert!(!s.browser.text("#f-value-tips").trim().is_empty());
    s.check_state("02-ny-fel");

    s.browser.fill("#f-cpv", "34110000-1");
    s.browser.submit(form);
    let path = s.path();
    let id = path
        .strip_prefix("/upphandlingar/")
        .and_then(|rest| rest.split(['?', '#', '/']).next())
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or_else(|| {
            panic!(
                "after creating, the browser is on {path}: {}",
                s.main_text()
            )
        });
    assert_eq!(s.h1(), TITLE);
    assert!(s.main_text().contains(sv("proc.notice_created")));
    let details = s.dl_pairs("dl.details");
    let detail = |term: &str| {
        details
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| panic!("no {term:?} in the details: {details:?}"))
    };
    assert_eq!(detail(sv("proc.f_cpv")), "34110000-1");
    assert!(detail(sv("proc.band")).contains(band), "{details:?}");
    assert!(detail(sv("proc.col_period")).contains("2028-01-01"));
    assert_eq!(digits(&detail(sv("proc.f_value"))), "4800000");
    // Behovsanalys is the current stage.
    assert!(
        s.browser
            .try_find("nav.stepper a[aria-current='step'][href$='/behovsanalys']")
            .is_some()
    );
    s.check("03-upphandling");
    id
}

/// Names the team on the overview: the upphandlare, beställare,
/// miljöstrateg and avtalsansvarig of Demo kommun.
fn assign_team(s: &mut Session, id: i64) {
    for role in [
        "upphandlare",
        "bestallare",
        "miljostrateg",
        "avtalsansvarig",
    ] {
        let name = sv(&format!("role.{role}"));
        s.select_by_text("#team-user", &format!("{name} ("));
        s.browser.select("#team-role", role);
        s.browser
            .submit(&format!("form[action='/upphandlingar/{id}/team']"));
        let (_, rows) = s.table("table:has(> caption:not([id]))");
        assert!(
            rows.iter().any(|r| r.first().is_some_and(|c| c == name)
                && r.get(1).is_some_and(|c| c.starts_with(name))),
            "{name} on the team: {rows:?}"
        );
    }
    // The current stage names who holds its R and A.
    let owner = format!("{} (A): {} (", sv("role.bestallare"), sv("role.bestallare"));
    assert!(
        s.main_text().contains(&owner),
        "{owner:?} among the stage's owners"
    );
    s.check_state("04-team");
}

/// "Mina uppgifter" for `email`: the section of the procurement, if any.
fn my_task(s: &mut Session, id: i64, shot: &str) -> Option<String> {
    s.browser.click("nav a[href='/uppgifter']");
    assert_eq!(s.path(), "/uppgifter");
    assert_eq!(s.h1(), sv("proc.tasks_title"));
    s.check(shot);
    s.browser
        .try_find(&format!("section#upphandling-{id}"))
        .map(|e| e.text())
}

/// The activity-based baseline from the LCC model's reference alternative.
fn set_baseline(s: &mut Session, id: i64, model: i64) -> String {
    s.goto(&format!("/upphandlingar/{id}"));
    s.browser
        .click(&format!("a[href='/upphandlingar/{id}/baslinje']"));
    assert!(s.h1().starts_with(sv("proc.baseline_title")));
    s.check("07-baslinje-tom");
    s.browser.select("#modell-val", &model.to_string());
    s.browser.submit("form[method='get']:has(#modell-val)");
    let form = "form[method='post']:has(input[name='method'][value='activity'])";
    s.browser.find(form);
    assert!(
        s.is_checked("#alt-bensin"),
        "the model's reference alternative (petrol) is chosen by default"
    );
    let label = s.browser.text("label[for='alt-bensin']");
    assert!(label.contains(sv("proc.activity_reference")), "{label}");
    s.browser.submit(form);
    assert!(s.main_text().contains(sv("proc.notice_saved")));
    let method = s.dl_value("dl.figures", sv("proc.baseline_method"));
    assert_eq!(method, sv("proc.method_activity"));
    let tonnes = s.dl_value("dl.figures", sv("proc.emissions"));
    assert!(
        number_sv(&tonnes).is_some_and(|t| t > 0.0),
        "baseline tonnes {tonnes:?}"
    );
    assert!(
        s.main_text().contains(MODEL_NAME),
        "the source names the model"
    );
    s.check_state("08-baslinje");
    tonnes
}

/// Chooses the criteria from the library's suggestions.
fn choose_criteria(s: &mut Session, id: i64) {
    s.goto(&format!("/upphandlingar/{id}"));
    s.browser
        .click(&format!("a[href='/upphandlingar/{id}/kriterier']"));
    assert!(s.h1().starts_with(sv("proc.crit_title")));
    // The CPV code and category suggest the vehicles group.
    let suggestion = format!("a[href='/upphandlingar/{id}/kriterier?grupp=fordon']");
    assert!(
        s.browser.try_find(&suggestion).is_some(),
        "the library suggests the vehicles group: {}",
        s.main_text()
    );
    s.check("10-kriterier");
    s.browser.click(&suggestion);
    let all = s.browser.find_all("article.criterion").len();
    assert!(all >= 6, "{all} vehicle criteria");
    let filter = format!("form[method='get'][action='/upphandlingar/{id}/kriterier']");
    for level in ["avancerad", "bas"] {
        s.browser.select("#niva", level);
        s.browser.select("#typ", "");
        s.browser.submit(&filter);
        let shown = s.browser.find_all("article.criterion").len();
        assert!(shown > 0 && shown < all, "{level}: {shown} of {all}");
        let (level_sv, _) = upphandla_core::criteria::Ambition::parse(level)
            .expect("level")
            .name();
        for article in s.browser.find_all("article.criterion") {
            let text = article.text();
            assert!(text.contains(level_sv), "filtered on {level}: {text}");
        }
        for (cid, _) in CRITERIA.iter().filter(|(_, l)| *l == level) {
            let add =
                format!("article:has(h3#krit-{cid}) form[action='/upphandlingar/{id}/kriterier']");
            s.browser.submit(&add);
            let (_, rows) = s.table("table:has(> caption#tabell-valda)");
            assert!(
                rows.iter().any(|r| r[0].contains(cid)),
                "{cid} chosen: {rows:?}"
            );
            assert_eq!(
                s.browser
                    .find("#niva option:checked")
                    .attr("value")
                    .as_deref(),
                Some(level),
                "the filter stays after adding"
            );
        }
        s.check_state(&format!("11-kriterier-{level}"));
    }
    let (_, rows) = s.table("table:has(> caption#tabell-valda)");
    assert_eq!(rows.len(), CRITERIA.len(), "{rows:?}");
    // The expected effect of the chosen requirements.
    assert!(
        s.main_text().contains(sv("proc.crit_expected")),
        "expected effect shown"
    );
}

/// The criteria page in English, then back to Swedish.
fn criteria_in_english(s: &mut Session, id: i64) {
    s.goto(&format!("/upphandlingar/{id}/kriterier"));
    s.browser.click("header a[href^='/lang/en']");
    assert_eq!(s.lang(), "en");
    assert!(
        s.h1().starts_with(Lang::En.t("proc.crit_title")),
        "{}",
        s.h1()
    );
    s.check("12-kriterier-english");
    s.browser.click("header a[href^='/lang/sv']");
    assert_eq!(s.lang(), "sv");
}

/// Sets up the call for tenders: deadline in two weeks, lowest LCC, the
/// model; returns the submission link shown once.
fn set_up_call(s: &mut Session, id: i64, model: i64, deadline: Date) -> String {
    s.goto(&format!("/upphandlingar/{id}"));
    s.browser
        .click(&format!("a[href='/upphandlingar/{id}/anbud']"));
    assert!(s.h1().starts_with(sv("bids.title")));
    s.check("13-anbud-ny");
    s.set_value("#deadline-date", &deadline.to_string());
    s.set_value("#deadline-time", "12:00");
    s.set_checked("input[name='method'][value='lowest_lcc']", true);
    s.browser.select("#lcc-model", &model.to_string());
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud']"));
    assert_eq!(s.h1(), sv("bids.link_title"));
    let url = s
        .browser
        .find("#submission-link")
        .attr("value")
        .unwrap_or_default();
    assert!(
        url.starts_with(&format!("{}/lamna-anbud/", s.base)),
        "submission link {url:?}"
    );
    s.check("14-anbudslank");
    s.browser
        .click(&format!("a[href='/upphandlingar/{id}/anbud']"));
    let figures = s.dl_pairs("dl.figures");
    let value = |term: &str| {
        figures
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, d)| d.clone())
            .unwrap_or_default()
    };
    assert_eq!(value(sv("bids.method")), sv("evaluation.lowest_lcc"));
    assert_eq!(value(sv("bids.model")), MODEL_NAME);
    assert!(
        value(sv("bids.deadline")).contains(&deadline.to_string()),
        "{figures:?}"
    );
    url
}

/// The tender documents: a Word file LibreOffice reads with the chosen
/// criteria and the LCC award model, and a PDF.
fn tender_documents(s: &mut Session, id: i64, office: bool) {
    s.goto(&format!("/upphandlingar/{id}"));
    let docx_href = s
        .browser
        .find("a[href$='forfragningsunderlag.docx']")
        .attr("href")
        .unwrap_or_default();
    let pdf_href = s
        .browser
        .find("a[href$='forfragningsunderlag.pdf']")
        .attr("href")
        .unwrap_or_default();
    let relative = |href: &str| href.strip_prefix(&s.base).unwrap_or(href).to_string();
    let (status, content_type, docx) = s.download(&relative(&docx_href));
    assert_eq!(status, 200, "{docx_href}");
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let names = zip_names(&docx);
    for part in ["word/document.xml", "[Content_Types].xml"] {
        assert!(names.iter().any(|n| n == part), "{part} in {names:?}");
    }
    let (status, content_type, pdf) = s.download(&relative(&pdf_href));
    assert_eq!(status, 200, "{pdf_href}");
    assert_eq!(content_type, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    if !office {
        return;
    }
    let dir = temp_dir("docs");
    let started = Instant::now();
    let word = docx_text(&docx, &dir);
    let pdf = pdf_text(&pdf, &dir);
    eprintln!("LibreOffice and pdftotext: {:?}", started.elapsed());
    for (what, text) in [("docx", &word), ("pdf", &pdf)] {
        let got = letters(text);
        for (cid, _) in CRITERIA {
            assert!(
                got.contains(&letters(cid)),
                "{what}: {cid} missing:\n{text}"
            );
        }
        for needle in [TITLE, "livscykelkostnad", MODEL_NAME, "Uppföljningsplan"] {
            assert!(
                got.contains(&letters(needle)),
                "{what}: {needle:?} missing:\n{text}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A supplier opens the link (signed out) and submits a bid; returns the receipt.
fn submit_bid(s: &mut Session, link: &str, b: &Supplier, first: bool) -> String {
    s.browser.goto(link);
    if b.english {
        s.browser.click("header a[href^='/lang/en']");
        assert_eq!(s.lang(), "en");
        assert_eq!(s.h1(), Lang::En.t("bids.submit_title"));
        s.check("17-lamna-anbud-english");
    } else {
        assert_eq!(s.lang(), "sv");
        assert_eq!(s.h1(), sv("bids.submit_title"));
        s.check("16-lamna-anbud");
    }
    let text = s.main_text();
    assert!(
        text.contains(TITLE) && text.contains("Demo kommun"),
        "{text}"
    );
    // The supplier's form offers the model's carriers.
    for carrier in ["bensin", "hvo", "el"] {
        assert!(
            s.browser
                .try_find(&format!("#carrier option[value='{carrier}']"))
                .is_some()
        );
    }
    let form = "form[action^='/lamna-anbud/']";
    s.browser.fill("#supplier_name", b.name);
    s.browser.fill(
        "#supplier_orgnr",
        &if first {
            format!("{}0", b.orgnr9) // a wrong check digit (unless 0 is right)
        } else {
            orgnr(b.orgnr9)
        },
    );
    if first {
        assert_ne!(
            orgnr(b.orgnr9),
            format!("{}-{}0", &b.orgnr9[..6], &b.orgnr9[6..])
        );
    }
    s.browser.fill("#contact", b.contact);
    s.browser.fill("#price", b.price);
    s.browser.fill("#investment", b.investment);
    s.browser.select("#carrier", b.carrier);
    s.browser.fill("#consumption", b.consumption);
    s.browser.fill("#maintenance", b.maintenance);
    s.browser.fill("#residual", b.residual);
    s.browser
        .fill("#note", "Tio bilar enligt förfrågningsunderlaget.");
    s.browser.submit(form);
    if first {
        // The wrong organisationsnummer: nothing sent, the error tied to the field.
        let error = s
            .browser
            .try_find("#supplier_orgnr-error")
            .unwrap_or_else(|| panic!("no orgnr error: {}", s.main_text()));
        assert_eq!(error.text(), sv("bids.invalid_orgnr"));
        let field = s.browser.find("#supplier_orgnr");
        assert_eq!(field.attr("aria-invalid").as_deref(), Some("true"));
        assert!(
            field
                .attr("aria-describedby")
                .unwrap_or_default()
                .contains("supplier_orgnr-error")
        );
        assert!(
            s.browser
                .try_find("#form-errors a[href='#supplier_orgnr']")
                .is_some()
        );
        assert_eq!(
            s.browser.find("#supplier_name").attr("value").as_deref(),
            Some(b.name),
            "what was typed is kept"
        );
        s.check_state("16b-lamna-anbud-fel");
        s.browser.fill("#supplier_orgnr", &orgnr(b.orgnr9));
        s.browser.submit(form);
    }
    let receipt = s
        .browser
        .try_find("main strong code")
        .map(|c| c.text())
        .unwrap_or_else(|| panic!("no receipt after the bid of {}: {}", b.name, s.main_text()));
    assert_eq!(receipt.len(), 11, "{receipt}");
    assert!(s.path().contains("kvitto="), "{}", s.path());
    if b.english {
        assert_eq!(s.h1(), Lang::En.t("bids.receipt_title"));
        s.browser.click("header a[href^='/lang/sv']");
        assert_eq!(s.lang(), "sv");
    } else {
        assert_eq!(s.h1(), sv("bids.receipt_title"));
        s.check("18-kvitto");
    }
    receipt
}

/// Nothing of the bids in the page source: names, organisationsnummer, prices.
fn assert_sealed(s: &Session, what: &str) {
    let source = s.browser.page_source();
    let flat = digits(&source);
    for b in &SUPPLIERS {
        assert!(!source.contains(b.name), "{what}: {} in the page", b.name);
        assert!(
            !source.contains(b.contact),
            "{what}: {} in the page",
            b.contact
        );
        assert!(
            !flat.contains(&digits(&orgnr(b.orgnr9))),
            "{what}: the orgnr of {} in the page",
            b.name
        );
        assert!(
            !flat.contains(&digits(b.price)) && !flat.contains(&digits(b.investment)),
            "{what}: a price of {} in the page",
            b.name
        );
    }
}

/// The whole procurement; returns the session for the caller's summary.
/// `full`: also axe scans, screenshots, English pages and the Word and PDF
/// files read back by LibreOffice and pdftotext (none of which depends on
/// the database); without it the same flow runs on the other database.
fn procurement(server: &Server, full: bool) -> Session {
    let started = Instant::now();
    let mut s = Session::start(server, full.then(screenshot_dir), "procurement-", full);
    let office = full;
    let clock = &server.state.clock;
    let today = clock.today();

    // 1. The need.
    s.sign_in(USER);
    let model = lcc_model(&mut s);
    let id = create_procurement(&mut s, today);
    assign_team(&mut s, id);
    s.goto("/upphandlingar/raci");
    assert_eq!(s.h1(), sv("proc.raci_title"));
    s.check("05-raci");

    // "Mina uppgifter" in behovsanalys: the upphandlare is responsible...
    let task = my_task(&mut s, id, "06-uppgifter-upphandlare")
        .unwrap_or_else(|| panic!("behovsanalys is a task of the upphandlare"));
    let r = format!("{} (R)", sv("role.upphandlare"));
    assert!(task.contains(&r), "{r} in {task}");
    assert!(
        task.contains(Stage::Behovsanalys.name().get(false)),
        "{task}"
    );
    assert!(
        s.browser
            .try_find(&format!("section#upphandling-{id} a[href$='#stang']"))
            .is_none(),
        "closing behovsanalys is the beställare's (A), not the upphandlare's"
    );
    // ...the beställare accountable, with the stage's close.
    s.sign_out();
    s.sign_in(ORDERER);
    let task = my_task(&mut s, id, "06b-uppgifter-bestallare")
        .unwrap_or_else(|| panic!("behovsanalys is a task of the beställare"));
    let a = format!("{} (A)", sv("role.bestallare"));
    assert!(task.contains(&a), "{a} in {task}");
    assert!(task.contains(sv("proc.tasks_close")), "{task}");
    assert!(
        s.browser
            .try_find(&format!(
                "section#upphandling-{id} a[href='/upphandlingar/{id}/steg/behovsanalys#stang']"
            ))
            .is_some()
    );
    s.sign_out();
    s.sign_in(USER);

    // Behovsanalys: the checklist and the baseline, then close.
    s.goto(&format!("/upphandlingar/{id}/steg/behovsanalys"));
    s.check("09-steg-behovsanalys");
    let baseline = set_baseline(&mut s, id, model);
    s.goto(&format!("/upphandlingar/{id}/steg/behovsanalys"));
    let marked = s.check_all_items(Some("Behovet: tio bilar till hemtjänsten."));
    assert!(marked >= 2, "{marked} items");
    assert!(
        s.main_text()
            .contains("Behovet: tio bilar till hemtjänsten.")
    );
    s.complete_stage(id, Stage::Behovsanalys, None);

    // Marknadsanalys with a required item open: refused without a reason.
    let stage = Stage::Marknadsanalys;
    let close = format!(
        "form[action='/upphandlingar/{id}/steg/{}/stang']",
        stage.key()
    );
    let first_open = "ul.checklist li form:has(input[name='done'][value='1'])";
    s.browser.submit(first_open);
    let open_required = s
        .browser
        .find_all("#skal-tips li")
        .iter()
        .map(|l| l.text())
        .collect::<Vec<_>>();
    assert!(
        !open_required.is_empty(),
        "marknadsanalys has required items left open"
    );
    s.browser.submit(&close);
    let error = s
        .browser
        .try_find("#skal-fel")
        .unwrap_or_else(|| panic!("no error for closing without a reason: {}", s.main_text()));
    assert_eq!(error.text(), sv("proc.close_reason_required"));
    assert_eq!(error.attr("role").as_deref(), Some("alert"));
    let reason_field = s.browser.find("#skal");
    assert_eq!(reason_field.attr("aria-invalid").as_deref(), Some("true"));
    let described = reason_field.attr("aria-describedby").unwrap_or_default();
    assert!(
        described.split(' ').any(|i| i == "skal-fel") && described.contains("skal-tips"),
        "the error and the open items are tied to the reason field: {described:?}"
    );
    assert!(
        s.browser
            .try_find(&format!(
                "nav.stepper a[aria-current='step'][href$='/{}']",
                stage.key()
            ))
            .is_some(),
        "the stage is still open"
    );
    s.check_state("15-stang-utan-skal");
    let reason =
        "Marknadsdialogen hölls i förra upphandlingen 2024; leverantörsläget är oförändrat.";
    s.browser.fill("#skal", reason);
    s.browser.submit(&close);
    assert!(
        s.path()
            .starts_with(&format!("/upphandlingar/{id}/steg/forfragningsunderlag")),
        "{}",
        s.path()
    );
    s.goto(&format!("/upphandlingar/{id}/steg/{}", stage.key()));
    assert!(
        s.main_text().contains(reason),
        "the reason is shown on the stage"
    );

    // 2. Förfrågningsunderlag: criteria, the call, the documents.
    choose_criteria(&mut s, id);
    if full {
        criteria_in_english(&mut s, id);
    }
    let deadline = add_days(today, 14);
    let link = set_up_call(&mut s, id, model, deadline);
    tender_documents(&mut s, id, office);
    s.complete_stage(
        id,
        Stage::Forfragningsunderlag,
        Some("15b-steg-forfragningsunderlag"),
    );

    // 3. Annonsering: three suppliers bid through the link, signed out.
    s.sign_out();
    let mut receipts = Vec::new();
    for (i, b) in SUPPLIERS.iter().enumerate() {
        receipts.push(submit_bid(&mut s, &link, b, i == 0));
    }

    // The beställare has no task in annonsering and sees no receipts.
    s.sign_in(ORDERER);
    assert!(
        my_task(&mut s, id, "19-uppgifter-bestallare-annonsering").is_none(),
        "annonsering is no task of the beställare (I)"
    );
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    assert!(s.main_text().contains(sv("bids.sealed_text")));
    assert!(s.main_text().contains(sv("bids.only_officer")));
    assert!(
        s.browser.try_find("#tabell-kvitton").is_none(),
        "no receipts for the beställare"
    );
    assert!(s.browser.try_find("form[action$='/anbud/oppna']").is_none());
    for r in &receipts {
        assert!(!s.browser.page_source().contains(r.as_str()));
    }
    assert_sealed(&s, "bids page as beställare");
    s.check("20-anbud-bestallare");
    s.sign_out();

    // The officer: sealed receipts only, and a task in annonsering.
    s.sign_in(USER);
    let task = my_task(&mut s, id, "21-uppgifter-annonsering")
        .unwrap_or_else(|| panic!("annonsering is a task of the upphandlare (A)"));
    assert!(
        task.contains(&format!("{} (A)", sv("role.upphandlare"))),
        "{task}"
    );
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    let (_, rows) = s.table("table:has(> caption#tabell-kvitton)");
    let mut shown: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    let mut sent = receipts.clone();
    shown.sort();
    sent.sort();
    assert_eq!(
        shown, sent,
        "the receipts shown are the ones the suppliers got"
    );
    assert_sealed(&s, "receipts page as upphandlare");
    s.check("22-kvitton");
    // Before the deadline there is no opening button, only when it can be
    // opened (the server refuses an early opening too: tests/bids.rs).
    assert!(
        s.browser
            .try_find(&format!("form[action='/upphandlingar/{id}/anbud/oppna']"))
            .is_none(),
        "an opening button before the deadline"
    );
    let when = s
        .browser
        .try_find("main p#open-hint")
        .map(|e| e.text())
        .unwrap_or_default();
    assert!(
        when.contains(sv("bids.open_after")) && when.contains(&deadline.to_string()),
        "opening before the deadline: {when:?}"
    );
    assert_sealed(&s, "before the opening");
    s.check_state("23-oppning-for-tidigt");
    s.complete_stage(id, Stage::Annonsering, None);

    // The deadline passes.
    clock.advance(15 * DAY);
    s.browser.goto(&link);
    assert_eq!(
        s.h1(),
        sv("bids.closed_title"),
        "the link is closed after the deadline"
    );
    s.check("24-lank-stangd");
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    assert_eq!(
        s.dl_value("dl.figures", sv("bids.status")),
        sv("bids.status_waiting")
    );
    assert_sealed(&s, "after the deadline, before the opening");
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud/oppna']"));
    assert!(s.main_text().contains(sv("bids.opened")));
    let (_, rows) = s.table("table:has(> caption#tabell-anbud)");
    assert_eq!(rows.len(), 3, "{rows:?}");
    for b in &SUPPLIERS {
        let row = rows
            .iter()
            .find(|r| r[0] == b.name)
            .unwrap_or_else(|| panic!("{} among the opened bids: {rows:?}", b.name));
        assert_eq!(row[1], orgnr(b.orgnr9));
        assert!(receipts.contains(&row[2]));
        assert_eq!(digits(&row[4]), format!("{}00", digits(b.price)), "{row:?}");
    }
    s.check("25-anbud-oppnade");

    // 4. Utvärdering on LCC.
    s.browser
        .click(&format!("a[href='/upphandlingar/{id}/anbud/utvardering']"));
    assert!(s.h1().starts_with(sv("bids.evaluation")));
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/utvardering']"
    ));
    assert!(s.path().contains("msg=utvarderat"), "{}", s.path());
    let winner = s.dl_value("dl.figures", sv("evaluation.winner"));
    let (heads, rows) = s.table("section#poang table");
    let col = |name: &str| {
        heads
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name:?} column in {heads:?}"))
    };
    let (c_lcc, c_cmp, c_rank) = (col("LCC (kr)"), col("Jämförelsepris (kr)"), col("Rang"));
    assert_eq!(rows.len(), 3, "{rows:?}");
    let mut ranked: Vec<(String, f64, f64, String)> = rows
        .iter()
        .map(|r| {
            let figure = |c: usize| {
                number_sv(&r[c]).unwrap_or_else(|| panic!("no figure in {:?} ({heads:?})", r[c]))
            };
            (
                r[0].clone(),
                figure(c_lcc),
                figure(c_cmp),
                r[c_rank].clone(),
            )
        })
        .collect();
    ranked.sort_by(|a, b| a.2.total_cmp(&b.2));
    for (name, lcc, _, _) in &ranked {
        assert!(
            SUPPLIERS.iter().any(|b| b.name == name) && *lcc > 100_000.0,
            "{name}: {lcc}"
        );
    }
    let best = &ranked[0];
    assert_eq!(
        best.3, "1",
        "the lowest evaluated LCC is ranked 1: {ranked:?}"
    );
    assert!(best.2 < ranked[1].2, "a clear winner: {ranked:?}");
    assert_eq!(winner, best.0, "the winner shown is the row ranked 1");
    let winner_bid = SUPPLIERS.iter().find(|b| b.name == winner).expect("winner");
    eprintln!(
        "LCC ranking: {}",
        ranked
            .iter()
            .map(|(n, lcc, cmp, rank)| format!(
                "{rank}. {n} (LCC {lcc:.0} kr, jämförelsepris {cmp:.0} kr)"
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    // The climate table: the reference and each bid.
    let (_, climate) = s.table("table:has(> caption#tabell-klimat)");
    assert_eq!(climate.len(), 4, "reference and three bids: {climate:?}");
    s.check("26-utvardering");
    if full {
        s.browser.click("header a[href^='/lang/en']");
        assert_eq!(s.lang(), "en");
        assert!(s.h1().starts_with(Lang::En.t("bids.evaluation")));
        s.check("27-utvardering-english");
        s.browser.click("header a[href^='/lang/sv']");
        assert_eq!(s.lang(), "sv");
    }
    s.complete_stage(id, Stage::Utvardering, None);

    // 5. Tilldelning: the decision with reasons, the notice, the standstill.
    s.goto(&format!("/upphandlingar/{id}/anbud/tilldelning"));
    assert!(s.h1().starts_with(sv("bids.award")));
    let chosen = s
        .browser
        .execute(
            "const r = document.querySelector(\"input[name='bid']:checked\"); \
             return r ? r.closest('label').innerText : '';",
            &[],
        )
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        chosen.contains(&winner),
        "the evaluation's winner is proposed: {chosen:?}"
    );
    s.check("28-tilldelning");
    let reasons = format!(
        "{winner} har lägst livscykelkostnad med prissatta utsläpp enligt förfrågningsunderlaget."
    );
    s.browser.fill("#reasons", &reasons);
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/tilldelning']"
    ));
    assert!(s.main_text().contains(sv("bids.decided")));
    assert_eq!(
        s.dl_value("#beslut + dl.figures", sv("bids.winner")),
        winner
    );
    assert!(s.main_text().contains(&reasons));
    let today = clock.today();
    s.set_value("#notice-sent", &today.to_string());
    s.browser.submit(&format!(
        "form[action='/upphandlingar/{id}/anbud/underrattelse']"
    ));
    let end_text = s.dl_value("#beslut + dl.figures", sv("bids.standstill_end"));
    let end = parse_date(&end_text).unwrap_or_else(|| panic!("standstill end {end_text:?}"));
    assert_eq!(end, upphandla_core::process::standstill_end(today));
    assert!(end.days_since_epoch() - today.days_since_epoch() >= 10);
    assert!(
        s.browser.text("#contract-hint").contains(&end_text),
        "the contract form says until when to wait"
    );
    s.check_state("29-avtalsparr");
    // Signing during the standstill is refused by the server too (the
    // browser's own date limits are bypassed as an old browser would).
    s.set_value("#contract-signed", &today.to_string());
    let form = s
        .browser
        .find(&format!("form[action='/upphandlingar/{id}/anbud/avtal']"));
    let valid = s
        .browser
        .execute("return arguments[0].checkValidity()", &[form.as_arg()]);
    assert_eq!(
        valid,
        Value::Bool(false),
        "the browser refuses a date in the standstill"
    );
    s.browser
        .execute("arguments[0].noValidate = true", &[form.as_arg()]);
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud/avtal']"));
    let error = s
        .browser
        .try_find("#tilldelning-fel")
        .map(|e| e.text())
        .unwrap_or_else(|| {
            panic!(
                "signing in the standstill was not refused: {}",
                s.main_text()
            )
        });
    assert!(
        error.contains(sv("bids.contract_in_standstill")) && error.contains(&end_text),
        "{error:?}"
    );
    assert!(
        s.browser
            .find("#contract-signed")
            .attr("aria-describedby")
            .unwrap_or_default()
            .contains("tilldelning-fel")
    );
    assert!(
        !s.dl_pairs("#beslut + dl.figures")
            .iter()
            .any(|(t, _)| t == sv("bids.contract")),
        "no contract recorded"
    );
    s.check_state("30-avtal-for-tidigt");
    s.complete_stage(id, Stage::Tilldelning, None);

    // 6. The standstill passes; the contract is signed.
    let wait = i64::from(end.days_since_epoch() - today.days_since_epoch()) + 1;
    clock.advance(wait * DAY);
    let signed = clock.today();
    s.goto(&format!("/upphandlingar/{id}/anbud/tilldelning"));
    s.set_value("#contract-signed", &signed.to_string());
    s.browser
        .submit(&format!("form[action='/upphandlingar/{id}/anbud/avtal']"));
    assert_eq!(
        s.dl_value("#beslut + dl.figures", sv("bids.contract")),
        signed.to_string()
    );
    assert!(
        s.browser.try_find("#contract-signed").is_none(),
        "nothing more to sign"
    );
    s.check_state("31-avtal");
    s.goto(&format!("/upphandlingar/{id}/anbud"));
    assert_eq!(
        s.dl_value("#tilldelning + dl.figures", sv("bids.winner")),
        winner
    );
    s.complete_stage(id, Stage::Avtal, None);

    // 7. Avtalsuppföljning, and the baseline with the chosen bid's effect.
    s.goto(&format!("/upphandlingar/{id}"));
    let current = s.browser.text("nav.stepper a[aria-current='step']");
    assert!(
        current.contains(Stage::Avtalsuppfoljning.name().get(false)),
        "{current}"
    );
    let closed = s.browser.find_all("nav.stepper li.closed").len();
    assert_eq!(closed, 7, "seven stages closed");
    s.check_state("32-avtalsuppfoljning");
    s.goto(&format!("/upphandlingar/{id}/baslinje"));
    assert_eq!(s.dl_value("dl.figures", sv("proc.emissions")), baseline);
    let text = s.main_text();
    assert!(
        text.contains(&format!("{}: {winner}", sv("proc.award_winner"))),
        "the chosen bid on the baseline page: {text}"
    );
    assert!(
        text.contains(sv("proc.award_less")),
        "the chosen bid's effect against the baseline: {text}"
    );
    s.check_state("33-baslinje-effekt");
    eprintln!(
        "winner: {} ({}); flow took {:?}",
        winner_bid.name,
        winner_bid.carrier,
        started.elapsed()
    );

    // The list shows where the procurement is.
    s.browser.click("nav a[href='/upphandlingar']");
    let (heads, rows) = s.table("table:has(> caption#tabell-upphandlingar)");
    let stage_col = heads
        .iter()
        .position(|h| h == sv("proc.col_stage"))
        .unwrap_or_else(|| panic!("no stage column in {heads:?}"));
    let row = rows
        .iter()
        .find(|r| r[0] == TITLE)
        .unwrap_or_else(|| panic!("{TITLE} in the list: {rows:?}"));
    assert_eq!(row[stage_col], Stage::Avtalsuppfoljning.name().get(false));
    s.check_state("36-lista-avtalsuppfoljning");

    // The criteria library pages, when they exist.
    // (They read shipped files, not the database: the full run only.)
    if full && server.login(USER).get("/kriterier").status == 200 {
        s.goto("/kriterier");
        assert_eq!(s.lang(), "sv");
        s.check("34-kriteriebibliotek");
        for (css, name) in [
            (
                "main a[href^='/kriterier/']:not([href^='/kriterier/grupp/'])",
                "35-kriterium",
            ),
            ("main a[href^='/kriterier/grupp/']", "35b-kriteriegrupp"),
        ] {
            s.goto("/kriterier");
            match s.browser.try_find(css) {
                Some(link) => {
                    link.click();
                    s.check(name);
                }
                None => eprintln!("no link {css} on /kriterier"),
            }
        }
    } else if full {
        eprintln!("no /kriterier page: the criteria library pages are not scanned");
    }
    s
}

fn finish(s: Session) {
    eprintln!(
        "axe: {} page kinds scanned in {:?}, {} with minor/moderate findings; {} screenshots in {}",
        s.scanned.len(),
        s.axe_time,
        s.lesser.len(),
        s.screenshots.len(),
        screenshot_dir().display(),
    );
    assert!(
        s.serious.is_empty(),
        "axe: serious or critical findings on {} page(s):\n{}",
        s.serious.len(),
        s.serious.join("\n")
    );
}

#[test]
fn sqlite_service_cars_from_need_to_signed_contract() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let server = Server::start(ServerOptions::new(Db::Sqlite));
    let s = procurement(&server, true);
    eprintln!("SQLite run: {:?}", started.elapsed());
    finish(s);
}

#[test]
fn postgres_service_cars_from_need_to_signed_contract() {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    upphandla_testkit::pg::require_reachable();
    let started = Instant::now();
    let server = Server::start(ServerOptions::new(Db::Postgres));
    let s = procurement(&server, false);
    eprintln!("PostgreSQL run: {:?}", started.elapsed());
    finish(s);
}
