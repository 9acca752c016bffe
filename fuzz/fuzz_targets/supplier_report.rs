//! A supplier's follow-up report (CSV or XLSX, long or wide) must never
//! panic, and whatever it accepts is finite and not negative.
#![no_main]

use libfuzzer_sys::fuzz_target;
use upphandla_formats::supplier_report::read_supplier_report;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = read_supplier_report(data, "fuzz.csv") {
        assert!(
            report
                .values
                .iter()
                .all(|(_, v)| v.is_finite() && *v >= 0.0)
        );
    }
});
