//! Readers for the user's rule and factor files (account map, supplier map,
//! keyword rules, CPV map, category catalogue, factor file) and the shipped
//! defaults embedded from `data/spend/`.
//!
//! All files are delimited tables read with [`crate::table::read_table`]:
//! separator `;`, `,` or TAB detected from the header, UTF-8 with or without
//! BOM or Windows-1252, quoted fields. Columns are found by header name
//! (Swedish or English, case-insensitive); unknown columns are ignored.
//!
//! Imports are all-or-nothing: a file with any bad row changes nothing and
//! its errors are listed (the first [`MAX_LISTED_ERRORS`] and a count). Every
//! rule records `FILE:LINE` as its origin, so a classification can always be
//! traced back to the row that made it.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use upphandla_core::classify::{Category, ClassifierBuilder, RuleError};
use upphandla_core::factors::{FactorSet, SpendFactor};

use crate::columns::normalize_header;
use crate::table::{Record, Table, TableError, read_table};

/// How many row errors an error message lists before it only counts.
pub const MAX_LISTED_ERRORS: usize = 50;

/// SEK per USD used to convert the default factors (Riksbanken's annual
/// average for 2022; see docs/method.md for its status).
pub const DEFAULT_SEK_PER_USD_2022: f64 = 10.1245;

/// Shown in every report that uses the shipped factors.
pub const DEFAULT_FACTOR_LABEL: &str = "Standardfaktorer: US EPA Supply Chain GHG Emission Factors v1.3 \
     (NAICS, kg CO2e per 2022 USD inkl. marginaler, DOI 10.23719/1531143) omräknade med \
     10,1245 SEK/USD (2022), prisnivå 2022 – screeningskattning";

const DEFAULT_CATEGORIES: &str = include_str!("../../../data/spend/categories.csv");
const DEFAULT_CPV: &str = include_str!("../../../data/spend/cpv_categories.csv");
const DEFAULT_KEYWORDS: &str = include_str!("../../../data/spend/keywords.csv");
const DEFAULT_FACTORS: &str = include_str!("../../../data/spend/factors_default.csv");

/// Origin prefix of the built-in rules (`inbyggd:data/spend/keywords.csv:12`).
const BUILTIN: &str = "inbyggd:data/spend/";

/// One bad value in a map or factor file.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRowError {
    /// 1-based physical line.
    pub line: u64,
    /// 1-based column (field number).
    pub column: u32,
    /// The header of that column as written in the file.
    pub column_name: String,
    pub value: String,
    /// What was expected, in Swedish.
    pub expected: String,
}

impl fmt::Display for MapRowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rad {}, kolumn {} ({}): \"{}\" – väntade {}",
            self.line, self.column, self.column_name, self.value, self.expected
        )
    }
}

/// Why a map or factor file was not read. Nothing of the file is applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MapError {
    #[error("kunde inte läsa {file}: {message}\ncould not read {file}")]
    Io { file: String, message: String },
    #[error("{file}: {source}")]
    Table { file: String, source: TableError },
    #[error(
        "{file}: rubrikraden (rad {header_line}) saknar kolumnen för {what}: väntade en av {expected}; \
         rubriker i filen: {found}\n{file}: the header has no column for {what}"
    )]
    MissingColumn {
        file: String,
        header_line: u64,
        what: &'static str,
        expected: String,
        found: String,
    },
    #[error("{}", rows_message(file, errors, *total))]
    Rows {
        file: String,
        /// The first [`MAX_LISTED_ERRORS`] errors in file order.
        errors: Vec<MapRowError>,
        /// All errors in the file.
        total: usize,
    },
}

fn rows_message(file: &str, errors: &[MapRowError], total: usize) -> String {
    let mut s = format!(
        "{file}: {total} fel – filen lästes inte in / {total} error(s), the file was not read"
    );
    for e in errors {
        s.push_str(&format!("\n  {file}: {e}"));
    }
    if total > errors.len() {
        s.push_str(&format!("\n  … och {} fel till", total - errors.len()));
    }
    s
}

