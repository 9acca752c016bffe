//! `upphandla spend analyze`: read ledgers, classify, apply factors, report.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{Args, ValueEnum};
use thiserror::Error;
use upphandla_core::classify::ClassifierBuilder;
use upphandla_core::ledger::{LedgerField, LedgerLine, LedgerSink, RowError};
use upphandla_core::spend::{self, SpendAccumulator, SpendEngine, SpendReport};
use upphandla_formats::columns::ColumnMap;
use upphandla_formats::csv_ledger::{self, CsvOptions};
use upphandla_formats::maps;
use upphandla_formats::report::csv::LinesWriter;
use upphandla_formats::report::{InputInfo, ReportMeta};
use upphandla_formats::sie4::{self, Sie4Options};
use upphandla_formats::xlsx_ledger::{self, XlsxOptions};

use crate::progress::Progress;

const DEMO_LEDGER: &[u8] = include_bytes!("../../../data/demo/ledger-demo.csv");
const DEMO_ACCOUNTS: &[u8] = include_bytes!("../../../data/demo/accounts-demo.csv");
const DEMO_SUPPLIERS: &[u8] = include_bytes!("../../../data/demo/suppliers-demo.csv");
/// Errors listed in full before the rest are only counted.
const ERRORS_SHOWN: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Csv,
    Xlsx,
    Html,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Reskontrafiler: CSV, XLSX eller SIE4 (.se/.si)
    #[arg(required_unless_present = "demo")]
    ledgers: Vec<PathBuf>,
    /// Analysera den medföljande demoreskontran (syntetiska data för "Demo kommun")
    #[arg(long)]
    demo: bool,
    /// Kontoplan → kategori (`konto;kategori`, konton eller intervall som 4400-4499)
    #[arg(long = "account-map", value_name = "FIL")]
    account_maps: Vec<PathBuf>,
    /// Leverantör → kategori (`orgnr;kategori` eller `leverantör;kategori`)
    #[arg(long = "supplier-map", value_name = "FIL")]
    supplier_maps: Vec<PathBuf>,
    /// Emissionsfaktorer (`kategori;namn;kg_co2e_per_sek[;källa;år;låg;hög]`); ersätter standardfaktorerna per kategori
    #[arg(long = "factors", value_name = "FIL")]
    factor_files: Vec<PathBuf>,
    /// Egna nyckelordsregler (`nyckelord;kategori`), prövas före standardreglerna
    #[arg(long = "keywords", value_name = "FIL")]
    keyword_files: Vec<PathBuf>,
    /// Egen CPV-tabell (`cpv;kategori`), prövas före standardtabellen
    #[arg(long = "cpv-map", value_name = "FIL")]
    cpv_maps: Vec<PathBuf>,
    /// Använd inte de medföljande nyckelordsreglerna
    #[arg(long)]
    no_default_keywords: bool,
    /// Använd bara egna faktorfiler, inte standardfaktorerna
    #[arg(long)]
    no_default_factors: bool,
    /// Utdataformat
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
    /// Skriv rapporten till en fil i stället för standard ut
    #[arg(long, short, value_name = "FIL")]
    out: Option<PathBuf>,
    /// Exportera varje rad med kategori och regeln som klassificerade den (CSV)
    #[arg(long = "lines", value_name = "FIL")]
    lines: Option<PathBuf>,
    /// Fortsätt trots ogiltiga rader och redovisa dem (annars ges inget resultat)
    #[arg(long)]
    skip_invalid: bool,
    /// Hoppa över kontrollen av misstänkta dubbletter (sparar 8 byte minne per rad och ungefär en fjärdedel av tiden)
    #[arg(long)]
    no_duplicate_check: bool,
    /// Ange kolumn manuellt, t.ex. --column amount="Belopp SEK" (fält: date, unit, account, supplier_id, supplier, amount, text, cpv)
    #[arg(long = "column", value_name = "FÄLT=RUBRIK", value_parser = parse_column)]
    columns: Vec<(LedgerField, String)>,
    /// Blad i XLSX-filer (standard: första bladet)
    #[arg(long, value_name = "NAMN")]
    sheet: Option<String>,
    /// Kostnadskonton i SIE-filer (standard 4000-7999), t.ex. 4000-6999,7600-7699
    #[arg(long = "sie-accounts", value_name = "INTERVALL", value_parser = parse_ranges)]
    sie_accounts: Option<Vec<std::ops::RangeInclusive<u32>>>,
    /// SIE-dimension vars objekt blir enhet (standard 1, kostnadsställe)
    #[arg(long = "sie-unit-dimension", value_name = "N", default_value_t = 1)]
    sie_unit_dimension: u32,
    /// Antal leverantörer i topplistan
    #[arg(long, default_value_t = spend::DEFAULT_TOP_SUPPLIERS)]
    top: usize,
    /// Antal trådar för CSV-inläsning (standard: antal kärnor)
    #[arg(long)]
    threads: Option<usize>,
    /// Rubrik på rapporten
    #[arg(long)]
    title: Option<String>,
}

