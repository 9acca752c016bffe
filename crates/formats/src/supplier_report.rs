//! A supplier's follow-up report as a CSV or XLSX file, in one of two shapes:
//!
//! - long: one row per quantity, columns `mått`/`metric`, `värde`/`value`
//!   and optionally `enhet`/`unit`;
//! - wide: one column per quantity, named by its key (`hvo100_l`) or its
//!   name with an optional unit (`HVO100 (liter)`, `El (kWh)`), one or more
//!   rows (e.g. one per month or vehicle).
//!
//! A long-form row with an empty value is a quantity not reported (so the
//! template from [`template_csv`] can be filled in partly).
//! Quantities (litres, kWh, km) given on several rows are added up; a share or
//! a count of vehicles cannot be, so it must be given once. Numbers may use a
//! decimal comma and spaces between thousands (`8 400,5`); shares may end in
//! `%`. `MWh` is turned into kWh and `m³` of liquid fuel into litres. Every
//! problem is reported with the file, line (row), column and what was expected,
//! in Swedish and English; nothing is returned unless the whole file is valid.
//! Never panics on any input (fuzz target `supplier_report`).

use calamine::DataRef;
use std::collections::BTreeMap;
use std::fmt;
use upphandla_core::metrics::{METRICS, Metric, MetricKind, metric_by_key};

use crate::columns::normalize_header;
use crate::grid::{Grid, GridCell, GridError, GridKind, GridLimits, read_grid};

/// Most problems listed for one file; the rest are counted.
pub const MAX_ERRORS: usize = 50;

/// One problem in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    pub file: String,
    /// 1-based line (CSV) or row (XLSX); `None` for the file as a whole.
    pub line: Option<u64>,
    /// The column's name as written (header), or its letter/number.
    pub column: Option<String>,
    pub expected_sv: String,
    pub expected_en: String,
    /// What was found (shortened), empty when nothing.
    pub found: String,
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = |line_word: &str, col_word: &str| {
            let mut s = self.file.clone();
            if let Some(l) = self.line {
                s.push_str(&format!(", {line_word} {l}"));
            }
            if let Some(c) = &self.column {
                s.push_str(&format!(", {col_word} «{c}»"));
            }
            s
        };
        let found = if self.found.is_empty() {
            String::new()
        } else {
            format!(" («{}»)", self.found)
        };
        write!(
            f,
            "{}: {}{found} / {}: {}{found}",
            place("rad", "kolumn"),
            self.expected_sv,
            place("line", "column"),
            self.expected_en
        )
    }
}

/// What kind of file and layout was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Long,
    Wide,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedReport {
    /// (metric key, value) in `core::metrics::METRICS` order.
    pub values: Vec<(String, f64)>,
    pub shape: Shape,
    pub xlsx: bool,
    /// Data rows read (not counting the header and blank rows).
    pub rows: usize,
}

/// Every problem found; at most [`MAX_ERRORS`] are listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct ReportErrors {
    pub errors: Vec<ReportError>,
    /// How many more problems there were.
    pub more: usize,
}

/// A long-form template for suppliers: a row per metric with its key, its
/// Swedish name and unit, and an empty value to fill in. Semicolon-separated
/// UTF-8 with a byte order mark, so Excel opens it with å, ä and ö intact.
pub fn template_csv(metrics: &[&Metric]) -> String {
    let mut out = String::from("\u{feff}mått;värde;enhet;namn\r\n");
    for m in metrics {
        out.push_str(&format!("{};;{};{}\r\n", m.key, m.unit, m.name.sv));
    }
    out
}

/// The metrics as a list for messages: `hvo100_l (HVO100, l), …`.
pub fn known_metrics_list() -> String {
    METRICS
        .iter()
        .map(|m| format!("{} ({}, {})", m.key, m.name.sv, m.unit))
        .collect::<Vec<_>>()
        .join("; ")
}

fn short(text: &str) -> String {
    let t: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        format!("{t}…")
    } else {
        t
    }
}

/// A cell: its text, or the number a spreadsheet stored.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

impl GridCell for Cell {
    fn from_text(text: String) -> Self {
        Cell::Text(text)
    }

    fn from_xlsx(cell: &DataRef<'_>, _is_1904: bool) -> Self {
        match cell {
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Cell::Text(s.clone())
            }
            DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
            DataRef::Bool(b) => Cell::Text(b.to_string()),
            DataRef::DateTime(d) => Cell::Text(d.to_string()),
            DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
            DataRef::Empty => Cell::Text(String::new()),
        }
    }

    fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }
}

