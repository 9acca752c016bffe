//! The import pipeline as the web application uses it: rules and ledgers as
//! bytes in memory, observers that see every classified line.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use upphandla_core::classify::Classifier;
use upphandla_core::ledger::{LedgerField, LedgerLine};
use upphandla_core::spend::{DEFAULT_TOP_SUPPLIERS, LineOutcome, SpendReport};
use upphandla_formats::import::{
    self, Analysis, Classification, Data, EngineOptions, ImportError, LedgerKind, LedgerSource,
    LineObserver, LinesExport, ReadOptions, RuleFileKind, RuleSource,
};

/// Counts and sums what it sees, and keeps each line's rule as shown in a drill-down.
#[derive(Default)]
struct Tally {
    lines: u64,
    ore: i64,
    kg: f64,
    /// (file, line) → "kategori: regel".
    rules: BTreeMap<(String, u64), String>,
}

impl LineObserver for Tally {
    fn line(&mut self, file: &str, line: &LedgerLine<'_>, outcome: &LineOutcome, c: &Classifier) {
        self.lines += 1;
        self.ore += line.amount.0;
        self.kg += outcome.kg_co2e;
        let classified = Classification::of(outcome, c);
        let shown = format!("{}: {classified}", classified.category.id);
        let old = self
            .rules
            .insert((file.to_string(), line.position.line), shown);
        assert!(old.is_none(), "{file}:{} seen twice", line.position.line);
    }
}

fn engine(options: &EngineOptions<'_>) -> upphandla_core::spend::SpendEngine {
    import::build_engine(options).unwrap().0
}

