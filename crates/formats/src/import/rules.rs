//! The classification rules and emission factors of one analysis: the shipped
//! defaults, then the organisation's own rule files on top.

use upphandla_core::classify::ClassifierBuilder;
pub use upphandla_core::classify::RuleFileKind;
use upphandla_core::factors::FactorSet;
use upphandla_core::spend::SpendEngine;

use super::source::Data;
use super::{DEMO_ACCOUNTS, DEMO_SUPPLIERS, ImportError};
use crate::maps::{self, MapError};

/// One rule file of the organisation's.
#[derive(Debug, Clone)]
pub struct RuleSource<'a> {
    pub kind: RuleFileKind,
    /// Names the file in rule origins (`name:line`), errors and the report.
    pub name: String,
    pub data: Data<'a>,
}

impl<'a> RuleSource<'a> {
    pub fn new(kind: RuleFileKind, name: impl Into<String>, data: impl Into<Data<'a>>) -> Self {
        RuleSource {
            kind,
            name: name.into(),
            data: data.into(),
        }
    }

    /// `Kontoplan: name`, as listed in the report.
    pub fn description(&self) -> String {
        format!("{}: {}", self.kind.label_sv(), self.name)
    }
}

/// How to build the [`SpendEngine`] for an analysis.
#[derive(Debug, Clone)]
pub struct EngineOptions<'a> {
    /// The organisation's rule files, in any order of kinds; within a kind
    /// in the order given (a later account or supplier rule replaces an earlier one).
    pub rules: Vec<RuleSource<'a>>,
    /// Use the shipped keyword rules after the organisation's own.
    pub default_keywords: bool,
    /// Start from the shipped factor set (own factor files replace it per category).
    pub default_factors: bool,
    pub duplicate_check: bool,
    /// Load the shipped demo account and supplier maps before everything
    /// else (the CLI's `--demo`). To treat them as an organisation's own
    /// files instead, pass [`DEMO_ACCOUNTS`] and [`DEMO_SUPPLIERS`] in `rules`.
    pub demo: bool,
}

impl Default for EngineOptions<'_> {
    fn default() -> Self {
        EngineOptions {
            rules: Vec::new(),
            default_keywords: true,
            default_factors: true,
            duplicate_check: true,
            demo: false,
        }
    }
}

/// Reads one kind of rule file into the classifier builder.
type RuleReader = fn(&[u8], &str, &mut ClassifierBuilder) -> Result<usize, MapError>;

/// Default rules and factors, then the organisation's files, which take
/// precedence. Returns the engine and a description of every file used
/// (for [`crate::report::ReportMeta::rule_files`]).
pub fn build_engine(
    options: &EngineOptions<'_>,
) -> Result<(SpendEngine, Vec<String>), ImportError> {
    let mut builder = ClassifierBuilder::new();
    let mut rule_files = Vec::new();
    if options.demo {
        maps::read_account_map(DEMO_ACCOUNTS, "data/demo/accounts-demo.csv", &mut builder)?;
        maps::read_supplier_map(DEMO_SUPPLIERS, "data/demo/suppliers-demo.csv", &mut builder)?;
        rule_files.push("Kontoplan (demo): data/demo/accounts-demo.csv".into());
        rule_files.push("Leverantörer (demo): data/demo/suppliers-demo.csv".into());
    }
    let mut load = |builder: &mut ClassifierBuilder,
                    kind: RuleFileKind,
                    reader: RuleReader|
     -> Result<(), ImportError> {
        for source in options.rules.iter().filter(|s| s.kind == kind) {
            reader(&source.data.read(&source.name)?, &source.name, builder)?;
            rule_files.push(source.description());
        }
        Ok(())
    };
    maps::load_default_categories(&mut builder)?;
    // A CPV prefix defined again replaces the earlier rule, so the user's table
    // comes after the defaults; keywords are tried in order, so theirs come first.
    maps::load_default_cpv(&mut builder)?;
    load(&mut builder, RuleFileKind::Cpv, maps::read_cpv_map)?;
    load(&mut builder, RuleFileKind::Keywords, maps::read_keywords)?;
    if options.default_keywords {
        maps::load_default_keywords(&mut builder)?;
    }
    load(&mut builder, RuleFileKind::Accounts, maps::read_account_map)?;
    load(
        &mut builder,
        RuleFileKind::Suppliers,
        maps::read_supplier_map,
    )?;
    let mut factors = if options.default_factors {
        maps::default_factor_set()?
    } else {
        FactorSet::new("egna faktorer")
    };
    let factor_files = options.rules.iter();
    for source in factor_files.filter(|s| s.kind == RuleFileKind::Factors) {
        let own = maps::load_factors(&source.data.read(&source.name)?, &source.name)?;
        // A factor may name a category no rule file has declared yet.
        for factor in own.iter() {
            builder.category(&factor.category, &factor.name, "");
        }
        factors.overlay(own);
        rule_files.push(source.description());
    }
    let engine = SpendEngine::new(builder.build()?, factors);
    let engine = if options.duplicate_check {
        engine
    } else {
        engine.without_duplicate_check()
    };
    Ok((engine, rule_files))
}
