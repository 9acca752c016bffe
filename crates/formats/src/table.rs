//! A small delimited-table reader for map and factor files: same separator,
//! encoding and quoting rules as the ledger reader (see [`crate::text`]), but
//! everything is read into memory, since these files are small.

use crate::text::{
    self, EncodingFlags, EncodingSeen, FieldScratch, RecordProblem, detect_separator,
    is_blank_record, next_record, strip_bom,
};

/// One data row with its 1-based physical line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    /// Decoded, unquoted fields trimmed of surrounding ASCII whitespace.
    pub fields: Vec<String>,
}

impl Record {
    /// Field `index` (0-based), or `""` when the row is shorter.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    /// Line the header was on (after any leading blank lines).
    pub header_line: u64,
    /// Data rows; blank lines (also rows of only separators) are skipped.
    pub rows: Vec<Record>,
    pub separator: u8,
    pub encoding: EncodingSeen,
}

impl Table {
    /// 0-based index of the header equal to `name` after
    /// [`crate::columns::normalize_header`] of both.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = crate::columns::normalize_header(name);
        self.headers
            .iter()
            .position(|h| crate::columns::normalize_header(h) == wanted)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("filen är tom (ingen rubrikrad) / the file is empty (no header line)")]
    Empty,
    #[error(
        "rad {line}, kolumn {column}: citattecknet avslutas aldrig / line {line}, column {column}: unterminated quote"
    )]
    UnterminatedQuote { line: u64, column: u32 },
    #[error(
        "rad {line}, kolumn {column}: text efter avslutande citattecken / line {line}, column {column}: text after closing quote"
    )]
    TextAfterQuote { line: u64, column: u32 },
}

/// Reads a whole table, detecting the separator from the header line.
pub fn read_table(bytes: &[u8]) -> Result<Table, TableError> {
    read_table_with_separator(bytes, None)
}

/// As [`read_table`], with the separator given instead of detected.
pub fn read_table_with_separator(bytes: &[u8], separator: Option<u8>) -> Result<Table, TableError> {
    let (body, bom) = strip_bom(bytes);
    let mut flags = EncodingFlags {
        bom,
        ..EncodingFlags::default()
    };
    let mut fields = Vec::new();
    let mut scratch = FieldScratch::default();
    let mut pos = 0usize;
    let mut line = 1u64;
    let mut sep = separator;
    let mut headers: Option<(Vec<String>, u64)> = None;
    let mut rows = Vec::new();
    while pos < body.len() {
        let s = *sep.get_or_insert_with(|| detect_separator(body));
        let info = next_record(body, pos, s, &mut fields);
        let this_line = line;
        line += info.inner_newlines + 1;
        pos = info.end;
        match info.problem {
            Some(RecordProblem::UnterminatedQuote { field }) => {
                return Err(TableError::UnterminatedQuote {
                    line: this_line,
                    column: column_number(field),
                });
            }
            Some(RecordProblem::TextAfterQuote { field }) => {
                return Err(TableError::TextAfterQuote {
                    line: this_line,
                    column: column_number(field),
                });
            }
            None => {}
        }
        if is_blank_record(body, &fields) {
            continue;
        }
        let decoded: Vec<String> = fields
            .iter()
            .map(|f| scratch.text(body, f, &mut flags).to_owned())
            .collect();
        if headers.is_none() {
            headers = Some((decoded, this_line));
        } else {
            rows.push(Record {
                line: this_line,
                fields: decoded,
            });
        }
    }
    let (headers, header_line) = headers.ok_or(TableError::Empty)?;
    Ok(Table {
        headers,
        header_line,
        rows,
        separator: sep.unwrap_or(b';'),
        encoding: flags.seen(),
    })
}

fn column_number(field: usize) -> u32 {
    u32::try_from(field + 1).unwrap_or(u32::MAX)
}

/// Re-exported so table users can name the separator in messages.
pub use text::separator_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cp1252_semicolon_table() {
        let t = read_table(b"Konto;Kategori\r\n\r\n5611;Drivmedel \xe5\xe4\xf6\r\n;\r\n\"56,7\";\"a \"\"b\"\"\"\r\n")
            .unwrap();
        assert_eq!(t.headers, vec!["Konto", "Kategori"]);
        assert_eq!(t.separator, b';');
        assert_eq!(t.encoding, EncodingSeen::Windows1252);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[0].get(1), "Drivmedel åäö");
        assert_eq!(t.rows[1].line, 5);
        assert_eq!(t.rows[1].fields, vec!["56,7", "a \"b\""]);
        assert_eq!(t.rows[1].get(7), "");
        assert_eq!(t.column("kategori"), Some(1));
    }

    #[test]
    fn bom_and_comma_and_multiline() {
        let t = read_table("\u{feff}cpv,namn\n\"3411\n0000\",Bilar\nx,y".as_bytes()).unwrap();
        assert_eq!(t.encoding, EncodingSeen::Utf8Bom);
        assert_eq!(t.separator, b',');
        assert_eq!(t.rows[0].fields, vec!["3411\n0000", "Bilar"]);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn errors() {
        assert_eq!(read_table(b""), Err(TableError::Empty));
        assert_eq!(read_table(b"\n\r\n;;\n"), Err(TableError::Empty));
        assert_eq!(
            read_table(b"a;b\n1;\"2\n3\n"),
            Err(TableError::UnterminatedQuote { line: 2, column: 2 })
        );
        assert_eq!(
            read_table(b"a;b\n1;2\n\"3\"x;4\n"),
            Err(TableError::TextAfterQuote { line: 3, column: 1 })
        );
    }
}