/// Header names accepted per column, compared after [`normalize_header`].
mod headers {
    pub const CATEGORY: &[&str] = &["kategori", "category", "kategori_id", "category_id"];
    pub const ACCOUNT: &[&str] = &["konto", "account", "kontonummer", "konton"];
    pub const ORGNR: &[&str] = &[
        "orgnr",
        "organisationsnummer",
        "leverantör_orgnr",
        "leverantor_orgnr",
        "supplier_id",
    ];
    pub const SUPPLIER: &[&str] = &[
        "leverantör",
        "leverantor",
        "leverantörsnamn",
        "supplier",
        "supplier_name",
    ];
    pub const KEYWORD: &[&str] = &["nyckelord", "keyword", "sökord"];
    pub const CPV: &[&str] = &["cpv", "cpv_prefix", "cpv_kod", "cpv_code"];
    pub const ID: &[&str] = &["id", "kategori", "category"];
    pub const NAME_SV: &[&str] = &["name_sv", "namn_sv", "namn", "name"];
    pub const NAME_EN: &[&str] = &["name_en", "namn_en"];
    pub const FACTOR_NAME: &[&str] = &["namn", "name", "name_sv", "namn_sv"];
    pub const FACTOR: &[&str] = &["kg_co2e_per_sek", "kg_co2e_per_kr", "faktor", "factor"];
    pub const SOURCE: &[&str] = &["källa", "kalla", "source"];
    pub const YEAR: &[&str] = &["år", "ar", "year"];
    pub const LOW: &[&str] = &["låg", "lag", "low"];
    pub const HIGH: &[&str] = &["hög", "hog", "high"];
}

/// A table with its file name, for column lookup and error building.
struct Sheet<'a> {
    file: &'a str,
    table: Table,
}

impl<'a> Sheet<'a> {
    fn parse(bytes: &[u8], file: &'a str) -> Result<Sheet<'a>, MapError> {
        let table = read_table(bytes).map_err(|source| MapError::Table {
            file: file.to_string(),
            source,
        })?;
        Ok(Sheet { file, table })
    }

    fn find(&self, names: &[&str]) -> Option<usize> {
        let normalized: Vec<String> = self
            .table
            .headers
            .iter()
            .map(|h| normalize_header(h))
            .collect();
        names.iter().find_map(|name| {
            let wanted = normalize_header(name);
            normalized.iter().position(|h| *h == wanted)
        })
    }

    /// Like [`Sheet::find`], skipping a column already taken by another field.
    fn find_except(&self, names: &[&str], taken: Option<usize>) -> Option<usize> {
        let normalized: Vec<String> = self
            .table
            .headers
            .iter()
            .map(|h| normalize_header(h))
            .collect();
        names.iter().find_map(|name| {
            let wanted = normalize_header(name);
            normalized
                .iter()
                .enumerate()
                .position(|(i, h)| *h == wanted && Some(i) != taken)
        })
    }

    fn missing(&self, what: &'static str, names: &[&str]) -> MapError {
        MapError::MissingColumn {
            file: self.file.to_string(),
            header_line: self.table.header_line,
            what,
            expected: names.join(", "),
            found: if self.table.headers.is_empty() {
                "(inga)".into()
            } else {
                self.table
                    .headers
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        }
    }

    fn require(&self, what: &'static str, names: &[&str]) -> Result<usize, MapError> {
        self.find(names).ok_or_else(|| self.missing(what, names))
    }

    fn header(&self, col: usize) -> String {
        self.table.headers.get(col).cloned().unwrap_or_default()
    }

    fn origin(&self, record: &Record) -> String {
        format!("{}:{}", self.file, record.line)
    }
}

/// Collects row errors; the file is applied only when none were found.
struct Errors<'s, 'a> {
    sheet: &'s Sheet<'a>,
    list: Vec<MapRowError>,
    total: usize,
}

impl<'s, 'a> Errors<'s, 'a> {
    fn new(sheet: &'s Sheet<'a>) -> Self {
        Errors {
            sheet,
            list: Vec::new(),
            total: 0,
        }
    }

    fn push(&mut self, record: &Record, col: usize, expected: impl Into<String>) {
        self.total += 1;
        if self.list.len() < MAX_LISTED_ERRORS {
            self.list.push(MapRowError {
                line: record.line,
                column: u32::try_from(col + 1).unwrap_or(u32::MAX),
                column_name: self.sheet.header(col),
                value: record.get(col).to_string(),
                expected: expected.into(),
            });
        }
    }

    fn finish(self) -> Result<(), MapError> {
        if self.total == 0 {
            Ok(())
        } else {
            Err(MapError::Rows {
                file: self.sheet.file.to_string(),
                errors: self.list,
                total: self.total,
            })
        }
    }
}

fn read_path(path: &Path) -> Result<(Vec<u8>, String), MapError> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => Ok((bytes, name)),
        Err(e) => Err(MapError::Io {
            file: name,
            message: e.to_string(),
        }),
    }
}

