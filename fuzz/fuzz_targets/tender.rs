//! Tender file (TOML) on arbitrary text: parse, evaluate, build the report.
//! The first byte picks the loader for `lcc_model`: one that fails, or one
//! that returns a fixed small valid LCC model (alternatives bensin, hvo, el,
//! as in examples/tender-service-cars-lowest-lcc.toml). Must never panic;
//! positioned errors must point inside the text.
//!
//! cargo +nightly fuzz run tender   (from fuzz/; seeds: examples/tender-*.toml)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_formats::doc;
use upphandla_formats::evaluation;
use upphandla_formats::lcc::FileError;

const MODEL: &str = r#"
name = "Liten modell"
period_years = 4
discount_rate = { dist = "triangular", min = 0.01, mode = 0.035, max = 0.06 }
co2_price_sek_per_kg = 1.2

[[carriers]]
id = "el"
name = "El"
unit = "kWh"
kwh_per_unit = 1
price_sek_per_unit = 1.5
kg_co2e_per_unit = 0.05
source = "fuzz"

[[alternatives]]
id = "bensin"
name = "Bensin"
investment_sek = 250000
lifetime_years = 4
maintenance_sek_per_year = 5000

[[alternatives]]
id = "hvo"
name = "HVO"
investment_sek = 270000
lifetime_years = 4
residual_value_sek = 30000

[[alternatives]]
id = "el"
name = "El"
investment_sek = 300000
lifetime_years = 4
energy_per_year = { el = 3000 }
"#;

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
    assert!(!e.message.trim().is_empty(), "error without a message");
}

fuzz_target!(|data: &[u8]| {
    static CHECKED: std::sync::Once = std::sync::Once::new();
    CHECKED.call_once(|| {
        upphandla_formats::lcc::parse_model(MODEL).expect("the fixed LCC model is valid");
    });
    let (fails, data) = match data.split_first() {
        Some((b, rest)) => (b & 1 == 1, rest),
        None => (false, data),
    };
    let text = String::from_utf8_lossy(data);
    let load = |path: &str| {
        if fails {
            Err(format!("{path} finns inte"))
        } else {
            Ok(MODEL.to_string())
        }
    };
    match evaluation::compute(&text, &load) {
        Ok(run) => {
            let d = evaluation::build_doc(&run);
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
