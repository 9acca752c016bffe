//! `upphandla criteria`: search the shipped criteria library, check an own
//! criteria file before it is shared, and write the requirement part of the
//! tender documents from chosen criteria (Word, PDF, HTML or text).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use upphandla_core::criteria::{Ambition, Criterion, CriterionType, Filter, Library};
use upphandla_formats::criteria::{build_library, default_library};
use upphandla_formats::doc;
use upphandla_formats::tender_doc::{TenderDocInput, build};

use crate::lcc_cmd::{CmdError, write_output};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CriteriaArgs {
    #[command(subcommand)]
    command: Option<CriteriaCommand>,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Produktgrupp, t.ex. fordon, belysning, el
    #[arg(long)]
    group: Option<String>,
    /// CPV-kod eller början av en, t.ex. 34110000-1 eller 3411
    #[arg(long)]
    cpv: Option<String>,
    /// Kravtyp: kvalificeringskrav, teknisk_specifikation, tilldelningskriterium, kontraktsvillkor
    #[arg(long = "type", value_parser = parse_type)]
    kind: Option<CriterionType>,
    /// Ambitionsnivå: bas, avancerad, spjutspets
    #[arg(long, value_parser = parse_level)]
    level: Option<Ambition>,
    /// Ord som alla ska finnas i id, rubrik, kravtext eller motivering
    #[arg(long)]
    text: Option<String>,
}

#[derive(Debug, Subcommand)]
enum CriteriaCommand {
    /// Kontrollera egna kriteriefiler (samma format som data/criteria/*.toml)
    Check {
        #[arg(required = true, value_name = "FIL.toml")]
        files: Vec<PathBuf>,
    },
    /// Skriv förfrågningsunderlagets kravdel med uppföljningsplan från valda kriterier
    Document(DocumentArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    Docx,
    Pdf,
    Html,
    Table,
}

#[derive(Debug, Args)]
struct DocumentArgs {
    /// Upphandlingens namn
    #[arg(long)]
    title: String,
    /// Upphandlande organisation
    #[arg(long, default_value = "")]
    organisation: String,
    /// Kriteriernas id, kommaseparerade (se `upphandla criteria`)
    #[arg(long, value_delimiter = ',', required = true)]
    criteria: Vec<String>,
    /// CPV-koder, kommaseparerade
    #[arg(long, value_delimiter = ',')]
    cpv: Vec<String>,
    /// Avtalstiden i ord, t.ex. "3 år med option på 1 + 1 år"
    #[arg(long, default_value = "")]
    contract_period: String,
    /// Skriv dokumentet på engelska
    #[arg(long)]
    english: bool,
    #[arg(long, value_enum, default_value = "docx")]
    format: DocFormat,
    /// Utdatafil (krävs för docx och pdf)
    #[arg(long, short, value_name = "FIL")]
    out: Option<PathBuf>,
}

fn parse_type(text: &str) -> Result<CriterionType, String> {
    CriterionType::parse(text).ok_or_else(|| {
        let keys: Vec<&str> = CriterionType::ALL.iter().map(|t| t.key()).collect();
        format!("väntade en av {}", keys.join(", "))
    })
}

fn parse_level(text: &str) -> Result<Ambition, String> {
    Ambition::parse(text).ok_or_else(|| "väntade bas, avancerad eller spjutspets".to_string())
}

pub fn main(args: CriteriaArgs) -> ExitCode {
    match run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("fel: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(args: CriteriaArgs) -> Result<ExitCode, CmdError> {
    match args.command {
        None => {
            let lib = default_library();
            let filter = Filter {
                group: args.filter.group,
                cpv: args.filter.cpv,
                kind: args.filter.kind,
                level: args.filter.level,
                text: args.filter.text,
            };
            let found = lib.search(&filter);
            write_output(None, list(lib, &found).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CriteriaCommand::Check { files }) => check(&files),
        Some(CriteriaCommand::Document(doc_args)) => document(doc_args),
    }
}

/// One line per criterion: id, level, type, title; a count at the end.
fn list(lib: &Library, found: &[&Criterion]) -> String {
    let mut out = String::new();
    let width = found.iter().map(|c| c.id.len()).max().unwrap_or(2);
    for c in found {
        let stale = if Library::is_stale(c, today()) {
            "  (behöver granskas)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:width$}  {:10}  {:21}  {}{stale}\n",
            c.id,
            c.level.key(),
            c.kind.key(),
            c.title.sv,
        ));
    }
    out.push_str(&format!(
        "{} av {} kriterier i {} produktgrupper\n",
        found.len(),
        lib.criteria.len(),
        lib.groups.len()
    ));
    out
}

fn today() -> upphandla_core::date::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    upphandla_core::date::Date::from_days_since_epoch(secs.div_euclid(86_400))
}

/// Parses every file together (ids must be unique across them) and prints
/// each error with file, line and column; exit 1 when any is wrong.
fn check(files: &[PathBuf]) -> Result<ExitCode, CmdError> {
    let mut texts = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|source| CmdError::Read {
            path: path.clone(),
            source,
        })?;
        texts.push((path.display().to_string(), text));
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    match build_library(&pairs) {
        Ok(lib) => {
            println!(
                "ok: {} produktgrupper, {} kriterier",
                lib.groups.len(),
                lib.criteria.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "{} fel; inget godkänt / {} errors",
                errors.len(),
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn document(args: DocumentArgs) -> Result<ExitCode, CmdError> {
    let lib = default_library();
    let mut criteria = Vec::new();
    let mut unknown = Vec::new();
    for id in &args.criteria {
        match lib.criterion(id.trim()) {
            Some(c) => criteria.push(c.clone()),
            None => unknown.push(id.trim().to_string()),
        }
    }
    if !unknown.is_empty() {
        return Err(CmdError::Usage(format!(
            "okända kriterier: {} (sök med `upphandla criteria --text …`)",
            unknown.join(", ")
        )));
    }
    let input = TenderDocInput {
        title: args.title,
        organisation: args.organisation,
        cpv: args.cpv,
        contract_period: args.contract_period,
        criteria,
        english: args.english,
        ..TenderDocInput::default()
    };
    let built = build(&input);
    let bytes = match args.format {
        DocFormat::Docx | DocFormat::Pdf if args.out.is_none() => {
            return Err(CmdError::Usage(
                "Word och PDF skrivs till en fil: ange --out FIL".to_string(),
            ));
        }
        DocFormat::Docx => doc::render_docx(&built),
        DocFormat::Pdf => doc::render_pdf(&built),
        DocFormat::Html => doc::render_html(&built).into_bytes(),
        DocFormat::Table => doc::render_text(&built).into_bytes(),
    };
    write_output(args.out.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}