/// What the checks in a scratch builder said about one rule.
fn rule_problem(error: RuleError) -> &'static str {
    match error {
        RuleError::InvalidAccountRange { .. } => {
            "ett konto (t.ex. 5611) eller ett intervall lägsta-högsta (t.ex. 4400-4499)"
        }
        RuleError::EmptyPattern { .. } => "ett värde (fältet är tomt)",
        RuleError::EmptyCategory { .. } => "ett kategori-id (fältet är tomt)",
        RuleError::Keywords(_) => "ett nyckelord som går att söka efter",
    }
}

/// A category id as rules and factors use it: non-empty, no whitespace inside.
fn check_category(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        Err("ett kategori-id (fältet är tomt)")
    } else if value.chars().any(char::is_whitespace) {
        Err("ett kategori-id utan mellanslag, t.ex. food eller it_services")
    } else {
        Ok(())
    }
}

/// A rule row that passed the checks, applied once the whole file is clean.
struct PendingRule {
    pattern: String,
    category: String,
    origin: String,
    line: u64,
    /// 0-based column of the pattern.
    column: usize,
}

/// Reads a rule file with a pattern column and a category column: every row
/// is first tried in a scratch builder (the same checks the real one does),
/// and only a clean file is applied to `builder`.
fn read_rules(
    sheet: &Sheet<'_>,
    pattern_col: usize,
    check: impl Fn(&str) -> Result<(), &'static str>,
    add: impl Fn(&mut ClassifierBuilder, &str, &str, &str) -> Result<(), RuleError>,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let category_col = sheet.require("kategori", headers::CATEGORY)?;
    let mut errors = Errors::new(sheet);
    let mut scratch = ClassifierBuilder::new();
    let mut pending = Vec::with_capacity(sheet.table.rows.len());
    for record in &sheet.table.rows {
        let pattern = record.get(pattern_col);
        let category = record.get(category_col);
        let mut ok = true;
        if let Err(expected) = check(pattern) {
            errors.push(record, pattern_col, expected);
            ok = false;
        }
        if let Err(expected) = check_category(category) {
            errors.push(record, category_col, expected);
            ok = false;
        }
        if !ok {
            continue;
        }
        let origin = sheet.origin(record);
        match add(&mut scratch, pattern, category, &origin) {
            Ok(()) => pending.push(PendingRule {
                pattern: pattern.to_string(),
                category: category.to_string(),
                origin,
                line: record.line,
                column: pattern_col,
            }),
            Err(e @ RuleError::EmptyCategory { .. }) => {
                errors.push(record, category_col, rule_problem(e))
            }
            Err(e) => errors.push(record, pattern_col, rule_problem(e)),
        }
    }
    errors.finish()?;
    apply(
        sheet,
        &pending,
        |b, rule| add(b, &rule.pattern, &rule.category, &rule.origin),
        builder,
    )
}

