//! Ledger reader for Excel workbooks (`.xlsx`).
//!
//! Headers are found as in the CSV reader ([`crate::columns`]). Cells are
//! streamed row by row with calamine's cell reader, so memory holds one row
//! plus the workbook's shared-string table (which calamine loads whole;
//! Excel itself stops at 1,048,576 rows, so that is bounded).
//!
//! Rows and columns in errors are Excel's: 1-based row numbers and column
//! numbers with their letter (`kolumn 6 (F, Belopp)`).

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType, Reader, SheetType, Xlsx};
use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerField, LedgerLine, LedgerSink, RowError, SourcePosition};
use upphandla_core::money::Ore;

use crate::columns::{ColumnError, ColumnMap};
use crate::number::{AmountError, DateError, parse_amount, parse_date};

/// Which sheet and columns to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XlsxOptions {
    /// Sheet name (`--sheet NAME`); the first worksheet when `None`.
    pub sheet: Option<String>,
    /// Column overrides (`--column amount="Belopp SEK"`).
    pub overrides: Vec<(LedgerField, String)>,
}

/// What a read found, for the import report.
#[derive(Debug, Clone, PartialEq)]
pub struct XlsxSummary {
    pub sheet: String,
    /// Excel row number of the header row.
    pub header_row: u32,
    pub columns: ColumnMap,
    /// Lines delivered to the sink.
    pub lines: u64,
    pub total: Ore,
    /// Rows delivered to `sink.invalid`.
    pub invalid_rows: u64,
    /// Numeric amount cells holding fractions of an öre (typically formula
    /// results such as `=B2/1.25`), rounded half away from zero.
    pub rounded_amounts: u64,
}

/// A workbook or sheet the reader cannot use.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("{}: kunde inte öppna Excel-filen: {source}\ncould not open the workbook", path.display())]
    Open {
        path: PathBuf,
        source: calamine::XlsxError,
    },
    #[error("{}: arbetsboken har inga kalkylblad\nthe workbook has no worksheets", path.display())]
    NoSheets { path: PathBuf },
    #[error(
        "{}: bladet \"{sheet}\" finns inte. Blad i filen: {}\nsheet \"{sheet}\" not found",
        path.display(),
        quoted(available)
    )]
    SheetNotFound {
        path: PathBuf,
        sheet: String,
        available: Vec<String>,
    },
    #[error("{}: blad \"{sheet}\": kunde inte läsa bladet: {source}", path.display())]
    Sheet {
        path: PathBuf,
        sheet: String,
        source: calamine::XlsxError,
    },
    #[error("{}: blad \"{sheet}\" är tomt\nthe sheet is empty", path.display())]
    Empty { path: PathBuf, sheet: String },
    #[error("{}: blad \"{sheet}\", rad {row}: {source}", path.display())]
    Columns {
        path: PathBuf,
        sheet: String,
        /// Excel row of the header candidate the error is about.
        row: u32,
        source: ColumnError,
    },
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Excel column letters for a 1-based column number: 1 → A, 27 → AA.
pub fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Reads the ledger in an `.xlsx` file.
///
/// Bad rows go to `sink.invalid`; on `Err` the sink may already hold lines
/// and the caller must discard them (imports are all-or-nothing).
pub fn read_xlsx_path<S: LedgerSink + ?Sized>(
    path: &Path,
    options: &XlsxOptions,
    sink: &mut S,
) -> Result<XlsxSummary, XlsxError> {
    let file = std::fs::File::open(path).map_err(|e| XlsxError::Open {
        path: path.to_path_buf(),
        source: calamine::XlsxError::Io(e),
    })?;
    read_xlsx(std::io::BufReader::new(file), path, options, sink)
}

