//! The `upphandla` binary, run as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn upphandla(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upphandla"))
        .args(args)
        .output()
        .expect("the upphandla binary runs")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upphandla-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(&upphandla(args))).unwrap()
}

/// `upphandla spend analyze ARGS --format json`, parsed.
fn analyze(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["spend", "analyze"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    json(&all)
}

fn category(report: &serde_json::Value, id: &str) -> serde_json::Value {
    let categories = report["categories"].as_array().unwrap();
    let found = categories.iter().find(|c| c["id"] == id);
    found.unwrap_or_else(|| panic!("no category {id}")).clone()
}

/// Öre of a Swedish amount like `-1 234,50`, `1.234,50` or `6085,40` (decimal comma),
/// parsed independently of the reader.
fn ore(text: &str) -> i64 {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '.')
        .collect();
    let negative = cleaned.starts_with('-');
    let digits = cleaned.trim_start_matches('-');
    let (kr, dec) = digits.split_once(',').unwrap_or((digits, "0"));
    let value = kr.parse::<i64>().unwrap() * 100 + format!("{dec:0<2}").parse::<i64>().unwrap();
    if negative { -value } else { value }
}

#[test]
fn demo_totals_match_an_independent_sum_of_the_ledger() {
    let ledger = std::fs::read_to_string(repo().join("data/demo/ledger-demo.csv")).unwrap();
    let mut header = ledger.lines().next().unwrap().split(';');
    let amount_col = header.position(|h| h == "Belopp").unwrap();
    let (mut expected, mut rows) = (0i64, 0u64);
    for line in ledger.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        // The demo ledger quotes no fields, so a plain split is exact.
        expected += ore(line.split(';').nth(amount_col).unwrap());
        rows += 1;
    }
    let report = analyze(&["--demo"]);
    assert_eq!(report["total"]["ore"].as_i64().unwrap(), expected);
    assert_eq!(report["total"]["rows"].as_u64().unwrap(), rows);
    assert_eq!(
        report["total"]["sek"].as_f64().unwrap(),
        expected as f64 / 100.0
    );
    assert_eq!(report["meta"]["demo"], true);

    // Categories add up to the total, and every classification rule kind shows up.
    let categories = report["categories"].as_array().unwrap();
    let sum: i64 = categories.iter().map(|c| c["ore"].as_i64().unwrap()).sum();
    assert_eq!(sum, expected);
    let kg: f64 = categories
        .iter()
        .map(|c| c["kg_co2e"].as_f64().unwrap())
        .sum();
    assert!((kg - report["total"]["kg_co2e"].as_f64().unwrap()).abs() < 1e-6 * kg.max(1.0));
    assert!(categories.iter().any(|c| c["id"] == "unclassified"));
    let kinds: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    for kind in ["cpv", "account", "keyword"] {
        assert!(kinds.contains(&kind), "no {kind} rule fired: {kinds:?}");
    }
    assert!(kinds.iter().any(|k| k.starts_with("supplier")), "{kinds:?}");
    assert!(
        report["data_quality"]["suspected_duplicate_groups"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(report["factor_set"].as_str().unwrap().contains("EPA"));
}

#[test]
fn every_output_format_is_written() {
    let dir = temp_dir("formats");
    let table = stdout(&upphandla(&["spend", "analyze", "--demo"]));
    assert!(table.contains("DEMODATA"), "{table}");
    assert!(table.contains("Total inköpsvolym"));

    for (format, check) in [
        ("html", b"<svg".as_slice()),
        ("xlsx", b"PK\x03\x04".as_slice()),
        ("csv", b"\xEF\xBB\xBFkategori;".as_slice()),
        ("json", b"{".as_slice()),
    ] {
        let out = dir.join(format!("rapport.{format}"));
        stdout(&upphandla(&[
            "spend",
            "analyze",
            "--demo",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ]));
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.windows(check.len()).any(|w| w == check),
            "{format} lacks {check:?}"
        );
    }
}

