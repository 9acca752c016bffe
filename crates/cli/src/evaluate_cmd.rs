//! `upphandla evaluate TENDERS.toml`: tender evaluation with an explainable
//! score table, weight ranges and a rank-reversal check. The file format,
//! the evaluation and the report are `upphandla_formats::evaluation`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use upphandla_formats::evaluation::{build_doc, compute};

use crate::lcc_cmd::{CmdError, OutputFormat, read_text, write_run};

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Utvärderingsfil i TOML-format (se docs/lcc.md, avsnittet Anbudsutvärdering)
    #[arg(value_name = "ANBUD.toml")]
    tenders: PathBuf,
    /// Utdataformat
    #[arg(long, value_enum, default_value = "table")]
    format: OutputFormat,
    /// Skriv resultatet till en fil i stället för standard ut
    #[arg(long, short, value_name = "FIL")]
    out: Option<PathBuf>,
}

pub fn main(args: EvaluateArgs) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fel: {error}");
            ExitCode::from(2)
        }
    }
}

pub fn run(args: EvaluateArgs) -> Result<ExitCode, CmdError> {
    let text = read_text(&args.tenders)?;
    let dir = args
        .tenders
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let load = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("kan inte läsa {}: {e}", path.display()))
    };
    let run = compute(&text, &load).map_err(|errors| CmdError::File {
        path: args.tenders.clone(),
        errors,
    })?;
    // The evaluation report always has its chart; it is small.
    write_run(args.format, args.out.as_deref(), &run, &|_| build_doc(&run))?;
    Ok(ExitCode::SUCCESS)
}