fn parse_column(value: &str) -> Result<(LedgerField, String), String> {
    let (key, header) = value.split_once('=').ok_or_else(|| {
        format!("väntade FÄLT=RUBRIK, t.ex. amount=\"Belopp SEK\", fick \"{value}\"")
    })?;
    let field = LedgerField::from_key(key.trim()).ok_or_else(|| {
        let keys: Vec<&str> = LedgerField::ALL.iter().map(|f| f.key()).collect();
        format!("okänt fält \"{key}\"; giltiga fält: {}", keys.join(", "))
    })?;
    Ok((field, header.trim().trim_matches('"').to_string()))
}

fn parse_ranges(value: &str) -> Result<Vec<std::ops::RangeInclusive<u32>>, String> {
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

#[derive(Debug, Error)]
pub enum SpendCmdError {
    #[error("{0}")]
    Csv(#[from] csv_ledger::CsvError),
    #[error("{0}")]
    Sie(#[from] sie4::Sie4Error),
    #[error("{0}")]
    Xlsx(#[from] xlsx_ledger::XlsxError),
    #[error("{0}")]
    Map(#[from] maps::MapError),
    #[error("klassificeringsregler: {0}")]
    Rules(#[from] upphandla_core::classify::RuleError),
    #[error("{}: kunde inte läsa filen: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: kunde inte skriva: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("kunde inte skriva rapporten: {0}")]
    Output(std::io::Error),
    #[error("kunde inte skapa Excel-filen: {0}")]
    XlsxWrite(#[from] rust_xlsxwriter::XlsxError),
    #[error("Excel-format skrivs inte till en terminal; ange --out FIL.xlsx")]
    XlsxToTerminal,
}

/// A ledger to read: a file on disk or the embedded demo.
struct Source {
    name: String,
    kind: LedgerKind,
    bytes: Option<&'static [u8]>,
    path: PathBuf,
}

impl Source {
    fn len(&self) -> u64 {
        match self.bytes {
            Some(bytes) => bytes.len() as u64,
            None => std::fs::metadata(&self.path).map_or(0, |m| m.len()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LedgerKind {
    Csv,
    Xlsx,
    Sie4,
}

impl LedgerKind {
    fn name(self) -> &'static str {
        match self {
            LedgerKind::Csv => "CSV",
            LedgerKind::Xlsx => "XLSX",
            LedgerKind::Sie4 => "SIE4",
        }
    }

    /// By extension, else by the first bytes (a zip for XLSX, `#` for SIE).
    fn detect(path: &Path) -> Result<LedgerKind, SpendCmdError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") => return Ok(LedgerKind::Xlsx),
            Some("se" | "si" | "sie") => return Ok(LedgerKind::Sie4),
            Some("csv" | "txt" | "tsv") => return Ok(LedgerKind::Csv),
            _ => {}
        }
        let mut head = [0u8; 8];
        let read = File::open(path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .map_err(|source| SpendCmdError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        let head = &head[..read];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        Ok(if head.starts_with(b"PK\x03\x04") {
            LedgerKind::Xlsx
        } else if head.starts_with(b"#") {
            LedgerKind::Sie4
        } else {
            LedgerKind::Csv
        })
    }
}

/// Wraps a worker's accumulator: remembers which file errors came from and
/// writes the per-line export when one is asked for (single-threaded then).
struct ImportSink<'e> {
    acc: SpendAccumulator<'e>,
    engine: &'e SpendEngine,
    file: String,
    errors: Vec<(String, RowError)>,
    lines: Option<LinesWriter<BufWriter<File>>>,
    write_error: Option<std::io::Error>,
}

impl LedgerSink for ImportSink<'_> {
    fn line(&mut self, line: &LedgerLine<'_>) {
        let outcome = self.acc.add(line);
        if let Some(writer) = &mut self.lines
            && self.write_error.is_none()
            && let Err(e) = writer.write(&self.file, line, &outcome, self.engine.classifier())
        {
            self.write_error = Some(e);
        }
    }

    fn invalid(&mut self, error: RowError) {
        if self.errors.len() < ERRORS_SHOWN {
            self.errors.push((self.file.clone(), error.clone()));
        }
        self.acc.invalid(error);
    }
}

/// State of one analysis across its input files: every worker sink that has
/// read something, and the per-line export passed from file to file.
struct Import<'e> {
    engine: &'e SpendEngine,
    /// Never fed; new workers are its siblings so they share the duplicate filter.
    template: SpendAccumulator<'e>,
    finished: Vec<ImportSink<'e>>,
    lines: Option<LinesWriter<BufWriter<File>>>,
    write_error: Option<std::io::Error>,
}

impl<'e> Import<'e> {
    fn sink(&self, file: &str, lines: Option<LinesWriter<BufWriter<File>>>) -> ImportSink<'e> {
        ImportSink {
            acc: self.template.sibling(),
            engine: self.engine,
            file: file.to_string(),
            errors: Vec::new(),
            lines,
            write_error: None,
        }
    }

    fn keep(&mut self, mut sink: ImportSink<'e>) {
        if sink.lines.is_some() {
            self.lines = sink.lines.take();
        }
        if self.write_error.is_none() {
            self.write_error = sink.write_error.take();
        }
        self.finished.push(sink);
    }
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode, SpendCmdError> {
    let (engine, rule_files) = build_engine(&args)?;
    let sources = sources(&args)?;
    // The per-line export keeps file order, so it reads on one thread.
    let threads = if args.lines.is_some() {
        1
    } else {
        args.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    };
    let total_bytes: u64 = sources.iter().map(Source::len).sum();
    let lines = match &args.lines {
        Some(path) => {
            let write_error = |source| SpendCmdError::Write {
                path: path.clone(),
                source,
            };
            let file = File::create(path).map_err(write_error)?;
            Some(LinesWriter::new(BufWriter::new(file)).map_err(write_error)?)
        }
        None => None,
    };
    let template = engine.accumulator(total_bytes / 80);
    let mut import = Import {
        engine: &engine,
        template,
        finished: Vec::new(),
        lines,
        write_error: None,
    };

    let mut inputs = Vec::new();
    let progress = Arc::new(Mutex::new(Progress::new("Läser", total_bytes)));
    let mut bytes_before = 0u64;
    for source in &sources {
        let result = read_source(source, &args, &mut import, threads, &progress, bytes_before);
        if result.is_err()
            && let Some(path) = &args.lines
        {
            let _ = std::fs::remove_file(path);
        }
        inputs.push(result?);
        bytes_before += source.len();
    }
    if let Ok(mut progress) = progress.lock() {
        progress.finish();
    }

    let Import {
        mut finished,
        lines,
        write_error,
        template,
        ..
    } = import;
    if let Some(path) = &args.lines {
        let flushed = match (write_error, lines) {
            (Some(e), _) => Err(e),
            (None, Some(writer)) => writer.finish().map(drop),
            (None, None) => Ok(()),
        };
        flushed.map_err(|source| SpendCmdError::Write {
            path: path.clone(),
            source,
        })?;
    }
    let mut errors: Vec<(String, RowError)> = finished
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.errors))
        .collect();
    errors.sort_by(|a, b| (&a.0, a.1.line, a.1.column).cmp(&(&b.0, b.1.line, b.1.column)));
    let invalid_rows: u64 = finished.iter().map(|s| s.acc.invalid_rows()).sum();
    if invalid_rows > 0 && !args.skip_invalid {
        if let Some(path) = &args.lines {
            // All-or-nothing: no partial export is left behind.
            let _ = std::fs::remove_file(path);
        }
        print_errors(&errors, invalid_rows);
        return Ok(ExitCode::from(1));
    }

    let mut accumulators = vec![template];
    accumulators.extend(finished.into_iter().map(|s| s.acc));
    let report = spend::finish(accumulators, args.top);
    if invalid_rows > 0 {
        print_errors(&errors, invalid_rows);
        eprintln!(
            "--skip-invalid: {} ogiltiga rader hoppades över (summa av läsbara belopp: {} kr). Resultatet omfattar inte dem.",
            report.skipped.rows,
            upphandla_formats::report::decimal_sv(report.skipped.sek, 2)
        );
    }
    let meta = ReportMeta {
        title: args.title.clone().unwrap_or_else(|| {
            if args.demo {
                "Inköpsanalys – Demo kommun (demodata)".to_string()
            } else {
                "Inköpsanalys".to_string()
            }
        }),
        inputs,
        rule_files,
        demo: args.demo,
        generated: today_utc().to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    write_output(&args, &report, &meta)?;
    Ok(ExitCode::SUCCESS)
}

fn sources(args: &AnalyzeArgs) -> Result<Vec<Source>, SpendCmdError> {
    let mut sources = Vec::new();
    if args.demo {
        sources.push(Source {
            name: "data/demo/ledger-demo.csv (demodata)".into(),
            kind: LedgerKind::Csv,
            bytes: Some(DEMO_LEDGER),
            path: PathBuf::from("data/demo/ledger-demo.csv"),
        });
    }
    for path in &args.ledgers {
        sources.push(Source {
            name: path.display().to_string(),
            kind: LedgerKind::detect(path)?,
            bytes: None,
            path: path.clone(),
        });
    }
    Ok(sources)
}

fn read_input(path: &Path) -> Result<Vec<u8>, SpendCmdError> {
    std::fs::read(path).map_err(|source| SpendCmdError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads one kind of rule file into the classifier builder.
type RuleReader = fn(&[u8], &str, &mut ClassifierBuilder) -> Result<usize, maps::MapError>;

/// Default rules and factors, then the user's files (which take precedence).
fn build_engine(args: &AnalyzeArgs) -> Result<(SpendEngine, Vec<String>), SpendCmdError> {
    let mut builder = ClassifierBuilder::new();
    let mut rule_files = Vec::new();
    if args.demo {
        maps::read_account_map(DEMO_ACCOUNTS, "data/demo/accounts-demo.csv", &mut builder)?;
        maps::read_supplier_map(DEMO_SUPPLIERS, "data/demo/suppliers-demo.csv", &mut builder)?;
        rule_files.push("Kontoplan (demo): data/demo/accounts-demo.csv".into());
        rule_files.push("Leverantörer (demo): data/demo/suppliers-demo.csv".into());
    }
    let mut load = |builder: &mut ClassifierBuilder,
                    paths: &[PathBuf],
                    reader: RuleReader,
                    kind: &str|
     -> Result<(), SpendCmdError> {
        for path in paths {
            reader(&read_input(path)?, &path.display().to_string(), builder)?;
            rule_files.push(format!("{kind}: {}", path.display()));
        }
        Ok(())
    };
    maps::load_default_categories(&mut builder)?;
    // A CPV prefix defined again replaces the earlier rule, so the user's table
    // comes after the defaults; keywords are tried in order, so theirs come first.
    maps::load_default_cpv(&mut builder)?;
    load(
        &mut builder,
        &args.cpv_maps,
        maps::read_cpv_map,
        "CPV-tabell",
    )?;
    load(
        &mut builder,
        &args.keyword_files,
        maps::read_keywords,
        "Nyckelord",
    )?;
    if !args.no_default_keywords {
        maps::load_default_keywords(&mut builder)?;
    }
    load(
        &mut builder,
        &args.account_maps,
        maps::read_account_map,
        "Kontoplan",
    )?;
    load(
        &mut builder,
        &args.supplier_maps,
        maps::read_supplier_map,
        "Leverantörer",
    )?;
    let mut factors = if args.no_default_factors {
        upphandla_core::factors::FactorSet::new("egna faktorer")
    } else {
        maps::default_factor_set()?
    };
    for path in &args.factor_files {
        let own = maps::load_factors(&read_input(path)?, &path.display().to_string())?;
        for factor in own.iter() {
            builder.category(&factor.category, &factor.name, "");
        }
        factors.overlay(own);
        rule_files.push(format!("Faktorer: {}", path.display()));
    }
    let engine = SpendEngine::new(builder.build()?, factors);
    let engine = if args.no_duplicate_check {
        engine.without_duplicate_check()
    } else {
        engine
    };
    Ok((engine, rule_files))
}

/// Reads one ledger into new worker sinks of `import`.
fn read_source(
    source: &Source,
    args: &AnalyzeArgs,
    import: &mut Import<'_>,
    threads: usize,
    progress: &Arc<Mutex<Progress>>,
    bytes_before: u64,
) -> Result<InputInfo, SpendCmdError> {
    let mut info = InputInfo {
        path: source.name.clone(),
        format: source.kind.name().to_string(),
        ..InputInfo::default()
    };
    match source.kind {
        LedgerKind::Csv => {
            let progress = Arc::clone(progress);
            let options = CsvOptions {
                overrides: args.columns.clone(),
                progress: Some(Arc::new(move |done: u64| {
                    if let Ok(mut progress) = progress.lock() {
                        progress.update(bytes_before + done);
                    }
                })),
                ..CsvOptions::default()
            };
            // With a per-line export there is one thread and so one sink: it takes the writer.
            let lines = Mutex::new(import.lines.take());
            let shared: &Import<'_> = import;
            let make_sink =
                || shared.sink(&source.name, lines.lock().ok().and_then(|mut l| l.take()));
            let result = match source.bytes {
                Some(bytes) => csv_ledger::read_csv_ledger_from(
                    bytes,
                    &source.name,
                    &options,
                    make_sink,
                    threads,
                ),
                None => csv_ledger::read_csv_ledger(&source.path, &options, make_sink, threads),
            };
            if let Ok(mut unused) = lines.into_inner() {
                import.lines = unused.take().or(import.lines.take());
            }
            let (sinks, report) = result?;
            for sink in sinks {
                import.keep(sink);
            }
            info.rows = report.rows;
            let columns: Vec<&str> = report.columns.iter().map(|(f, _)| f.name_sv()).collect();
            info.detail = format!(
                "teckenkodning {}, separator {}, kolumner: {}",
                report.encoding,
                upphandla_formats::text::separator_name(report.separator),
                columns.join(", ")
            );
        }
        LedgerKind::Xlsx => {
            let options = XlsxOptions {
                sheet: args.sheet.clone(),
                overrides: args.columns.clone(),
            };
            let lines = import.lines.take();
            let mut sink = import.sink(&source.name, lines);
            let result = xlsx_ledger::read_xlsx_path(&source.path, &options, &mut sink);
            import.keep(sink);
            let summary = result?;
            info.rows = summary.lines;
            info.detail = format!(
                "blad \"{}\", rubrik på rad {}, kolumner: {}{}",
                summary.sheet,
                summary.header_row,
                describe_columns(&summary.columns),
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
            let options = Sie4Options {
                accounts: args
                    .sie_accounts
                    .clone()
                    .unwrap_or_else(|| Sie4Options::default().accounts),
                unit_dimension: args.sie_unit_dimension,
                ..Sie4Options::default()
            };
            let lines = import.lines.take();
            let mut sink = import.sink(&source.name, lines);
            let result = sie4::read_sie4_path(&source.path, &options, &mut sink);
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

/// "datum, konto, belopp": the ledger fields a file's headers were matched to.
fn describe_columns(columns: &ColumnMap) -> String {
    let found: Vec<&str> = columns
        .found()
        .iter()
        .map(|(field, _)| field.name_sv())
        .collect();
    found.join(", ")
}

fn print_errors(errors: &[(String, RowError)], count: u64) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{count} ogiltiga rader. Inget resultat har skapats; rätta filen eller kör med --skip-invalid."
    );
    for (file, e) in errors.iter().take(ERRORS_SHOWN) {
        let _ = writeln!(
            err,
            "{file}: rad {}, kolumn {} ({}): \"{}\": väntade {}",
            e.line, e.column, e.column_name, e.value, e.expected
        );
    }
    if count as usize > errors.len().min(ERRORS_SHOWN) {
        let _ = writeln!(
            err,
            "… och {} fel till.",
            count as usize - errors.len().min(ERRORS_SHOWN)
        );
    }
}

fn write_output(
    args: &AnalyzeArgs,
    report: &SpendReport,
    meta: &ReportMeta,
) -> Result<(), SpendCmdError> {
    use upphandla_formats::report::{csv as report_csv, html, table, xlsx};
    let bytes: Vec<u8> = match args.format {
        OutputFormat::Table => table::render_table(report, meta).into_bytes(),
        OutputFormat::Json => {
            #[derive(serde::Serialize)]
            struct JsonReport<'a> {
                #[serde(flatten)]
                report: &'a SpendReport,
                meta: &'a ReportMeta,
            }
            let mut text = serde_json::to_string_pretty(&JsonReport { report, meta })
                .map_err(|e| SpendCmdError::Output(std::io::Error::other(e)))?;
            text.push('\n');
            text.into_bytes()
        }
        OutputFormat::Csv => {
            let mut buf = Vec::new();
            report_csv::write_report_csv(&mut buf, report).map_err(SpendCmdError::Output)?;
            buf
        }
        OutputFormat::Html => html::render_html(report, meta).into_bytes(),
        OutputFormat::Xlsx => {
            if args.out.is_none() && std::io::stdout().is_terminal() {
                return Err(SpendCmdError::XlsxToTerminal);
            }
            xlsx::render_xlsx(report, meta)?
        }
    };
    match &args.out {
        Some(path) => write_atomically(path, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .map_err(SpendCmdError::Output)
        }
    }
}

/// Writes beside the target and renames, so a failed run leaves no half-written report.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SpendCmdError> {
    let tmp = path.with_extension("upphandla.tmp");
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    result.map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        SpendCmdError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Today in UTC, from the system clock.
fn today_utc() -> upphandla_core::date::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    upphandla_core::date::Date::from_days_since_epoch((secs / 86_400) as i64)
}