/// Applies checked rules. The scratch builder accepted each of them, so this
/// cannot fail in practice; if it does, the row is reported as an error (the
/// rules before it are already in `builder`, which the caller then discards).
fn apply(
    sheet: &Sheet<'_>,
    pending: &[PendingRule],
    add: impl Fn(&mut ClassifierBuilder, &PendingRule) -> Result<(), RuleError>,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    for rule in pending {
        if let Err(e) = add(builder, rule) {
            return Err(MapError::Rows {
                file: sheet.file.to_string(),
                errors: vec![MapRowError {
                    line: rule.line,
                    column: u32::try_from(rule.column + 1).unwrap_or(u32::MAX),
                    column_name: sheet.header(rule.column),
                    value: rule.pattern.clone(),
                    expected: e.to_string(),
                }],
                total: 1,
            });
        }
    }
    Ok(pending.len())
}

fn non_empty(value: &str) -> Result<(), &'static str> {
    if value.is_empty() {
        Err("ett värde (fältet är tomt)")
    } else {
        Ok(())
    }
}

/// Account map: `konto;kategori` (or `account,category`). A `konto` is an
/// exact account (`5611`) or a range (`4400-4499`, also with an en dash).
/// Returns the number of rules added.
pub fn read_account_map(
    bytes: &[u8],
    file: &str,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let col = sheet.require("konto", headers::ACCOUNT)?;
    read_rules(
        &sheet,
        col,
        |v| {
            if v.is_empty() {
                Err("ett konto eller kontointervall (fältet är tomt)")
            } else {
                Ok(())
            }
        },
        |b, pattern, category, origin| {
            let pattern = pattern.replace(['–', '—'], "-");
            b.account(&pattern, category, origin)
        },
        builder,
    )
}

/// Keyword rules: `nyckelord;kategori` (or `keyword,category`), matched
/// case-insensitively as substrings of supplier name and line text, first
/// matching row in file order wins.
pub fn read_keywords(
    bytes: &[u8],
    file: &str,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let col = sheet.require("nyckelord", headers::KEYWORD)?;
    read_rules(
        &sheet,
        col,
        non_empty,
        |b, p, c, o| b.keyword(p, c, o),
        builder,
    )
}

/// CPV map: `cpv;kategori` (or `cpv_prefix,category`). A CPV value is a
/// prefix of 2–8 digits or a full code with check digit (`34110000-1`); the
/// longest matching prefix wins.
pub fn read_cpv_map(
    bytes: &[u8],
    file: &str,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let col = sheet.require("cpv", headers::CPV)?;
    read_rules(&sheet, col, check_cpv, |b, p, c, o| b.cpv(p, c, o), builder)
}

fn check_cpv(value: &str) -> Result<(), &'static str> {
    const EXPECTED: &str =
        "ett CPV-prefix om 2–8 siffror (t.ex. 34 eller 3411) eller en CPV-kod (t.ex. 34110000-1)";
    let (main, check) = match value.split_once('-') {
        Some((m, c)) => (m, Some(c)),
        None => (value, None),
    };
    let main_ok = (2..=8).contains(&main.len()) && main.bytes().all(|b| b.is_ascii_digit());
    let check_ok = match check {
        None => true,
        Some(c) => main.len() == 8 && c.len() == 1 && c.bytes().all(|b| b.is_ascii_digit()),
    };
    if main_ok && check_ok {
        Ok(())
    } else {
        Err(EXPECTED)
    }
}

