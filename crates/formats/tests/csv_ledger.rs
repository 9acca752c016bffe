//! Integration tests for the CSV ledger reader: fixtures in
//! `tests/fixtures/csv/`, errors with exact positions, and the parallel path
//! against the single-threaded one.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

mod common;

use common::{Collect, Line};
use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerField, RowError};
use upphandla_core::money::Ore;
use upphandla_formats::csv_ledger::{
    CsvError, CsvOptions, CsvReport, read_csv_ledger, read_csv_ledger_from,
};
use upphandla_formats::number::DecimalMark;
use upphandla_formats::text::EncodingSeen;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

/// Reads with `threads` workers and merges the sinks into file order.
fn read_path(
    path: &Path,
    options: &CsvOptions,
    threads: usize,
) -> (Vec<Line>, Vec<RowError>, CsvReport) {
    let (sinks, report) = read_csv_ledger(path, options, Collect::default, threads).unwrap();
    merge(sinks, report)
}

fn read_bytes(
    bytes: &[u8],
    options: &CsvOptions,
    threads: usize,
) -> (Vec<Line>, Vec<RowError>, CsvReport) {
    let (sinks, report) =
        read_csv_ledger_from(bytes, "test.csv", options, Collect::default, threads).unwrap();
    merge(sinks, report)
}

fn merge(sinks: Vec<Collect>, report: CsvReport) -> (Vec<Line>, Vec<RowError>, CsvReport) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for s in sinks {
        lines.extend(s.lines);
        errors.extend(s.errors);
    }
    lines.sort_by_key(|l| l.line);
    errors.sort_by_key(|e| e.line);
    (lines, errors, report)
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

#[test]
fn semicolon_crlf_bom_with_thousands_credit_notes_and_blank_lines() {
    let (lines, errors, report) = read_path(
        &fixture("semicolon_crlf_bom.csv"),
        &CsvOptions::default(),
        1,
    );
    assert_eq!(errors, vec![]);
    assert_eq!(report.separator, b';');
    assert_eq!(report.encoding, EncodingSeen::Utf8Bom);
    assert_eq!(report.decimal_mark, DecimalMark::Comma);
    assert!(report.decimal_mark_detected);
    assert_eq!(report.rows, 5);
    assert_eq!(report.invalid_rows, 0);
    assert_eq!(report.blank_lines, 3);
    assert_eq!(report.columns.len(), 8);
    assert_eq!(
        report.column_name(LedgerField::Amount),
        Some("Belopp exkl moms")
    );
    assert_eq!(report.column_name(LedgerField::Unit), Some("Ansvar"));

    assert_eq!(
        lines[0],
        Line {
            line: 2,
            date: date(2024, 1, 15),
            unit: "BUF Öster".into(),
            account: "5611".into(),
            supplier_id: "556677-8899".into(),
            supplier: "Åkes Bränsle AB".into(),
            amount: Ore(123450),
            text: "Diesel".into(),
            cpv: "09134100-8".into(),
        }
    );
    let summary: Vec<(u64, Option<Date>, i64, &str)> = lines
        .iter()
        .map(|l| (l.line, l.date, l.amount.0, l.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (2, date(2024, 1, 15), 123450, "Diesel"),
            (4, date(2024, 2, 16), -9900, "Kreditnota"),
            (5, date(2024, 3, 1), 1234567890, "Entreprenad"),
            (7, date(2024, 3, 2), 25000, "Lunch; \"möte\""),
            (9, date(2024, 12, 31), -100000, "Återbetalning"),
        ]
    );
    assert_eq!(lines[1].cpv, "");
    assert_eq!(lines[2].supplier_id, "");
}

#[test]
fn comma_separated_with_quotes_embedded_newline_and_decimal_point() {
    let (lines, errors, report) =
        read_path(&fixture("comma_quotes.csv"), &CsvOptions::default(), 1);
    assert_eq!(report.separator, b',');
    assert_eq!(report.encoding, EncodingSeen::Utf8);
    assert_eq!(report.decimal_mark, DecimalMark::Point);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].line, 2);
    assert_eq!(lines[0].supplier, "Data, Nät & Tele AB");
    assert_eq!(lines[0].amount, Ore(123456789));
    assert_eq!(lines[0].text, "Licenser\nflerårigt avtal");
    assert_eq!(lines[1].line, 4);
    assert_eq!(lines[1].amount, Ore(-1250));
    assert_eq!(lines[1].text, "säger \"hej\"");
    // `1.234` in a decimal-point file is 1.234 kr: a third decimal.
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 5);
    assert_eq!(errors[0].column, 6);
    assert_eq!(errors[0].column_name, "amount");
    assert_eq!(errors[0].value, "1.234");
    assert!(errors[0].expected.contains("två decimaler"));
}