/// As [`read_xlsx_path`] on any seekable reader; `path` names it in errors.
pub fn read_xlsx<R: Read + Seek, S: LedgerSink + ?Sized>(
    reader: R,
    path: &Path,
    options: &XlsxOptions,
    sink: &mut S,
) -> Result<XlsxSummary, XlsxError> {
    let mut workbook: Xlsx<R> = Xlsx::new(reader).map_err(|source| XlsxError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let worksheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let sheet = match &options.sheet {
        None => worksheets
            .first()
            .cloned()
            .ok_or_else(|| XlsxError::NoSheets {
                path: path.to_path_buf(),
            })?,
        Some(wanted) => worksheets
            .iter()
            .find(|n| *n == wanted)
            .or_else(|| {
                worksheets
                    .iter()
                    .find(|n| n.trim().to_lowercase() == wanted.trim().to_lowercase())
            })
            .cloned()
            .ok_or_else(|| XlsxError::SheetNotFound {
                path: path.to_path_buf(),
                sheet: wanted.clone(),
                available: worksheets.clone(),
            })?,
    };
    let is_1904 = workbook.has_1904_epoch();
    let sheet_err = |source| XlsxError::Sheet {
        path: path.to_path_buf(),
        sheet: sheet.clone(),
        source,
    };
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(sheet_err)?;

    let mut rows = RowStream::default();
    // The header is the first of the first few non-empty rows that has an
    // amount column: exports often start with a title row or two.
    // If none has one, the error concerns the fullest candidate (the
    // likely header), not a title above it.
    let mut tried = 0usize;
    let mut best_error: Option<(usize, u32, ColumnError)> = None;
    let mut header: Option<(u32, ColumnMap, Vec<String>)> = None;
    while header.is_none() && tried < HEADER_SEARCH_ROWS {
        let Some((row, cells_of_row)) = rows.next_row(&mut cells).map_err(sheet_err)? else {
            break;
        };
        let filled = cells_of_row.iter().filter(|c| !is_blank(c)).count();
        if filled == 0 {
            continue;
        }
        tried += 1;
        let names: Vec<String> = cells_of_row.iter().map(header_text).collect();
        match ColumnMap::detect(&names, &options.overrides) {
            Ok(map) => header = Some((row, map, names)),
            Err(e) => {
                if best_error.as_ref().is_none_or(|(n, ..)| filled > *n) {
                    best_error = Some((filled, row, e));
                }
            }
        }
    }
    let Some((header_row, columns, names)) = header else {
        return Err(match best_error {
            Some((_, row, source)) => XlsxError::Columns {
                path: path.to_path_buf(),
                sheet,
                row,
                source,
            },
            None => XlsxError::Empty {
                path: path.to_path_buf(),
                sheet,
            },
        });
    };

    let mut state = RowReader {
        columns: columns.clone(),
        names,
        is_1904,
        bufs: Default::default(),
        summary: XlsxSummary {
            sheet: sheet.clone(),
            header_row,
            columns,
            lines: 0,
            total: Ore::ZERO,
            invalid_rows: 0,
            rounded_amounts: 0,
        },
    };
    while let Some((row, cells_of_row)) = rows.next_row(&mut cells).map_err(sheet_err)? {
        state.row(row, &cells_of_row, sink);
    }
    Ok(state.summary)
}

const HEADER_SEARCH_ROWS: usize = 10;

/// Groups the cell stream into rows (absolute column index → cell).
#[derive(Default)]
struct RowStream<'a> {
    /// A cell read past the end of the previous row.
    carry: Option<((u32, u32), DataRef<'a>)>,
    done: bool,
}

/// Widest row kept: Excel's own column limit (XFD).
const MAX_COLUMNS: u32 = 16_384;

impl<'a> RowStream<'a> {
    fn next_row<RS: Read + Seek>(
        &mut self,
        reader: &mut calamine::XlsxCellReader<'a, RS>,
    ) -> Result<Option<(u32, Vec<DataRef<'a>>)>, calamine::XlsxError> {
        let first = match self.carry.take() {
            Some(c) => c,
            None => {
                if self.done {
                    return Ok(None);
                }
                match reader.next_cell()? {
                    Some(cell) => (cell.get_position(), cell.get_value().clone()),
                    None => {
                        self.done = true;
                        return Ok(None);
                    }
                }
            }
        };
        let row = first.0.0;
        let mut out: Vec<DataRef<'a>> = Vec::new();
        let mut put = |col: u32, value: DataRef<'a>| {
            if col < MAX_COLUMNS {
                let col = col as usize;
                if out.len() <= col {
                    out.resize(col + 1, DataRef::Empty);
                }
                if let Some(slot) = out.get_mut(col) {
                    *slot = value;
                }
            }
        };
        put(first.0.1, first.1);
        while !self.done {
            match reader.next_cell()? {
                Some(cell) => {
                    let pos = cell.get_position();
                    let value = cell.get_value().clone();
                    if pos.0 != row {
                        self.carry = Some((pos, value));
                        break;
                    }
                    put(pos.1, value);
                }
                None => self.done = true,
            }
        }
        // Excel rows are 1-based.
        Ok(Some((row.saturating_add(1), out)))
    }
}

