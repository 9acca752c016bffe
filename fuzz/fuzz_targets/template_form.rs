//! The LCC template form: for a template (one of the built-in kinds, or the
//! fuzz input itself as a template), list its fields, then fill in arbitrary
//! values at arbitrary positions (mostly the fields' own, some elsewhere,
//! some left out), as a posted form can. Must never panic. When filling
//! succeeds the text must be valid TOML, and running it as the web does
//! (`compute` with one draw) must succeed or give errors that point inside
//! it; a refused form's errors all carry a position.
//!
//! cargo +nightly fuzz run template_form   (from fuzz/)
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use upphandla_formats::lcc::{
    self, FieldKind, FieldPos, FileError, TemplateKind, fill_template, template, template_fields,
};

/// Values people type, so the fill succeeds often enough to reach `compute`.
const TYPED: &[&str] = &[
    "0",
    "1",
    "2",
    "3,5 %",
    "0.035",
    "1 234,5",
    "\u{2212}2",
    "1,2; 1,5; 2,2",
    "3; 2; 1",
    "1e308",
    "-1",
    "20",
    "Elbil",
    "M1",
    "bensin",
    "FYLL I: igen",
    "\"",
    "\\",
    "a\nb",
    "1;2",
    "",
    " ",
];

fn value(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.ratio(1, 2)? {
        (*u.choose(TYPED)?).to_string()
    } else {
        u.arbitrary::<String>()?
    })
}

fn default_for(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "x",
        FieldKind::Uncertain | FieldKind::Number => "1",
        FieldKind::Whole => "1",
    }
}

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
    }
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let choice = u.int_in_range(0..=TemplateKind::ALL.len())?;
    let own_text;
    let (text, built_in) = match TemplateKind::ALL.get(choice) {
        Some(kind) => (template(*kind), true),
        None => {
            let len = u.arbitrary_len::<u8>()?;
            own_text = String::from_utf8_lossy(u.bytes(len)?).into_owned();
            (own_text.as_str(), false)
        }
    };
    let fields = template_fields(text);
    for f in &fields {
        assert_position_in(
            text,
            &FileError {
                line: Some(f.line),
                column: Some(f.column),
                message: String::new(),
            },
        );
        assert_eq!(
            FieldPos::from_form_name(&f.pos().form_name()),
            Some(f.pos())
        );
    }
    // Start from a complete form (or an empty one), then change it.
    let mut values: Vec<(FieldPos, String)> = if u.ratio(3, 4)? {
        fields
            .iter()
            .map(|f| (f.pos(), default_for(f.kind).to_string()))
            .collect()
    } else {
        Vec::new()
    };
    let changes = u.int_in_range(0..=8u8)?;
    for _ in 0..changes {
        match u.int_in_range(0..=9u8)? {
            0..=6 if !fields.is_empty() => {
                let f = u.choose(&fields)?;
                values.push((f.pos(), value(&mut u)?));
            }
            7 if !values.is_empty() => {
                let i = u.choose_index(values.len())?;
                values.remove(i);
            }
            _ => {
                let pos = FieldPos {
                    line: u.arbitrary()?,
                    column: u.arbitrary()?,
                };
                values.push((pos, value(&mut u)?));
            }
        }
    }
    // A form posts each name once; the last value wins, as in the web's map.
    let values: Vec<(FieldPos, String)> = values
        .into_iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();
    match fill_template(text, &values) {
        Ok(filled) => {
            if built_in && let Err(e) = filled.parse::<toml::Table>() {
                panic!("filled template is not TOML: {e}\n{filled}");
            }
            if let Err(errors) = lcc::compute(&filled, Some(1), None, false) {
                assert!(!errors.is_empty());
                for e in &errors {
                    assert_position_in(&filled, e);
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "refused without saying why");
            for e in &errors {
                assert!(
                    e.line.is_some() && e.column.is_some(),
                    "form error without a position: {e}"
                );
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
