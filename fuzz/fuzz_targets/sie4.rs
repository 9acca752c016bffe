//! SIE 4 reader on arbitrary bytes: must never panic, and its summary must
//! agree with what the sink received.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_formats::sie4::{Sie4Options, read_sie4_bytes};

#[derive(Default)]
struct Count {
    lines: u64,
    total: i64,
    errors: u64,
}

impl LedgerSink for Count {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines += 1;
        self.total = self.total.saturating_add(l.amount.0);
    }
    fn invalid(&mut self, _error: RowError) {
        self.errors += 1;
    }
}

fuzz_target!(|data: &[u8]| {
    let mut sink = Count::default();
    if let Ok(summary) = read_sie4_bytes(
        data,
        Path::new("fuzz.se"),
        &Sie4Options::default(),
        &mut sink,
    ) {
        assert_eq!(summary.cost_lines, sink.lines);
        assert_eq!(summary.invalid_rows, sink.errors);
        assert_eq!(summary.cost_total.0, sink.total);
    }
});