fn run(
    options: &EngineOptions<'_>,
    sources: &[LedgerSource<'_>],
    read: &ReadOptions,
) -> Result<Analysis<Tally>, ImportError> {
    let engine = engine(options);
    import::analyze(
        &engine,
        sources,
        read,
        Tally::default,
        DEFAULT_TOP_SUPPLIERS,
    )
}

fn threads(n: usize) -> ReadOptions {
    ReadOptions {
        threads: Some(n),
        ..ReadOptions::default()
    }
}

/// Sums over all observers.
fn merged(observers: Vec<Tally>) -> Tally {
    let mut all = Tally::default();
    for t in observers {
        all.lines += t.lines;
        all.ore += t.ore;
        all.kg += t.kg;
        all.rules.extend(t.rules);
    }
    all
}

fn category_ore(report: &SpendReport) -> BTreeMap<String, i64> {
    report
        .categories
        .iter()
        .map(|c| (c.id.clone(), c.ore))
        .collect()
}

#[test]
fn observers_see_every_demo_line_once_on_any_number_of_threads() {
    let demo = EngineOptions {
        demo: true,
        ..EngineOptions::default()
    };
    for n in [1, 2, 4] {
        let analysis = run(&demo, &[LedgerSource::demo()], &threads(n)).unwrap();
        assert!(analysis.observers.len() <= n, "{n} threads");
        let report = &analysis.report;
        let seen = merged(analysis.observers);
        assert_eq!(seen.lines, report.total.rows);
        assert_eq!(seen.ore, report.total.ore);
        assert!((seen.kg - report.total.kg_co2e).abs() < 1e-6 * seen.kg.max(1.0));
        assert_eq!(seen.rules.len() as u64, report.total.rows);
        assert_eq!(analysis.invalid_rows, 0);
        assert!(analysis.errors.is_empty());
        assert_eq!(analysis.inputs.len(), 1);
        assert_eq!(analysis.inputs[0].format, "CSV");
        assert_eq!(analysis.inputs[0].rows, report.total.rows);
    }
}

#[test]
fn one_thread_gives_one_observer_across_sources_in_file_order() {
    #[derive(Default)]
    struct Order(Vec<(String, u64)>);
    impl LineObserver for Order {
        fn line(&mut self, file: &str, line: &LedgerLine<'_>, _: &LineOutcome, _: &Classifier) {
            self.0.push((file.to_string(), line.position.line));
        }
    }
    let engine = engine(&EngineOptions::default());
    let sources = [
        LedgerSource::from_bytes(
            "a.csv",
            &b"Datum;Belopp\n2025-01-01;1,00\n2025-01-02;2,00\n"[..],
        ),
        LedgerSource::from_bytes("b.csv", &b"Datum;Belopp\n2025-01-03;3,00\n"[..]),
    ];
    let analysis = import::analyze(&engine, &sources, &threads(1), Order::default, 10).unwrap();
    assert_eq!(analysis.observers.len(), 1);
    let order: Vec<(&str, u64)> = analysis.observers[0]
        .0
        .iter()
        .map(|(f, l)| (f.as_str(), *l))
        .collect();
    assert_eq!(order, [("a.csv", 2), ("a.csv", 3), ("b.csv", 2)]);
    assert_eq!(analysis.report.total.ore, 600);
}

#[test]
fn demo_maps_as_ordinary_rule_sources_classify_as_the_demo_flag_does() {
    let as_flag = EngineOptions {
        demo: true,
        ..EngineOptions::default()
    };
    let as_rules = EngineOptions {
        rules: vec![
            RuleSource::new(
                RuleFileKind::Accounts,
                "Kontoplan (demo)",
                import::DEMO_ACCOUNTS,
            ),
            RuleSource::new(
                RuleFileKind::Suppliers,
                "Leverantörer (demo)",
                import::DEMO_SUPPLIERS,
            ),
        ],
        ..EngineOptions::default()
    };
    let ledger = [LedgerSource::from_bytes("demo.csv", import::DEMO_LEDGER)];
    let flag = run(&as_flag, &ledger, &threads(2)).unwrap();
    let rules = run(&as_rules, &ledger, &threads(2)).unwrap();
    assert_eq!(category_ore(&flag.report), category_ore(&rules.report));
    assert_eq!(flag.report.total, rules.report.total);

    let (_, files) = import::build_engine(&as_rules).unwrap();
    assert_eq!(
        files,
        [
            "Kontoplan: Kontoplan (demo)",
            "Leverantörer: Leverantörer (demo)"
        ]
    );
}

const LEDGER: &[u8] = "date,account,supplier_id,supplier,amount,description\n\
    20250102,4010,556000-0001,Mat AB,\"1,000.50\",lunch\n\
    20250103,4410,,Konsult AB,200.00,\n\
    20250104,4999,,Okänd AB,300.00,diesel\n"
    .as_bytes();

#[test]
fn rule_files_as_bytes_override_the_defaults() {
    let accounts = "konto;kategori\n4010;food\n4400-4499;consulting\n"
        .as_bytes()
        .to_vec();
    let factors = "kategori;namn;kg_co2e_per_sek;källa;år;låg;hög\n\
                   food;Livsmedel;1,5;Egen studie;2025;1;2\n"
        .as_bytes()
        .to_vec();
    let options = EngineOptions {
        rules: vec![
            RuleSource::new(RuleFileKind::Factors, "Egna faktorer", factors),
            RuleSource::new(
                RuleFileKind::Accounts,
                "Kontoplan (organisationens)",
                accounts,
            ),
        ],
        ..EngineOptions::default()
    };
    let (_, files) = import::build_engine(&options).unwrap();
    // Listed in the order they are applied: rules before factors.
    assert_eq!(
        files,
        [
            "Kontoplan: Kontoplan (organisationens)",
            "Faktorer: Egna faktorer"
        ]
    );
    let analysis = run(
        &options,
        &[LedgerSource::from_bytes("reskontra.csv", LEDGER)],
        &threads(1),
    )
    .unwrap();
    let report = &analysis.report;
    let food = report.categories.iter().find(|c| c.id == "food").unwrap();
    assert_eq!(food.ore, 100_050);
    assert!((food.kg_co2e - 1000.5 * 1.5).abs() < 1e-9);
    assert_eq!(food.factor.as_ref().unwrap().source, "Egen studie");
    let ore = category_ore(report);
    assert_eq!(ore["consulting"], 20_000);
    // "diesel" in the text is caught by the default keyword rules.
    assert_eq!(ore["fuels"], 30_000);

    let seen = merged(analysis.observers);
    assert_eq!(
        seen.rules[&("reskontra.csv".to_string(), 2)],
        "food: konto 4010 (Kontoplan (organisationens):2)"
    );
    assert_eq!(
        seen.rules[&("reskontra.csv".to_string(), 3)],
        "consulting: kontointervall 4400-4499 (Kontoplan (organisationens):3)"
    );
    assert!(
        seen.rules[&("reskontra.csv".to_string(), 4)].starts_with("fuels: nyckelord diesel ("),
        "{:?}",
        seen.rules
    );

    // Without the default keywords, the diesel line and (with no account
    // rule of its own) nothing else falls through to unclassified.
    let own_only = EngineOptions {
        default_keywords: false,
        ..options.clone()
    };
    let analysis = run(
        &own_only,
        &[LedgerSource::from_bytes("reskontra.csv", LEDGER)],
        &threads(1),
    )
    .unwrap();
    assert_eq!(category_ore(&analysis.report)["unclassified"], 30_000);
    let seen = merged(analysis.observers);
    assert_eq!(
        seen.rules[&("reskontra.csv".to_string(), 4)],
        "unclassified: oklassificerad (inbyggd)"
    );
}

#[test]
fn own_keywords_come_before_the_defaults_and_own_cpv_replaces_a_prefix() {
    let options = EngineOptions {
        rules: vec![
            RuleSource::new(
                RuleFileKind::Keywords,
                "nyckelord",
                &b"nyckelord;kategori\ndiesel;catering\n"[..],
            ),
            RuleSource::new(
                RuleFileKind::Cpv,
                "cpv",
                &b"cpv;kategori\n15;construction_buildings\n"[..],
            ),
        ],
        ..EngineOptions::default()
    };
    let ledger =
        "Datum;Belopp;CPV;Beskrivning\n2025-01-01;100,00;15800000-6;\n2025-01-02;50,00;;diesel\n";
    let analysis = run(
        &options,
        &[LedgerSource::from_bytes("l.csv", ledger.as_bytes())],
        &threads(1),
    )
    .unwrap();
    let ore = category_ore(&analysis.report);
    assert_eq!(ore["construction_buildings"], 10_000);
    assert_eq!(ore["catering"], 5_000);
}

#[test]
fn invalid_rows_give_precise_errors_and_no_observers() {
    let bad = "Datum;Konto;Leverantör;Belopp\n2025-01-02;4010;Mat AB;100,00\n\
               2025-02-30;4010;Mat AB;50,00\n2025-03-01;4010;Mat AB;12,3,4\n2025-03-02;4010;Mat AB;7,25\n";
    // Counts lines seen by observers that were dropped rather than returned.
    let dropped = Arc::new(AtomicU64::new(0));
    struct Staged {
        lines: u64,
        dropped: Arc<AtomicU64>,
    }
    impl LineObserver for Staged {
        fn line(&mut self, _: &str, _: &LedgerLine<'_>, _: &LineOutcome, _: &Classifier) {
            self.lines += 1;
        }
    }
    impl Drop for Staged {
        fn drop(&mut self) {
            self.dropped.fetch_add(self.lines, Ordering::SeqCst);
        }
    }
    let engine = engine(&EngineOptions::default());
    let sources = [
        LedgerSource::demo(),
        LedgerSource::from_bytes("reskontra.csv", bad.as_bytes()),
    ];
    let make = || Staged {
        lines: 0,
        dropped: Arc::clone(&dropped),
    };
    let result = import::analyze(&engine, &sources, &threads(2), make, 10);
    let Err(ImportError::InvalidRows { errors, count }) = result else {
        panic!("expected invalid rows");
    };
    assert_eq!(count, 2);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        shown[0].starts_with("reskontra.csv: rad 3, kolumn 1 (Datum): \"2025-02-30\""),
        "{shown:?}"
    );
    assert!(
        shown[1].starts_with("reskontra.csv: rad 4, kolumn 4 (Belopp): \"12,3,4\""),
        "{shown:?}"
    );
    assert_eq!((errors[0].error.line, errors[0].error.column), (3, 1));
    // The valid lines were observed, and every observer was dropped with them.
    let demo_rows = import::DEMO_LEDGER
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count() as u64
        - 1;
    assert_eq!(dropped.load(Ordering::SeqCst), demo_rows + 2);
    let message = ImportError::InvalidRows { errors, count }.to_string();
    assert!(
        message.starts_with("2 ogiltiga rader; inget har importerats"),
        "{message}"
    );

    // With skip_invalid the good rows are analysed and the skipped ones listed.
    let skip = ReadOptions {
        skip_invalid: true,
        ..threads(2)
    };
    let analysis = run(
        &EngineOptions::default(),
        &[LedgerSource::from_bytes("reskontra.csv", bad.as_bytes())],
        &skip,
    )
    .unwrap();
    assert_eq!(analysis.report.total.ore, 10_725);
    assert_eq!(analysis.invalid_rows, 2);
    assert_eq!(analysis.errors.len(), 2);
    assert_eq!(analysis.errors[1].error.value, "12,3,4");
    assert_eq!(merged(analysis.observers).ore, 10_725);
}

