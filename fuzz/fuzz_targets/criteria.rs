//! Criteria library data file (TOML) on arbitrary text: parse and check one
//! product-group file, then search what it held. Must never panic; every
//! error that names a position must name one inside the text and carry a
//! Swedish and an English part; a file that passes keeps the checked
//! invariants (levels, review dates, effect figures with their basis).
//!
//! cargo +nightly fuzz run criteria   (from fuzz/; seeds: data/criteria/*.toml)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_core::criteria::{Filter, Library, expected_reduction};
use upphandla_formats::criteria::{build_library, parse_group};
use upphandla_formats::lcc::FileError;

/// A 1-based (line, column) must lie in the text: the column may be one past
/// the line's last character (end of line or of file).
fn assert_position_in(text: &str, e: &FileError) {
    let lines: Vec<&str> = text.split('\n').collect();
    if let Some(line) = e.line {
        assert!(
            line >= 1 && line <= lines.len(),
            "line {line} outside the text: {e}"
        );
        if let Some(column) = e.column {
            let width = lines[line - 1].chars().count();
            assert!(
                column >= 1 && column <= width + 1,
                "column {column} outside line {line}: {e}"
            );
        }
    } else {
        assert!(e.column.is_none(), "column without a line: {e:?}");
    }
    assert!(
        e.message.starts_with("fuzz: ") && e.message.contains(" / "),
        "file name and both languages: {e}"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // No ".toml": the file-name check would refuse almost every input.
    match parse_group(&text, "fuzz") {
        Ok((group, criteria)) => {
            for c in &criteria {
                assert_eq!(c.group, group.id);
                assert!(c.review_by > c.reviewed, "{}", c.id);
                assert_eq!(c.effect_reduction.is_some(), c.effect_basis.is_some());
                if let Some(r) = c.effect_reduction {
                    assert!((0.0..=1.0).contains(&r), "{}", c.id);
                }
                assert!(!c.sources.is_empty() && !c.title.sv.is_empty());
            }
            let lib = Library {
                groups: vec![group.clone()],
                criteria: criteria.clone(),
            };
            let words: String = text.chars().take(12).collect();
            let found = lib.search(&Filter {
                text: Some(words),
                cpv: group.cpv.first().map(|c| c[..4].to_string()),
                ..Filter::default()
            });
            if let Some(r) = expected_reduction(&found) {
                assert!((0.0..=1.0).contains(&r));
            }
            let _ = lib.suggest(
                &group.cpv,
                group.spend_categories.first().map(String::as_str),
            );
            // The same file twice: the group (and ids) reported as duplicates, not a panic.
            let twice = build_library(&[("fuzz", &text), ("fuzz", &text)]);
            assert!(twice.is_err());
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without saying why");
            for e in &errors {
                assert_position_in(&text, e);
            }
        }
    }
});
