//! `upphandla criteria`, run as a user would: search, check an own file,
//! and write the tender document's requirement part.

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
    std::env::temp_dir().join(format!("upphandla-criteria-{}-{name}", std::process::id()))
}

#[test]
fn search_filters_by_group_and_level() {
    let out = ok(&upphandla(&[
        "criteria",
        "--group",
        "fordon",
        "--level",
        "spjutspets",
    ]));
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("fordon-")).collect();
    assert!(!rows.is_empty(), "{out}");
    assert!(rows.iter().all(|r| r.contains("spjutspets")), "{out}");
    assert!(out.contains(&format!("{} av ", rows.len())), "{out}");
    // A CPV prefix finds the vehicle group; an unknown level is refused.
    let out = ok(&upphandla(&["criteria", "--cpv", "3411"]));
    assert!(out.contains("fordon-ts-nollutslapp"), "{out}");
    let bad = upphandla(&["criteria", "--level", "guld"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("spjutspets"));
}

#[test]
fn check_reports_file_line_and_column_of_an_own_file() {
    let good = repo().join("data/criteria/el.toml");
    let out = ok(&upphandla(&["criteria", "check", good.to_str().unwrap()]));
    assert!(out.starts_with("ok: 1 produktgrupper"), "{out}");

    let text =
        std::fs::read_to_string(&good)
            .unwrap()
            .replacen("level = \"bas\"", "level = \"guld\"", 1);
    let bad = temp("el.toml");
    std::fs::write(&bad, &text).unwrap();
    let out = upphandla(&["criteria", "check", bad.to_str().unwrap()]);
    let _ = std::fs::remove_file(&bad);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .position(|l| l.contains("\"guld\""))
        .map(|i| i + 1)
        .unwrap();
    assert!(err.contains(&format!("rad {line}")), "{err}");
    assert!(err.contains("kolumn"), "{err}");
}

#[test]
fn document_holds_the_chosen_criteria_in_word_and_text() {
    let ids = "fordon-ts-nollutslapp,el-ts-fornybar-ursprungsgarantier";
    let listed = ok(&upphandla(&["criteria", "--group", "el"]));
    // Pick the electricity criterion by what the library holds, not by a guess.
    let el_id = listed
        .lines()
        .find(|l| l.starts_with("el-ts-"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let ids = ids.replace("el-ts-fornybar-ursprungsgarantier", &el_id);
    let text = ok(&upphandla(&[
        "criteria",
        "document",
        "--title",
        "Tjänstebilar 2028",
        "--criteria",
        &ids,
        "--format",
        "table",
    ]));
    assert!(text.contains("fordon-ts-nollutslapp"), "{text}");
    assert!(text.contains(&el_id), "{text}");
    assert!(text.to_lowercase().contains("uppföljningsplan"), "{text}");

    let docx = temp("krav.docx");
    ok(&upphandla(&[
        "criteria",
        "document",
        "--title",
        "Tjänstebilar 2028",
        "--criteria",
        &ids,
        "--out",
        docx.to_str().unwrap(),
    ]));
    let bytes = std::fs::read(&docx).unwrap();
    let _ = std::fs::remove_file(&docx);
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip package");

    // Unknown ids are named and nothing is written.
    let out = upphandla(&[
        "criteria",
        "document",
        "--title",
        "x",
        "--criteria",
        "finns-inte",
        "--format",
        "table",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("finns-inte"));
}