/// The file's cells ([`crate::grid`], shared with the contract register
/// reader). A worksheet is read as the block of its used columns, the first
/// of them index 0 and every row as wide as the block, so a header list in a
/// message names no empty columns left of the table.
fn read_cells(bytes: &[u8], file: &str) -> Result<Grid<Cell>, Box<ReportError>> {
    let kind = if bytes.starts_with(b"PK\x03\x04") {
        GridKind::Xlsx
    } else {
        GridKind::Csv
    };
    let mut grid = match read_grid::<Cell>(bytes, kind, GridLimits::NONE) {
        Ok(grid) => grid,
        // calamine reads a sheet that is not a worksheet as an empty one
        // (and without a row limit there are never too many rows).
        Err(GridError::Sheet(calamine::XlsxError::NotAWorksheet(_)) | GridError::TooManyRows) => {
            Grid {
                rows: Vec::new(),
                kind,
                used_columns: None,
            }
        }
        Err(e) => {
            let (sv, en, found) = match &e {
                GridError::Csv(e) => (
                    "en CSV-fil med rubrikrad",
                    "a CSV file with a header line",
                    e.to_string(),
                ),
                GridError::Open(e) => (
                    "en Excel-fil (.xlsx) som går att öppna",
                    "an Excel file (.xlsx) that can be opened",
                    e.to_string(),
                ),
                GridError::Sheet(e) => (
                    "ett läsbart kalkylblad",
                    "a readable worksheet",
                    e.to_string(),
                ),
                GridError::NoWorksheet | GridError::TooManyRows => (
                    "minst ett kalkylblad",
                    "at least one worksheet",
                    String::new(),
                ),
            };
            return Err(Box::new(ReportError {
                file: file.to_string(),
                line: None,
                column: None,
                expected_sv: sv.to_string(),
                expected_en: en.to_string(),
                found: short(&found),
            }));
        }
    };
    if let Some((first, last)) = grid.used_columns {
        for (_, cells) in &mut grid.rows {
            cells.drain(..first.min(cells.len()));
            cells.resize(last - first + 1, Cell::Text(String::new()));
        }
    }
    Ok(grid)
}

const METRIC_HEADERS: &[&str] = &["mått", "matt", "metric", "nyckeltal", "storhet", "variabel"];
const VALUE_HEADERS: &[&str] = &[
    "värde", "varde", "value", "mängd", "mangd", "antal", "quantity",
];
const UNIT_HEADERS: &[&str] = &["enhet", "unit"];
/// Columns a wide report may carry that are not quantities.
const IGNORED_HEADERS: &[&str] = &[
    "period",
    "månad",
    "manad",
    "month",
    "år",
    "ar",
    "year",
    "datum",
    "date",
    "från",
    "fran",
    "from",
    "till",
    "to",
    "kommentar",
    "anmärkning",
    "anmarkning",
    "note",
    "comment",
    "leverantör",
    "leverantor",
    "supplier",
    "avtal",
    "contract",
    "fordon",
    "regnr",
    "registreringsnummer",
    "vehicle",
    "beskrivning",
    "description",
];

fn header_is(text: &str, names: &[&str]) -> bool {
    let h = normalize_header(text);
    names.iter().any(|n| normalize_header(n) == h)
}

/// Splits `HVO100 (liter)` into the name and the unit in brackets.
fn split_unit(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    if let Some(open) = t.rfind(['(', '['])
        && (t.ends_with(')') || t.ends_with(']'))
        && open + 1 < t.len() - 1
    {
        let unit = t[open + 1..t.len() - 1].trim().to_string();
        return (t[..open].trim().to_string(), Some(unit));
    }
    (t.to_string(), None)
}

