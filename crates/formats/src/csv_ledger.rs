//! Streaming reader for invoice ledgers exported as CSV by Swedish finance
//! systems (`;`, `,` or TAB; UTF-8 with or without BOM, or Windows-1252).
//!
//! The file is read in large blocks with plain `read` (memory stays flat: a
//! few blocks are recycled), each block cut after the last newline outside
//! quotes ([`text::complete_records_end`]), and blocks are parsed on worker
//! threads, each delivering into its own [`LedgerSink`]. With one thread the
//! same blocks are parsed in file order on the calling thread.
//!
//! Row-level problems (bad amount or date, broken quoting, too many fields)
//! go to the sink's `invalid` as [`RowError`]s; only problems that make the
//! whole file unreadable are [`CsvError`]s.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use memchr::memchr_iter;
use upphandla_core::ledger::{LedgerField, LedgerLine, LedgerSink, RowError};

use crate::columns::{ColumnError, ColumnMap};
use crate::number::{
    DateError, DecimalMark, decimal_mark_hint, parse_amount_bytes, parse_date_bytes,
};
use crate::text::{
    self, EncodingFlags, EncodingSeen, FieldScratch, FieldSpan, RecordProblem, is_blank_record,
    next_record,
};

/// Default block size: large enough that per-block costs vanish, small
/// enough that a handful of blocks in flight keep memory low.
pub const DEFAULT_BLOCK_SIZE: usize = 4 << 20;

/// A single record longer than this is taken as a quote that never closes
/// (reading on would pull the whole file into memory).
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// How far after the header the decimal mark is looked for.
const DECIMAL_SAMPLE_BYTES: usize = 1 << 20;

/// Longest value quoted back in a [`RowError`].
const MAX_ERROR_VALUE_CHARS: usize = 200;

/// Progress callback: total bytes read so far.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

#[derive(Clone)]
pub struct CsvOptions {
    /// `(field, header name or 1-based column number)` from `--column`.
    pub overrides: Vec<(LedgerField, String)>,
    /// Force a separator instead of detecting it from the header line.
    pub separator: Option<u8>,
    /// Force the decimal mark used for ambiguous amounts like `1,234`.
    pub decimal_mark: Option<DecimalMark>,
    /// Bytes per block (at least 64; tests use tiny blocks to exercise the
    /// block boundaries). The default suits large files.
    pub block_size: usize,
    pub progress: Option<Progress>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            overrides: Vec::new(),
            separator: None,
            decimal_mark: None,
            block_size: DEFAULT_BLOCK_SIZE,
            progress: None,
        }
    }
}

impl std::fmt::Debug for CsvOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvOptions")
            .field("overrides", &self.overrides)
            .field("separator", &self.separator)
            .field("decimal_mark", &self.decimal_mark)
            .field("block_size", &self.block_size)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// What the reader found out about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvReport {
    pub separator: u8,
    pub encoding: EncodingSeen,
    /// Decimal mark used for ambiguous amounts, and whether it was detected
    /// from the file (`false`: forced or the Swedish default, comma).
    pub decimal_mark: DecimalMark,
    pub decimal_mark_detected: bool,
    pub headers: Vec<String>,
    pub header_line: u64,
    /// Fields found, with 0-based column.
    pub columns: Vec<(LedgerField, usize)>,
    /// Data rows (valid and invalid; blank lines not counted).
    pub rows: u64,
    pub invalid_rows: u64,
    /// Empty lines and lines of only separators, skipped.
    pub blank_lines: u64,
    pub bytes: u64,
}

impl CsvReport {
    /// Header of the column `field` was read from.
    pub fn column_name(&self, field: LedgerField) -> Option<&str> {
        let col = self.columns.iter().find(|(f, _)| *f == field)?.1;
        self.headers.get(col).map(String::as_str)
    }
}

/// Problems that make a whole file unreadable.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("{path}: kan inte läsa filen: {source}\n{path}: cannot read the file")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path}: filen är tom eller saknar rubrikrad\n{path}: the file is empty (no header line)"
    )]
    Empty { path: String },
    #[error(
        "{path}: rad {line}: rubrikraden går inte att läsa: {problem}\n{path}: line {line}: unreadable header line"
    )]
    Header {
        path: String,
        line: u64,
        problem: &'static str,
    },
    #[error("{path}: {source}")]
    Columns {
        path: String,
        #[source]
        source: ColumnError,
    },
    #[error(
        "{path}: rad {line}: en post är längre än {} MiB – troligen ett citattecken som aldrig avslutas\n\
         {path}: line {line}: a record is longer than {} MiB, probably an unterminated quote",
        MAX_RECORD_BYTES >> 20, MAX_RECORD_BYTES >> 20
    )]
    RecordTooLong { path: String, line: u64 },
}

