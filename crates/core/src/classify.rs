//! Classification of ledger lines into spend categories.
//!
//! Precedence, first match wins: CPV code on the line → supplier map (org
//! number, then name) → account map (exact account, then the narrowest range)
//! → keyword rules on supplier name and line text (in file order) →
//! `unclassified`. Every rule has an id and an origin (file and line), and
//! every classified line records the rule that classified it, so a result can
//! always be explained.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ledger::LedgerLine;

/// What an organisation's rule file holds; the same formats as the CLI's
/// flags of the same name. Stored per organisation by the web application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleFileKind {
    /// `konto;kategori` (`--account-map`).
    Accounts,
    /// `orgnr;kategori` or `leverantör;kategori` (`--supplier-map`).
    Suppliers,
    /// `nyckelord;kategori` (`--keywords`), tried before the default keywords.
    Keywords,
    /// `cpv;kategori` (`--cpv-map`), replaces default prefixes it defines again.
    Cpv,
    /// `kategori;namn;kg_co2e_per_sek[;källa;år;låg;hög]` (`--factors`).
    Factors,
}

impl RuleFileKind {
    pub const ALL: [RuleFileKind; 5] = [
        RuleFileKind::Accounts,
        RuleFileKind::Suppliers,
        RuleFileKind::Keywords,
        RuleFileKind::Cpv,
        RuleFileKind::Factors,
    ];

    /// The key in storage, URLs and the API.
    pub fn key(self) -> &'static str {
        match self {
            RuleFileKind::Accounts => "accounts",
            RuleFileKind::Suppliers => "suppliers",
            RuleFileKind::Keywords => "keywords",
            RuleFileKind::Cpv => "cpv",
            RuleFileKind::Factors => "factors",
        }
    }

    pub fn parse(key: &str) -> Option<RuleFileKind> {
        RuleFileKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Swedish label used in the report's list of rule files.
    pub fn label_sv(self) -> &'static str {
        match self {
            RuleFileKind::Accounts => "Kontoplan",
            RuleFileKind::Suppliers => "Leverantörer",
            RuleFileKind::Keywords => "Nyckelord",
            RuleFileKind::Cpv => "CPV-tabell",
            RuleFileKind::Factors => "Faktorer",
        }
    }
}

/// The id of the category that collects lines no rule matched.
pub const UNCLASSIFIED: &str = "unclassified";

/// Index into [`Classifier::categories`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CategoryId(pub u32);

/// Index into [`Classifier::rules`]. Rule 0 is always "unclassified".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(pub u32);

impl RuleId {
    pub const UNCLASSIFIED: RuleId = RuleId(0);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Cpv,
    SupplierId,
    SupplierName,
    Account,
    AccountRange,
    Keyword,
    Unclassified,
}

impl RuleKind {
    pub fn name_sv(self) -> &'static str {
        match self {
            RuleKind::Cpv => "CPV-kod",
            RuleKind::SupplierId => "leverantör (orgnr)",
            RuleKind::SupplierName => "leverantör (namn)",
            RuleKind::Account => "konto",
            RuleKind::AccountRange => "kontointervall",
            RuleKind::Keyword => "nyckelord",
            RuleKind::Unclassified => "oklassificerad",
        }
    }
}

/// A classification rule and where it was defined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub kind: RuleKind,
    /// What the rule matches, as written in its file (normalised forms are internal).
    pub pattern: String,
    #[serde(skip)]
    pub category: CategoryId,
    /// `file:line` of the rule, or `inbyggd` for built-in defaults.
    pub origin: String,
}

/// A spend category. Names come from the category catalogue or the factor file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub id: String,
    pub name_sv: String,
    pub name_en: String,
}

#[derive(Debug, Error, PartialEq)]
pub enum RuleError {
    #[error(
        "{origin}: ogiltigt kontointervall \"{pattern}\": väntade t.ex. 4400-4499 (lägsta–högsta)"
    )]
    InvalidAccountRange { origin: String, pattern: String },
    #[error("{origin}: tomt mönster för kategorin \"{category}\"")]
    EmptyPattern { origin: String, category: String },
    #[error("{origin}: tomt kategori-id")]
    EmptyCategory { origin: String },
    #[error("nyckelordsreglerna kunde inte byggas: {0}")]
    Keywords(String),
}