/// Extra names people use for the metrics.
const ALIASES: &[(&str, &str)] = &[
    ("diesel", "diesel_l"),
    ("mk1", "diesel_l"),
    ("bensin", "bensin_l"),
    ("petrol", "bensin_l"),
    ("hvo", "hvo100_l"),
    ("hvo100", "hvo100_l"),
    ("e85", "e85_l"),
    ("ed95", "ed95_l"),
    ("biogas", "biogas_nm3"),
    ("fordonsgas", "biogas_nm3"),
    ("el", "el_kwh"),
    ("elenergi", "el_kwh"),
    ("electricity", "el_kwh"),
    ("fjärrvärme", "fjarrvarme_kwh"),
    ("district heating", "fjarrvarme_kwh"),
    ("km", "fordon_km"),
    ("fordonskilometer", "fordon_km"),
    ("körda km", "fordon_km"),
    ("antal fordon", "fordon_antal"),
    ("fordon i uppdraget", "fordon_antal"),
    ("andel förnybart", "andel_fornybar_drivmedel_pct"),
    ("andel förnybara drivmedel", "andel_fornybar_drivmedel_pct"),
    ("andel fossilfria fordon", "andel_fossilfria_fordon_pct"),
    ("andel förnybar el", "andel_fornybar_el_pct"),
];

/// The metric a header or metric cell names: key, name (Swedish or English,
/// without the bracketed part) or alias. Returns the metric and any unit given.
fn resolve_metric(text: &str) -> Option<(&'static Metric, Option<String>)> {
    let (name, unit) = split_unit(text);
    let wanted = normalize_header(&name);
    if wanted.is_empty() {
        return None;
    }
    if let Some(m) = metric_by_key(&wanted) {
        return Some((m, unit));
    }
    let plain = |s: &str| normalize_header(&split_unit(s).0);
    let found = METRICS
        .iter()
        .find(|m| plain(m.name.sv) == wanted || plain(m.name.en) == wanted)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(a, _)| normalize_header(a) == wanted)
                .and_then(|(_, k)| metric_by_key(k))
        })?;
    Some((found, unit))
}

/// The factor from a unit written in the file to the metric's unit, or `None`
/// when they do not match.
fn unit_factor(metric: &Metric, unit: &str) -> Option<f64> {
    let u = unit
        .trim()
        .to_lowercase()
        .replace(['.', ' '], "")
        .replace('3', "³");
    if u.is_empty() {
        return Some(1.0);
    }
    match metric.unit {
        "l" => match u.as_str() {
            "l" | "liter" | "litre" | "litres" | "liters" | "lit" => Some(1.0),
            "m³" | "kubikmeter" => Some(1000.0),
            _ => None,
        },
        "kWh" => match u.as_str() {
            "kwh" => Some(1.0),
            "mwh" => Some(1000.0),
            "gwh" => Some(1_000_000.0),
            _ => None,
        },
        "Nm³" => match u.as_str() {
            "nm³" | "normalkubikmeter" | "m³" => Some(1.0),
            _ => None,
        },
        "km" => match u.as_str() {
            "km" | "kilometer" => Some(1.0),
            "mil" => Some(10.0),
            _ => None,
        },
        "st" => match u.as_str() {
            "st" | "antal" | "count" | "pcs" | "fordon" => Some(1.0),
            _ => None,
        },
        "%" => match u.as_str() {
            "%" | "procent" | "percent" => Some(1.0),
            _ => None,
        },
        _ => None,
    }
}

/// A number as suppliers write it: `8 400,5`, `62 %`; ambiguous `1.200` is
/// refused. See [`crate::number::parse_quantity`] (re-exported here under
/// the name the web pages use).
pub use crate::number::parse_quantity as parse_number;

/// Quantities that add up over rows (months, vehicles); shares and counts don't.
fn additive(m: &Metric) -> bool {
    matches!(m.kind, MetricKind::Fuel | MetricKind::Energy) || m.key == "fordon_km"
}

struct Collector<'a> {
    file: &'a str,
    kind: GridKind,
    /// The worksheet column of index 0 (see [`read_cells`]).
    first_column: usize,
    errors: Vec<ReportError>,
    more: usize,
    values: BTreeMap<&'static str, (f64, u64)>,
}