/// Reads the ledger at `path`. See [`read_csv_ledger_from`].
pub fn read_csv_ledger<S, F>(
    path: &Path,
    options: &CsvOptions,
    make_sink: F,
    threads: usize,
) -> Result<(Vec<S>, CsvReport), CsvError>
where
    S: LedgerSink + Send,
    F: Fn() -> S + Sync,
{
    let name = path.display().to_string();
    let file = File::open(path).map_err(|source| CsvError::Io {
        path: name.clone(),
        source,
    })?;
    read_csv_ledger_from(file, &name, options, make_sink, threads)
}

/// Reads a ledger from `reader` (`name` is used in messages). With
/// `threads <= 1` lines reach the single sink in file order; otherwise each
/// of `threads` workers has its own sink from `make_sink` and the caller
/// merges the returned sinks.
pub fn read_csv_ledger_from<R, S, F>(
    reader: R,
    name: &str,
    options: &CsvOptions,
    make_sink: F,
    threads: usize,
) -> Result<(Vec<S>, CsvReport), CsvError>
where
    R: Read,
    S: LedgerSink + Send,
    F: Fn() -> S + Sync,
{
    let mut producer = Producer::new(reader, name, options);
    let ctx = producer.start()?;
    let ctx = &ctx;

    let mut workers: Vec<Worker<S>> = Vec::new();
    if threads <= 1 {
        let mut worker = Worker::new(make_sink());
        producer.run(ctx, &mut |block: Block| {
            worker.parse(ctx, block.data());
            Some(block.buf)
        })?;
        workers.push(worker);
    } else {
        let (work_tx, work_rx) = sync_channel::<Block>(threads);
        let work_rx = Mutex::new(work_rx);
        let (free_tx, free_rx) = channel::<Vec<u8>>();
        let result = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let free_tx = free_tx.clone();
                    let work_rx = &work_rx;
                    let make_sink = &make_sink;
                    scope.spawn(move || {
                        let mut worker = Worker::new(make_sink());
                        while let Some(block) = next_block(work_rx) {
                            worker.parse(ctx, block.data());
                            // The producer may be gone after an I/O error.
                            let _ = free_tx.send(block.buf);
                        }
                        worker
                    })
                })
                .collect();
            drop(free_tx);
            let result = producer.run_parallel(ctx, work_tx, &free_rx, 2 * threads + 1);
            let mut joined = Vec::with_capacity(handles.len());
            for handle in handles {
                match handle.join() {
                    Ok(worker) => joined.push(worker),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            result.map(|()| joined)
        });
        workers = result?;
    }

    let mut report = producer.report(ctx);
    let mut flags = ctx.header_flags;
    let mut sinks = Vec::with_capacity(workers.len());
    for w in workers {
        report.rows += w.rows;
        report.invalid_rows += w.invalid;
        report.blank_lines += w.blank;
        flags.merge(w.flags);
        sinks.push(w.sink);
    }
    report.encoding = flags.seen();
    Ok((sinks, report))
}

fn next_block(rx: &Mutex<Receiver<Block>>) -> Option<Block> {
    // A poisoned lock means another worker panicked; the scope re-raises it.
    let guard = rx.lock().ok()?;
    guard.recv().ok()
}

/// A block of whole records and the line number of its first byte.
struct Block {
    buf: Vec<u8>,
    start: usize,
    end: usize,
    first_line: u64,
}

impl Block {
    fn data(&self) -> (&[u8], u64) {
        (
            self.buf.get(self.start..self.end).unwrap_or(&[]),
            self.first_line,
        )
    }
}

/// Everything workers need to know about the file.
struct Context {
    sep: u8,
    columns: [Option<usize>; LedgerField::ALL.len()],
    map: ColumnMap,
    headers: Vec<String>,
    header_line: u64,
    decimal_mark: DecimalMark,
    decimal_mark_detected: bool,
    header_flags: EncodingFlags,
}

impl Context {
    fn col(&self, field: LedgerField) -> Option<usize> {
        self.columns.get(field as usize).copied().flatten()
    }