/// Collects rules from the default data and the user's files, then builds a [`Classifier`].
#[derive(Debug, Default)]
pub struct ClassifierBuilder {
    categories: Vec<Category>,
    category_index: FxHashMap<String, CategoryId>,
    rules: Vec<Rule>,
    cpv_prefixes: Vec<(String, RuleId)>,
    supplier_ids: FxHashMap<String, RuleId>,
    supplier_names: FxHashMap<String, RuleId>,
    accounts: FxHashMap<String, RuleId>,
    account_ranges: Vec<(u64, u64, RuleId)>,
    keywords: Vec<(String, RuleId)>,
}

impl ClassifierBuilder {
    pub fn new() -> ClassifierBuilder {
        let mut builder = ClassifierBuilder::default();
        let unclassified = builder.category(UNCLASSIFIED, "Oklassificerat", "Unclassified");
        builder.rules.push(Rule {
            kind: RuleKind::Unclassified,
            pattern: String::new(),
            category: unclassified,
            origin: "inbyggd".into(),
        });
        builder
    }

    /// Declares a category with its names, or updates the names of a known one.
    /// Empty names keep what is already known.
    pub fn category(&mut self, id: &str, name_sv: &str, name_en: &str) -> CategoryId {
        let id = id.trim();
        if let Some(&existing) = self.category_index.get(id) {
            let cat = &mut self.categories[existing.0 as usize];
            if !name_sv.is_empty() {
                cat.name_sv = name_sv.to_string();
            }
            if !name_en.is_empty() {
                cat.name_en = name_en.to_string();
            }
            return existing;
        }
        let new_id = CategoryId(self.categories.len() as u32);
        self.categories.push(Category {
            id: id.to_string(),
            name_sv: if name_sv.is_empty() { id } else { name_sv }.to_string(),
            name_en: if name_en.is_empty() { id } else { name_en }.to_string(),
        });
        self.category_index.insert(id.to_string(), new_id);
        new_id
    }

    fn push_rule(
        &mut self,
        kind: RuleKind,
        pattern: &str,
        category: &str,
        origin: &str,
    ) -> Result<RuleId, RuleError> {
        if category.trim().is_empty() {
            return Err(RuleError::EmptyCategory {
                origin: origin.into(),
            });
        }
        if pattern.trim().is_empty() {
            return Err(RuleError::EmptyPattern {
                origin: origin.into(),
                category: category.into(),
            });
        }
        let category = self.category(category, "", "");
        let id = RuleId(self.rules.len() as u32);
        self.rules.push(Rule {
            kind,
            pattern: pattern.trim().to_string(),
            category,
            origin: origin.to_string(),
        });
        Ok(id)
    }

    /// A CPV code or prefix (`34`, `3411`, `34110000-1`); the longest matching prefix wins.
    pub fn cpv(&mut self, prefix: &str, category: &str, origin: &str) -> Result<(), RuleError> {
        let digits = cpv_digits(prefix);
        if digits.is_empty() {
            return Err(RuleError::EmptyPattern {
                origin: origin.into(),
                category: category.into(),
            });
        }
        let rule = self.push_rule(RuleKind::Cpv, prefix, category, origin)?;
        self.cpv_prefixes.retain(|(p, _)| *p != digits);
        self.cpv_prefixes.push((digits, rule));
        Ok(())
    }

    pub fn supplier_id(
        &mut self,
        orgnr: &str,
        category: &str,
        origin: &str,
    ) -> Result<(), RuleError> {
        let rule = self.push_rule(RuleKind::SupplierId, orgnr, category, origin)?;
        self.supplier_ids.insert(normalize_orgnr(orgnr), rule);
        Ok(())
    }

    pub fn supplier_name(
        &mut self,
        name: &str,
        category: &str,
        origin: &str,
    ) -> Result<(), RuleError> {
        let rule = self.push_rule(RuleKind::SupplierName, name, category, origin)?;
        self.supplier_names.insert(normalize_name(name), rule);
        Ok(())
    }