impl Collector<'_> {
    fn err(
        &mut self,
        line: Option<u64>,
        column: Option<String>,
        sv: String,
        en: String,
        found: &str,
    ) {
        if self.errors.len() >= MAX_ERRORS {
            self.more += 1;
            return;
        }
        self.errors.push(ReportError {
            file: self.file.to_string(),
            line,
            column,
            expected_sv: sv,
            expected_en: en,
            found: short(found),
        });
    }

    fn col_name(&self, index: usize, header: &str) -> String {
        if !header.trim().is_empty() {
            return short(header.trim());
        }
        self.kind.column_name(self.first_column + index)
    }

    /// Adds one value of `metric` read at (line, column).
    fn value(&mut self, metric: &'static Metric, factor: f64, cell: &Cell, line: u64, col: String) {
        let (raw, percent) = match cell {
            Cell::Number(n) => (*n, false),
            Cell::Text(t) => match parse_number(t) {
                Some(Ok(v)) => v,
                Some(Err(())) => {
                    self.err(
                        Some(line),
                        Some(col),
                        "ett entydigt tal: skriv 1 200 (tusental med mellanslag) eller 1,2".into(),
                        "an unambiguous number: write 1200 or 1.2".into(),
                        t,
                    );
                    return;
                }
                None => {
                    self.err(
                        Some(line),
                        Some(col),
                        format!("ett tal i {}, t.ex. 8 400,5", metric.unit),
                        format!("a number in {}, e.g. 8400.5", metric.unit),
                        t,
                    );
                    return;
                }
            },
        };
        let is_share = metric.kind == MetricKind::Share;
        if percent && !is_share {
            self.err(
                Some(line),
                Some(col),
                format!("ett tal i {} (inte procent)", metric.unit),
                format!("a number in {} (not a percentage)", metric.unit),
                &cell.text(),
            );
            return;
        }
        let v = raw * factor;
        if v < 0.0 || (is_share && v > 100.0) || !v.is_finite() {
            let (sv, en) = if is_share {
                ("en andel mellan 0 och 100 %", "a share between 0 and 100 %")
            } else {
                (
                    "ett tal som inte är negativt",
                    "a number that is not negative",
                )
            };
            self.err(Some(line), Some(col), sv.into(), en.into(), &cell.text());
            return;
        }
        match self.values.get_mut(metric.key) {
            None => {
                self.values.insert(metric.key, (v, line));
            }
            Some(entry) if additive(metric) => entry.0 += v,
            Some(entry) => {
                let first = entry.1;
                self.err(
                    Some(line),
                    Some(col),
                    format!(
                        "{} en gång (den finns redan på rad {first}; en andel eller ett antal kan inte summeras)",
                        metric.key
                    ),
                    format!(
                        "{} once (it is already on line {first}; a share or a count cannot be added up)",
                        metric.key
                    ),
                    &cell.text(),
                );
            }
        }
    }

    fn unknown_metric(&mut self, line: u64, col: Option<String>, text: &str) {
        self.err(
            Some(line),
            col,
            format!("ett känt mått: {}", known_metrics_list()),
            format!("a known metric: {}", known_metrics_list()),
            text,
        );
    }
}

