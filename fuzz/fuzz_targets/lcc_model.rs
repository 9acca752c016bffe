//! LCC model file (TOML) on arbitrary text, through everything the web does
//! with an uploaded model: parse, compute (Monte Carlo capped at 50 draws),
//! build the report and render it. Must never panic, and every error that
//! names a position must name one inside the text.
//!
//! cargo +nightly fuzz run lcc_model   (from fuzz/; seeds: examples/lcc-*.toml)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_formats::doc;
use upphandla_formats::lcc::{self, FileError};

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
    assert!(!e.message.trim().is_empty(), "error without a message");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match lcc::compute(&text, Some(50), None, true) {
        Ok(run) => {
            let d = lcc::build_doc(&run, true);
            let _ = doc::render_html(&d);
            let _ = doc::render_text(&d);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without saying why");
            for e in &errors {
                assert_position_in(&text, e);
            }
        }
    }
});