    /// An exact account (`5611`) or a range (`4400-4499`).
    pub fn account(
        &mut self,
        pattern: &str,
        category: &str,
        origin: &str,
    ) -> Result<(), RuleError> {
        let pattern = pattern.trim();
        if let Some((lo, hi)) = pattern.split_once('-') {
            let range = lo
                .trim()
                .parse::<u64>()
                .ok()
                .zip(hi.trim().parse::<u64>().ok());
            let Some((lo, hi)) = range.filter(|(lo, hi)| lo <= hi) else {
                return Err(RuleError::InvalidAccountRange {
                    origin: origin.into(),
                    pattern: pattern.into(),
                });
            };
            let rule = self.push_rule(RuleKind::AccountRange, pattern, category, origin)?;
            self.account_ranges.push((lo, hi, rule));
        } else {
            let rule = self.push_rule(RuleKind::Account, pattern, category, origin)?;
            self.accounts.insert(pattern.to_string(), rule);
        }
        Ok(())
    }

    /// A keyword matched case-insensitively anywhere in the supplier name or line text.
    pub fn keyword(
        &mut self,
        keyword: &str,
        category: &str,
        origin: &str,
    ) -> Result<(), RuleError> {
        let rule = self.push_rule(RuleKind::Keyword, keyword, category, origin)?;
        self.keywords.push((keyword.trim().to_lowercase(), rule));
        Ok(())
    }

    /// Drops the keyword rules collected so far (e.g. `--no-default-keywords`).
    pub fn clear_keywords(&mut self) {
        self.keywords.clear();
    }

    pub fn build(mut self) -> Result<Classifier, RuleError> {
        // Narrowest range first so that `4410-4419` beats `4400-4499`.
        self.account_ranges
            .sort_by_key(|&(lo, hi, rule)| (hi - lo, rule));
        // Longest CPV prefix first.
        self.cpv_prefixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        let keyword_matcher = if self.keywords.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(self.keywords.iter().map(|(k, _)| k.as_str()))
                    .map_err(|e| RuleError::Keywords(e.to_string()))?,
            )
        };
        Ok(Classifier {
            categories: self.categories,
            rules: self.rules,
            cpv_prefixes: self.cpv_prefixes,
            supplier_ids: self.supplier_ids,
            supplier_names: self.supplier_names,
            accounts: self.accounts,
            account_ranges: self.account_ranges,
            keyword_rules: self.keywords.into_iter().map(|(_, r)| r).collect(),
            keyword_matcher,
        })
    }
}

/// Immutable rule set, shared by all worker threads.
#[derive(Debug)]
pub struct Classifier {
    categories: Vec<Category>,
    rules: Vec<Rule>,
    cpv_prefixes: Vec<(String, RuleId)>,
    supplier_ids: FxHashMap<String, RuleId>,
    supplier_names: FxHashMap<String, RuleId>,
    accounts: FxHashMap<String, RuleId>,
    account_ranges: Vec<(u64, u64, RuleId)>,
    keyword_rules: Vec<RuleId>,
    keyword_matcher: Option<AhoCorasick>,
}

