//! `upphandla spend analyze`: read ledgers, classify, apply factors, report.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{Args, ValueEnum};
use thiserror::Error;
use upphandla_core::ledger::LedgerField;
use upphandla_core::spend::{self, SpendReport};
use upphandla_formats::import::{
    self, EngineOptions, FileRowError, ImportError, LedgerSource, LinesExport, ReadOptions,
    RuleFileKind, RuleSource,
};
use upphandla_formats::report::ReportMeta;

use crate::progress::Progress;

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
    #[arg(long = "column", value_name = "FÄLT=RUBRIK", value_parser = import::parse_column_override)]
    columns: Vec<(LedgerField, String)>,
    /// Blad i XLSX-filer (standard: första bladet)
    #[arg(long, value_name = "NAMN")]
    sheet: Option<String>,
    /// Kostnadskonton i SIE-filer (standard 4000-7999), t.ex. 4000-6999,7600-7699
    #[arg(long = "sie-accounts", value_name = "INTERVALL", value_parser = parse_sie_accounts)]
    sie_accounts: Option<SieAccounts>,
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

/// A newtype, so that clap takes one value holding all ranges (`Option<Vec<_>>`
/// would be read as a list of single ranges).
#[derive(Debug, Clone)]
struct SieAccounts(Vec<RangeInclusive<u32>>);

fn parse_sie_accounts(value: &str) -> Result<SieAccounts, String> {
    import::parse_account_ranges(value).map(SieAccounts)
}

#[derive(Debug, Error)]
pub enum SpendCmdError {
    #[error(transparent)]
    Import(#[from] ImportError),
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

/// The per-line export, when `--lines` asks for one.
type Export = Option<LinesExport<BufWriter<File>>>;

pub fn run(args: AnalyzeArgs) -> Result<ExitCode, SpendCmdError> {
    let (engine, rule_files) = import::build_engine(&engine_options(&args))?;
    let mut sources = Vec::new();
    if args.demo {
        sources.push(LedgerSource::demo());
    }
    for path in &args.ledgers {
        sources.push(LedgerSource::from_path(path.clone())?);
    }
    let export: Export = match &args.lines {
        Some(path) => {
            let write_error = |source| SpendCmdError::Write {
                path: path.clone(),
                source,
            };
            let file = File::create(path).map_err(write_error)?;
            Some(LinesExport::new(BufWriter::new(file)).map_err(write_error)?)
        }
        None => None,
    };
    let total_bytes: u64 = sources.iter().map(LedgerSource::len).sum();
    let progress = Arc::new(Mutex::new(Progress::new("Läser", total_bytes)));
    let shown = Arc::clone(&progress);
    let options = ReadOptions {
        columns: args.columns.clone(),
        sheet: args.sheet.clone(),
        sie_accounts: match &args.sie_accounts {
            Some(SieAccounts(ranges)) => ranges.clone(),
            None => ReadOptions::default().sie_accounts,
        },
        sie_unit_dimension: args.sie_unit_dimension,
        // The per-line export keeps file order, so it reads on one thread.
        threads: if args.lines.is_some() {
            Some(1)
        } else {
            args.threads
        },
        skip_invalid: args.skip_invalid,
        progress: Some(Arc::new(move |done: u64| {
            if let Ok(mut progress) = shown.lock() {
                progress.update(done);
            }
        })),
    };
    // With one thread there is one observer: the first takes the export.
    let export = Mutex::new(export);
    let take_export = || export.lock().ok().and_then(|mut e| e.take());
    let result = import::analyze(&engine, &sources, &options, take_export, args.top);
    if let Ok(mut progress) = progress.lock() {
        progress.finish();
    }
    let analysis = match result {
        Ok(analysis) => analysis,
        Err(error) => {
            if let Some(path) = &args.lines {
                // All-or-nothing: no partial export is left behind.
                let _ = std::fs::remove_file(path);
            }
            if let ImportError::InvalidRows { errors, count } = &error {
                print_errors(errors, *count);
                return Ok(ExitCode::from(1));
            }
            return Err(error.into());
        }
    };
    if let Some(path) = &args.lines {
        let unused = export.into_inner().ok().flatten();
        let writer = analysis
            .observers
            .into_iter()
            .flatten()
            .chain(unused)
            .next();
        if let Some(writer) = writer {
            writer.finish().map_err(|source| SpendCmdError::Write {
                path: path.clone(),
                source,
            })?;
        }
    }

    let report = analysis.report;
    if analysis.invalid_rows > 0 {
        print_errors(&analysis.errors, analysis.invalid_rows);
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
        inputs: analysis.inputs,
        rule_files,
        demo: args.demo,
        generated: today_utc().to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    write_output(&args, &report, &meta)?;
    Ok(ExitCode::SUCCESS)
}

/// The rule flags as rule sources, read when the engine is built.
fn engine_options(args: &AnalyzeArgs) -> EngineOptions<'static> {
    let files = [
        (RuleFileKind::Cpv, &args.cpv_maps),
        (RuleFileKind::Keywords, &args.keyword_files),
        (RuleFileKind::Accounts, &args.account_maps),
        (RuleFileKind::Suppliers, &args.supplier_maps),
        (RuleFileKind::Factors, &args.factor_files),
    ];
    let rules = files
        .into_iter()
        .flat_map(|(kind, paths)| {
            paths
                .iter()
                .map(move |path| RuleSource::new(kind, path.display().to_string(), path.clone()))
        })
        .collect();
    EngineOptions {
        rules,
        default_keywords: !args.no_default_keywords,
        default_factors: !args.no_default_factors,
        duplicate_check: !args.no_duplicate_check,
        demo: args.demo,
    }
}

fn print_errors(errors: &[FileRowError], count: u64) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{count} ogiltiga rader. Inget resultat har skapats; rätta filen eller kör med --skip-invalid."
    );
    for error in errors {
        let _ = writeln!(err, "{error}");
    }
    if count > errors.len() as u64 {
        let _ = writeln!(err, "… och {} fel till.", count - errors.len() as u64);
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: AnalyzeArgs,
    }

    #[test]
    fn sie_accounts_take_a_list_of_ranges() {
        let parsed = Wrapper::try_parse_from([
            "upphandla",
            "bok.se",
            "--sie-accounts",
            "4000-5999,7010",
            "--sie-unit-dimension",
            "6",
        ])
        .unwrap();
        let SieAccounts(ranges) = parsed.args.sie_accounts.unwrap();
        assert_eq!(ranges, [4000..=5999, 7010..=7010]);
        assert_eq!(parsed.args.sie_unit_dimension, 6);
        assert!(
            Wrapper::try_parse_from(["upphandla", "bok.se", "--sie-accounts", "4000-x"]).is_err()
        );
    }
}
