//! The spend-analysis import pipeline, shared by `upphandla spend analyze`
//! and the web application: build the [`SpendEngine`] from the default and
//! the organisation's rule files ([`build_engine`]), then read one or more
//! ledgers (CSV, XLSX, SIE4; files or bytes) on worker threads into the
//! accumulators and the caller's per-line observers ([`analyze`]).
//!
//! Imports are all-or-nothing: with invalid rows and without
//! [`ReadOptions::skip_invalid`] the result is [`ImportError::InvalidRows`]
//! and the observers are dropped, so a caller that stores lines from its
//! observers only after `analyze` returns never keeps half an import.

use std::path::Path;
use std::sync::{Arc, Mutex};

use upphandla_core::classify::Classifier;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::spend::{self, SpendAccumulator, SpendEngine, SpendReport};

use crate::csv_ledger::{self, CsvOptions};
use crate::report::InputInfo;
use crate::sie4::{self, Sie4Options};
use crate::xlsx_ledger::{self, XlsxOptions};

mod lines;
mod rules;
mod source;

pub use lines::{Classification, LineObserver, LinesExport};
pub use rules::{EngineOptions, RuleFileKind, RuleSource, build_engine};
pub use source::{
    Data, LedgerKind, LedgerSource, ReadOptions, parse_account_ranges, parse_column_override,
};

/// The synthetic demo ledger of "Demo kommun" (CSV).
pub const DEMO_LEDGER: &[u8] = include_bytes!("../../../data/demo/ledger-demo.csv");
/// The demo's account map (`konto;kategori`).
pub const DEMO_ACCOUNTS: &[u8] = include_bytes!("../../../data/demo/accounts-demo.csv");
/// The demo's supplier map (`orgnr;leverantör;kategori`).
pub const DEMO_SUPPLIERS: &[u8] = include_bytes!("../../../data/demo/suppliers-demo.csv");

/// Row errors kept with their file name; the rest are only counted.
pub const MAX_ROW_ERRORS: usize = 50;

/// Why an import gave no result. Messages are Swedish first, and name the
/// file (and line and column where there is one).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Csv(#[from] csv_ledger::CsvError),
    #[error(transparent)]
    Sie(#[from] sie4::Sie4Error),
    #[error(transparent)]
    Xlsx(#[from] xlsx_ledger::XlsxError),
    #[error(transparent)]
    Map(#[from] crate::maps::MapError),
    #[error("klassificeringsregler: {0}")]
    Rules(#[from] upphandla_core::classify::RuleError),
    #[error("{name}: kunde inte läsa filen: {source}")]
    Read {
        name: String,
        source: std::io::Error,
    },
    /// Rows that could not be read, without `skip_invalid`: nothing was analysed.
    #[error(
        "{count} ogiltiga rader; inget har importerats\n{count} invalid rows; nothing was imported"
    )]
    InvalidRows {
        /// The first [`MAX_ROW_ERRORS`], by file, line and column.
        errors: Vec<FileRowError>,
        count: u64,
    },
}

/// A row error and the ledger it is in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FileRowError {
    pub file: String,
    #[serde(flatten)]
    pub error: RowError,
}

/// `fil.csv: rad 3, kolumn 1 (Datum): "2025-02-30": väntade …`
impl std::fmt::Display for FileRowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = &self.error;
        write!(
            f,
            "{}: rad {}, kolumn {} ({}): \"{}\": väntade {}",
            self.file, e.line, e.column, e.column_name, e.value, e.expected
        )
    }
}

/// The result of [`analyze`].
#[derive(Debug)]
pub struct Analysis<O> {
    pub report: SpendReport,
    /// One per source, in order: format, rows and what the reader found.
    pub inputs: Vec<InputInfo>,
    /// Every observer that saw lines (at most one per worker thread: they
    /// are reused from one source to the next).
    pub observers: Vec<O>,
    /// Invalid rows skipped (only with `skip_invalid`): the first
    /// [`MAX_ROW_ERRORS`], by file, line and column.
    pub errors: Vec<FileRowError>,
    pub invalid_rows: u64,
}

