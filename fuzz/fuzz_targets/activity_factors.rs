//! Activity factor file (data/followup/activity_factors.csv) on arbitrary
//! text: must never panic; an error names a line inside the text and a
//! column ≥ 1 with both languages; a file that passes keeps the invariants
//! (known metric once, low ≤ value ≤ high, share 0–1, a source).
//!
//! cargo +nightly fuzz run activity_factors   (from fuzz/; seed: data/followup/activity_factors.csv)
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_core::metrics::metric_by_key;
use upphandla_core::results::parse_activity_factors;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_activity_factors(&text) {
        Ok(factors) => {
            for (i, f) in factors.iter().enumerate() {
                assert!(metric_by_key(&f.metric).is_some());
                assert!(factors[..i].iter().all(|o| o.metric != f.metric));
                assert!(f.kwh.low <= f.kwh.value && f.kwh.value <= f.kwh.high);
                if let Some(k) = f.kg_co2e {
                    assert!(k.low <= k.value && k.value <= k.high);
                }
                assert!(f.fossil_free_share.is_none_or(|s| (0.0..=1.0).contains(&s)));
                assert!(!f.source.is_empty());
            }
        }
        Err(e) => {
            assert!(e.line >= 1 && e.line <= text.lines().count().max(1), "{e}");
            assert!(e.column >= 1, "{e}");
            assert!(!e.sv.is_empty() && !e.en.is_empty());
        }
    }
});