    fn header(&self, index: usize) -> String {
        self.headers
            .get(index)
            .cloned()
            .unwrap_or_else(|| format!("(kolumn {} utan rubrik)", index + 1))
    }
}

struct Producer<'o, R> {
    reader: R,
    path: String,
    options: &'o CsvOptions,
    block_size: usize,
    /// First buffer, holding the header, until `run` takes it.
    first: Option<(Vec<u8>, usize, usize)>,
    next_line: u64,
    bytes: u64,
    blank_before_header: u64,
    eof: bool,
}

impl<'o, R: Read> Producer<'o, R> {
    fn new(reader: R, name: &str, options: &'o CsvOptions) -> Self {
        Producer {
            reader,
            path: name.to_owned(),
            options,
            block_size: options.block_size.clamp(64, MAX_RECORD_BYTES),
            first: None,
            next_line: 1,
            bytes: 0,
            blank_before_header: 0,
            eof: false,
        }
    }

    fn io_err(&self, source: io::Error) -> CsvError {
        CsvError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Reads until `buf` is full or the input ends.
    fn fill(&mut self, buf: &mut [u8], filled: &mut usize) -> Result<(), CsvError> {
        while *filled < buf.len() && !self.eof {
            let Some(target) = buf.get_mut(*filled..) else {
                break;
            };
            match self.reader.read(target) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    *filled += n;
                    self.bytes += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.io_err(e)),
            }
        }
        if let Some(progress) = &self.options.progress {
            progress(self.bytes);
        }
        Ok(())
    }

    /// Makes `buf[start..filled]` hold at least one whole record (or all
    /// remaining input), growing `buf` for long records.
    fn ensure_record(
        &mut self,
        buf: &mut Vec<u8>,
        start: usize,
        filled: &mut usize,
        sep: u8,
    ) -> Result<Option<usize>, CsvError> {
        loop {
            let data = buf.get(start..*filled).unwrap_or(&[]);
            if let Some(end) = text::complete_records_end(data, sep) {
                return Ok(Some(start + end));
            }
            if self.eof {
                return Ok(None);
            }
            if *filled - start >= MAX_RECORD_BYTES {
                return Err(CsvError::RecordTooLong {
                    path: self.path.clone(),
                    line: self.next_line,
                });
            }
            if *filled == buf.len() {
                let grow = buf.len().max(self.block_size);
                buf.resize(buf.len() + grow, 0);
            }
            self.fill(buf, filled)?;
        }
    }

    /// Reads the header, maps the columns and learns the decimal mark.
    fn start(&mut self) -> Result<Context, CsvError> {
        // The first buffer also holds the sample for the decimal mark.
        let mut buf = vec![0u8; self.block_size.max(2 * DECIMAL_SAMPLE_BYTES)];
        let mut filled = 0;
        self.fill(&mut buf, &mut filled)?;
        let mut header_flags = EncodingFlags::default();
        if buf
            .get(..filled)
            .is_some_and(|b| b.starts_with(text::UTF8_BOM))
        {
            buf.copy_within(3..filled, 0);
            filled -= 3;
            header_flags.bom = true;
        }
        let sep = self
            .options
            .separator
            .unwrap_or_else(|| text::detect_separator(buf.get(..filled).unwrap_or(&[])));

        // Header: the first non-blank record.
        let mut fields = Vec::new();
        let mut pos = 0;
        let (headers, header_line) = loop {
            if pos >= filled && self.eof {
                return Err(CsvError::Empty {
                    path: self.path.clone(),
                });
            }
            let complete = self.ensure_record(&mut buf, pos, &mut filled, sep)?;
            let limit = complete.unwrap_or(filled);
            let data = buf.get(..limit).unwrap_or(&[]);
            let info = next_record(data, pos, sep, &mut fields);
            let line = self.next_line;
            self.next_line += info.inner_newlines + 1;
            pos = info.end;
            if let Some(problem) = info.problem {
                return Err(CsvError::Header {
                    path: self.path.clone(),
                    line,
                    problem: match problem {
                        RecordProblem::UnterminatedQuote { .. } => {
                            "citattecken som aldrig avslutas"
                        }
                        RecordProblem::TextAfterQuote { .. } => "text efter avslutande citattecken",
                    },
                });
            }
            if is_blank_record(data, &fields) {
                self.blank_before_header += 1;
                continue;
            }
            let mut scratch = FieldScratch::default();
            let headers: Vec<String> = fields
                .iter()
                .map(|f| scratch.text(data, f, &mut header_flags).to_owned())
                .collect();
            break (headers, line);
        };

        let map = ColumnMap::detect(&headers, &self.options.overrides).map_err(|source| {
            CsvError::Columns {
                path: self.path.clone(),
                source,
            }
        })?;
        let mut columns = [None; LedgerField::ALL.len()];
        for field in LedgerField::ALL {
            if let Some(slot) = columns.get_mut(field as usize) {
                *slot = map.get(field);
            }
        }

        // Decimal mark for ambiguous amounts: the first amount that shows it
        // among the records starting in the first MiB after the header. Done
        // before any parsing, and independent of the block size, so every
        // thread count and block size reads the file the same way.
        let (decimal_mark, decimal_mark_detected) = match self.options.decimal_mark {
            Some(mark) => (mark, false),
            None => {
                let end = text::complete_records_end(buf.get(pos..filled).unwrap_or(&[]), sep)
                    .map(|e| pos + e)
                    .unwrap_or(filled);
                let data = buf.get(..end).unwrap_or(&[]);
                let amount_col = map.get(LedgerField::Amount).unwrap_or(0);
                let mut p = pos;
                let mut found = None;
                let mut scratch = FieldScratch::default();
                while p < data.len() && p < pos + DECIMAL_SAMPLE_BYTES && found.is_none() {
                    let info = next_record(data, p, sep, &mut fields);
                    p = info.end;
                    if let Some(span) = fields.get(amount_col) {
                        found = decimal_mark_hint(scratch.raw(data, span));
                    }
                }
                match found {
                    Some(mark) => (mark, true),
                    None => (DecimalMark::Comma, false),
                }
            }
        };

        self.first = Some((buf, pos, filled));
        Ok(Context {
            sep,
            columns,
            map,
            headers,
            header_line,
            decimal_mark,
            decimal_mark_detected,
            header_flags,
        })
    }

    /// Single-threaded: `dispatch` parses a block and gives its buffer back.
    fn run(
        &mut self,
        ctx: &Context,
        dispatch: &mut dyn FnMut(Block) -> Option<Vec<u8>>,
    ) -> Result<(), CsvError> {
        self.run_with(ctx, dispatch, &mut || None)
    }

    /// Parallel: blocks go to the workers' channel, buffers come back on
    /// `free_rx`; at most `max_buffers` are ever allocated.
    fn run_parallel(
        &mut self,
        ctx: &Context,
        work_tx: SyncSender<Block>,
        free_rx: &Receiver<Vec<u8>>,
        max_buffers: usize,
    ) -> Result<(), CsvError> {
        // The first buffer comes from `start`.
        let mut allocated = 1usize;
        self.run_with(
            ctx,
            &mut |block| {
                // A send fails only when every worker has died; the scope
                // then re-raises the panic.
                let _ = work_tx.send(block);
                None
            },
            &mut || {
                if let Ok(buf) = free_rx.try_recv() {
                    return Some(buf);
                }
                if allocated < max_buffers {
                    allocated += 1;
                    return None;
                }
                free_rx.recv().ok()
            },
        )
        // `work_tx` drops here, so the workers see the end of input.
    }

    /// Cuts the input into blocks of whole records. `dispatch` may hand a
    /// buffer straight back; `take_free` supplies recycled ones (`None`:
    /// allocate a new one).
    fn run_with(
        &mut self,
        ctx: &Context,
        dispatch: &mut dyn FnMut(Block) -> Option<Vec<u8>>,
        take_free: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<(), CsvError> {
        let Some((mut buf, mut start, mut filled)) = self.first.take() else {
            return Ok(());
        };
        let mut spare: Option<Vec<u8>> = None;
        loop {
            let complete = self.ensure_record(&mut buf, start, &mut filled, ctx.sep)?;
            // At end of input the rest is the final record(s).
            let end = if self.eof {
                filled
            } else {
                complete.unwrap_or(filled)
            };
            let data = buf.get(start..end).unwrap_or(&[]);
            let first_line = self.next_line;
            self.next_line += memchr_iter(b'\n', data).count() as u64;
            if end == filled && self.eof {
                if end > start {
                    dispatch(Block {
                        buf,
                        start,
                        end,
                        first_line,
                    });
                }
                return Ok(());
            }
            // Carry the incomplete tail over into the next buffer.
            let tail_len = filled - end;
            let mut next = spare.take().or_else(&mut *take_free).unwrap_or_default();
            let want = self.block_size.max(tail_len * 2);
            if next.len() < want {
                next.resize(want, 0);
            }
            if let (Some(dst), Some(src)) = (next.get_mut(..tail_len), buf.get(end..filled)) {
                dst.copy_from_slice(src);
            }
            if end > start {
                spare = dispatch(Block {
                    buf,
                    start,
                    end,
                    first_line,
                });
            }
            buf = next;
            start = 0;
            filled = tail_len;
            self.fill(&mut buf, &mut filled)?;
            if filled == 0 && self.eof {
                return Ok(());
            }
        }
    }

    fn report(&self, ctx: &Context) -> CsvReport {
        CsvReport {
            separator: ctx.sep,
            encoding: ctx.header_flags.seen(),
            decimal_mark: ctx.decimal_mark,
            decimal_mark_detected: ctx.decimal_mark_detected,
            headers: ctx.headers.clone(),
            header_line: ctx.header_line,
            columns: ctx.map.found(),
            rows: 0,
            invalid_rows: 0,
            blank_lines: self.blank_before_header,
            bytes: self.bytes,
        }
    }
}