/// Reads `sources` in order and analyses them together.
///
/// Each worker thread takes an observer from those already made, or a new
/// one from `make_observer`, and hands every valid line with its
/// classification to it; the observers are returned in
/// [`Analysis::observers`]. With [`ReadOptions::threads`] `Some(1)` a single
/// observer sees all lines in file order.
///
/// Errors: a file that cannot be read or is not a ledger; invalid rows
/// ([`ImportError::InvalidRows`]) unless `skip_invalid`. On any error the
/// observers are dropped.
pub fn analyze<O, F>(
    engine: &SpendEngine,
    sources: &[LedgerSource<'_>],
    options: &ReadOptions,
    make_observer: F,
    top_suppliers: usize,
) -> Result<Analysis<O>, ImportError>
where
    O: LineObserver + Send,
    F: Fn() -> O + Sync,
{
    let total_bytes: u64 = sources.iter().map(LedgerSource::len).sum();
    let mut import = Import {
        classifier: engine.classifier(),
        // About 80 bytes a ledger line: sizes the duplicate filter.
        template: engine.accumulator(total_bytes / 80),
        finished: Vec::new(),
        idle: Mutex::new(Vec::new()),
        make_observer,
    };
    let threads = options.thread_count();
    let mut inputs = Vec::with_capacity(sources.len());
    let mut bytes_before = 0u64;
    for source in sources {
        inputs.push(read_source(
            source,
            options,
            &mut import,
            threads,
            bytes_before,
        )?);
        bytes_before += source.len();
    }

    let Import {
        template,
        finished,
        idle,
        ..
    } = import;
    let mut errors: Vec<FileRowError> = Vec::new();
    let mut accumulators = vec![template];
    for worker in finished {
        errors.extend(worker.errors);
        accumulators.push(worker.acc);
    }
    errors.sort_by(|a, b| {
        (&a.file, a.error.line, a.error.column).cmp(&(&b.file, b.error.line, b.error.column))
    });
    errors.truncate(MAX_ROW_ERRORS);
    let invalid_rows: u64 = accumulators.iter().map(|a| a.invalid_rows()).sum();
    if invalid_rows > 0 && !options.skip_invalid {
        return Err(ImportError::InvalidRows {
            errors,
            count: invalid_rows,
        });
    }
    Ok(Analysis {
        report: spend::finish(accumulators, top_suppliers),
        inputs,
        observers: idle.into_inner().unwrap_or_else(|e| e.into_inner()),
        errors,
        invalid_rows,
    })
}

/// One worker's sink: its accumulator, its observer, and the row errors of
/// the file it reads with the file's name.
struct ImportSink<'e, 'f, O> {
    acc: SpendAccumulator<'e>,
    classifier: &'e Classifier,
    file: &'f str,
    errors: Vec<FileRowError>,
    observer: O,
}

impl<O: LineObserver> LedgerSink for ImportSink<'_, '_, O> {
    fn line(&mut self, line: &LedgerLine<'_>) {
        let outcome = self.acc.add(line);
        self.observer
            .line(self.file, line, &outcome, self.classifier);
    }

    fn invalid(&mut self, error: RowError) {
        if self.errors.len() < MAX_ROW_ERRORS {
            self.errors.push(FileRowError {
                file: self.file.to_string(),
                error: error.clone(),
            });
        }
        self.acc.invalid(error);
    }
}

/// What a finished worker sink leaves for the report.
struct Finished<'e> {
    acc: SpendAccumulator<'e>,
    errors: Vec<FileRowError>,
}

/// State of one analysis across its sources.
struct Import<'e, O, F> {
    classifier: &'e Classifier,
    /// Never fed; new workers are its siblings so they share the duplicate filter.
    template: SpendAccumulator<'e>,
    finished: Vec<Finished<'e>>,
    /// Observers of workers that are done, for the next source's workers.
    idle: Mutex<Vec<O>>,
    make_observer: F,
}

impl<'e, O, F: Fn() -> O> Import<'e, O, F> {
    /// A new worker sink; called from the reader's threads.
    fn sink<'f>(&self, file: &'f str) -> ImportSink<'e, 'f, O> {
        // A poisoned lock means a worker panicked; the reader re-raises that.
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        ImportSink {
            acc: self.template.sibling(),
            classifier: self.classifier,
            file,
            errors: Vec::new(),
            observer: reused.unwrap_or_else(|| (self.make_observer)()),
        }
    }

    fn keep(&mut self, sink: ImportSink<'e, '_, O>) {
        if let Ok(idle) = self.idle.get_mut() {
            idle.push(sink.observer);
        }
        self.finished.push(Finished {
            acc: sink.acc,
            errors: sink.errors,
        });
    }
}

