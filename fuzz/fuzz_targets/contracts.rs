//! Contract register files (CSV or XLSX) on arbitrary bytes: must never
//! panic; every problem names both languages, a column only with a line;
//! every row read keeps the checked invariants (end after start, bounded
//! extension, a title and a supplier, no negative value).
//!
//! cargo +nightly fuzz run contracts   (from fuzz/; the unit test
//! `contracts::tests::mutated_and_random_inputs_never_panic` runs the same
//! checks on mutated files where cargo-fuzz is not installed)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_formats::contracts::{MAX_EXTENSION_MONTHS, MAX_LISTED_ERRORS, read_contracts};

/// Accepts any ten digits: the fuzzer should reach the rest of the row.
fn orgnr(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 10).then(|| format!("{}-{}", &digits[..6], &digits[6..]))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name, so both readers are reached.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) if b % 2 == 0 => ("fuzz.xlsx", rest),
        Some((_, rest)) => ("fuzz.csv", rest),
        None => ("fuzz.csv", data),
    };
    let file = read_contracts(name, bytes, orgnr);
    assert!(file.error_count >= file.errors.len());
    assert!(file.errors.len() <= MAX_LISTED_ERRORS);
    for e in &file.errors {
        assert!(!e.sv.is_empty() && !e.en.is_empty(), "{e:?}");
        assert!(e.column.is_none() || e.line.is_some(), "{e:?}");
        assert!(e.to_string().starts_with(name));
    }
    for r in &file.rows {
        assert!(r.end_date >= r.start_date);
        assert!(r.extension_months <= MAX_EXTENSION_MONTHS);
        assert!(!r.title.is_empty() && !r.supplier_name.is_empty());
        assert!(r.value_ore.is_none_or(|v| v >= 0));
    }
});