/// Parses blocks into one sink.
struct Worker<S> {
    sink: S,
    fields: Vec<FieldSpan>,
    /// One scratch per ledger field, so all can be borrowed at once.
    scratch: [FieldScratch; LedgerField::ALL.len()],
    flags: EncodingFlags,
    rows: u64,
    invalid: u64,
    blank: u64,
}

impl<S: LedgerSink> Worker<S> {
    fn new(sink: S) -> Self {
        Worker {
            sink,
            fields: Vec::with_capacity(32),
            scratch: Default::default(),
            flags: EncodingFlags::default(),
            rows: 0,
            invalid: 0,
            blank: 0,
        }
    }

    fn parse(&mut self, ctx: &Context, (block, first_line): (&[u8], u64)) {
        let valid = text::valid_utf8_prefix(block, &mut self.flags);
        let mut line = first_line;
        // The span buffer is lent to the splitter while records borrow `self`.
        let mut fields = std::mem::take(&mut self.fields);
        text::for_each_record(block, ctx.sep, &mut fields, |fields, info| {
            let this_line = line;
            line += info.inner_newlines + 1;
            if is_blank_record(block, fields) {
                self.blank += 1;
                return;
            }
            self.rows += 1;
            if let Some(error) = self.record(ctx, block, valid, fields, this_line, info.problem) {
                self.invalid += 1;
                self.sink.invalid(error);
            }
        });
        self.fields = fields;
    }