/// Supplier map: `orgnr;kategori` or `leverantör;kategori` (also
/// `organisationsnummer`, `leverantor`, `supplier_id`, `supplier`,
/// `category`). A file may have both an org number and a name column: the
/// org number is used where the row has one, otherwise the name.
pub fn read_supplier_map(
    bytes: &[u8],
    file: &str,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let orgnr_col = sheet.find(headers::ORGNR);
    let name_col = sheet.find_except(headers::SUPPLIER, orgnr_col);
    let category_col = sheet.require("kategori", headers::CATEGORY)?;
    if orgnr_col.is_none() && name_col.is_none() {
        let all: Vec<&str> = headers::ORGNR
            .iter()
            .chain(headers::SUPPLIER)
            .copied()
            .collect();
        return Err(sheet.missing("leverantör (organisationsnummer eller namn)", &all));
    }
    let mut errors = Errors::new(&sheet);
    let mut pending: Vec<(bool, PendingRule)> = Vec::new();
    let pattern_col = |by_id: bool| if by_id { orgnr_col } else { name_col }.unwrap_or(0);
    for record in &sheet.table.rows {
        let orgnr = orgnr_col.map(|c| record.get(c)).unwrap_or("");
        let name = name_col.map(|c| record.get(c)).unwrap_or("");
        let category = record.get(category_col);
        let mut ok = true;
        if let Err(expected) = check_category(category) {
            errors.push(record, category_col, expected);
            ok = false;
        }
        let by_id = !orgnr.is_empty();
        if by_id {
            if !orgnr.bytes().any(|b| b.is_ascii_digit())
                || orgnr
                    .chars()
                    .any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == ' '))
            {
                if let Some(c) = orgnr_col {
                    errors.push(
                        record,
                        c,
                        "ett organisationsnummer, t.ex. 556677-8899 eller SE556677889901",
                    );
                }
                ok = false;
            }
        } else if name.is_empty() {
            let col = orgnr_col.or(name_col).unwrap_or(0);
            errors.push(
                record,
                col,
                "ett organisationsnummer eller ett leverantörsnamn (båda är tomma)",
            );
            ok = false;
        }
        if ok {
            pending.push((
                by_id,
                PendingRule {
                    pattern: if by_id { orgnr } else { name }.to_string(),
                    category: category.to_string(),
                    origin: sheet.origin(record),
                    line: record.line,
                    column: pattern_col(by_id),
                },
            ));
        }
    }
    errors.finish()?;
    let (ids, names): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(by_id, _)| *by_id);
    let ids: Vec<PendingRule> = ids.into_iter().map(|(_, r)| r).collect();
    let names: Vec<PendingRule> = names.into_iter().map(|(_, r)| r).collect();
    let n = apply(
        &sheet,
        &ids,
        |b, r| b.supplier_id(&r.pattern, &r.category, &r.origin),
        builder,
    )?;
    let m = apply(
        &sheet,
        &names,
        |b, r| b.supplier_name(&r.pattern, &r.category, &r.origin),
        builder,
    )?;
    Ok(n + m)
}

/// Category catalogue: `id,name_sv,name_en` (also `kategori;namn;namn_en`);
/// other columns (the shipped file's `naics`, `cpv_prefixes`, `note`) are
/// ignored. Declares the categories and their names.
pub fn read_categories(
    bytes: &[u8],
    file: &str,
    builder: &mut ClassifierBuilder,
) -> Result<usize, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let id_col = sheet.require("kategori-id", headers::ID)?;
    let sv_col = sheet.find_except(headers::NAME_SV, Some(id_col));
    let en_col = sheet.find_except(headers::NAME_EN, Some(id_col));
    let mut errors = Errors::new(&sheet);
    let mut seen: Vec<(&str, u64)> = Vec::new();
    for record in &sheet.table.rows {
        let id = record.get(id_col);
        if let Err(expected) = check_category(id) {
            errors.push(record, id_col, expected);
        } else if let Some((_, first)) = seen.iter().find(|(s, _)| *s == id) {
            errors.push(
                record,
                id_col,
                format!("ett id som inte redan finns (finns på rad {first})"),
            );
        } else {
            seen.push((id, record.line));
        }
    }
    errors.finish()?;
    for record in &sheet.table.rows {
        builder.category(
            record.get(id_col),
            sv_col.map(|c| record.get(c)).unwrap_or(""),
            en_col.map(|c| record.get(c)).unwrap_or(""),
        );
    }
    Ok(sheet.table.rows.len())
}

