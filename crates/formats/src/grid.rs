//! A small CSV or Excel (`.xlsx`) file read whole into rows of cells, each
//! row with its 1-based line (CSV) or row (Excel) number: the reading step
//! the contract register ([`crate::contracts`]) and the supplier report
//! ([`crate::supplier_report`]) readers share.
//!
//! CSV goes through [`crate::table`] (the ledger reader's separator and
//! encoding detection and quoting rules); its header line is the first row
//! and rows of only separators are left out. Excel is read from the first
//! worksheet with calamine's cell reader; rows without a non-blank cell are
//! left out. What a cell becomes is the reader's choice ([`GridCell`]); what
//! a problem is called, and in which words, is too ([`GridError`] carries
//! only the cause), so each reader keeps its own messages.
//!
//! Column indexes are 0-based and absolute (Excel column A is 0);
//! [`GridKind::column_name`] gives the position a user sees.

use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType, Reader, SheetType, Xlsx};
use upphandla_core::date::Date;

use crate::table::{TableError, read_table};
use crate::xlsx_ledger::{column_letters, f64_to_ore};

/// The kind of file a grid was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridKind {
    Csv,
    Xlsx,
}

impl GridKind {
    /// The 0-based column `index` as the user sees it: `3` in a CSV file,
    /// `C` in Excel.
    pub fn column_name(self, index: usize) -> String {
        let n = u32::try_from(index).unwrap_or(u32::MAX - 1) + 1;
        match self {
            GridKind::Csv => n.to_string(),
            GridKind::Xlsx => column_letters(n),
        }
    }
}

/// What a reader keeps of a cell.
pub trait GridCell: Sized {
    /// A CSV field (decoded and unquoted).
    fn from_text(text: String) -> Self;
    /// An Excel cell; `is_1904` is the workbook's date epoch.
    fn from_xlsx(cell: &DataRef<'_>, is_1904: bool) -> Self;
    /// True for a cell that holds nothing but white space.
    fn is_blank(&self) -> bool;
}

/// A cell as the text the CSV path would see: Excel dates as `YYYY-MM-DD`,
/// numbers with a decimal comma (and without `.0` for whole numbers, so an
/// org. number or a month count typed as a number reads as typed), booleans
/// as Excel writes them in Swedish (`SANT`, `FALSKT`).
impl GridCell for String {
    fn from_text(text: String) -> Self {
        text
    }

    fn from_xlsx(cell: &DataRef<'_>, is_1904: bool) -> Self {
        match cell {
            DataRef::Empty => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                s.trim().to_owned()
            }
            DataRef::SharedString(s) => s.trim().to_owned(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    match f64_to_ore(*f) {
                        Ok((ore, _)) => {
                            let sign = if ore.0 < 0 { "-" } else { "" };
                            let abs = ore.0.unsigned_abs();
                            format!("{sign}{},{:02}", abs / 100, abs % 100)
                        }
                        Err(_) => f.to_string(),
                    }
                }
            }
            DataRef::Bool(b) => if *b { "SANT" } else { "FALSKT" }.to_owned(),
            DataRef::DateTime(dt) => {
                let serial = dt.as_f64();
                if dt.is_datetime() && (1.0..2_958_466.0).contains(&serial) {
                    let (y, m, d, ..) =
                        ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904)
                            .to_ymd_hms_milli();
                    match Date::new(i32::from(y), m, d) {
                        Some(date) => date.to_string(),
                        None => serial.to_string(),
                    }
                } else {
                    serial.to_string()
                }
            }
            DataRef::Error(e) => format!("#{e:?}"),
        }
    }

    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
}

/// How much of a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridLimits {
    /// More rows than this is [`GridError::TooManyRows`]: CSV data rows
    /// (after the header), or Excel rows with any cell (blank ones too).
    pub max_rows: usize,
    /// Excel cells in this column (0-based) or further right are ignored.
    pub max_columns: u32,
}

impl GridLimits {
    /// Everything is read (Excel's own limits bound a worksheet).
    pub const NONE: GridLimits = GridLimits {
        max_rows: usize::MAX,
        max_columns: u32::MAX,
    };
}

/// Why a file gave no grid; the reader words the message.
#[derive(Debug)]
pub enum GridError {
    /// The CSV table could not be read (empty, or a quoting problem at a
    /// line and column).
    Csv(TableError),
    /// More rows than [`GridLimits::max_rows`].
    TooManyRows,
    /// The file is not an Excel workbook that can be opened.
    Open(calamine::XlsxError),
    /// The workbook has no worksheet.
    NoWorksheet,
    /// The first worksheet could not be read.
    Sheet(calamine::XlsxError),
}

/// Rows of cells with their line (row) numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid<C> {
    /// (1-based line or row, cells by 0-based column).
    pub rows: Vec<(u64, Vec<C>)>,
    pub kind: GridKind,
    /// Excel: the first and last column (0-based) holding a cell that is not
    /// empty, the span calamine's `worksheet_range` would have; `None` for
    /// CSV and for a worksheet without such a cell.
    pub used_columns: Option<(usize, usize)>,
}