#[test]
fn row_errors_are_capped_and_sorted_across_files() {
    let mut many = String::from("Datum;Belopp\n");
    for _ in 0..120 {
        many.push_str("2025-01-01;x\n");
    }
    let skip = ReadOptions {
        skip_invalid: true,
        ..threads(3)
    };
    let sources = [
        LedgerSource::from_bytes("b.csv", many.as_bytes()),
        LedgerSource::from_bytes("a.csv", &b"Datum;Belopp\n2025-13-01;1,00\n"[..]),
    ];
    let analysis = run(&EngineOptions::default(), &sources, &skip).unwrap();
    assert_eq!(analysis.invalid_rows, 121);
    assert_eq!(analysis.errors.len(), import::MAX_ROW_ERRORS);
    assert_eq!(analysis.errors[0].file, "a.csv");
    let b_lines: Vec<u64> = analysis.errors[1..].iter().map(|e| e.error.line).collect();
    assert_eq!(b_lines, (2..51).collect::<Vec<u64>>());
}

#[test]
fn unreadable_files_are_named_in_swedish() {
    let cases: [(LedgerSource<'_>, &str); 4] = [
        (
            LedgerSource::from_bytes("tom.csv", &b""[..]),
            "tom.csv: filen är tom eller saknar rubrikrad",
        ),
        (
            LedgerSource {
                name: "trasig.xlsx".into(),
                kind: LedgerKind::Xlsx,
                data: Data::from(&b"PK\x03\x04 not really"[..]),
            },
            "trasig.xlsx: kunde inte öppna Excel-filen",
        ),
        (
            LedgerSource::from_bytes("bok.se", &b"#FLAGGA 0\n#SIETYP 1\n"[..]),
            "bok.se: SIE typ 1 innehåller inga verifikationer",
        ),
        (
            LedgerSource {
                name: "saknas.se".into(),
                kind: LedgerKind::Sie4,
                data: Data::Path("/nonexistent/saknas.se".into()),
            },
            "saknas.se: kunde inte läsa filen",
        ),
    ];
    for (source, expected) in cases {
        let error = run(&EngineOptions::default(), &[source], &threads(1))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with(expected), "{error}");
    }

    let bad_map = EngineOptions {
        rules: vec![RuleSource::new(
            RuleFileKind::Accounts,
            "Kontoplan (organisationens)",
            &b"foo;bar\n4010;food\n"[..],
        )],
        ..EngineOptions::default()
    };
    let error = import::build_engine(&bad_map).unwrap_err().to_string();
    assert!(
        error.starts_with("Kontoplan (organisationens): rubrikraden"),
        "{error}"
    );
}