/// A plain decimal number as written in a factor file: optional sign, digits
/// with at most one decimal comma or point. No thousands separators (factors
/// are small) and no exponents, so `1,234` can only mean 1.234.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut digits = 0usize;
    let mut marks = 0usize;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => digits += 1,
            b',' | b'.' => marks += 1,
            _ => return None,
        }
    }
    if digits == 0 || marks > 1 {
        return None;
    }
    let value: f64 = s.replace(',', ".").parse().ok()?;
    value.is_finite().then_some(value)
}

/// Factor file: `kategori;namn;kg_co2e_per_sek` with optional
/// `källa;år;låg;hög` (English `category,name,kg_co2e_per_sek,source,year,
/// low,high`); decimal comma or point. Factors must be ≥ 0 and
/// `låg ≤ värde ≤ hög`. `label` names the set in reports (e.g. the file name).
pub fn read_factors(bytes: &[u8], file: &str, label: &str) -> Result<FactorSet, MapError> {
    let sheet = Sheet::parse(bytes, file)?;
    let category_col = sheet.require("kategori", headers::CATEGORY)?;
    let value_col = sheet.require("kg CO2e per krona", headers::FACTOR)?;
    let name_col = sheet.find_except(headers::FACTOR_NAME, Some(category_col));
    let source_col = sheet.find(headers::SOURCE);
    let year_col = sheet.find(headers::YEAR);
    let low_col = sheet.find(headers::LOW);
    let high_col = sheet.find(headers::HIGH);

    let mut errors = Errors::new(&sheet);
    let mut set = FactorSet::new(label);
    let mut seen: Vec<(String, u64)> = Vec::new();
    for record in &sheet.table.rows {
        let category = record.get(category_col);
        let mut ok = true;
        if let Err(expected) = check_category(category) {
            errors.push(record, category_col, expected);
            ok = false;
        } else if let Some((_, first)) = seen.iter().find(|(s, _)| s == category) {
            errors.push(
                record,
                category_col,
                format!("en kategori som inte redan har en faktor i filen (rad {first})"),
            );
            ok = false;
        } else {
            seen.push((category.to_string(), record.line));
        }

        let value = factor_value(&mut errors, record, value_col, false);
        let low = low_col.and_then(|c| factor_value(&mut errors, record, c, true));
        let high = high_col.and_then(|c| factor_value(&mut errors, record, c, true));
        let year = match year_col.map(|c| (c, record.get(c))) {
            Some((_, "")) | None => None,
            Some((c, y)) => match y.parse::<i32>() {
                Ok(y) if (1900..=2100).contains(&y) => Some(y),
                _ => {
                    errors.push(record, c, "ett årtal, t.ex. 2022");
                    ok = false;
                    None
                }
            },
        };
        let Some(value) = value else { continue };
        if let (Some(low), Some(c)) = (low, low_col)
            && low > value
        {
            errors.push(
                record,
                c,
                format!("ett lägsta värde som inte är större än faktorn ({value})"),
            );
            ok = false;
        }
        if let (Some(high), Some(c)) = (high, high_col)
            && high < value
        {
            errors.push(
                record,
                c,
                format!("ett högsta värde som inte är mindre än faktorn ({value})"),
            );
            ok = false;
        }
        let bad_optional = |c: Option<usize>, v: Option<f64>| {
            c.is_some_and(|c| !record.get(c).is_empty()) && v.is_none()
        };
        if !ok || bad_optional(low_col, low) || bad_optional(high_col, high) {
            continue;
        }
        set.insert(SpendFactor {
            category: category.to_string(),
            name: name_col
                .map(|c| record.get(c))
                .filter(|n| !n.is_empty())
                .unwrap_or(category)
                .to_string(),
            kg_co2e_per_sek: value,
            source: source_col
                .map(|c| record.get(c))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| format!("{}:{}", sheet.file, record.line)),
            year,
            low,
            high,
        });
    }
    errors.finish()?;
    Ok(set)
}

