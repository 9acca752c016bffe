//! What an analysis reads (ledgers and rule files, on disk or in memory) and how.

use std::borrow::Cow;
use std::io::Read;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use upphandla_core::ledger::LedgerField;

use super::{DEMO_LEDGER, ImportError};
use crate::csv_ledger::Progress;
use crate::sie4::Sie4Options;

/// The contents of an input: bytes in memory (an upload, a database text)
/// or a file that is read when the analysis gets to it.
#[derive(Debug, Clone)]
pub enum Data<'a> {
    Bytes(Cow<'a, [u8]>),
    Path(PathBuf),
}

impl Data<'_> {
    /// Size in bytes; 0 for a file that cannot be inspected (reading it will say why).
    pub fn len(&self) -> u64 {
        match self {
            Data::Bytes(bytes) => bytes.len() as u64,
            Data::Path(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole contents; `name` is what errors call the input.
    pub(super) fn read(&self, name: &str) -> Result<Cow<'_, [u8]>, ImportError> {
        match self {
            Data::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Data::Path(path) => {
                std::fs::read(path)
                    .map(Cow::Owned)
                    .map_err(|source| ImportError::Read {
                        name: name.to_string(),
                        source,
                    })
            }
        }
    }
}

impl<'a> From<&'a [u8]> for Data<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Data::Bytes(Cow::Borrowed(bytes))
    }
}

impl From<Vec<u8>> for Data<'_> {
    fn from(bytes: Vec<u8>) -> Self {
        Data::Bytes(Cow::Owned(bytes))
    }
}

impl From<PathBuf> for Data<'_> {
    fn from(path: PathBuf) -> Self {
        Data::Path(path)
    }
}

/// The ledger formats the analysis reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerKind {
    Csv,
    Xlsx,
    Sie4,
}

impl LedgerKind {
    /// "CSV", "XLSX" or "SIE4", as in [`crate::report::InputInfo::format`].
    pub fn name(self) -> &'static str {
        match self {
            LedgerKind::Csv => "CSV",
            LedgerKind::Xlsx => "XLSX",
            LedgerKind::Sie4 => "SIE4",
        }
    }

    /// By the file name's extension, if it is a known one.
    pub fn from_extension(name: &str) -> Option<LedgerKind> {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => Some(LedgerKind::Xlsx),
            Some("se" | "si" | "sie") => Some(LedgerKind::Sie4),
            Some("csv" | "txt" | "tsv") => Some(LedgerKind::Csv),
            _ => None,
        }
    }

    /// By the first bytes of the file: a zip is XLSX, `#` starts SIE, anything else is CSV.
    pub fn from_head(head: &[u8]) -> LedgerKind {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        if head.starts_with(b"PK\x03\x04") {
            LedgerKind::Xlsx
        } else if head.starts_with(b"#") {
            LedgerKind::Sie4
        } else {
            LedgerKind::Csv
        }
    }

    /// By extension, else by the first bytes (8 are enough).
    pub fn detect(name: &str, head: &[u8]) -> LedgerKind {
        LedgerKind::from_extension(name).unwrap_or_else(|| LedgerKind::from_head(head))
    }
}

/// A ledger to read.
#[derive(Debug, Clone)]
pub struct LedgerSource<'a> {
    /// Shown in errors, the per-line results and the report's inputs.
    pub name: String,
    pub kind: LedgerKind,
    pub data: Data<'a>,
}

impl<'a> LedgerSource<'a> {
    /// A ledger in memory, its kind detected from `name` and the bytes.
    pub fn from_bytes(name: impl Into<String>, bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        let name = name.into();
        let bytes = bytes.into();
        LedgerSource {
            kind: LedgerKind::detect(&name, &bytes[..bytes.len().min(8)]),
            name,
            data: Data::Bytes(bytes),
        }
    }

