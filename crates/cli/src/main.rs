//! The `upphandla` command line: parses flags and wires the library crates together.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod progress;
mod spend_cmd;

#[derive(Parser)]
#[command(
    name = "upphandla",
    version,
    about = "Energi- och klimatoptimerad offentlig upphandling / climate-optimised public procurement"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Inköpsanalys: klimatavtryck från reskontra/huvudbok (spend-based climate analysis)
    Spend {
        #[command(subcommand)]
        command: SpendCommand,
    },
}

#[derive(Subcommand)]
enum SpendCommand {
    /// Analysera en eller flera reskontrafiler (CSV, XLSX, SIE4)
    Analyze(spend_cmd::AnalyzeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Spend {
            command: SpendCommand::Analyze(args),
        } => spend_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fel: {error}");
            ExitCode::from(2)
        }
    }
}