fn is_blank(c: &DataRef<'_>) -> bool {
    match c {
        DataRef::Empty => true,
        DataRef::String(s) => s.trim().is_empty(),
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn header_text(c: &DataRef<'_>) -> String {
    let mut s = String::new();
    // Errors in header cells simply do not match any name.
    let _ = cell_text(c, &mut s);
    s
}

/// Writes a cell's text form into `out`; `Err` holds the Excel error shown.
fn cell_text(c: &DataRef<'_>, out: &mut String) -> Result<(), String> {
    use std::fmt::Write as _;
    out.clear();
    match c {
        DataRef::Empty => {}
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            out.push_str(s.trim())
        }
        DataRef::SharedString(s) => out.push_str(s.trim()),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => {
            // Account numbers and org. numbers typed as numbers: no ".0".
            if f.fract() == 0.0 && f.abs() < 1e15 {
                let _ = write!(out, "{}", *f as i64);
            } else {
                let _ = write!(out, "{f}");
            }
        }
        DataRef::Bool(b) => out.push_str(if *b { "SANT" } else { "FALSKT" }),
        DataRef::DateTime(dt) => match excel_date(dt.as_f64(), dt.is_datetime(), false) {
            Some(d) => {
                let _ = write!(out, "{d}");
            }
            None => {
                let _ = write!(out, "{}", dt.as_f64());
            }
        },
        DataRef::Error(e) => return Err(e.to_string()),
    }
    Ok(())
}

/// The date of an Excel serial (time of day ignored).
fn excel_date(serial: f64, is_datetime: bool, is_1904: bool) -> Option<Date> {
    // Serial 0 and below are not dates; 2958466 is past 9999-12-31.
    if !is_datetime || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, m, d, ..) =
        ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904).to_ymd_hms_milli();
    Date::new(i32::from(y), m, d)
}

/// A numeric amount in kronor to öre, and whether it held a fraction of an öre.
///
/// Rounds the shortest decimal form of the number (what Excel shows, and
/// what a user typed: `1.005` is 1,01 kr, not the binary 1.00499…) half
/// away from zero. Floating-point noise (`0.1+0.2`) does not count as a fraction.
pub fn f64_to_ore(f: f64) -> Result<(Ore, bool), AmountError> {
    if !f.is_finite() {
        return Err(AmountError::Invalid);
    }
    // 2^53 öre: beyond that f64 has no exact öre.
    if (f * 100.0).abs() > 9.007e15 {
        return Err(AmountError::Overflow);
    }
    let text = format!("{}", f.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut ore: i64 = 0;
    for b in int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(2))
    {
        if !b.is_ascii_digit() {
            return Err(AmountError::Invalid);
        }
        ore = ore
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(AmountError::Overflow)?;
    }
    if frac.as_bytes().get(2).is_some_and(|&d| d >= b'5') {
        ore = ore.checked_add(1).ok_or(AmountError::Overflow)?;
    }
    let scaled = f * 100.0;
    let noise = (4.0 * f64::EPSILON * scaled.abs()).max(1e-6);
    let fraction = (scaled - scaled.round()).abs() > noise;
    Ok((Ore(if f < 0.0 { -ore } else { ore }), fraction))
}

struct RowReader {
    columns: ColumnMap,
    names: Vec<String>,
    is_1904: bool,
    /// Text of unit, account, supplier id, supplier name, text, cpv.
    bufs: [String; 6],
    summary: XlsxSummary,
}

const TEXT_FIELDS: [LedgerField; 6] = [
    LedgerField::Unit,
    LedgerField::Account,
    LedgerField::SupplierId,
    LedgerField::SupplierName,
    LedgerField::Text,
    LedgerField::Cpv,
];

enum Problem {
    Amount(AmountError),
    AmountIsDate,
    Date(DateError),
    ExcelError,
    SumRow,
}