#[test]
fn xlsx_and_sie_from_memory() {
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
    let xlsx = workbook.save_to_buffer().unwrap();
    // The kind comes from the zip signature when the name has no extension.
    let source = LedgerSource::from_bytes("uppladdning", xlsx);
    assert_eq!(source.kind, LedgerKind::Xlsx);

    let sie = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sie/kommun_pc8_cp437.se"
    ))
    .unwrap();
    let sie = LedgerSource::from_bytes("kommun.se", sie);
    let analysis = run(&EngineOptions::default(), &[source, sie], &threads(2)).unwrap();
    let formats: Vec<&str> = analysis.inputs.iter().map(|i| i.format.as_str()).collect();
    assert_eq!(formats, ["XLSX", "SIE4"]);
    assert!(
        analysis.inputs[0].detail.starts_with("blad \"Sheet1\""),
        "{:?}",
        analysis.inputs[0]
    );
    let files: BTreeSet<String> = merged(analysis.observers)
        .rules
        .keys()
        .map(|(f, _)| f.clone())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["uppladdning".into(), "kommun.se".into()])
    );
    assert!(analysis.report.total.ore > 123_450);
}

#[test]
fn lines_export_is_an_observer() {
    let engine = engine(&EngineOptions::default());
    let sources = [LedgerSource::from_bytes("reskontra.csv", LEDGER)];
    let make = || LinesExport::new(Vec::new()).unwrap();
    let analysis = import::analyze(&engine, &sources, &threads(1), make, 10).unwrap();
    let [export] = <[_; 1]>::try_from(analysis.observers).ok().unwrap();
    let text = String::from_utf8(export.finish().unwrap()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("\u{feff}fil;rad;datum"), "{}", rows[0]);
    assert!(
        rows[3].starts_with("reskontra.csv;4;2025-01-04;"),
        "{}",
        rows[3]
    );
    assert!(rows[3].contains(";fuels;nyckelord;diesel;"), "{}", rows[3]);
}

