//! Fuzz the CSV ledger reader, the table reader and the number parsers:
//! no input may panic, and the parallel reader (tiny blocks) must agree with
//! the single-threaded one.
//!
//! RUSTC_BOOTSTRAP=1 cargo fuzz run csv_ledger   (from the repository root)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_formats::csv_ledger::{CsvOptions, read_csv_ledger_from};
use upphandla_formats::number::{DecimalMark, parse_amount_bytes, parse_date_bytes};
use upphandla_formats::table::read_table;

#[derive(Default)]
struct Digest {
    lines: Vec<(u64, i64, String)>,
    errors: Vec<RowError>,
}

impl LedgerSink for Digest {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines
            .push((l.position.line, l.amount.0, l.text.to_owned()));
    }
    fn invalid(&mut self, e: RowError) {
        self.errors.push(e);
    }
}

fn merged(sinks: Vec<Digest>) -> (Vec<(u64, i64, String)>, Vec<RowError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for s in sinks {
        lines.extend(s.lines);
        errors.extend(s.errors);
    }
    lines.sort_by_key(|l| l.0);
    errors.sort_by_key(|e| e.line);
    (lines, errors)
}

fuzz_target!(|data: &[u8]| {
    let one = read_csv_ledger_from(data, "f.csv", &CsvOptions::default(), Digest::default, 1);
    // Tiny blocks, sized by the input, so records straddle block boundaries.
    let small = CsvOptions {
        block_size: 64 + usize::from(data.first().copied().unwrap_or(0)) * 4,
        ..CsvOptions::default()
    };
    let two = read_csv_ledger_from(data, "f.csv", &small, Digest::default, 2);
    match (one, two) {
        (Ok((a, _)), Ok((b, _))) => assert!(merged(a) == merged(b)),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("single-threaded and parallel disagree"),
    }
    let _ = read_table(data);
    if data.len() < 64 {
        let _ = parse_amount_bytes(data, DecimalMark::Comma);
        let _ = parse_amount_bytes(data, DecimalMark::Point);
        let _ = parse_date_bytes(data);
    }
});