impl Classifier {
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.0 as usize]
    }

    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0 as usize]
    }

    pub fn category_of(&self, rule: RuleId) -> CategoryId {
        self.rules[rule.0 as usize].category
    }

    pub fn find_category(&self, id: &str) -> Option<CategoryId> {
        self.categories
            .iter()
            .position(|c| c.id == id)
            .map(|i| CategoryId(i as u32))
    }

    /// Classifies one line from scratch. [`crate::spend`] caches the
    /// supplier and account steps; the result is the same.
    pub fn classify(&self, line: &LedgerLine<'_>) -> RuleId {
        self.by_cpv(line.cpv)
            .or_else(|| self.by_supplier(line.supplier_id, line.supplier_name))
            .or_else(|| self.by_account(line.account))
            .or_else(|| self.by_keywords(line.supplier_name, line.text, &mut String::new()))
            .unwrap_or(RuleId::UNCLASSIFIED)
    }

    #[inline]
    pub fn by_cpv(&self, cpv: &str) -> Option<RuleId> {
        if cpv.is_empty() || self.cpv_prefixes.is_empty() {
            return None;
        }
        let digits = cpv_digits(cpv);
        self.cpv_prefixes
            .iter()
            .find(|(prefix, _)| digits.starts_with(prefix.as_str()))
            .map(|&(_, rule)| rule)
    }

    pub fn by_supplier(&self, supplier_id: &str, supplier_name: &str) -> Option<RuleId> {
        let by_id = || {
            (!supplier_id.is_empty() && !self.supplier_ids.is_empty())
                .then(|| {
                    self.supplier_ids
                        .get(&normalize_orgnr(supplier_id))
                        .copied()
                })
                .flatten()
        };
        let by_name = || {
            (!supplier_name.is_empty() && !self.supplier_names.is_empty())
                .then(|| {
                    self.supplier_names
                        .get(&normalize_name(supplier_name))
                        .copied()
                })
                .flatten()
        };
        by_id().or_else(by_name)
    }

    pub fn by_account(&self, account: &str) -> Option<RuleId> {
        let account = account.trim();
        if account.is_empty() {
            return None;
        }
        if let Some(&rule) = self.accounts.get(account) {
            return Some(rule);
        }
        let number: u64 = account.parse().ok()?;
        self.account_ranges
            .iter()
            .find(|&&(lo, hi, _)| (lo..=hi).contains(&number))
            .map(|&(_, _, rule)| rule)
    }

    /// The first keyword rule (in file order) found in the supplier name or text.
    /// `scratch` is reused between calls to avoid allocating per line.
    pub fn by_keywords(
        &self,
        supplier_name: &str,
        text: &str,
        scratch: &mut String,
    ) -> Option<RuleId> {
        let matcher = self.keyword_matcher.as_ref()?;
        scratch.clear();
        for part in [supplier_name, text] {
            for ch in part.chars() {
                scratch.extend(ch.to_lowercase());
            }
            // A separator no keyword contains, so no match spans the two fields.
            scratch.push('\u{1}');
        }
        matcher
            .find_overlapping_iter(scratch.as_str())
            .map(|m| m.pattern().as_usize())
            .min()
            .map(|i| self.keyword_rules[i])
    }
}

/// Digits of a CPV code without the check digit: `34110000-1` → `34110000`.
fn cpv_digits(cpv: &str) -> String {
    let main = cpv.split('-').next().unwrap_or("");
    main.chars().filter(char::is_ascii_digit).take(8).collect()
}

/// Swedish organisation numbers appear as `556677-8899`, `5566778899`,
/// `16556677-8899` (with the century-like prefix) or as VAT numbers
/// `SE556677889901`; all become `5566778899`.
pub fn normalize_orgnr(orgnr: &str) -> String {
    let digits: String = orgnr.chars().filter(char::is_ascii_digit).collect();
    let upper = orgnr.trim().to_ascii_uppercase();
    if upper.starts_with("SE") && digits.len() == 12 && digits.ends_with("01") {
        return digits[..10].to_string();
    }
    if digits.len() == 12
        && (digits.starts_with("16") || digits.starts_with("19") || digits.starts_with("20"))
    {
        return digits[2..].to_string();
    }
    digits
}