/// Reads a supplier's report (CSV or XLSX, long or wide); `file` names it in errors.
pub fn read_supplier_report(bytes: &[u8], file: &str) -> Result<ParsedReport, ReportErrors> {
    let grid = read_cells(bytes, file).map_err(|e| ReportErrors {
        errors: vec![*e],
        more: 0,
    })?;
    let mut c = Collector {
        file,
        kind: grid.kind,
        first_column: grid.used_columns.map_or(0, |(first, _)| first),
        errors: Vec::new(),
        more: 0,
        values: BTreeMap::new(),
    };
    let Some(((header_line, header), data)) = grid.rows.split_first() else {
        return Err(ReportErrors {
            errors: vec![ReportError {
                file: file.to_string(),
                line: None,
                column: None,
                expected_sv: "en rubrikrad och minst en rad med värden".into(),
                expected_en: "a header line and at least one line of values".into(),
                found: String::new(),
            }],
            more: 0,
        });
    };
    let headers: Vec<String> = header.iter().map(Cell::text).collect();
    let metric_col = headers.iter().position(|h| header_is(h, METRIC_HEADERS));
    let value_col = headers.iter().position(|h| header_is(h, VALUE_HEADERS));
    let unit_col = headers.iter().position(|h| header_is(h, UNIT_HEADERS));
    let shape = if metric_col.is_some() || value_col.is_some() {
        Shape::Long
    } else {
        Shape::Wide
    };
    match shape {
        Shape::Long => {
            let (Some(mc), Some(vc)) = (metric_col, value_col) else {
                let (sv, en) = if metric_col.is_none() {
                    (
                        "en kolumn «mått» (eller «metric»)",
                        "a column \"metric\" (or \"mått\")",
                    )
                } else {
                    (
                        "en kolumn «värde» (eller «value»)",
                        "a column \"value\" (or \"värde\")",
                    )
                };
                c.err(
                    Some(*header_line),
                    None,
                    sv.into(),
                    en.into(),
                    &headers.join(", "),
                );
                return Err(ReportErrors {
                    errors: c.errors,
                    more: c.more,
                });
            };
            let empty = Cell::Text(String::new());
            for (line, row) in data {
                let name = row.get(mc).unwrap_or(&empty).text();
                let value = row.get(vc).unwrap_or(&empty);
                let metric_name = c.col_name(mc, &headers[mc]);
                let Some((metric, bracket_unit)) = resolve_metric(&name) else {
                    c.unknown_metric(*line, Some(metric_name), &name);
                    continue;
                };
                let unit = unit_col
                    .map(|u| row.get(u).unwrap_or(&empty).text())
                    .filter(|u| !u.is_empty())
                    .or(bracket_unit)
                    .unwrap_or_default();
                let Some(factor) = unit_factor(metric, &unit) else {
                    let col = unit_col.map(|u| c.col_name(u, &headers[u]));
                    c.err(
                        Some(*line),
                        col,
                        format!("enheten {} för {}", metric.unit, metric.key),
                        format!("the unit {} for {}", metric.unit, metric.key),
                        &unit,
                    );
                    continue;
                };
                // A row without a value is not reported: a filled-in
                // template may leave the quantities it lacks empty.
                if value.is_blank() {
                    continue;
                }
                let col = c.col_name(vc, &headers[vc]);
                c.value(metric, factor, value, *line, col);
            }
        }
        Shape::Wide => {
            let mut columns: Vec<(usize, &'static Metric, f64)> = Vec::new();
            for (i, h) in headers.iter().enumerate() {
                if h.is_empty() || header_is(h, IGNORED_HEADERS) {
                    continue;
                }
                match resolve_metric(h) {
                    None => c.unknown_metric(*header_line, Some(c.col_name(i, h)), h),
                    Some((m, unit)) => match unit_factor(m, unit.as_deref().unwrap_or("")) {
                        Some(f) => {
                            if columns.iter().any(|(_, o, _)| o.key == m.key) && !additive(m) {
                                c.err(
                                    Some(*header_line),
                                    Some(c.col_name(i, h)),
                                    format!("{} i en kolumn", m.key),
                                    format!("{} in one column", m.key),
                                    h,
                                );
                            }
                            columns.push((i, m, f));
                        }
                        None => c.err(
                            Some(*header_line),
                            Some(c.col_name(i, h)),
                            format!("enheten {} för {}", m.unit, m.key),
                            format!("the unit {} for {}", m.unit, m.key),
                            unit.as_deref().unwrap_or(""),
                        ),
                    },
                }
            }
            if columns.is_empty() && c.errors.is_empty() {
                c.err(
                    Some(*header_line),
                    None,
                    format!(
                        "kolumner «mått» och «värde», eller en kolumn per mått: {}",
                        known_metrics_list()
                    ),
                    format!(
                        "columns \"metric\" and \"value\", or one column per metric: {}",
                        known_metrics_list()
                    ),
                    &headers.join(", "),
                );
            }
            if c.errors.is_empty() {
                for (line, row) in data {
                    for (i, m, f) in &columns {
                        match row.get(*i) {
                            Some(cell) if !cell.is_blank() => {
                                let col = c.col_name(*i, &headers[*i]);
                                c.value(m, *f, cell, *line, col);
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    if c.errors.is_empty() && c.values.is_empty() {
        c.err(
            None,
            None,
            "minst ett värde".into(),
            "at least one value".into(),
            "",
        );
    }
    if !c.errors.is_empty() {
        return Err(ReportErrors {
            errors: c.errors,
            more: c.more,
        });
    }
    let values = METRICS
        .iter()
        .filter_map(|m| c.values.get(m.key).map(|(v, _)| (m.key.to_string(), *v)))
        .collect();
    Ok(ParsedReport {
        values,
        shape,
        xlsx: grid.kind == GridKind::Xlsx,
        rows: data.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> ParsedReport {
        read_supplier_report(text.as_bytes(), "rapport.csv").unwrap()
    }

    fn errs(bytes: &[u8]) -> ReportErrors {
        read_supplier_report(bytes, "rapport.csv").unwrap_err()
    }

    fn v(r: &ParsedReport, k: &str) -> Option<f64> {
        r.values.iter().find(|(key, _)| key == k).map(|(_, v)| *v)
    }

    #[test]
    fn long_form_with_swedish_numbers_and_units() {
        let r = ok(
            "Mått;Värde;Enhet\nHVO100;8 400,5;liter\ndiesel_l;1 200;l\nEl;2,5;MWh\nAndel förnybara drivmedel;87,5 %;\n",
        );
        assert_eq!(r.shape, Shape::Long);
        assert_eq!(v(&r, "hvo100_l"), Some(8400.5));
        assert_eq!(v(&r, "diesel_l"), Some(1200.0));
        assert_eq!(v(&r, "el_kwh"), Some(2500.0));
        assert_eq!(v(&r, "andel_fornybar_drivmedel_pct"), Some(87.5));
        // In vocabulary order.
        assert_eq!(r.values[0].0, "diesel_l");
    }

    #[test]
    fn wide_form_sums_quantities() {
        let r = ok(
            "Månad,HVO100 (liter),Diesel (l),El (kWh),Körda fordonskilometer\n2027-01,\"1 000\",200,\"1 500,5\",3000\n2027-02,1000,,500,2000\n",
        );
        assert_eq!(r.shape, Shape::Wide);
        assert_eq!(r.rows, 2);
        assert_eq!(v(&r, "hvo100_l"), Some(2000.0));
        assert_eq!(v(&r, "diesel_l"), Some(200.0));
        assert_eq!(v(&r, "el_kwh"), Some(2000.5));
        assert_eq!(v(&r, "fordon_km"), Some(5000.0));
    }

    #[test]
    fn errors_name_line_column_and_expected() {
        let e = errs(
            b"metric;value\nhvo100_l;mycket\nokand_l;5\nandel_fornybar_el_pct;120\ndiesel_l;-4\n",
        );
        assert_eq!(e.errors.len(), 4, "{e}");
        assert_eq!(e.errors[0].line, Some(2));
        assert_eq!(e.errors[0].column.as_deref(), Some("value"));
        assert!(e.errors[0].expected_sv.contains("ett tal i l"));
        assert_eq!(e.errors[0].found, "mycket");
        assert!(
            e.errors[1].expected_sv.contains("hvo100_l (HVO100, l)"),
            "{}",
            e.errors[1]
        );
        assert!(e.errors[1].expected_en.starts_with("a known metric"));
        assert!(e.errors[2].expected_sv.contains("mellan 0 och 100"));
        assert!(e.errors[3].expected_en.contains("not negative"));
        let text = e.to_string();
        assert!(
            text.contains("rapport.csv, rad 2, kolumn «value»"),
            "{text}"
        );
        assert!(
            text.contains("rapport.csv, line 2, column «value»"),
            "{text}"
        );
    }

    #[test]
    fn wide_unknown_header_and_bad_units() {
        let e = errs(b"HVO100 (liter);Vatten (m3)\n1;2\n");
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].column.as_deref(), Some("Vatten (m3)"));
        let e = errs(b"El (liter)\n1\n");
        assert!(
            e.errors[0].expected_sv.contains("enheten kWh"),
            "{}",
            e.errors[0]
        );
        let e = errs("mått;värde;enhet\nhvo100_l;5;kWh\n".as_bytes());
        assert_eq!(e.errors[0].column.as_deref(), Some("enhet"));
        // Percent on a quantity, a share twice.
        let e = errs(
            b"metric;value\ndiesel_l;5 %\nandel_fornybar_el_pct;50\nandel_fornybar_el_pct;60\n",
        );
        assert_eq!(e.errors.len(), 2, "{e}");
        assert!(e.errors[1].expected_sv.contains("rad 3"), "{}", e.errors[1]);
    }

    #[test]
    fn empty_and_headers_only() {
        assert_eq!(errs(b"").errors[0].line, None);
        assert!(
            errs(b"metric;value\n").errors[0]
                .expected_sv
                .contains("minst ett värde")
        );
        assert!(
            errs("mått\nhvo\n".as_bytes()).errors[0]
                .expected_sv
                .contains("värde")
        );
        assert!(
            errs(b"Kommentar\nhej\n").errors[0]
                .expected_sv
                .contains("kolumner")
        );
        assert!(
            errs(b"PK\x03\x04garbage").errors[0]
                .expected_sv
                .contains("Excel")
        );
    }

    #[test]
    fn template_reads_back_partly_filled() {
        let all: Vec<&Metric> = METRICS.iter().collect();
        let t = template_csv(&all);
        // Empty: nothing reported.
        assert!(
            errs(t.as_bytes()).errors[0]
                .expected_sv
                .contains("minst ett värde")
        );
        let filled = t.replace("hvo100_l;;l;", "hvo100_l;8 400,5;l;").replace(
            "andel_fornybar_el_pct;;%;",
            "andel_fornybar_el_pct;100 %;%;",
        );
        let r = ok(&filled);
        assert_eq!(r.values.len(), 2);
        assert_eq!(v(&r, "hvo100_l"), Some(8400.5));
        assert_eq!(v(&r, "andel_fornybar_el_pct"), Some(100.0));
    }

    #[test]
    fn numbers() {
        let n = |s| parse_number(s).and_then(Result::ok);
        assert_eq!(n("8 400,5"), Some((8400.5, false)));
        assert_eq!(n("1.234.567"), Some((1_234_567.0, false)));
        assert_eq!(n("1,234,567.5"), Some((1_234_567.5, false)));
        assert_eq!(n("1.234,5"), Some((1234.5, false)));
        assert_eq!(n("0,125"), Some((0.125, false)));
        assert_eq!(n("1234.567"), Some((1234.567, false)));
        assert_eq!(n("87 %"), Some((87.0, true)));
        assert_eq!(n("\u{2212}3"), Some((-3.0, false)));
        for ambiguous in ["1.200", "1,200", "-12,500", "999.999"] {
            assert_eq!(parse_number(ambiguous), Some(Err(())), "{ambiguous}");
        }
        for bad in [
            "",
            "1,2,3.4.5",
            "abc",
            "1e5",
            "--1",
            "1-",
            "%",
            "inf",
            "NaN",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn xlsx_wide_and_long() {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let s = wb.add_worksheet();
        s.write_string(1, 1, "HVO100 (liter)").unwrap();
        s.write_string(1, 2, "Andel förnybara drivmedel (%)")
            .unwrap();
        s.write_number(2, 1, 8400.0).unwrap();
        s.write_number(2, 2, 91.5).unwrap();
        s.write_number(3, 1, 100.0).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let r = read_supplier_report(&bytes, "rapport.xlsx").unwrap();
        assert!(r.xlsx);
        assert_eq!(v(&r, "hvo100_l"), Some(8500.0));
        assert_eq!(v(&r, "andel_fornybar_drivmedel_pct"), Some(91.5));

        let mut wb = Workbook::new();
        let s = wb.add_worksheet();
        s.write_string(0, 0, "metric").unwrap();
        s.write_string(0, 1, "value").unwrap();
        s.write_string(1, 0, "diesel_l").unwrap();
        s.write_string(1, 1, "tio").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let e = read_supplier_report(&bytes, "rapport.xlsx").unwrap_err();
        assert_eq!(e.errors[0].line, Some(2));
        assert_eq!(e.errors[0].column.as_deref(), Some("value"));
    }

    /// A deterministic xorshift stream: no new dependency for the loop test.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn never_panics_on_random_or_mutated_input() {
        let seeds: [&[u8]; 4] = [
            "Mått;Värde;Enhet\nHVO100;8 400,5;liter\nEl;2,5;MWh\n".as_bytes(),
            "Månad,HVO100 (liter),El (kWh)\n2027-01,\"1 000\",\"1 500,5\"\n".as_bytes(),
            b"metric,value\nandel_fornybar_el_pct,50 %\n",
            b"PK\x03\x04\x14\x00\x00\x00",
        ];
        let alphabet = b";,\n\r\"()[]%.-+ 0123456789eEkWhlmMPK\x03\x04\xff\xe5";
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let mut input = seeds[round % seeds.len()].to_vec();
            for _ in 0..(rng.next() % 8) {
                let pos = (rng.next() as usize) % (input.len() + 1);
                let byte = alphabet[(rng.next() as usize) % alphabet.len()];
                match rng.next() % 3 {
                    0 if pos < input.len() => input[pos] = byte,
                    1 if pos < input.len() => {
                        input.remove(pos);
                    }
                    _ => input.insert(pos, byte),
                }
            }
            if round % 5 == 0 {
                input = (0..(rng.next() % 200)).map(|_| rng.next() as u8).collect();
            }
            if let Ok(r) = read_supplier_report(&input, "x.csv") {
                assert!(r.values.iter().all(|(_, v)| v.is_finite() && *v >= 0.0));
            }
        }
    }
}
