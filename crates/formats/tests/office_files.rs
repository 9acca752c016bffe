//! The Word and PDF files read back by other programs: LibreOffice converts
//! the .docx to text, poppler's pdftotext the PDF. Both must give back the
//! chosen criteria's ids and requirement texts and the follow-up appendix.
//!
//! Needs `soffice` (Debian package libreoffice-writer-nogui) and `pdftotext`
//! (poppler-utils); scripts/test.sh installs them. The tests fail, not
//! skip, when they are missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use upphandla_core::criteria::{Criterion, CriterionType};
use upphandla_core::money::Ore;
use upphandla_formats::criteria::default_library;
use upphandla_formats::doc::{render_docx, render_pdf};
use upphandla_formats::tender_doc::{AwardModel, TenderDocInput, build};

/// A fresh directory for one test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upphandla-office-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Fails the test with the package to install when `program` is missing.
fn require(program: &str, package: &str) {
    let found = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "{program} saknas: installera paketet {package} (apt-get install {package}, \
         eller kör scripts/test.sh som root) / {program} is missing: install the \
         package {package} (or run scripts/test.sh as root)"
    );
}

/// Runs a command with a time limit; panics with its output when it fails.
fn run(cmd: &mut Command, limit: Duration) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
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

/// Letters and digits only, lower case: what survives any text export
/// (line wrapping, table layout, stand-ins like CO₂ → CO2 and ≤ → <=).
fn letters(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2080}'..='\u{2089}' => char::from(b'0' + (c as u32 - 0x2080) as u8),
            c => c,
        })
        .filter(|c| c.is_alphanumeric() && (*c as u32) < 0x100)
        .flat_map(char::to_lowercase)
        .collect()
}

/// One criterion of each type from the shipped library.
fn chosen() -> Vec<Criterion> {
    let lib = default_library();
    CriterionType::ALL
        .iter()
        .map(|k| {
            lib.criteria
                .iter()
                .find(|c| c.kind == *k)
                .unwrap_or_else(|| panic!("no {k:?} in the library"))
                .clone()
        })
        .collect()
}

fn input() -> TenderDocInput {
    TenderDocInput {
        title: "Värmepumpar & fjärrvärme <skolor> \u{1b}😀".into(),
        organisation: "Exempelkommunen".into(),
        reference: Some("KS 2026/17".into()),
        cpv: vec!["42511110-5".into()],
        estimated_value: Some(Ore(125_000_000)),
        contract_period: "2 år med option på 1 + 1 år".into(),
        criteria: chosen(),
        award: Some(AwardModel {
            method: "Kostnad (livscykelkostnad)".into(),
            description: "Lägst livscykelkostnad vinner.".into(),
            lcc_summary: Some("Nuvärde över 15 år, real kalkylränta 3 %.".into()),
            lcc_bidder_data: vec!["Anskaffningspris".into()],
        }),
        ..TenderDocInput::default()
    }
}

/// What both exports must give back.
fn check(what: &str, text: &str, input: &TenderDocInput) {
    let got = letters(text);
    let has = |needle: &str, label: &str| {
        let n = letters(needle);
        assert!(!n.is_empty(), "{label}: empty needle");
        assert!(
            got.contains(&n),
            "{what}: {label} missing:\n{needle}\n--- text ---\n{text}"
        );
    };
    has("Bilaga: Uppföljningsplan", "follow-up appendix");
    has(
        "Leverantören ska medverka i uppföljningen",
        "supplier's duty",
    );
    has("uppstartsmöte", "kick-off meeting");
    has("Värmepumpar & fjärrvärme <skolor>", "title");
    for c in &input.criteria {
        has(&c.id, &c.id);
        has(&c.text.sv, &format!("{} requirement text", c.id));
        has(&c.proof.sv, &format!("{} proof", c.id));
    }
}

#[test]
fn libreoffice_reads_the_word_document() {
    require("soffice", "libreoffice-writer-nogui");
    let dir = temp_dir("docx");
    let inp = input();
    let docx = dir.join("kravdel.docx");
    std::fs::write(&docx, render_docx(&build(&inp))).expect("write");
    let profile = dir.join("profile");
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
            .arg(&dir)
            .arg(&docx),
        Duration::from_secs(180),
    );
    let text = std::fs::read_to_string(dir.join("kravdel.txt")).expect("LibreOffice wrote text");
    check("docx", &text, &inp);
    // The plan's cells: how and on what evidence each criterion is followed up.
    for c in &inp.criteria {
        let got = letters(&text);
        assert!(
            got.contains(&letters(&c.follow_up.sv)),
            "{} follow-up",
            c.id
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pdftotext_reads_the_pdf() {
    require("pdftotext", "poppler-utils");
    let dir = temp_dir("pdf");
    let inp = input();
    let pdf = dir.join("kravdel.pdf");
    std::fs::write(&pdf, render_pdf(&build(&inp))).expect("write");
    let txt = dir.join("kravdel.txt");
    run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg(&txt),
        Duration::from_secs(60),
    );
    let text = std::fs::read_to_string(&txt).expect("pdftotext wrote text");
    check("pdf", &text, &inp);
    // Page numbers, and the structure pdfinfo-like tools see.
    assert!(text.contains("Sida 1 av "), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same for a document with no criteria (and an empty title).
#[test]
fn empty_documents_open_too() {
    require("pdftotext", "poppler-utils");
    let dir = temp_dir("empty");
    let pdf = dir.join("tom.pdf");
    std::fs::write(&pdf, render_pdf(&build(&TenderDocInput::default()))).expect("write");
    let txt = dir.join("tom.txt");
    run(
        Command::new("pdftotext").arg(&pdf).arg(&txt),
        Duration::from_secs(60),
    );
    let text = std::fs::read_to_string(Path::new(&txt)).expect("text");
    assert!(text.contains("Inga krav är valda ännu."), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