    /// Delivers a good record to the sink or returns its error.
    #[inline]
    fn record(
        &mut self,
        ctx: &Context,
        block: &[u8],
        valid: &str,
        fields: &[FieldSpan],
        line: u64,
        problem: Option<RecordProblem>,
    ) -> Option<RowError> {
        let Worker {
            sink,
            scratch,
            flags,
            ..
        } = self;
        let [
            s_date,
            s_unit,
            s_account,
            s_supplier_id,
            s_supplier,
            s_amount,
            s_text,
            s_cpv,
        ] = scratch;

        let amount_col = ctx.col(LedgerField::Amount).unwrap_or(0);
        let amount = match fields.get(amount_col) {
            Some(span) => match plain_amount(block, span) {
                Some(ore) => Ok(ore),
                None => parse_amount_bytes(s_amount.raw(block, span), ctx.decimal_mark),
            },
            None => Err(crate::number::AmountError::Empty),
        };

        // Structural problems first: they make every other value suspect.
        let structural = match problem {
            Some(RecordProblem::UnterminatedQuote { field }) => Some((
                field,
                "ett avslutande citattecken (\") – fältet fortsätter till filens slut",
            )),
            Some(RecordProblem::TextAfterQuote { field }) => {
                Some((field, "fältavgränsare direkt efter avslutande citattecken"))
            }
            None => None,
        };
        if let Some((field, expected)) = structural {
            let value = fields
                .get(field)
                .map(|span| field_value(block, span, flags))
                .unwrap_or_default();
            return Some(row_error(
                ctx,
                line,
                field,
                value,
                expected.to_owned(),
                amount.ok(),
            ));
        }
        if fields.len() > ctx.headers.len() {
            let extra = fields
                .iter()
                .enumerate()
                .skip(ctx.headers.len())
                .find(|(_, f)| !f.is_empty() || f.quoted);
            if let Some((index, span)) = extra {
                let value = field_value(block, span, flags);
                let expected = format!(
                    "högst {} fält som rubrikraden (fler fält än rubriker)",
                    ctx.headers.len()
                );
                return Some(row_error(ctx, line, index, value, expected, amount.ok()));
            }
        }

        let amount = match amount {
            Ok(a) => a,
            Err(e) => {
                let value = fields
                    .get(amount_col)
                    .map(|span| field_value(block, span, flags))
                    .unwrap_or_default();
                return Some(row_error(
                    ctx,
                    line,
                    amount_col,
                    value,
                    e.expected_sv().to_owned(),
                    None,
                ));
            }
        };

        let date = match ctx
            .col(LedgerField::Date)
            .and_then(|c| fields.get(c).map(|s| (c, s)))
        {
            Some((col, span)) if !span.is_empty() => {
                match parse_date_bytes(s_date.raw(block, span)) {
                    Ok(d) => Some(d),
                    // Blank (only spaces): the date is optional.
                    Err(DateError::Empty) => None,
                    Err(e) => {
                        let value = field_value(block, span, flags);
                        return Some(row_error(
                            ctx,
                            line,
                            col,
                            value,
                            e.expected_sv().to_owned(),
                            Some(amount),
                        ));
                    }
                }
            }
            _ => None,
        };

        let unit = field_text(ctx, LedgerField::Unit, fields, block, valid, s_unit, flags);
        let account = field_text(
            ctx,
            LedgerField::Account,
            fields,
            block,
            valid,
            s_account,
            flags,
        );
        let supplier_id = field_text(
            ctx,
            LedgerField::SupplierId,
            fields,
            block,
            valid,
            s_supplier_id,
            flags,
        );
        let supplier_name = field_text(
            ctx,
            LedgerField::SupplierName,
            fields,
            block,
            valid,
            s_supplier,
            flags,
        );
        let text = field_text(ctx, LedgerField::Text, fields, block, valid, s_text, flags);
        let cpv = field_text(ctx, LedgerField::Cpv, fields, block, valid, s_cpv, flags);

        let mut ledger_line = LedgerLine::empty(line);
        ledger_line.date = date;
        ledger_line.unit = unit;
        ledger_line.account = account;
        ledger_line.supplier_id = supplier_id;
        ledger_line.supplier_name = supplier_name;
        ledger_line.amount = amount;
        ledger_line.text = text;
        ledger_line.cpv = cpv;
        sink.line(&ledger_line);
        None
    }
}

