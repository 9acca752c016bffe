//! SIE 4 reader on the three real sample files in shared/data/sie (GPL-3.0,
//! read in place, never copied into this repository).
//!
//! Expected counts and totals were computed independently of this reader:
//! `iconv -f CP437 -t UTF-8 FILE` piped into a short Python script that sums
//! `#TRANS` amounts with `decimal.Decimal` for accounts 4000–7999.

use std::path::{Path, PathBuf};

use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;
use upphandla_formats::sie4::{Sie4Options, SieEncoding, read_sie4_path};

/// CI has shared/ beside the clone; a developer machine has it at /work/shared.
fn sample_dir() -> PathBuf {
    let beside = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/sie"
    ));
    if beside.is_dir() {
        return beside.to_path_buf();
    }
    let fallback = Path::new("/work/shared/data/sie");
    assert!(
        fallback.is_dir(),
        "SIE sample files not found at {} or {}",
        beside.display(),
        fallback.display()
    );
    fallback.to_path_buf()
}

#[derive(Default)]
struct Collect {
    lines: Vec<(u64, Option<Date>, String, String, Ore, String)>,
    errors: Vec<RowError>,
}

impl LedgerSink for Collect {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines.push((
            l.position.line,
            l.date,
            l.account.to_string(),
            l.account_name.to_string(),
            l.amount,
            l.text.to_string(),
        ));
    }
    fn invalid(&mut self, error: RowError) {
        self.errors.push(error);
    }
}

fn read(name: &str) -> (upphandla_formats::sie4::Sie4Summary, Collect) {
    let mut sink = Collect::default();
    let summary = read_sie4_path(&sample_dir().join(name), &Sie4Options::default(), &mut sink)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(sink.errors.is_empty(), "{name}: {:?}", sink.errors);
    (summary, sink)
}

#[test]
fn blblov_export() {
    let (summary, sink) = read("BLBLOV_SIE4.SE");
    assert_eq!(summary.encoding, SieEncoding::Cp437);
    assert_eq!(summary.company_name.as_deref(), Some("Övningsföretaget AB"));
    assert_eq!(summary.vouchers, 20);
    assert_eq!(summary.transactions, 74);
    assert_eq!(summary.cost_lines, 30);
    assert_eq!(sink.lines.len(), 30);
    assert_eq!(summary.cost_total, Ore(8_641_379));
    let sum: i64 = sink.lines.iter().map(|l| l.4.0).sum();
    assert_eq!(sum, 8_641_379);
    // #VER A 1: "Representation måltid utan alkohol", #TRANS 6072 on line 824.
    let first = &sink.lines[0];
    assert_eq!(first.0, 824);
    assert_eq!(first.1, Date::new(2017, 1, 1));
    assert_eq!(first.2, "6072");
    assert_eq!(first.4, Ore(92_800));
    assert_eq!(first.5, "Representation måltid utan alkohol");
    // Depreciation lines carry their own transtext with a literal backslash.
    let dep = sink.lines.iter().find(|l| l.2 == "7820").unwrap();
    assert_eq!(dep.5, "1110\\1002 Hus 1:1");
    assert!(
        sink.lines.iter().all(|l| !l.3.is_empty()),
        "every account has a #KONTO name"
    );
}

#[test]
fn blblov_import_file_has_no_cost_lines() {
    let (summary, sink) = read("BLBLOV_SIE4.SI");
    assert_eq!(summary.vouchers, 2);
    assert_eq!(summary.transactions, 6);
    assert!(sink.lines.is_empty());
    assert_eq!(summary.company_name.as_deref(), Some("Övningsbolaget AB"));
}

#[test]
fn cc2_export() {
    let (summary, sink) = read("CC2-foretaget.SE");
    assert_eq!(summary.company_name.as_deref(), Some("CC2-företaget"));
    assert_eq!(summary.vouchers, 5);
    assert_eq!(summary.transactions, 19);
    assert_eq!(summary.cost_lines, 4);
    assert_eq!(summary.cost_total, Ore(495_440));
    let texts: Vec<&str> = sink.lines.iter().map(|l| l.5.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Lev.faktura 1 Elgiganten Aktiebolag",
            "Lev.faktura 2 BMW Financial Services Sca",
            "Lev.faktura 3 BMW Financial Services Sca",
            "Lev.faktura 4 BMW Financial Services Sca",
        ]
    );
}