/// Reads one ledger into new worker sinks of `import`.
fn read_source<O, F>(
    source: &LedgerSource<'_>,
    options: &ReadOptions,
    import: &mut Import<'_, O, F>,
    threads: usize,
    bytes_before: u64,
) -> Result<InputInfo, ImportError>
where
    O: LineObserver + Send,
    F: Fn() -> O + Sync,
{
    let name = source.name.as_str();
    let mut info = InputInfo {
        path: name.to_string(),
        format: source.kind.name().to_string(),
        ..InputInfo::default()
    };
    match source.kind {
        LedgerKind::Csv => {
            let progress = options.progress.clone().map(|progress| {
                Arc::new(move |done: u64| progress(bytes_before + done)) as csv_ledger::Progress
            });
            let csv_options = CsvOptions {
                overrides: options.columns.clone(),
                progress,
                ..CsvOptions::default()
            };
            let shared: &Import<'_, O, F> = import;
            let make_sink = || shared.sink(name);
            let (sinks, report) = match &source.data {
                Data::Bytes(bytes) => csv_ledger::read_csv_ledger_from(
                    &bytes[..],
                    name,
                    &csv_options,
                    make_sink,
                    threads,
                )?,
                Data::Path(path) => {
                    let file =
                        std::fs::File::open(path).map_err(|source| csv_ledger::CsvError::Io {
                            path: name.to_string(),
                            source,
                        })?;
                    csv_ledger::read_csv_ledger_from(file, name, &csv_options, make_sink, threads)?
                }
            };
            for sink in sinks {
                import.keep(sink);
            }
            info.rows = report.rows;
            let columns: Vec<&str> = report.columns.iter().map(|(f, _)| f.name_sv()).collect();
            info.detail = format!(
                "teckenkodning {}, separator {}, kolumner: {}",
                report.encoding,
                crate::text::separator_name(report.separator),
                columns.join(", ")
            );
        }
        LedgerKind::Xlsx => {
            let xlsx_options = XlsxOptions {
                sheet: options.sheet.clone(),
                overrides: options.columns.clone(),
            };
            let mut sink = import.sink(name);
            let result = match &source.data {
                Data::Bytes(bytes) => xlsx_ledger::read_xlsx(
                    std::io::Cursor::new(&bytes[..]),
                    Path::new(name),
                    &xlsx_options,
                    &mut sink,
                ),
                Data::Path(path) => match std::fs::File::open(path) {
                    Ok(file) => xlsx_ledger::read_xlsx(
                        std::io::BufReader::new(file),
                        Path::new(name),
                        &xlsx_options,
                        &mut sink,
                    ),
                    Err(e) => Err(xlsx_ledger::XlsxError::Open {
                        path: name.into(),
                        source: calamine::XlsxError::Io(e),
                    }),
                },
            };
            import.keep(sink);
            let summary = result?;
            info.rows = summary.lines;
            let found: Vec<&str> = summary
                .columns
                .found()
                .iter()
                .map(|(field, _)| field.name_sv())
                .collect();
            info.detail = format!(
                "blad \"{}\", rubrik på rad {}, kolumner: {}{}",
                summary.sheet,
                summary.header_row,
                found.join(", "),
                if summary.rounded_amounts > 0 {
                    format!(
                        ", {} belopp avrundade till hela ören",
                        summary.rounded_amounts
                    )
                } else {
                    String::new()
                }
            );
        }
        LedgerKind::Sie4 => {
            let sie_options = Sie4Options {
                accounts: options.sie_accounts.clone(),
                unit_dimension: options.sie_unit_dimension,
                ..Sie4Options::default()
            };
            // SIE files are small: the reader wants them whole.
            let bytes = source.data.read(name)?;
            let mut sink = import.sink(name);
            let result = sie4::read_sie4_bytes(&bytes, Path::new(name), &sie_options, &mut sink);
            import.keep(sink);
            let summary = result?;
            info.rows = summary.cost_lines;
            info.detail = format!(
                "teckenkodning {}{}, {} verifikationer, {} kostnadsrader",
                summary.encoding.name(),
                summary
                    .company_name
                    .map(|n| format!(", {n}"))
                    .unwrap_or_default(),
                summary.vouchers,
                summary.cost_lines
            );
        }
    }
    Ok(info)
}