impl RowReader {
    fn error<S: LedgerSink + ?Sized>(
        &mut self,
        sink: &mut S,
        row: u32,
        col: usize,
        value: String,
        problem: Problem,
        amount: Option<Ore>,
    ) {
        let column = u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1);
        let header = self.names.get(col).map_or("", String::as_str);
        let expected = match problem {
            Problem::Amount(e) => e.expected_sv().to_string(),
            Problem::AmountIsDate => "ett belopp, inte ett datum".to_string(),
            Problem::Date(e) => e.expected_sv().to_string(),
            Problem::ExcelError => "ett värde, inte ett Excel-fel (formeln räknar fel)".to_string(),
            Problem::SumRow => {
                "en bokföringsrad, inte en summarad (ta bort raden så räknas beloppet inte två gånger)"
                    .to_string()
            }
        };
        self.summary.invalid_rows += 1;
        sink.invalid(RowError {
            line: u64::from(row),
            column,
            // Shown as "kolumn 6 (F, Belopp)": the letter is what Excel shows.
            column_name: if header.is_empty() {
                column_letters(column)
            } else {
                format!("{}, {header}", column_letters(column))
            },
            value,
            expected,
            amount,
        });
    }

    fn row<S: LedgerSink + ?Sized>(&mut self, row: u32, cells: &[DataRef<'_>], sink: &mut S) {
        let cols: [Option<usize>; LedgerField::ALL.len()] =
            LedgerField::ALL.map(|f| self.columns.get(f));
        let cell = |f: LedgerField| {
            cols.get(f as usize)
                .copied()
                .flatten()
                .map(|c| (c, cells.get(c).unwrap_or(&DataRef::Empty)))
        };
        if LedgerField::ALL
            .iter()
            .all(|f| cell(*f).is_none_or(|(_, c)| is_blank(c)))
        {
            return;
        }

        // Amount first, so other errors can carry it.
        let Some((amount_col, amount_cell)) = cell(LedgerField::Amount) else {
            return;
        };
        let mut shown = String::new();
        let shown_err = cell_text(amount_cell, &mut shown);
        let amount = match amount_cell {
            DataRef::Float(f) => f64_to_ore(*f).map(|(o, fraction)| {
                if fraction {
                    self.summary.rounded_amounts += 1;
                }
                o
            }),
            DataRef::Int(i) => i.checked_mul(100).map(Ore).ok_or(AmountError::Overflow),
            DataRef::String(s) => parse_amount(s),
            DataRef::SharedString(s) => parse_amount(s),
            DataRef::Empty => Err(AmountError::Empty),
            DataRef::DateTime(_) | DataRef::DateTimeIso(_) | DataRef::DurationIso(_) => {
                self.error(sink, row, amount_col, shown, Problem::AmountIsDate, None);
                return;
            }
            DataRef::Bool(_) => Err(AmountError::Invalid),
            DataRef::Error(e) => {
                self.error(
                    sink,
                    row,
                    amount_col,
                    e.to_string(),
                    Problem::ExcelError,
                    None,
                );
                return;
            }
        };
        let amount = match amount {
            Ok(a) => a,
            Err(e) => {
                let value = shown_err.err().unwrap_or(shown);
                self.error(sink, row, amount_col, value, Problem::Amount(e), None);
                return;
            }
        };

        let mut date = None;
        if let Some((col, c)) = cell(LedgerField::Date) {
            let parsed = match c {
                DataRef::Empty => Ok(None),
                DataRef::DateTime(dt) => excel_date(dt.as_f64(), dt.is_datetime(), self.is_1904)
                    .map(Some)
                    .ok_or(DateError::NoSuchDate),
                DataRef::Int(_) | DataRef::Float(_) => self.numeric_date(c).map(Some),
                DataRef::String(s) | DataRef::DateTimeIso(s) => text_date(s),
                DataRef::SharedString(s) => text_date(s),
                DataRef::DurationIso(_) | DataRef::Bool(_) => Err(DateError::Format),
                DataRef::Error(e) => {
                    let e = e.to_string();
                    self.error(sink, row, col, e, Problem::ExcelError, Some(amount));
                    return;
                }
            };
            match parsed {
                Ok(d) => date = d,
                Err(e) => {
                    let mut v = String::new();
                    let _ = cell_text(c, &mut v);
                    self.error(sink, row, col, v, Problem::Date(e), Some(amount));
                    return;
                }
            }
        }

        // Text fields go into reused buffers the line borrows.
        let mut bufs = std::mem::take(&mut self.bufs);
        for (buf, f) in bufs.iter_mut().zip(TEXT_FIELDS) {
            buf.clear();
            if let Some((col, c)) = cell(f)
                && let Err(e) = cell_text(c, buf)
            {
                self.bufs = bufs;
                self.error(sink, row, col, e, Problem::ExcelError, Some(amount));
                return;
            }
        }
        let [unit, account, supplier_id, supplier_name, text, cpv] = &bufs;

        // A "Summa"/"Totalt" row under the data would count everything twice.
        if date.is_none() && supplier_id.is_empty() {
            let labelled = [
                (LedgerField::Unit, unit),
                (LedgerField::Account, account),
                (LedgerField::SupplierName, supplier_name),
                (LedgerField::Text, text),
            ]
            .into_iter()
            .find(|(_, t)| is_sum_label(t));
            if let Some((f, t)) = labelled
                && let Some((col, _)) = cell(f)
            {
                let value = t.clone();
                self.bufs = bufs;
                self.error(sink, row, col, value, Problem::SumRow, Some(amount));
                return;
            }
        }

        let line = LedgerLine {
            position: SourcePosition {
                line: u64::from(row),
            },
            date,
            unit,
            account,
            account_name: "",
            supplier_id,
            supplier_name,
            amount,
            text,
            cpv,
            quantity: None,
        };
        sink.line(&line);
        self.bufs = bufs;
        self.summary.lines += 1;
        self.summary.total = Ore(self.summary.total.0.saturating_add(amount.0));
    }

    /// A number in a date column: `20240131` typed as a number, or a date
    /// serial without date formatting.
    fn numeric_date(&self, c: &DataRef<'_>) -> Result<Date, DateError> {
        let v = match c {
            DataRef::Int(i) => *i as f64,
            DataRef::Float(f) => *f,
            _ => return Err(DateError::Format),
        };
        if v.fract() == 0.0 && (19_000_101.0..=21_991_231.0).contains(&v) {
            return parse_date(&format!("{}", v as i64));
        }
        excel_date(v, true, self.is_1904).ok_or(DateError::Format)
    }
}