/// Case- and whitespace-insensitive supplier name.
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(
        cpv: &'a str,
        id: &'a str,
        name: &'a str,
        account: &'a str,
        text: &'a str,
    ) -> LedgerLine<'a> {
        LedgerLine {
            cpv,
            supplier_id: id,
            supplier_name: name,
            account,
            text,
            ..LedgerLine::empty(1)
        }
    }

    fn classifier() -> Classifier {
        let mut b = ClassifierBuilder::new();
        b.cpv("34", "vehicles", "cpv.csv:2").unwrap();
        b.cpv("34144900", "electric_vehicles", "cpv.csv:3").unwrap();
        b.supplier_id("556677-8899", "fuel", "lev.csv:2").unwrap();
        b.supplier_name("Bygg & Co AB", "construction", "lev.csv:3")
            .unwrap();
        b.account("4400-4499", "services", "konto.csv:2").unwrap();
        b.account("4410-4419", "it_services", "konto.csv:3")
            .unwrap();
        b.account("4415", "consulting", "konto.csv:4").unwrap();
        b.keyword("diesel", "fuel", "kw.csv:2").unwrap();
        b.keyword("livsmedel", "food", "kw.csv:3").unwrap();
        b.keyword("ÄGG", "food", "kw.csv:4").unwrap();
        b.build().unwrap()
    }

    fn cat(c: &Classifier, rule: RuleId) -> &str {
        &c.category(c.category_of(rule)).id
    }

    #[test]
    fn precedence_and_specificity() {
        let c = classifier();
        // CPV beats everything; the longest prefix wins.
        let r = c.classify(&line("34144900-7", "556677-8899", "", "4415", "diesel"));
        assert_eq!(cat(&c, r), "electric_vehicles");
        assert_eq!(c.rule(r).kind, RuleKind::Cpv);
        assert_eq!(
            cat(&c, c.classify(&line("34100000", "", "", "", ""))),
            "vehicles"
        );
        // Supplier by normalised org number (VAT form) beats account.
        let r = c.classify(&line("", "SE556677889901", "", "4415", ""));
        assert_eq!((cat(&c, r), c.rule(r).kind), ("fuel", RuleKind::SupplierId));
        // Supplier by name, case and spaces ignored.
        assert_eq!(
            cat(&c, c.classify(&line("", "", "  bygg  &  co ab", "", ""))),
            "construction"
        );
        // Exact account beats ranges; narrow range beats wide.
        assert_eq!(
            cat(&c, c.classify(&line("", "", "", "4415", ""))),
            "consulting"
        );
        assert_eq!(
            cat(&c, c.classify(&line("", "", "", "4412", ""))),
            "it_services"
        );
        assert_eq!(
            cat(&c, c.classify(&line("", "", "", "4499", ""))),
            "services"
        );
        // Keywords: case-insensitive incl. Swedish letters, on supplier name or text.
        let r = c.classify(&line("", "", "OKQ8 DIESEL", "7000", ""));
        assert_eq!(
            (cat(&c, r), c.rule(r).origin.as_str()),
            ("fuel", "kw.csv:2")
        );
        assert_eq!(
            cat(&c, c.classify(&line("", "", "", "", "Ägg och mjölk"))),
            "food"
        );
        // First keyword in file order wins when several match.
        assert_eq!(
            cat(&c, c.classify(&line("", "", "", "", "livsmedel diesel"))),
            "fuel"
        );
        // Nothing matches.
        let r = c.classify(&line("99", "123", "Okänd", "x", "y"));
        assert_eq!((r, cat(&c, r)), (RuleId::UNCLASSIFIED, UNCLASSIFIED));
    }

    #[test]
    fn keyword_does_not_span_fields() {
        let mut b = ClassifierBuilder::new();
        b.keyword("ab diesel", "fuel", "kw").unwrap();
        let c = b.build().unwrap();
        assert_eq!(
            c.classify(&line("", "", "Foo AB", "", "diesel")),
            RuleId::UNCLASSIFIED
        );
    }

    #[test]
    fn rejects_bad_rules() {
        let mut b = ClassifierBuilder::new();
        assert!(matches!(
            b.account("4499-4400", "x", "f:2"),
            Err(RuleError::InvalidAccountRange { .. })
        ));
        assert!(matches!(
            b.account("44a-4499", "x", "f:3"),
            Err(RuleError::InvalidAccountRange { .. })
        ));
        assert!(matches!(
            b.keyword("  ", "x", "f:4"),
            Err(RuleError::EmptyPattern { .. })
        ));
        assert!(matches!(
            b.keyword("a", " ", "f:5"),
            Err(RuleError::EmptyCategory { .. })
        ));
    }

    #[test]
    fn normalises_org_numbers() {
        assert_eq!(normalize_orgnr("556677-8899"), "5566778899");
        assert_eq!(normalize_orgnr("16556677-8899"), "5566778899");
        assert_eq!(normalize_orgnr("SE556677889901"), "5566778899");
        assert_eq!(normalize_orgnr("212000-0142"), "2120000142");
    }
}
