//! SIE 4 reader on the project's own fixtures (tests/fixtures/sie, written
//! for these tests) and on small inline files.

use std::path::{Path, PathBuf};

use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;
use upphandla_formats::sie4::{
    Sie4Error, Sie4Options, Sie4Summary, SieEncoding, read_sie4_bytes, read_sie4_path,
};

#[derive(Debug, Clone, PartialEq)]
struct Line {
    line: u64,
    date: Option<Date>,
    unit: String,
    account: String,
    account_name: String,
    amount: Ore,
    text: String,
    quantity: Option<f64>,
}

#[derive(Default)]
struct Collect {
    lines: Vec<Line>,
    errors: Vec<RowError>,
}

impl LedgerSink for Collect {
    fn line(&mut self, l: &LedgerLine<'_>) {
        assert!(l.supplier_id.is_empty() && l.supplier_name.is_empty() && l.cpv.is_empty());
        self.lines.push(Line {
            line: l.position.line,
            date: l.date,
            unit: l.unit.to_string(),
            account: l.account.to_string(),
            account_name: l.account_name.to_string(),
            amount: l.amount,
            text: l.text.to_string(),
            quantity: l.quantity,
        });
    }
    fn invalid(&mut self, error: RowError) {
        self.errors.push(error);
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sie")
        .join(name)
}

fn read(name: &str, options: &Sie4Options) -> (Sie4Summary, Collect) {
    let mut sink = Collect::default();
    let summary = read_sie4_path(&fixture(name), options, &mut sink).expect(name);
    (summary, sink)
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

fn expected_kommun_lines() -> Vec<Line> {
    let l =
        |line, date, unit: &str, account: &str, name: &str, amount, text: &str, quantity| Line {
            line,
            date,
            unit: unit.into(),
            account: account.into(),
            account_name: name.into(),
            amount: Ore(amount),
            text: text.into(),
            quantity,
        };
    vec![
        l(
            27,
            date(2024, 1, 14),
            "100 Förvaltning X",
            "5611",
            "Drivmedel för personbilar",
            100000,
            "Diesel 52,3 l",
            Some(52.3),
        ),
        // Dimension 1 wins although dimension 6 comes first; empty transdate
        // and transtext fall back to the voucher's.
        l(
            33,
            date(2024, 1, 31),
            "200 Äldreomsorg",
            "5020",
            "El för belysning",
            500000,
            "El januari, Vattenfall",
            Some(2100.5),
        ),
        // No dimension 1: the first object is used.
        l(
            38,
            date(2024, 2, 10),
            "P1 Öppna förskolan",
            "6110",
            "Kontorsmateriel",
            40000,
            "Kontorsmateriel \"Bästa\" AB",
            None,
        ),
        // #RTRANS followed by its #TRANS copy: counted once, at the #TRANS.
        l(
            43,
            date(2024, 3, 1),
            "100 Förvaltning X",
            "4010",
            "Inköp material och varor",
            30000,
            "Tillagd i efterhand",
            None,
        ),
        // #BTRANS ignored; #RTRANS without a copy counts; object 300 has no name.
        l(
            45,
            date(2024, 3, 1),
            "300",
            "4010",
            "Inköp material och varor",
            -7525,
            "Rättelse",
            None,
        ),
    ]
}

#[test]
fn pc8_cp437_fixture() {
    let (summary, sink) = read("kommun_pc8_cp437.se", &Sie4Options::default());
    assert!(sink.errors.is_empty(), "{:?}", sink.errors);
    assert_eq!(sink.lines, expected_kommun_lines());
    assert_eq!(summary.encoding, SieEncoding::Cp437);
    assert_eq!(summary.format_label.as_deref(), Some("PC8"));
    assert_eq!(summary.company_name.as_deref(), Some("Småstads kommun"));
    assert_eq!(summary.vouchers, 4);
    assert_eq!(summary.transactions, 11);
    assert_eq!(summary.added_without_copy, 1);
    assert_eq!(summary.removed_ignored, 1);
    assert_eq!(summary.cost_lines, 5);
    assert_eq!(summary.cost_total, Ore(662475));
}

#[test]
fn pc8_label_on_utf8_bytes_decodes_as_utf8() {
    let (summary, sink) = read("kommun_pc8_utf8.se", &Sie4Options::default());
    assert!(sink.errors.is_empty(), "{:?}", sink.errors);
    assert_eq!(summary.encoding, SieEncoding::Utf8);
    assert_eq!(summary.format_label.as_deref(), Some("PC8"));
    assert_eq!(summary.company_name.as_deref(), Some("Småstads kommun"));
    assert_eq!(sink.lines, expected_kommun_lines());
}

#[test]
fn windows_1252_bytes_are_recognised() {
    let (summary, sink) = read("kommun_cp1252.se", &Sie4Options::default());
    assert_eq!(summary.encoding, SieEncoding::Windows1252);
    assert_eq!(summary.company_name.as_deref(), Some("Småstads kommun"));
    assert_eq!(sink.lines, expected_kommun_lines());
}

#[test]
fn options_choose_accounts_and_dimension() {
    let options = Sie4Options {
        accounts: vec![5000..=5999],
        unit_dimension: 6,
        unit_fallback_first: false,
    };
    let (summary, sink) = read("kommun_pc8_cp437.se", &options);
    let got: Vec<(&str, &str, i64)> = sink
        .lines
        .iter()
        .map(|l| (l.account.as_str(), l.unit.as_str(), l.amount.0))
        .collect();
    assert_eq!(
        got,
        [
            ("5611", "P1 Öppna förskolan", 100000),
            ("5020", "P1 Öppna förskolan", 500000)
        ]
    );
    assert_eq!(summary.cost_total, Ore(600000));

    // Without fallback, a transaction lacking the dimension has no unit.
    let options = Sie4Options {
        accounts: vec![6000..=6999],
        unit_dimension: 1,
        unit_fallback_first: false,
    };
    let (_, sink) = read("kommun_pc8_cp437.se", &options);
    assert_eq!(sink.lines.len(), 1);
    assert_eq!(sink.lines[0].unit, "");
}

/// (line, column, column_name, value, amount) of each error in malformed.se,
/// worked out by hand from the file.
#[test]
fn malformed_file_reports_precise_errors() {
    let (summary, sink) = read("malformed.se", &Sie4Options::default());
    let got: Vec<(u64, u32, &str, &str, Option<i64>)> = sink
        .errors
        .iter()
        .map(|e| {
            (
                e.line,
                e.column,
                e.column_name.as_str(),
                e.value.as_str(),
                e.amount.map(|a| a.0),
            )
        })
        .collect();
    let want: Vec<(u64, u32, &str, &str, Option<i64>)> = vec![
        (5, 13, "#KONTO", "", None),
        (6, 10, "#VER verdatum", "20241301", Some(10000)),
        (13, 8, "#TRANS kontonr", "4O10", Some(1000)),
        (14, 16, "#TRANS belopp", "12,50", None),
        (15, 16, "#TRANS belopp", "1.005", None),
        (16, 14, "#TRANS objektlista", "1", Some(300)),
        (17, 13, "#TRANS objektlista", "100.00", None),
        (18, 21, "#TRANS transdat", "2024-02-30", Some(700)),
        (19, 33, "#TRANS kvantitet", "3,5", Some(700)),
        (20, 16, "#TRANS", "", None),
        // Character column, not byte column: "Kött" is one byte longer in UTF-8.
        (22, 46, "#TRANS kvantitet", "2,5", Some(700)),
        (25, 1, "#TRANS", "#TRANS", None),
    ];
    assert_eq!(got, want);
    assert!(sink.errors[0].expected.contains("citattecknet"));
    assert!(sink.errors[1].expected.contains("ÅÅÅÅMMDD"));
    assert!(sink.errors[1].expected.contains("rad 8"));
    assert!(sink.errors[3].expected.contains("decimalpunkt"));
    assert!(sink.errors[11].expected.contains("verifikation"));
    let lines: Vec<(u64, Option<Date>, i64)> = sink
        .lines
        .iter()
        .map(|l| (l.line, l.date, l.amount.0))
        .collect();
    assert_eq!(
        lines,
        [(9, date(2024, 1, 5), 10000), (23, date(2024, 1, 5), 900)]
    );
    assert_eq!(summary.invalid_rows, 12);
    assert_eq!(summary.encoding, SieEncoding::Utf8);
}

fn read_inline(text: &str) -> Result<(Sie4Summary, Collect), Sie4Error> {
    let mut sink = Collect::default();
    let s = read_sie4_bytes(
        text.as_bytes(),
        Path::new("inline.se"),
        &Sie4Options::default(),
        &mut sink,
    )?;
    Ok((s, sink))
}

fn structure_error(text: &str) -> (u64, u32, String) {
    match read_inline(text) {
        Err(Sie4Error::Structure {
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!(path, Path::new("inline.se"));
            (line, column, message)
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("accepted: {text}"),
    }
}

#[test]
fn broken_structure_is_a_file_error() {
    let (l, c, m) = structure_error("#FLAGGA 0\n#VER A 1 20240101 \"x\"\n{\n#TRANS 4010 {} 1.00\n");
    assert_eq!((l, c), (2, 1));
    assert!(m.contains("} saknas"), "{m}");

    let (l, _, m) = structure_error("#FLAGGA 0\n{\n}\n");
    assert_eq!(l, 2);
    assert!(m.contains("utan föregående #VER"), "{m}");

    let (l, _, m) = structure_error("#FLAGGA 0\n}\n");
    assert_eq!(l, 2);
    assert!(m.contains("utan öppnad"), "{m}");

    let (l, _, m) = structure_error("#FLAGGA 0\n#VER A 1 20240101\n#TRANS 4010 {} 1.00\n");
    assert_eq!(l, 3);
    assert!(m.contains("{ saknas efter #VER på rad 2"), "{m}");

    let (l, _, m) = structure_error("#FLAGGA 0\n#VER A 1 20240101\n{\n#VER A 2 20240101\n{\n}\n");
    assert_eq!(l, 4);
    assert!(m.contains("från rad 2"), "{m}");

    let (l, c, m) = structure_error("#FLAGGA 0\n#VER A 1 20240101 \"öppen\n{\n}\n");
    assert_eq!((l, c), (2, 19));
    assert!(m.contains("citattecknet"), "{m}");

    let e = structure_error("#FLAGGA 0\n#VER A 1 20240101\n{\n");
    let shown = Sie4Error::Structure {
        path: "inline.se".into(),
        line: e.0,
        column: e.1,
        message: e.2,
    }
    .to_string();
    assert!(shown.starts_with("inline.se: rad 2, kolumn 1: "), "{shown}");
}

#[test]
fn not_sie_and_wrong_type_are_file_errors() {
    for text in [
        "",
        "\n\n",
        "Datum;Belopp\n2024-01-01;100\n",
        "PK\u{3}\u{4}\0\0garbage",
    ] {
        match read_inline(text) {
            Err(e @ Sie4Error::NotSie { .. }) => {
                assert!(
                    e.to_string()
                        .starts_with("inline.se: filen är inte en SIE-fil")
                )
            }
            other => panic!("{text:?}: {:?}", other.map(|(s, _)| s)),
        }
    }
    match read_inline("#FLAGGA 0\n#SIETYP 2\n#RES 0 4010 100.00\n") {
        Err(e @ Sie4Error::WrongType { .. }) => assert!(e.to_string().contains("SIE typ 2")),
        other => panic!("{:?}", other.map(|(s, _)| s)),
    }
    let missing = fixture("does-not-exist.se");
    let mut sink = Collect::default();
    match read_sie4_path(&missing, &Sie4Options::default(), &mut sink) {
        Err(e @ Sie4Error::Io { .. }) => assert!(e.to_string().contains("does-not-exist.se")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bom_blank_lines_and_unknown_items_are_tolerated() {
    let text = "\u{feff}#FLAGGA 0\r\n\r\n#OKAND \"x\" {1 2}\r\n#VER \"\" \"\" 20240105 \"Utan serie\"\r\n{\r\n  #NYPOST 1\r\n\t#TRANS\t7010\t{}\t-12.00\r\n}\r\n";
    let (summary, sink) = read_inline(text).unwrap();
    assert!(sink.errors.is_empty(), "{:?}", sink.errors);
    assert_eq!(sink.lines.len(), 1);
    assert_eq!(sink.lines[0].amount, Ore(-1200));
    assert_eq!(sink.lines[0].text, "Utan serie");
    assert_eq!(sink.lines[0].line, 7);
    assert_eq!(summary.vouchers, 1);
}

#[test]
fn only_the_next_trans_can_be_an_rtrans_copy() {
    let text = "#FLAGGA 0\n#VER A 1 20240105 \"R\"\n{\n#RTRANS 4010 {} 5.00\n#TRANS 1930 {} -5.00\n#TRANS 4010 {} 5.00\n}\n";
    let (summary, sink) = read_inline(text).unwrap();
    let lines: Vec<(u64, i64)> = sink.lines.iter().map(|l| (l.line, l.amount.0)).collect();
    assert_eq!(lines, [(4, 500), (6, 500)]);
    assert_eq!(summary.added_without_copy, 1);

    // A copy with different objects is not a copy.
    let text = "#FLAGGA 0\n#VER A 1 20240105 \"R\"\n{\n#RTRANS 4010 {1 \"1\"} 5.00\n#TRANS 4010 {1 \"2\"} 5.00\n}\n";
    let (_, sink) = read_inline(text).unwrap();
    assert_eq!(sink.lines.len(), 2);
}