#[inline]
fn field_text<'a>(
    ctx: &Context,
    field: LedgerField,
    fields: &[FieldSpan],
    block: &'a [u8],
    valid: &'a str,
    scratch: &'a mut FieldScratch,
    flags: &mut EncodingFlags,
) -> &'a str {
    match ctx.col(field).and_then(|c| fields.get(c)) {
        Some(span) => scratch.text_in(block, valid, span, flags),
        None => "",
    }
}

/// The most common amount shape, `-?\d{1,8}[,.]\d\d` (e.g. `12345,67`),
/// read without a loop over the digits: the eight bytes before the decimal
/// mark are converted at once. Two decimals make the mark unambiguous, so
/// the result is what [`parse_amount_bytes`] gives; `None` sends every other
/// shape (and a field too close to the block start) there.
#[inline]
fn plain_amount(block: &[u8], span: &FieldSpan) -> Option<upphandla_core::money::Ore> {
    const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    if span.escaped {
        return None;
    }
    let negative = block.get(span.start) == Some(&b'-');
    let int_start = span.start + usize::from(negative);
    let mark = span.end.checked_sub(3)?;
    let int_len = mark.checked_sub(int_start)?;
    if !(1..=8).contains(&int_len) {
        return None;
    }
    let [m, d1, d2] = <[u8; 3]>::try_from(block.get(mark..span.end)?).ok()?;
    if !matches!(m, b',' | b'.') || !d1.is_ascii_digit() || !d2.is_ascii_digit() {
        return None;
    }
    // The integer digits are the last `int_len` of these bytes (the first
    // byte is the most significant digit); the others become '0'.
    let word =
        u64::from_le_bytes(<[u8; 8]>::try_from(block.get(mark.checked_sub(8)?..mark)?).ok()?);
    let pad = (1u64 << (8 * (8 - int_len))) - 1;
    let digits = (word & !pad) | (ZEROS & pad);
    // All eight bytes in '0'..='9': high nibble 3, also after adding 6.
    if digits & HIGH_NIBBLES != ZEROS & HIGH_NIBBLES
        || digits.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES != ZEROS & HIGH_NIBBLES
    {
        return None;
    }
    // Combine neighbours (the lower byte is the more significant): 8 digits
    // -> 4 two-digit -> 2 four-digit lanes -> one number; no lane overflows.
    let mut v = digits - ZEROS;
    v = (v * 10 + (v >> 8)) & 0x00FF_00FF_00FF_00FF;
    v = (v * 100 + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    v = (v * 10_000 + (v >> 32)) & 0xFFFF_FFFF;
    let kronor = i64::try_from(v).ok()?;
    let ore = kronor * 100 + i64::from(d1 - b'0') * 10 + i64::from(d2 - b'0');
    Some(upphandla_core::money::Ore(if negative {
        -ore
    } else {
        ore
    }))
}

/// A field's text for an error message, clipped.
fn field_value(block: &[u8], span: &FieldSpan, flags: &mut EncodingFlags) -> String {
    let mut scratch = FieldScratch::default();
    let text = scratch.text(block, span, flags);
    match text.char_indices().nth(MAX_ERROR_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

fn row_error(
    ctx: &Context,
    line: u64,
    index: usize,
    value: String,
    expected: String,
    amount: Option<upphandla_core::money::Ore>,
) -> RowError {
    RowError {
        line,
        column: u32::try_from(index + 1).unwrap_or(u32::MAX),
        column_name: ctx.header(index),
        value,
        expected,
        amount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever the inline amount path answers, it agrees with the general
    /// parser under both decimal marks; and it does answer for the common
    /// shapes, so the test is not vacuous.
    #[test]
    fn plain_amount_agrees_with_parse_amount_bytes() {
        let alphabet = b"0123456789000999,.-- +\"a";
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut answered = 0;
        for case in 0..200_000 {
            // Random prefix (0–11 bytes, so some fields start too close to
            // the block start), then a field shaped like an amount or not.
            let prefix = (next() % 12) as usize;
            let mut block: Vec<u8> = (0..prefix)
                .map(|_| b";x-1"[(next() % 4) as usize])
                .collect();
            let start = block.len();
            if case % 2 == 0 {
                if next() % 3 == 0 {
                    block.push(b'-');
                }
                for _ in 0..1 + next() % 10 {
                    block.push(b'0' + (next() % 10) as u8);
                }
                block.push(if next() % 2 == 0 { b',' } else { b'.' });
                for _ in 0..next() % 4 {
                    block.push(b'0' + (next() % 10) as u8);
                }
            } else {
                for _ in 0..next() % 14 {
                    block.push(alphabet[(next() % alphabet.len() as u64) as usize]);
                }
            }
            let span = FieldSpan {
                start,
                end: block.len(),
                quoted: next() % 4 == 0,
                escaped: false,
            };
            block.extend_from_slice(b";rest\n");
            let field = span.raw(&block);
            if let Some(ore) = plain_amount(&block, &span) {
                answered += 1;
                assert_eq!(
                    parse_amount_bytes(field, DecimalMark::Comma),
                    Ok(ore),
                    "{:?}",
                    String::from_utf8_lossy(field)
                );
                assert_eq!(parse_amount_bytes(field, DecimalMark::Point), Ok(ore));
            }
        }
        assert!(answered > 10_000, "only {answered} answered");
        let block = b"Belopp;12345678,90;-0,50;99999999.99;1,5;123456789,00\n";
        let at = |start: usize, end: usize| FieldSpan {
            start,
            end,
            quoted: false,
            escaped: false,
        };
        use upphandla_core::money::Ore;
        assert_eq!(plain_amount(block, &at(7, 18)), Some(Ore(1_234_567_890)));
        assert_eq!(plain_amount(block, &at(19, 24)), Some(Ore(-50)));
        assert_eq!(plain_amount(block, &at(25, 36)), Some(Ore(9_999_999_999)));
        // One decimal, nine integer digits: the general parser's business.
        assert_eq!(plain_amount(block, &at(37, 40)), None);
        assert_eq!(plain_amount(block, &at(41, 53)), None);
        // Starting at the block start: no eight bytes before the mark.
        assert_eq!(plain_amount(b"12,50", &at(0, 5)), None);
    }
}
