//! Writers for the spend-analysis report: terminal table, JSON, CSV, XLSX and
//! a self-contained HTML file. Each takes the same [`SpendReport`] and
//! [`ReportMeta`], so every format shows the same figures.
//!
//! [`SpendReport`]: upphandla_core::spend::SpendReport

/// What the report was computed from: shown in every format so a figure can be traced.
pub mod csv;
pub mod html;
pub mod svg;
pub mod table;
pub mod xlsx;

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReportMeta {
    /// Report title, e.g. "Inköpsanalys – Demo kommun".
    pub title: String,
    pub inputs: Vec<InputInfo>,
    /// Map and factor files used in addition to (or instead of) the defaults.
    pub rule_files: Vec<String>,
    /// True when the input is the shipped synthetic demo ledger.
    pub demo: bool,
    /// Date the report was generated (YYYY-MM-DD).
    pub generated: String,
    pub tool_version: String,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct InputInfo {
    pub path: String,
    /// "CSV", "XLSX" or "SIE4".
    pub format: String,
    /// Encoding, separator, sheet, columns found: whatever the reader reports.
    pub detail: String,
    pub rows: u64,
}

/// Kronor from öre in Swedish form: `1 234 567,89`.
pub fn sek_sv(ore: i64) -> String {
    upphandla_core::money::Ore(ore).to_swedish_string()
}

/// Whole kronor in Swedish form (`1 234 568`), rounded half away from zero.
pub fn sek_whole_sv(ore: i64) -> String {
    let whole = (ore as i128 + if ore < 0 { -50 } else { 50 }) / 100;
    let sign = if whole < 0 { "-" } else { "" };
    format!(
        "{sign}{}",
        upphandla_core::money::group_thousands(whole.unsigned_abs() as u64)
    )
}

/// A float with Swedish grouping and decimal comma: `12 345,6`.
pub fn decimal_sv(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = upphandla_core::money::group_thousands(int.parse().unwrap_or(0));
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// kg CO2e shown as tonnes with one decimal.
pub fn tonnes_sv(kg: f64) -> String {
    decimal_sv(kg / 1000.0, 1)
}

/// A share (0–1) as a Swedish percentage with one decimal: `12,3 %`.
pub fn percent_sv(share: f64) -> String {
    format!("{} %", decimal_sv(share * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_number_forms() {
        assert_eq!(sek_whole_sv(123_456_789), "1 234 568");
        assert_eq!(sek_whole_sv(-150), "-2");
        assert_eq!(decimal_sv(12345.678, 1), "12 345,7");
        assert_eq!(decimal_sv(-0.04, 1), "0,0");
        assert_eq!(decimal_sv(-1234.5, 2), "-1 234,50");
        assert_eq!(tonnes_sv(1_234_567.0), "1 234,6");
        assert_eq!(percent_sv(0.1234), "12,3 %");
    }
}