#[test]
fn lines_export_explains_every_line() {
    let dir = temp_dir("lines");
    let lines = dir.join("rader.csv");
    let report = analyze(&["--demo", "--lines", lines.to_str().unwrap()]);
    let text = std::fs::read_to_string(&lines).unwrap();
    let mut rows = text.lines();
    let header: Vec<&str> = rows
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}')
        .split(';')
        .collect();
    let category = header.iter().position(|h| *h == "kategori").unwrap();
    let origin = header.iter().position(|h| *h == "regelkalla").unwrap();
    let data: Vec<&str> = rows.collect();
    assert_eq!(data.len() as u64, report["total"]["rows"].as_u64().unwrap());
    for row in &data {
        let fields: Vec<&str> = row.split(';').collect();
        assert!(!fields[category].is_empty(), "{row}");
        assert!(!fields[origin].is_empty(), "{row}");
    }
}

#[test]
fn invalid_rows_give_precise_errors_and_no_result() {
    let dir = temp_dir("invalid");
    let ledger = dir.join("reskontra.csv");
    std::fs::write(
        &ledger,
        "Datum;Konto;Leverantör;Belopp\n2025-01-02;4010;Mat AB;100,00\n2025-02-30;4010;Mat AB;50,00\n2025-03-01;4010;Mat AB;12,3,4\n2025-03-02;4010;Mat AB;7,25\n",
    )
    .unwrap();
    let out = dir.join("rapport.json");
    let lines = dir.join("rader.csv");
    let output = upphandla(&[
        "spend",
        "analyze",
        ledger.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
        "--lines",
        lines.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("rad 3, kolumn 1"), "{stderr}");
    assert!(stderr.contains("2025-02-30"), "{stderr}");
    assert!(stderr.contains("rad 4, kolumn 4"), "{stderr}");
    assert!(stderr.contains("12,3,4"), "{stderr}");
    assert!(!out.exists(), "no report may be written");
    assert!(!lines.exists(), "no line export may be left behind");

    // With --skip-invalid the good rows are analysed and the skipped ones reported.
    let report = analyze(&[ledger.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(report["total"]["ore"], 10_725);
    assert_eq!(report["skipped"]["rows"], 2);
    // The bad date's row still had a readable amount; the bad amount did not.
    assert_eq!(report["skipped"]["sek"], 50.0);
    assert_eq!(report["skipped"]["rows_without_readable_amount"], 1);
    assert_eq!(report["skipped"]["errors"][0]["line"], 3);
    assert_eq!(report["skipped"]["errors"][1]["value"], "12,3,4");
}

#[test]
fn user_maps_and_factors_override_defaults() {
    let dir = temp_dir("maps");
    let ledger = dir.join("ledger.csv");
    std::fs::write(
        &ledger,
        "date,account,supplier_id,supplier,amount,description\n20250102,4010,556000-0001,Mat AB,\"1,000.50\",lunch\n20250103,4410,,Konsult AB,200.00,\n20250104,4999,,Okänd AB,300.00,diesel\n",
    )
    .unwrap();
    let accounts = dir.join("konton.csv");
    std::fs::write(
        &accounts,
        "konto;kategori\n4010;food\n4400-4499;consulting\n",
    )
    .unwrap();
    let factors = dir.join("faktorer.csv");
    std::fs::write(
        &factors,
        "kategori;namn;kg_co2e_per_sek;källa;år;låg;hög\nfood;Livsmedel;1,5;Egen studie;2025;1;2\n",
    )
    .unwrap();
    let report = analyze(&[
        ledger.to_str().unwrap(),
        "--account-map",
        accounts.to_str().unwrap(),
        "--factors",
        factors.to_str().unwrap(),
    ]);
    assert_eq!(category(&report, "food")["ore"], 100_050);
    assert!((category(&report, "food")["kg_co2e"].as_f64().unwrap() - 1000.5 * 1.5).abs() < 1e-9);
    assert!((category(&report, "food")["kg_co2e_low"].as_f64().unwrap() - 1000.5).abs() < 1e-9);
    assert_eq!(category(&report, "food")["factor"]["source"], "Egen studie");
    assert_eq!(category(&report, "consulting")["ore"], 20_000);
    // "diesel" in the text is caught by the default keyword rules.
    assert_eq!(category(&report, "fuels")["ore"], 30_000);

    let report = analyze(&[ledger.to_str().unwrap(), "--no-default-keywords"]);
    assert_eq!(category(&report, "unclassified")["ore"], 150_050);
}

#[test]
fn column_override_finds_an_unusual_header() {
    let dir = temp_dir("column");
    let ledger = dir.join("export.csv");
    std::fs::write(
        &ledger,
        "Bokdag;Belopp SEK inkl;Belopp SEK\n2025-01-01;125,00;100,00\n",
    )
    .unwrap();
    let output = upphandla(&[
        "spend",
        "analyze",
        ledger.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // Without the override no amount column is recognised ("Belopp SEK" is not a synonym).
    assert!(!output.status.success());
    let report = analyze(&[ledger.to_str().unwrap(), "--column", "amount=Belopp SEK"]);
    assert_eq!(report["total"]["ore"], 10_000);
}

#[test]
fn sie4_and_xlsx_ledgers_are_analysed() {
    let fixtures = repo().join("crates/formats/tests/fixtures");
    let sie = fixtures.join("sie/kommun_pc8_cp437.se");
    let report = analyze(&[sie.to_str().unwrap()]);
    assert!(report["total"]["rows"].as_u64().unwrap() > 0);
    assert_eq!(report["meta"]["inputs"][0]["format"], "SIE4");

    let dir = temp_dir("xlsx");
    let xlsx = dir.join("ledger.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["Datum", "Konto", "Leverantör", "Belopp"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "2025-01-02").unwrap();
    sheet.write_string(1, 1, "4010").unwrap();
    sheet.write_string(1, 2, "Mat AB").unwrap();
    sheet.write_number(1, 3, 1234.5).unwrap();
    workbook.save(&xlsx).unwrap();
    let report = analyze(&[xlsx.to_str().unwrap()]);
    assert_eq!(report["total"]["ore"], 123_450);
    assert_eq!(report["meta"]["inputs"][0]["format"], "XLSX");
}

#[test]
fn own_cpv_table_replaces_a_default_prefix() {
    let dir = temp_dir("cpv");
    let ledger = dir.join("ledger.csv");
    std::fs::write(&ledger, "Datum;Belopp;CPV\n2025-01-01;100,00;15800000-6\n").unwrap();
    let report = analyze(&[ledger.to_str().unwrap()]);
    assert_eq!(category(&report, "food")["ore"], 10_000);
    let cpv = dir.join("cpv.csv");
    std::fs::write(&cpv, "cpv;kategori\n15;catering\n").unwrap();
    let report = analyze(&[ledger.to_str().unwrap(), "--cpv-map", cpv.to_str().unwrap()]);
    assert_eq!(category(&report, "catering")["ore"], 10_000);
    assert_eq!(report["rules"][0]["origin"], format!("{}:2", cpv.display()));
}

#[test]
fn duplicate_check_can_be_switched_off_and_says_so() {
    let checked = analyze(&["--demo"]);
    assert_eq!(checked["data_quality"]["duplicates_checked"], true);
    assert!(
        checked["data_quality"]["suspected_duplicate_groups"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let unchecked = analyze(&["--demo", "--no-duplicate-check"]);
    assert_eq!(unchecked["data_quality"]["duplicates_checked"], false);
    assert_eq!(unchecked["data_quality"]["suspected_duplicate_groups"], 0);
    // Everything else is the same analysis.
    assert_eq!(unchecked["total"], checked["total"]);
    assert_eq!(unchecked["categories"], checked["categories"]);
    let table = stdout(&upphandla(&[
        "spend",
        "analyze",
        "--demo",
        "--no-duplicate-check",
    ]));
    assert!(table.contains("inte kontrollerat"), "{table}");
}
