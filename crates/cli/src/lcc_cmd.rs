//! `upphandla lcc MODEL.toml` and `upphandla lcc template KIND`: life-cycle
//! cost and climate calculation with Monte Carlo and tornado. The file
//! format, the calculation and the report are `upphandla_formats::lcc`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};
use thiserror::Error;
use upphandla_formats::doc;
use upphandla_formats::lcc::{self, FileError, build_doc, compute};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Xlsx,
    Html,
    Docx,
    Pdf,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LccArgs {
    #[command(subcommand)]
    command: Option<LccCommand>,
    /// Modellfil i TOML-format (se docs/lcc.md)
    #[arg(value_name = "MODELL.toml")]
    model: Option<PathBuf>,
    /// Utdataformat
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
    /// Skriv resultatet till en fil i stället för standard ut
    #[arg(long, short, value_name = "FIL")]
    out: Option<PathBuf>,
    /// Antal Monte Carlo-dragningar (standard: modellfilen eller 10 000)
    #[arg(long)]
    draws: Option<usize>,
    /// Frö för slumptalen (samma frö ger samma resultat)
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum LccCommand {
    /// Skriv en ifylld startmodell till standard ut, t.ex. `upphandla lcc template vehicles > min-modell.toml`
    Template {
        #[arg(value_parser = template_kind())]
        kind: lcc::TemplateKind,
    },
}

/// The template names and their Swedish descriptions, from the library.
fn template_kind() -> impl TypedValueParser<Value = lcc::TemplateKind> {
    PossibleValuesParser::new(
        lcc::template_kinds()
            .iter()
            .map(|(id, name_sv, _)| PossibleValue::new(*id).help(*name_sv)),
    )
    .try_map(|id| lcc::TemplateKind::from_id(&id).ok_or("okänd mall"))
}

#[derive(Debug, Error)]
pub enum CmdError {
    #[error(
        "ange en modellfil, t.ex. `upphandla lcc modell.toml`, eller `upphandla lcc template vehicles`"
    )]
    NoModel,
    #[error("kan inte läsa {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {} fel, inget resultat har skapats:\n{}", errors.len(), list(path, errors))]
    File {
        path: PathBuf,
        errors: Vec<FileError>,
    },
    #[error("{0} skrivs inte till en terminal: ange --out FIL eller omdirigera utdata")]
    BinaryToTerminal(&'static str),
    #[error("{0}")]
    Usage(String),
    #[error("kunde inte skapa XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("kunde inte skriva {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("kunde inte skriva utdata: {0}")]
    Output(std::io::Error),
}

fn list(path: &Path, errors: &[FileError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {}: {e}", path.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn read_text(path: &Path) -> Result<String, CmdError> {
    std::fs::read_to_string(path).map_err(|source| CmdError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Runs the command and reports an error in Swedish on standard error.
pub fn main(args: LccArgs) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fel: {error}");
            ExitCode::from(2)
        }
    }
}

pub fn run(args: LccArgs) -> Result<ExitCode, CmdError> {
    if let Some(LccCommand::Template { kind }) = args.command {
        let mut out = std::io::stdout().lock();
        out.write_all(lcc::template(kind).as_bytes())
            .and_then(|_| out.flush())
            .map_err(CmdError::Output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.model.ok_or(CmdError::NoModel)?;
    let text = read_text(&path)?;
    let keep = args.format == OutputFormat::Html;
    let run = compute(&text, args.draws, args.seed, keep).map_err(|errors| CmdError::File {
        path: path.clone(),
        errors,
    })?;
    write_run(args.format, args.out.as_deref(), &run, &|charts| {
        build_doc(&run, charts)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a run as JSON or as its report; `doc(charts)` builds the report,
/// with SVG charts for HTML.
pub fn write_run(
    format: OutputFormat,
    out: Option<&Path>,
    run: &impl serde::Serialize,
    doc: &dyn Fn(bool) -> doc::Doc,
) -> Result<(), CmdError> {
    let bytes = match format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(run)
                .map_err(|e| CmdError::Output(std::io::Error::other(e)))?;
            s.push('\n');
            s.into_bytes()
        }
        OutputFormat::Table => doc::render_text(&doc(false)).into_bytes(),
        OutputFormat::Html => doc::render_html(&doc(true)).into_bytes(),
        OutputFormat::Xlsx => {
            refuse_terminal(out, "XLSX")?;
            doc::render_xlsx(&doc(false))?
        }
        OutputFormat::Docx => {
            refuse_terminal(out, "Word")?;
            doc::render_docx(&doc(false))
        }
        OutputFormat::Pdf => {
            refuse_terminal(out, "PDF")?;
            doc::render_pdf(&doc(false))
        }
    };
    write_output(out, &bytes)
}

/// Binary formats go to a file or a pipe, never onto the screen.
fn refuse_terminal(out: Option<&Path>, what: &'static str) -> Result<(), CmdError> {
    if out.is_none() && std::io::stdout().is_terminal() {
        return Err(CmdError::BinaryToTerminal(what));
    }
    Ok(())
}

/// To the file (written beside it and renamed, so a failure leaves nothing
/// half-written) or to standard out.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), CmdError> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("upphandla.tmp");
            std::fs::write(&tmp, bytes)
                .and_then(|_| std::fs::rename(&tmp, path))
                .map_err(|source| {
                    let _ = std::fs::remove_file(&tmp);
                    CmdError::Write {
                        path: path.to_path_buf(),
                        source,
                    }
                })
        }
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(bytes)
                .and_then(|_| o.flush())
                .map_err(CmdError::Output)
        }
    }
}
