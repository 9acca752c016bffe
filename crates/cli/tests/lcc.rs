//! `upphandla lcc` and `upphandla evaluate`, run as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn upphandla(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upphandla"))
        .current_dir(repo())
        .args(args)
        .output()
        .expect("the upphandla binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("upphandla-lcc-{}-{name}", std::process::id()))
}

#[test]
fn json_carries_the_worked_example_to_the_ore() {
    let out = ok(&upphandla(&[
        "lcc",
        "examples/lcc-service-cars.toml",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let alts = v["result"]["alternatives"].as_array().unwrap();
    let el = alts.iter().find(|a| a["id"] == "el").unwrap();
    assert_eq!(el["total_sek"].as_f64(), Some(2_901_597.18));
    assert_eq!(el["lcc_sek"].as_f64(), Some(2_864_851.23));
    assert_eq!(v["result"]["cheapest"], "el");
    assert_eq!(v["monte_carlo"]["draws"], 10_000);
    assert_eq!(v["monte_carlo"]["seed"], 1);
    // --seed and --draws override the file and are reported back.
    let out = ok(&upphandla(&[
        "lcc",
        "examples/lcc-service-cars.toml",
        "--format",
        "json",
        "--draws",
        "500",
        "--seed",
        "9",
    ]));
    let w: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(w["monte_carlo"]["draws"], 500);
    assert_eq!(w["monte_carlo"]["seed"], 9);
}

#[test]
fn table_html_and_xlsx() {
    let table = ok(&upphandla(&["lcc", "examples/lcc-street-lighting.toml"]));
    assert!(table.contains("LED-armaturer med dimring"));
    assert!(table.contains("4 089 592"));
    let html = temp("lcc.html");
    ok(&upphandla(&[
        "lcc",
        "examples/lcc-street-lighting.toml",
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
    ]));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("<desc id=\"kurva-besk\">"));
    let xlsx = temp("lcc.xlsx");
    ok(&upphandla(&[
        "evaluate",
        "examples/tender-street-lighting-value-deduction.toml",
        "--format",
        "xlsx",
        "--out",
        xlsx.to_str().unwrap(),
    ]));
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let _ = std::fs::remove_file(html);
    let _ = std::fs::remove_file(xlsx);
}

#[test]
fn template_is_printed_and_refused_until_filled() {
    let out = ok(&upphandla(&["lcc", "template", "vehicles"]));
    assert_eq!(
        out,
        std::fs::read_to_string(repo().join("data/lcc/templates/vehicles.toml")).unwrap()
    );
    let path = temp("vehicles.toml");
    std::fs::write(&path, &out).unwrap();
    let run = upphandla(&["lcc", path.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("inget resultat har skapats"), "{err}");
    assert!(
        err.contains("rad 21, kolumn 17: värdet för \"discount_rate\" måste fyllas i"),
        "{err}"
    );
    assert!(run.stdout.is_empty());
    let _ = std::fs::remove_file(path);
}

#[test]
fn evaluate_warns_about_rank_reversal() {
    let out = ok(&upphandla(&[
        "evaluate",
        "examples/tender-cleaning-relative-scoring.toml",
    ]));
    assert!(out.contains("Vinnare: Blank AB."), "{out}");
    assert!(out.contains("VARNING: Rangomkastning"), "{out}");
    let bad = temp("bad.toml");
    std::fs::write(&bad, "name = \"x\"\nmethod = \"cheapest\"\nbids = []\n").unwrap();
    let run = upphandla(&["evaluate", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("rad 2, kolumn 10: okänt värde"), "{err}");
    let _ = std::fs::remove_file(bad);
}

#[test]
fn word_and_pdf_go_to_files_not_to_the_screen() {
    for (format, magic) in [("docx", &b"PK\x03\x04"[..]), ("pdf", &b"%PDF-"[..])] {
        let out = temp(&format!("report.{format}"));
        ok(&upphandla(&[
            "lcc",
            "examples/lcc-service-cars.toml",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]));
        let bytes = std::fs::read(&out).unwrap();
        let _ = std::fs::remove_file(&out);
        assert!(bytes.starts_with(magic), "{format}");
    }
}