#[test]
fn progress_counts_bytes_over_all_sources() {
    let seen = Arc::new(AtomicU64::new(0));
    let last = Arc::clone(&seen);
    let options = ReadOptions {
        progress: Some(Arc::new(move |done| {
            last.fetch_max(done, Ordering::SeqCst);
        })),
        ..threads(1)
    };
    let sources = [
        LedgerSource::from_bytes("a.csv", LEDGER),
        LedgerSource::from_bytes("b.csv", LEDGER),
    ];
    run(&EngineOptions::default(), &sources, &options).unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 2 * LEDGER.len() as u64);
}

#[test]
fn kinds_are_detected_by_name_then_by_content() {
    assert_eq!(LedgerKind::detect("Reskontra.XLSX", b""), LedgerKind::Xlsx);
    assert_eq!(LedgerKind::detect("bok.SE", b""), LedgerKind::Sie4);
    assert_eq!(
        LedgerKind::detect("export.txt", b"PK\x03\x04"),
        LedgerKind::Csv
    );
    assert_eq!(
        LedgerKind::detect("fil", b"\xEF\xBB\xBF#FLAGGA 0"),
        LedgerKind::Sie4
    );
    assert_eq!(
        LedgerKind::detect("fil", b"PK\x03\x04\x14\0"),
        LedgerKind::Xlsx
    );
    assert_eq!(LedgerKind::detect("fil", b"Datum;Belopp"), LedgerKind::Csv);
}

#[test]
fn column_overrides_and_account_ranges_parse_as_the_cli_takes_them() {
    assert_eq!(
        import::parse_column_override("amount=\"Belopp SEK\"").unwrap(),
        (LedgerField::Amount, "Belopp SEK".to_string())
    );
    assert!(
        import::parse_column_override("foo=bar")
            .unwrap_err()
            .contains("okänt fält")
    );
    assert_eq!(
        import::parse_account_ranges("4000-6999, 7600-7699,7010").unwrap(),
        [4000..=6999, 7600..=7699, 7010..=7010]
    );
    assert!(import::parse_account_ranges("4000-x").is_err());
    assert!(import::parse_account_ranges("5000-4000").is_err());
}
