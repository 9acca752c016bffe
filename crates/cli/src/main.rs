//! The `upphandla` command line: parses flags and wires the library crates together.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod criteria_cmd;
mod evaluate_cmd;
mod lcc_cmd;
mod progress;
mod serve_cmd;
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

// Parsed once per run, so the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Inköpsanalys: klimatavtryck från reskontra/huvudbok (spend-based climate analysis)
    Spend {
        #[command(subcommand)]
        command: SpendCommand,
    },
    /// Livscykelkostnad och klimat (LCC) med Monte Carlo; `lcc template vehicles` skriver en mall
    Lcc(lcc_cmd::LccArgs),
    /// Anbudsutvärdering: lägsta pris, LCC, mervärdesmodell, relativ poäng (tender evaluation)
    Evaluate(evaluate_cmd::EvaluateArgs),
    /// Kriteriebiblioteket: sök krav, kontrollera egna kriteriefiler, skriv förfrågningsunderlagets kravdel
    Criteria(criteria_cmd::CriteriaArgs),
    /// Webbapplikationen (the web application): `upphandla serve --demo`
    Serve(serve_cmd::ServeArgs),
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
        Command::Lcc(args) => Ok(lcc_cmd::main(args)),
        Command::Evaluate(args) => Ok(evaluate_cmd::main(args)),
        Command::Criteria(args) => Ok(criteria_cmd::main(args)),
        Command::Serve(args) => Ok(serve_cmd::main(args)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fel: {error}");
            ExitCode::from(2)
        }
    }
}