/// Reads `bytes` as `kind` into rows of cells.
pub fn read_grid<C: GridCell>(
    bytes: &[u8],
    kind: GridKind,
    limits: GridLimits,
) -> Result<Grid<C>, GridError> {
    match kind {
        GridKind::Csv => read_csv(bytes, limits),
        GridKind::Xlsx => read_xlsx(bytes, limits),
    }
}

fn read_csv<C: GridCell>(bytes: &[u8], limits: GridLimits) -> Result<Grid<C>, GridError> {
    let table = read_table(bytes).map_err(GridError::Csv)?;
    if table.rows.len() > limits.max_rows {
        return Err(GridError::TooManyRows);
    }
    let texts = |fields: Vec<String>| fields.into_iter().map(C::from_text).collect();
    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    rows.push((table.header_line, texts(table.headers)));
    rows.extend(table.rows.into_iter().map(|r| (r.line, texts(r.fields))));
    Ok(Grid {
        rows,
        kind: GridKind::Csv,
        used_columns: None,
    })
}

fn read_xlsx<C: GridCell>(bytes: &[u8], limits: GridLimits) -> Result<Grid<C>, GridError> {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(GridError::Open)?;
    let sheet = workbook
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .ok_or(GridError::NoWorksheet)?;
    let is_1904 = workbook.has_1904_epoch();
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(GridError::Sheet)?;
    let mut rows: Vec<(u64, Vec<C>)> = Vec::new();
    let mut used_columns: Option<(usize, usize)> = None;
    while let Some(cell) = cells.next_cell().map_err(GridError::Sheet)? {
        let (row, col) = cell.get_position();
        if col >= limits.max_columns {
            continue;
        }
        let line = u64::from(row) + 1;
        if rows.last().is_none_or(|(l, _)| *l != line) {
            if rows.len() > limits.max_rows {
                return Err(GridError::TooManyRows);
            }
            rows.push((line, Vec::new()));
        }
        let col = col as usize;
        if !matches!(cell.get_value(), DataRef::Empty) {
            used_columns = Some(match used_columns {
                None => (col, col),
                Some((first, last)) => (first.min(col), last.max(col)),
            });
        }
        if let Some((_, cols)) = rows.last_mut() {
            if cols.len() <= col {
                cols.resize_with(col + 1, || C::from_text(String::new()));
            }
            if let Some(slot) = cols.get_mut(col) {
                *slot = C::from_xlsx(cell.get_value(), is_1904);
            }
        }
    }
    rows.retain(|(_, cols)| !cols.iter().all(C::is_blank));
    Ok(Grid {
        rows,
        kind: GridKind::Xlsx,
        used_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_lines_and_header() {
        let g: Grid<String> = read_grid(
            b"a;b\n\n1;\"2\n3\"\n;\n4;5\n",
            GridKind::Csv,
            GridLimits::NONE,
        )
        .unwrap();
        assert_eq!(g.kind, GridKind::Csv);
        assert_eq!(
            g.rows,
            vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (3, vec!["1".to_owned(), "2\n3".to_owned()]),
                (6, vec!["4".to_owned(), "5".to_owned()]),
            ]
        );
        let limited = GridLimits {
            max_rows: 1,
            max_columns: 1,
        };
        assert!(matches!(
            read_grid::<String>(b"a\n1\n2\n", GridKind::Csv, limited),
            Err(GridError::TooManyRows)
        ));
        assert!(matches!(
            read_grid::<String>(b"a\n\"1\n", GridKind::Csv, GridLimits::NONE),
            Err(GridError::Csv(TableError::UnterminatedQuote {
                line: 2,
                column: 1
            }))
        ));
    }

    #[test]
    fn xlsx_cells_are_absolute_and_blank_rows_go() {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(1, 2, "Rubrik").unwrap();
        ws.write_string(2, 1, "  ").unwrap();
        ws.write_number(3, 3, 1234.5).unwrap();
        ws.write_boolean(3, 5, true).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let g: Grid<String> = read_grid(&bytes, GridKind::Xlsx, GridLimits::NONE).unwrap();
        let blank = String::new;
        assert_eq!(
            g.rows,
            vec![
                (2, vec![blank(), blank(), "Rubrik".to_owned()]),
                (
                    4,
                    vec![
                        blank(),
                        blank(),
                        blank(),
                        "1234,50".to_owned(),
                        blank(),
                        "SANT".to_owned()
                    ]
                ),
            ]
        );
        assert_eq!(g.used_columns, Some((1, 5)));
        assert_eq!(g.kind.column_name(3), "D");
        assert_eq!(GridKind::Csv.column_name(3), "4");
        let narrow = GridLimits {
            max_rows: usize::MAX,
            max_columns: 4,
        };
        let g: Grid<String> = read_grid(&bytes, GridKind::Xlsx, narrow).unwrap();
        assert_eq!(g.rows[1].1.len(), 4);
        assert!(matches!(
            read_grid::<String>(b"PK\x03\x04nope", GridKind::Xlsx, GridLimits::NONE),
            Err(GridError::Open(_))
        ));
    }
}