#[test]
fn tab_separated() {
    let (lines, errors, report) = read_path(&fixture("tab.tsv"), &CsvOptions::default(), 2);
    assert_eq!(errors, vec![]);
    assert_eq!(report.separator, b'\t');
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.amount.0, l.text.as_str(), l.account.as_str()))
            .collect::<Vec<_>>(),
        vec![(10000, "Bensin", "5611"), (20000, "Diesel, 50 l", "5611")]
    );
    assert_eq!(
        report.columns,
        vec![
            (LedgerField::Date, 0),
            (LedgerField::Account, 1),
            (LedgerField::Amount, 2),
            (LedgerField::Text, 3)
        ]
    );
}

#[test]
fn windows_1252_file() {
    let (lines, errors, report) = read_path(&fixture("cp1252.csv"), &CsvOptions::default(), 1);
    assert_eq!(errors, vec![]);
    assert_eq!(report.encoding, EncodingSeen::Windows1252);
    assert_eq!(report.headers[1], "Förvaltning");
    assert_eq!(
        report.column_name(LedgerField::SupplierName),
        Some("Leverantör")
    );
    assert_eq!(lines[0].unit, "Äldreomsorg");
    assert_eq!(lines[0].supplier, "Åsa Öberg Åkeri");
    assert_eq!(lines[0].amount, Ore(150000));
    assert_eq!(lines[0].text, "Körning till Västerås");
    assert_eq!(lines[1].supplier, "Bageriet på Ön");
    assert_eq!(lines[1].amount, Ore(-35075));
}

#[test]
fn ascii_file_with_one_late_windows_1252_field() {
    for threads in [1, 2] {
        let options = CsvOptions {
            block_size: 4096,
            ..CsvOptions::default()
        };
        let (lines, errors, report) =
            read_path(&fixture("ascii_then_cp1252.csv"), &options, threads);
        assert_eq!(errors, vec![]);
        assert_eq!(lines.len(), 3001);
        assert_eq!(report.encoding, EncodingSeen::Windows1252);
        let last = lines.last().unwrap();
        assert_eq!(last.line, 3002);
        assert_eq!(last.supplier, "Leverantör Ö");
        assert_eq!(last.amount, Ore(100));
        assert_eq!(lines[10].supplier, "Supplier 10");
        assert_eq!(lines[10].amount, Ore(1010));
    }
}

#[test]
fn bad_rows_give_precise_errors() {
    let (lines, errors, report) = read_path(&fixture("bad_rows.csv"), &CsvOptions::default(), 1);
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.line, l.amount.0, l.supplier.as_str()))
            .collect::<Vec<_>>(),
        vec![(2, 1000, "A"), (7, 600, "F"), (10, 900, "H\nH")]
    );
    let got: Vec<(u64, u32, &str, &str, Option<Ore>)> = errors
        .iter()
        .map(|e| {
            (
                e.line,
                e.column,
                e.column_name.as_str(),
                e.value.as_str(),
                e.amount,
            )
        })
        .collect();
    assert_eq!(
        got[..7],
        [
            (3, 1, "Datum", "2024-02-30", Some(Ore(2000))),
            (4, 4, "Belopp", "tjugo", None),
            (5, 4, "Belopp", "1,234", None),
            (6, 6, "(kolumn 6 utan rubrik)", "extra", Some(Ore(500))),
            (8, 4, "Belopp", "", None),
            (9, 3, "Leverantör", "G", Some(Ore(800))),
            (12, 4, "Belopp", "99999999999999999999", None),
        ]
    );
    let unterminated = &errors[7];
    assert_eq!(
        (unterminated.line, unterminated.column, unterminated.amount),
        (13, 5, Some(Ore(1100)))
    );
    assert!(unterminated.value.starts_with("never closed\n2024-01-12"));
    assert!(unterminated.expected.contains("citattecken"));
    assert_eq!(errors.len(), 8);
    assert!(errors[0].expected.contains("giltigt datum"));
    assert!(errors[2].expected.contains("två decimaler"));
    assert!(errors[3].expected.contains("högst 5 fält"));
    assert!(errors[4].expected.contains("tom"));
    assert_eq!(report.rows, 11);
    assert_eq!(report.invalid_rows, 8);
}