/// One factor cell: a non-negative decimal. Optional cells may be empty.
fn factor_value(
    errors: &mut Errors<'_, '_>,
    record: &Record,
    col: usize,
    optional: bool,
) -> Option<f64> {
    let raw = record.get(col);
    if raw.is_empty() {
        if !optional {
            errors.push(
                record,
                col,
                "kg CO2e per krona, t.ex. 0,045 (fältet är tomt)",
            );
        }
        return None;
    }
    match parse_decimal(raw) {
        Some(v) if v < 0.0 => {
            errors.push(
                record,
                col,
                "ett tal ≥ 0: negativa emissionsfaktorer tillåts inte",
            );
            None
        }
        Some(v) => Some(v),
        None => {
            errors.push(
                record,
                col,
                "ett decimaltal i kg CO2e per krona, t.ex. 0,045 eller 0.045",
            );
            None
        }
    }
}

/// [`read_factors`] labelled `Egna faktorer: FILE` for reports.
pub fn load_factors(bytes: &[u8], file: &str) -> Result<FactorSet, MapError> {
    read_factors(bytes, file, &format!("Egna faktorer: {file}"))
}

/// Reads a file from disk into `(bytes, name)`, the name being the path as given.
pub fn read_file(path: &Path) -> Result<(Vec<u8>, String), MapError> {
    read_path(path)
}

/// The shipped category catalogue (`data/spend/categories.csv`).
pub fn load_default_categories(builder: &mut ClassifierBuilder) -> Result<usize, MapError> {
    read_categories(
        DEFAULT_CATEGORIES.as_bytes(),
        &format!("{BUILTIN}categories.csv"),
        builder,
    )
}

/// The shipped category catalogue, read once, in file order. Empty only if
/// the embedded file were broken, which this module's tests rule out.
pub fn default_categories() -> &'static [Category] {
    static CATEGORIES: OnceLock<Vec<Category>> = OnceLock::new();
    CATEGORIES.get_or_init(|| {
        let mut builder = ClassifierBuilder::new();
        let _ = load_default_categories(&mut builder);
        builder
            .build()
            .map(|c| c.categories().to_vec())
            .unwrap_or_default()
    })
}

/// The shipped CPV-prefix map (`data/spend/cpv_categories.csv`).
pub fn load_default_cpv(builder: &mut ClassifierBuilder) -> Result<usize, MapError> {
    read_cpv_map(
        DEFAULT_CPV.as_bytes(),
        &format!("{BUILTIN}cpv_categories.csv"),
        builder,
    )
}

/// The shipped keyword rules (`data/spend/keywords.csv`).
pub fn load_default_keywords(builder: &mut ClassifierBuilder) -> Result<usize, MapError> {
    read_keywords(
        DEFAULT_KEYWORDS.as_bytes(),
        &format!("{BUILTIN}keywords.csv"),
        builder,
    )
}

/// A builder with the shipped categories, CPV map and keyword rules, embedded
/// in the binary. User files are layered on top by the caller. Errors only if
/// the embedded files are broken, which this module's tests rule out.
pub fn default_classifier_builder() -> Result<ClassifierBuilder, MapError> {
    let mut builder = ClassifierBuilder::new();
    load_default_categories(&mut builder)?;
    load_default_cpv(&mut builder)?;
    load_default_keywords(&mut builder)?;
    Ok(builder)
}

/// The shipped default factor set (EPA v1.3 converted to kg CO2e per 2022 SEK),
/// labelled with [`DEFAULT_FACTOR_LABEL`].
pub fn default_factor_set() -> Result<FactorSet, MapError> {
    read_factors(
        DEFAULT_FACTORS.as_bytes(),
        &format!("{BUILTIN}factors_default.csv"),
        DEFAULT_FACTOR_LABEL,
    )
}

#[cfg(test)]
mod tests;