    /// A file on disk, named by its path; the first bytes are read only
    /// when the extension does not tell the kind.
    pub fn from_path(path: PathBuf) -> Result<LedgerSource<'static>, ImportError> {
        let name = path.display().to_string();
        let kind = match LedgerKind::from_extension(&name) {
            Some(kind) => kind,
            None => {
                let mut head = [0u8; 8];
                let read = std::fs::File::open(&path)
                    .and_then(|mut f| f.read(&mut head))
                    .map_err(|source| ImportError::Read {
                        name: name.clone(),
                        source,
                    })?;
                LedgerKind::from_head(&head[..read])
            }
        };
        Ok(LedgerSource {
            name,
            kind,
            data: Data::Path(path),
        })
    }

    /// The shipped synthetic demo ledger ("Demo kommun").
    pub fn demo() -> LedgerSource<'static> {
        LedgerSource {
            name: "data/demo/ledger-demo.csv (demodata)".into(),
            kind: LedgerKind::Csv,
            data: Data::Bytes(Cow::Borrowed(DEMO_LEDGER)),
        }
    }

    pub fn len(&self) -> u64 {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// How ledgers are read.
#[derive(Clone)]
pub struct ReadOptions {
    /// Column overrides: `(field, header name or 1-based column number)`.
    pub columns: Vec<(LedgerField, String)>,
    /// XLSX sheet; the first worksheet when `None`.
    pub sheet: Option<String>,
    /// Cost accounts taken from SIE files (default 4000–7999).
    pub sie_accounts: Vec<RangeInclusive<u32>>,
    /// SIE dimension whose object becomes the line's unit (default 1, kostnadsställe).
    pub sie_unit_dimension: u32,
    /// Worker threads for CSV; `None`: one per core. With 1, lines reach the
    /// single observer in file order.
    pub threads: Option<usize>,
    /// Analyse the valid rows when some are invalid (otherwise nothing is returned).
    pub skip_invalid: bool,
    /// Called with the bytes read so far, over all sources (CSV only).
    pub progress: Option<Progress>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        let sie = Sie4Options::default();
        ReadOptions {
            columns: Vec::new(),
            sheet: None,
            sie_accounts: sie.accounts,
            sie_unit_dimension: sie.unit_dimension,
            threads: None,
            skip_invalid: false,
            progress: None,
        }
    }
}

impl std::fmt::Debug for ReadOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("columns", &self.columns)
            .field("sheet", &self.sheet)
            .field("sie_accounts", &self.sie_accounts)
            .field("sie_unit_dimension", &self.sie_unit_dimension)
            .field("threads", &self.threads)
            .field("skip_invalid", &self.skip_invalid)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl ReadOptions {
    pub(super) fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }
}

/// `amount="Belopp SEK"` → `(Amount, "Belopp SEK")`: a column override as typed.
pub fn parse_column_override(value: &str) -> Result<(LedgerField, String), String> {
    let (key, header) = value.split_once('=').ok_or_else(|| {
        format!("väntade FÄLT=RUBRIK, t.ex. amount=\"Belopp SEK\", fick \"{value}\"")
    })?;
    let field = LedgerField::from_key(key.trim()).ok_or_else(|| {
        let keys: Vec<&str> = LedgerField::ALL.iter().map(|f| f.key()).collect();
        format!("okänt fält \"{key}\"; giltiga fält: {}", keys.join(", "))
    })?;
    Ok((field, header.trim().trim_matches('"').to_string()))
}

/// `4000-6999,7600-7699` (or a single account `7010`) → account ranges.
pub fn parse_account_ranges(value: &str) -> Result<Vec<RangeInclusive<u32>>, String> {
    value
        .split(',')
        .map(|part| {
            let part = part.trim();
            let (lo, hi) = part.split_once('-').unwrap_or((part, part));
            match (lo.trim().parse::<u32>(), hi.trim().parse::<u32>()) {
                (Ok(lo), Ok(hi)) if lo <= hi => Ok(lo..=hi),
                _ => Err(format!(
                    "väntade kontointervall som 4000-7999, fick \"{part}\""
                )),
            }
        })
        .collect()
}