#[test]
fn file_level_errors_name_the_file() {
    let err = read_csv_ledger_from(
        &b"Datum;Summa\n2024-01-01;5\n"[..],
        "reskontra.csv",
        &CsvOptions::default(),
        Collect::default,
        1,
    )
    .err()
    .unwrap();
    let msg = err.to_string();
    assert!(matches!(err, CsvError::Columns { .. }));
    assert!(msg.starts_with("reskontra.csv: "), "{msg}");
    assert!(msg.contains("\"Datum\", \"Summa\""), "{msg}");
    assert!(msg.contains("\"belopp\""), "{msg}");

    for empty in [&b""[..], b"\n\r\n", b"\xef\xbb\xbf"] {
        let err = read_csv_ledger_from(empty, "x.csv", &CsvOptions::default(), Collect::default, 2)
            .err()
            .unwrap();
        assert!(matches!(err, CsvError::Empty { .. }), "{err}");
    }
    let err = read_csv_ledger_from(
        &b"Belopp;\"Text\n"[..],
        "x.csv",
        &CsvOptions::default(),
        Collect::default,
        1,
    )
    .err()
    .unwrap();
    assert!(matches!(err, CsvError::Header { line: 1, .. }), "{err}");

    let missing = Path::new("/nonexistent/ledger.csv");
    let err = read_csv_ledger(missing, &CsvOptions::default(), Collect::default, 1)
        .err()
        .unwrap();
    assert!(matches!(err, CsvError::Io { .. }));
    assert!(err.to_string().contains("/nonexistent/ledger.csv"));
}

#[test]
fn overrides_and_forced_options() {
    let data = b"Dag;Summa SEK;Lev\n2024-01-01;1,234;X\n";
    let options = CsvOptions {
        overrides: vec![
            (LedgerField::Amount, "summa sek".to_owned()),
            (LedgerField::Date, "Dag".to_owned()),
            (LedgerField::SupplierName, "3".to_owned()),
        ],
        decimal_mark: Some(DecimalMark::Point),
        ..CsvOptions::default()
    };
    let (lines, errors, report) = read_bytes(data, &options, 1);
    assert_eq!(errors, vec![]);
    assert_eq!(lines[0].amount, Ore(123400));
    assert_eq!(lines[0].date, date(2024, 1, 1));
    assert_eq!(lines[0].supplier, "X");
    assert!(!report.decimal_mark_detected);

    // Without a hint in the file the ambiguous form falls back to the comma.
    let data = b"Belopp\n5\n1,234\n1,230\n";
    let (lines, errors, report) = read_bytes(data, &CsvOptions::default(), 1);
    assert_eq!(report.decimal_mark, DecimalMark::Comma);
    assert!(!report.decimal_mark_detected);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 3);
    assert_eq!(
        lines.iter().map(|l| l.amount.0).collect::<Vec<_>>(),
        vec![500, 123]
    );

    // Learned from the first unambiguous amount: thousands with a point.
    let data = b"Belopp\n1.234\n1.234.567,00\n1.234\n";
    let (lines, errors, _) = read_bytes(data, &CsvOptions::default(), 1);
    assert_eq!(errors, vec![]);
    assert_eq!(
        lines.iter().map(|l| l.amount.0).collect::<Vec<_>>(),
        vec![123400, 123456700, 123400]
    );

    // Forced separator.
    let data = b"Belopp,Text\n1,50\n";
    let options = CsvOptions {
        separator: Some(b';'),
        overrides: vec![(LedgerField::Amount, "Belopp,Text".to_owned())],
        ..CsvOptions::default()
    };
    let (lines, _, report) = read_bytes(data, &options, 1);
    assert_eq!(report.separator, b';');
    assert_eq!(lines[0].amount, Ore(150));
}

#[test]
fn fewer_fields_are_blank_values() {
    let data = b"Belopp;Datum;Text\n5\n6;2024-01-01\n";
    let (lines, errors, _) = read_bytes(data, &CsvOptions::default(), 1);
    assert_eq!(errors, vec![]);
    assert_eq!(lines[0].date, None);
    assert_eq!(lines[0].text, "");
    assert_eq!(lines[1].date, date(2024, 1, 1));
}

#[test]
fn last_line_without_newline_and_lone_cr() {
    let (lines, _, _) = read_bytes(b"Belopp;Text\r\n1;a\r\n2;b", &CsvOptions::default(), 2);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].text, "b");
    let (lines, _, _) = read_bytes(b"Belopp;Text\r\n1;a\r", &CsvOptions::default(), 1);
    assert_eq!(lines[0].text, "a");
}

#[test]
fn progress_reports_all_bytes() {
    let seen = Arc::new(AtomicU64::new(0));
    let calls = Arc::new(AtomicU64::new(0));
    let (s, c) = (seen.clone(), calls.clone());
    let options = CsvOptions {
        block_size: 4096,
        progress: Some(Arc::new(move |bytes| {
            s.store(bytes, Ordering::Relaxed);
            c.fetch_add(1, Ordering::Relaxed);
        })),
        ..CsvOptions::default()
    };
    let data = generated_ledger(60_000);
    let (_, _, report) = read_bytes(&data, &options, 2);
    let size = data.len() as u64;
    assert!(size > 4 << 20, "{size}");
    assert_eq!(report.bytes, size);
    assert_eq!(seen.load(Ordering::Relaxed), size);
    assert!(calls.load(Ordering::Relaxed) > 10);
}