fn text_date(s: &str) -> Result<Option<Date>, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // ISO date-times (`2024-01-31T00:00:00`) as calamine gives some cells.
    let s = match s.split_once('T') {
        Some((d, _)) if d.len() == 10 => d,
        _ => s,
    };
    parse_date(s).map(Some)
}

fn is_sum_label(t: &str) -> bool {
    let lower = t.trim().to_lowercase();
    // Only the bare word (or the word and a colon): "Total Energi AB" is a supplier.
    ["summa", "totalt", "total", "totalsumma", "delsumma"]
        .iter()
        .any(|w| lower == *w || lower.strip_prefix(w).is_some_and(|r| r.starts_with(':')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(6), "F");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(702), "ZZ");
        assert_eq!(column_letters(703), "AAA");
        assert_eq!(column_letters(16_384), "XFD");
        assert_eq!(column_letters(0), "");
    }

    #[test]
    fn floats_to_ore() {
        assert_eq!(f64_to_ore(1234.5), Ok((Ore(123450), false)));
        assert_eq!(f64_to_ore(-99.99), Ok((Ore(-9999), false)));
        assert_eq!(f64_to_ore(0.1 + 0.2), Ok((Ore(30), false)));
        assert_eq!(f64_to_ore(1.005), Ok((Ore(101), true)));
        assert_eq!(f64_to_ore(-1.005), Ok((Ore(-101), true)));
        assert_eq!(f64_to_ore(100.0 / 1.25 / 3.0), Ok((Ore(2667), true)));
        assert_eq!(
            f64_to_ore(12_345_678_901.23),
            Ok((Ore(1_234_567_890_123), false))
        );
        // Below a millionth of an öre is float noise, not a fraction.
        assert_eq!(f64_to_ore(1e-9), Ok((Ore(0), false)));
        assert_eq!(f64_to_ore(1e-5), Ok((Ore(0), true)));
        assert_eq!(f64_to_ore(f64::NAN), Err(AmountError::Invalid));
        assert_eq!(f64_to_ore(1e300), Err(AmountError::Overflow));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_date(45322.0, true, false), Date::new(2024, 1, 31));
        assert_eq!(excel_date(45322.75, true, false), Date::new(2024, 1, 31));
        assert_eq!(excel_date(43860.0, true, true), Date::new(2024, 1, 31));
        assert_eq!(excel_date(0.0, true, false), None);
        assert_eq!(excel_date(f64::INFINITY, true, false), None);
    }

    #[test]
    fn sum_labels() {
        assert!(is_sum_label("Summa"));
        assert!(is_sum_label(" TOTALT "));
        assert!(is_sum_label("Summa: januari"));
        assert!(!is_sum_label("Summabolaget AB"));
        assert!(!is_sum_label("Total Energi AB "));
    }
}