/// A deterministic generator (xorshift) so the test needs no rand crate.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// ~200k rows with quoted fields (separators, doubled quotes, newlines),
/// thousands separators, credit notes, blank lines and some bad rows.
fn generated_ledger(rows: usize) -> Vec<u8> {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut out = String::with_capacity(rows * 90);
    out.push_str("Datum;Enhet;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV\r\n");
    for i in 0..rows {
        let kr = rng.below(2_000_000);
        let ore = rng.below(100);
        let amount = match rng.below(20) {
            0 => format!("-{kr},{ore:02}"),
            1 => {
                let s = kr.to_string();
                let mut grouped = String::new();
                for (j, ch) in s.chars().enumerate() {
                    if j > 0 && (s.len() - j).is_multiple_of(3) {
                        grouped.push(' ');
                    }
                    grouped.push(ch);
                }
                format!("\"{grouped},{ore:02}\"")
            }
            2 => format!("{kr},{ore:02}-"),
            3 if i.is_multiple_of(7) => "fel".to_owned(),
            _ => format!("{kr},{ore:02}"),
        };
        let text = match rng.below(10) {
            0 => "\"Frakt; avrop \"\"Ramavtal\"\"\"".to_owned(),
            1 => "\"Två\nrader\"".to_owned(),
            2 => "5\" skruv".to_owned(),
            _ => format!("Rad {i}"),
        };
        let day = if rng.below(500) == 0 {
            31
        } else {
            rng.below(28) + 1
        };
        out.push_str(&format!(
            "2024-{:02}-{day:02};Enhet {};{};5566{:06};Lev {} Åb;{amount};{text};\r\n",
            rng.below(12) + 1,
            rng.below(60),
            4000 + rng.below(4000),
            rng.below(1_000_000),
            rng.below(2000),
        ));
        if rng.below(100) == 0 {
            out.push_str("\r\n");
        }
    }
    out.into_bytes()
}

#[test]
fn parallel_and_single_threaded_agree() {
    let data = generated_ledger(200_000);
    let single = read_bytes(&data, &CsvOptions::default(), 1);
    assert!(single.0.len() > 150_000, "{}", single.0.len());
    assert!(!single.1.is_empty());
    // Line numbers advance by the newlines inside quoted fields.
    assert!(single.0.last().unwrap().line > 200_000);
    for (threads, block_size) in [(2, 4096), (2, 1 << 20), (3, 65536), (1, 100), (2, 64)] {
        let options = CsvOptions {
            block_size,
            ..CsvOptions::default()
        };
        let other = read_bytes(&data, &options, threads);
        assert_eq!(other.0.len(), single.0.len());
        assert!(other.0 == single.0, "lines differ: {threads} threads");
        assert!(other.1 == single.1, "errors differ: {threads} threads");
        let total: i64 = other.0.iter().map(|l| l.amount.0).sum();
        let expected: i64 = single.0.iter().map(|l| l.amount.0).sum();
        assert_eq!(total, expected);
        assert_eq!(other.2, single.2);
    }
    // Lines come in file order with one thread.
    let (sinks, _) =
        read_csv_ledger_from(&data[..], "x", &CsvOptions::default(), Collect::default, 1).unwrap();
    assert!(sinks[0].lines.windows(2).all(|w| w[0].line < w[1].line));
}

#[test]
fn whitespace_only_lines_are_blank() {
    let data = b"Belopp;Text\n  \n1;a\n \t; \r\n\"\";\n";
    let (lines, errors, report) = read_bytes(data, &CsvOptions::default(), 1);
    assert_eq!(lines.len(), 1);
    assert_eq!(report.blank_lines, 2);
    // A quoted empty field is a value, so that row is not blank: no amount.
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (5, 1));
}

/// A reader that fails after `left` bytes.
struct FailingReader<'a> {
    data: &'a [u8],
    left: usize,
}

impl std::io::Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.left).min(self.data.len()).min(1000);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        self.left -= n;
        Ok(n)
    }
}

#[test]
fn io_error_midway_is_a_file_error() {
    let data = generated_ledger(100_000);
    // Early: while reading the header block; late: with workers running.
    for (threads, left) in [
        (1, 1000),
        (2, 1000),
        (1, data.len() / 2),
        (2, data.len() / 2),
    ] {
        let reader = FailingReader { data: &data, left };
        let options = CsvOptions {
            block_size: 4096,
            ..CsvOptions::default()
        };
        let err = read_csv_ledger_from(reader, "trasig.csv", &options, Collect::default, threads)
            .err()
            .unwrap();
        assert!(matches!(err, CsvError::Io { .. }), "{err}");
        assert!(err.to_string().contains("trasig.csv"));
    }
}
