//! Contract register files (avtalsregister) in CSV or Excel (`.xlsx`).
//!
//! One contract per row; the header row names the columns in Swedish or
//! English ([`ContractField::synonyms`]), compared as
//! [`crate::columns::normalize_header`] does. The file is read into cells by
//! [`crate::grid`] (shared with the supplier report reader), so CSV files get
//! the ledger reader's separator and encoding detection; amounts and dates are read by [`crate::number`]. The reader never stops at the first
//! bad cell: it collects every problem (the first [`MAX_LISTED_ERRORS`] are
//! kept) with line, column and what was expected, so the user can fix the
//! file in one go. The caller imports nothing unless `errors` is empty.

use upphandla_core::date::Date;

use crate::columns::normalize_header;
use crate::grid::{Grid, GridError, GridKind, GridLimits, read_grid};
use crate::number::{DateError, parse_amount, parse_date};
use crate::table::TableError;

/// Problems listed in full; the rest are only counted.
pub const MAX_LISTED_ERRORS: usize = 100;
/// Contract rows read from one file; a register is hundreds, not millions.
pub const MAX_ROWS: usize = 20_000;
/// Longest extension accepted (the store's limit too): 20 years.
pub const MAX_EXTENSION_MONTHS: u32 = 240;
/// Longest text kept in one cell.
const MAX_TEXT: usize = 1_000;
/// Columns read from a worksheet row; registers have a dozen or two.
const MAX_XLSX_COLUMNS: u32 = 256;
/// Non-empty rows searched for the header (exports often start with a title).
const HEADER_SEARCH_ROWS: usize = 10;

/// A column of a contract register file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractField {
    Reference,
    Title,
    Supplier,
    Orgnr,
    Start,
    End,
    Extension,
    OptionsNote,
    Value,
    Cpv,
    Category,
}

impl ContractField {
    pub const ALL: [ContractField; 11] = [
        ContractField::Reference,
        ContractField::Title,
        ContractField::Supplier,
        ContractField::Orgnr,
        ContractField::Start,
        ContractField::End,
        ContractField::Extension,
        ContractField::OptionsNote,
        ContractField::Value,
        ContractField::Cpv,
        ContractField::Category,
    ];

    /// Columns a file must have.
    pub fn required(self) -> bool {
        matches!(
            self,
            ContractField::Title
                | ContractField::Supplier
                | ContractField::Start
                | ContractField::End
        )
    }

    pub fn name_sv(self) -> &'static str {
        match self {
            ContractField::Reference => "Avtalsnummer",
            ContractField::Title => "Avtal",
            ContractField::Supplier => "Leverantör",
            ContractField::Orgnr => "Organisationsnummer",
            ContractField::Start => "Startdatum",
            ContractField::End => "Slutdatum",
            ContractField::Extension => "Förlängning",
            ContractField::OptionsNote => "Optionsbeskrivning",
            ContractField::Value => "Avtalsvärde",
            ContractField::Cpv => "CPV",
            ContractField::Category => "Kategori",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ContractField::Reference => "Reference",
            ContractField::Title => "Title",
            ContractField::Supplier => "Supplier",
            ContractField::Orgnr => "Organisation number",
            ContractField::Start => "Start date",
            ContractField::End => "End date",
            ContractField::Extension => "Extension",
            ContractField::OptionsNote => "Options",
            ContractField::Value => "Value",
            ContractField::Cpv => "CPV",
            ContractField::Category => "Category",
        }
    }

    /// Accepted header names, in normalised form.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            ContractField::Reference => &[
                "avtalsnummer",
                "avtalsnr",
                "avtals_nr",
                "avtals_id",
                "avtalsid",
                "avtalsreferens",
                "diarienummer",
                "diarienr",
                "dnr",
                "referens",
                "reference",
                "ref",
                "contract_number",
                "contract_no",
                "contract_id",
                "contract_reference",
                "id",
            ],
            ContractField::Title => &[
                "avtal",
                "avtalsnamn",
                "avtalets_namn",
                "benämning",
                "avtalsbenämning",
                "avtalsområde",
                "namn",
                "titel",
                "title",
                "contract",
                "contract_name",
                "contract_title",
                "name",
            ],
            ContractField::Supplier => &[
                "leverantör",
                "leverantor",
                "leverantörsnamn",
                "leverantör_namn",
                "leverantorsnamn",
                "motpart",
                "supplier",
                "supplier_name",
                "vendor",
                "contractor",
            ],
            ContractField::Orgnr => &[
                "organisationsnummer",
                "orgnr",
                "org_nr",
                "org.nr",
                "org.nr.",
                "leverantörens_organisationsnummer",
                "leverantör_orgnr",
                "leverantor_orgnr",
                "leverantörens_orgnr",
                "organisation_number",
                "organization_number",
                "org_number",
                "orgno",
                "registration_number",
                "company_number",
            ],
            ContractField::Start => &[
                "startdatum",
                "avtalsstart",
                "start",
                "från",
                "fr.o.m.",
                "fr.o.m",
                "from",
                "giltigt_från",
                "avtalsperiod_start",
                "avtalet_börjar",
                "start_date",
                "valid_from",
            ],
            ContractField::End => &[
                "slutdatum",
                "avtalsslut",
                "slut",
                "till",
                "t.o.m.",
                "t.o.m",
                "giltigt_till",
                "avtalsperiod_slut",
                "avtalet_slutar",
                "utgångsdatum",
                "end",
                "end_date",
                "valid_to",
                "to",
                "expiry",
                "expiry_date",
            ],
            ContractField::Extension => &[
                "förlängning",
                "forlangning",
                "förlängningsoption",
                "förlängningsmöjlighet",
                "förlängning_månader",
                "förlängning_mån",
                "option",
                "optioner",
                "options",
                "extension",
                "extension_months",
                "extensions",
                "option_months",
            ],
            ContractField::OptionsNote => &[
                "optionsbeskrivning",
                "optionsvillkor",
                "förlängningsvillkor",
                "options_note",
                "option_description",
                "options_description",
                "option_terms",
            ],
            ContractField::Value => &[
                "värde",
                "varde",
                "avtalsvärde",
                "avtalsvarde",
                "avtalsvärde_kr",
                "avtalsvärde_sek",
                "värde_kr",
                "värde_sek",
                "uppskattat_värde",
                "beräknat_värde",
                "belopp",
                "value",
                "contract_value",
                "estimated_value",
                "value_sek",
            ],
            ContractField::Cpv => &["cpv", "cpv_kod", "cpv_koder", "cpv_code", "cpv_codes"],
            ContractField::Category => &[
                "kategori",
                "inköpskategori",
                "spendkategori",
                "avtalskategori",
                "category",
                "spend_category",
                "purchase_category",
            ],
        }
    }

    /// True when `header` names this field; a unit in parentheses at the
    /// end is ignored (`Avtalsvärde (kr)`, `Förlängning (mån)`).
    fn matches(self, header: &str) -> bool {
        let h = normalize_header(header);
        let bare = match h.rfind('(') {
            Some(i) if h.ends_with(')') => h[..i].trim_end_matches('_').to_owned(),
            _ => h.clone(),
        };
        self.synonyms().iter().any(|s| *s == h || *s == bare)
    }
}

/// A spend category of `data/spend/categories.csv`.
pub use upphandla_core::classify::Category as SpendCategory;

/// The shipped spend categories, in file order.
pub fn spend_categories() -> &'static [SpendCategory] {
    crate::maps::default_categories()
}

/// The category whose id or Swedish or English name is `text` (any case).
pub fn find_category(text: &str) -> Option<&'static SpendCategory> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    spend_categories().iter().find(|c| {
        c.id.to_lowercase() == wanted
            || c.name_sv.to_lowercase() == wanted
            || c.name_en.to_lowercase() == wanted
    })
}

/// One contract read from a file; dates and numbers are parsed, the
/// organisation number normalised (`NNNNNN-NNNN`) and the category an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRow {
    /// The row's line (CSV) or row number (Excel), 1-based.
    pub line: u64,
    pub reference: String,
    pub title: String,
    pub supplier_name: String,
    pub supplier_orgnr: String,
    pub start_date: Date,
    pub end_date: Date,
    pub extension_months: u32,
    pub options_note: String,
    pub value_ore: Option<i64>,
    pub cpv: String,
    pub category: String,
}

/// A problem with the file or one of its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFileError {
    pub file: String,
    /// 1-based line (CSV) or row (Excel); `None` for the file as a whole.
    pub line: Option<u64>,
    /// The column as the user sees it: `3 (Slutdatum)` or `C (Slutdatum)`.
    pub column: Option<String>,
    /// The cell's text (shortened), empty when not about a cell.
    pub value: String,
    pub sv: String,
    pub en: String,
}

impl std::fmt::Display for ContractFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", rad {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", kolumn {column}")?;
        }
        if !self.value.is_empty() {
            write!(f, ": \"{}\"", self.value)?;
        }
        write!(f, ": {}", self.sv)?;
        write!(f, " / {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.en)
    }
}

/// The kind of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractFileKind {
    Csv,
    Xlsx,
}

/// What a file held: the rows that could be read, every problem found, and
/// which column was taken for which field (for the preview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFile {
    pub file: String,
    pub kind: ContractFileKind,
    /// Line (row) of the header; 0 when none was found.
    pub header_line: u64,
    /// Field → the header it was read from.
    pub columns: Vec<(ContractField, String)>,
    /// Headers no field uses (ignored).
    pub ignored: Vec<String>,
    pub rows: Vec<ContractRow>,
    /// The first [`MAX_LISTED_ERRORS`] problems.
    pub errors: Vec<ContractFileError>,
    /// All problems, listed or not.
    pub error_count: usize,
}

impl ContractFile {
    /// True when every row was read and there is at least one.
    pub fn is_ok(&self) -> bool {
        self.error_count == 0 && !self.rows.is_empty()
    }
}

/// Reads a contract register file. `file` names it in errors; a file
/// starting like a zip archive (or named `.xlsx`) is read as Excel.
/// `normalise_orgnr` gives `NNNNNN-NNNN` for a valid organisation number
/// (the store's `normalise_orgnr`) and `None` otherwise.
pub fn read_contracts(
    file: &str,
    bytes: &[u8],
    normalise_orgnr: fn(&str) -> Option<String>,
) -> ContractFile {
    let is_xlsx = bytes.starts_with(b"PK\x03\x04") || file.to_lowercase().ends_with(".xlsx");
    let kind = if is_xlsx {
        ContractFileKind::Xlsx
    } else {
        ContractFileKind::Csv
    };
    let mut out = ContractFile {
        file: file.to_owned(),
        kind,
        header_line: 0,
        columns: Vec::new(),
        ignored: Vec::new(),
        rows: Vec::new(),
        errors: Vec::new(),
        error_count: 0,
    };
    let lower = file.to_lowercase();
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || lower.ends_with(".xls") {
        out.push(file_error(
            file,
            "Filen är i det gamla Excel-formatet (.xls). Spara den som .xlsx eller CSV.",
            "The file is in the old Excel format (.xls). Save it as .xlsx or CSV.",
        ));
        return out;
    }
    let limits = GridLimits {
        max_rows: MAX_ROWS,
        max_columns: MAX_XLSX_COLUMNS,
    };
    let grid_kind = if is_xlsx {
        GridKind::Xlsx
    } else {
        GridKind::Csv
    };
    match read_grid(bytes, grid_kind, limits) {
        Ok(grid) => read_rows(&mut out, &grid, normalise_orgnr),
        Err(e) => out.push(grid_error(file, e)),
    }
    out
}

fn file_error(file: &str, sv: impl Into<String>, en: impl Into<String>) -> ContractFileError {
    ContractFileError {
        file: file.to_owned(),
        line: None,
        column: None,
        value: String::new(),
        sv: sv.into(),
        en: en.into(),
    }
}

impl ContractFile {
    fn push(&mut self, e: ContractFileError) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(e);
        }
    }
}

/// A file that gave no grid, in this reader's words.
fn grid_error(file: &str, e: GridError) -> ContractFileError {
    match e {
        GridError::Csv(TableError::Empty) => file_error(
            file,
            "Filen är tom (ingen rubrikrad).",
            "The file is empty (no header line).",
        ),
        GridError::Csv(TableError::UnterminatedQuote { line, column }) => ContractFileError {
            line: Some(line),
            column: Some(column.to_string()),
            ..file_error(
                file,
                "Citattecknet avslutas aldrig.",
                "The quote is never closed.",
            )
        },
        GridError::Csv(TableError::TextAfterQuote { line, column }) => ContractFileError {
            line: Some(line),
            column: Some(column.to_string()),
            ..file_error(
                file,
                "Text efter avslutande citattecken.",
                "Text after a closing quote.",
            )
        },
        GridError::TooManyRows => file_error(
            file,
            format!("Filen har fler än {MAX_ROWS} rader; dela upp den."),
            format!("The file has more than {MAX_ROWS} rows; split it."),
        ),
        GridError::Open(e) | GridError::Sheet(e) => file_error(
            file,
            format!("Excel-filen kunde inte läsas ({e})."),
            format!("The Excel file could not be read ({e})."),
        ),
        GridError::NoWorksheet => file_error(
            file,
            "Arbetsboken har inga kalkylblad.",
            "The workbook has no worksheets.",
        ),
    }
}

/// `3 (Slutdatum)` in a CSV file, `C (Slutdatum)` in Excel; the bare
/// position under an empty header.
fn column_label(kind: GridKind, index: usize, header: &str) -> String {
    let number = kind.column_name(index);
    if header.is_empty() {
        number
    } else {
        format!("{number} ({header})")
    }
}

/// Field → column index for a header row; `None` when a required field is missing.
fn map_header(headers: &[String]) -> (Vec<(ContractField, usize)>, Vec<ContractField>) {
    let mut found = Vec::new();
    for field in ContractField::ALL {
        if let Some(i) = headers.iter().position(|h| field.matches(h)) {
            found.push((field, i));
        }
    }
    let missing = ContractField::ALL
        .into_iter()
        .filter(|f| f.required() && !found.iter().any(|(g, _)| g == f))
        .collect();
    (found, missing)
}

fn read_rows(
    out: &mut ContractFile,
    grid: &Grid<String>,
    normalise_orgnr: fn(&str) -> Option<String>,
) {
    let file = out.file.clone();
    // The header: the first of the first few non-empty rows with every
    // required column; otherwise the error is about the fullest candidate.
    let mut header = None;
    let mut best: Option<(usize, u64, Vec<String>, Vec<ContractField>)> = None;
    for (index, (line, cells)) in grid.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let (found, missing) = map_header(cells);
        if missing.is_empty() {
            header = Some((index, *line, found));
            break;
        }
        let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
        if best.as_ref().is_none_or(|(n, ..)| filled > *n) {
            best = Some((filled, *line, cells.clone(), missing));
        }
    }
    let Some((header_index, header_line, found)) = header else {
        match best {
            None => out.push(file_error(
                &file,
                "Filen är tom (ingen rubrikrad).",
                "The file is empty (no header line).",
            )),
            Some((_, line, cells, missing)) => {
                let seen: Vec<String> = cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| format!("\"{}\"", shorten(c)))
                    .collect();
                let seen = if seen.is_empty() {
                    "(inga)".to_owned()
                } else {
                    seen.join(", ")
                };
                let names_sv: Vec<String> = missing
                    .iter()
                    .map(|f| format!("{} ({})", f.name_sv(), f.synonyms().join(", ")))
                    .collect();
                let names_en: Vec<&str> = missing.iter().map(|f| f.name_en()).collect();
                out.push(ContractFileError {
                    file: file.clone(),
                    line: Some(line),
                    column: None,
                    value: String::new(),
                    sv: format!(
                        "Rubrikraden saknar kolumner för {}. Rubriker i filen: {seen}.",
                        names_sv.join("; ")
                    ),
                    en: format!(
                        "The header row lacks columns for {}. Headers in the file: {seen}.",
                        names_en.join(", ")
                    ),
                });
            }
        }
        return;
    };
    let headers = &grid.rows[header_index].1;
    out.header_line = header_line;
    out.columns = found
        .iter()
        .map(|(f, i)| (*f, headers.get(*i).cloned().unwrap_or_default()))
        .collect();
    out.ignored = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.trim().is_empty() && !found.iter().any(|(_, j)| j == i))
        .map(|(_, h)| h.clone())
        .collect();
    let column_of = |field: ContractField| found.iter().find(|(f, _)| *f == field).map(|p| p.1);
    for (line, cells) in grid.rows.iter().skip(header_index + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = RowReader {
            out: &mut *out,
            file: &file,
            line: *line,
            cells,
            headers,
            kind: grid.kind,
            ok: true,
        };
        let text = |row: &mut RowReader<'_>, field| row.text(column_of(field));
        let reference = text(&mut row, ContractField::Reference);
        let title = text(&mut row, ContractField::Title);
        let supplier_name = text(&mut row, ContractField::Supplier);
        let options_text = text(&mut row, ContractField::OptionsNote);
        if let Some(col) = column_of(ContractField::Title)
            && title.is_empty()
        {
            row.error(col, "Avtalets benämning saknas.", "The title is empty.");
        }
        if let Some(col) = column_of(ContractField::Supplier)
            && supplier_name.is_empty()
        {
            row.error(col, "Leverantören saknas.", "The supplier is empty.");
        }
        let supplier_orgnr = row.orgnr(column_of(ContractField::Orgnr), normalise_orgnr);
        let start_date = row.date(column_of(ContractField::Start));
        let end_date = row.date(column_of(ContractField::End));
        if let (Some(start), Some(end), Some(col)) =
            (start_date, end_date, column_of(ContractField::End))
            && end < start
        {
            row.error(
                col,
                format!("Slutdatum ligger före startdatum ({start})."),
                format!("The end date is before the start date ({start})."),
            );
        }
        let (extension_months, extension_text) = row.extension(column_of(ContractField::Extension));
        if let (Some(end), Some(months), Some(col)) = (
            end_date,
            extension_months,
            column_of(ContractField::Extension),
        ) && end
            .add_months(i32::try_from(months).unwrap_or(i32::MAX))
            .is_none()
        {
            row.error(
                col,
                "Sista möjliga slutdatum med förlängning ligger efter år 2199.",
                "The last possible end date with the extension is after 2199.",
            );
        }
        let value_ore = row.value(column_of(ContractField::Value));
        let cpv = row.cpv(column_of(ContractField::Cpv));
        let category = row.category(column_of(ContractField::Category));
        let ok = row.ok;
        if let (true, Some(start_date), Some(end_date), Some(extension_months)) =
            (ok, start_date, end_date, extension_months)
        {
            // "2+1+1" says it all; keep it as the options text when none is given.
            let options_note = if options_text.is_empty() && extension_months > 0 {
                extension_text
            } else {
                options_text
            };
            out.rows.push(ContractRow {
                line: *line,
                reference,
                title,
                supplier_name,
                supplier_orgnr,
                start_date,
                end_date,
                extension_months,
                options_note,
                value_ore,
                cpv,
                category,
            });
        }
    }
    if out.rows.is_empty() && out.error_count == 0 {
        out.push(file_error(
            &file,
            "Filen har en rubrikrad men inga avtal.",
            "The file has a header row but no contracts.",
        ));
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(57).collect();
        t.push('…');
        t
    }
}

struct RowReader<'a> {
    out: &'a mut ContractFile,
    file: &'a str,
    line: u64,
    cells: &'a [String],
    headers: &'a [String],
    kind: GridKind,
    ok: bool,
}

impl RowReader<'_> {
    fn cell(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(c)).map_or("", |s| s.trim())
    }

    fn error(&mut self, col: usize, sv: impl Into<String>, en: impl Into<String>) {
        self.ok = false;
        let header = self.headers.get(col).map_or("", String::as_str);
        let value = shorten(self.cells.get(col).map_or("", |s| s.trim()));
        self.out.push(ContractFileError {
            file: self.file.to_owned(),
            line: Some(self.line),
            column: Some(column_label(self.kind, col, header)),
            value,
            sv: sv.into(),
            en: en.into(),
        });
    }

    fn text(&mut self, col: Option<usize>) -> String {
        let text = self.cell(col).to_owned();
        if let Some(c) = col
            && text.chars().count() > MAX_TEXT
        {
            self.error(
                c,
                format!("Texten är längre än {MAX_TEXT} tecken."),
                format!("The text is longer than {MAX_TEXT} characters."),
            );
        }
        text
    }

    fn orgnr(&mut self, col: Option<usize>, normalise: fn(&str) -> Option<String>) -> String {
        let text = self.cell(col);
        if text.is_empty() {
            return String::new();
        }
        match normalise(text) {
            Some(n) => n,
            None => {
                if let Some(c) = col {
                    self.error(
                        c,
                        "Förväntade ett organisationsnummer, NNNNNN-NNNN med giltig kontrollsiffra (eller tom cell).",
                        "Expected an organisation number, NNNNNN-NNNN with a valid check digit (or an empty cell).",
                    );
                }
                String::new()
            }
        }
    }

    fn date(&mut self, col: Option<usize>) -> Option<Date> {
        let c = col?;
        match parse_date(self.cell(col)) {
            Ok(d) => Some(d),
            Err(e) => {
                let en = match e {
                    DateError::Empty => "Expected a date (the cell is empty).",
                    DateError::Format => "Expected a date as YYYY-MM-DD or YYYYMMDD.",
                    DateError::NoSuchDate => "Expected a valid date between 1900 and 2199.",
                };
                self.error(c, format!("Förväntade {}.", e.expected_sv()), en);
                None
            }
        }
    }

    /// Months of extension and the cell's text; `None` (after an error) when unreadable.
    fn extension(&mut self, col: Option<usize>) -> (Option<u32>, String) {
        let text = self.cell(col).to_owned();
        match parse_extension(&text) {
            Some(m) if m <= MAX_EXTENSION_MONTHS => (Some(m), text),
            parsed => {
                if let Some(c) = col {
                    if parsed.is_some() {
                        self.error(
                            c,
                            format!("Förlängningen får vara högst {MAX_EXTENSION_MONTHS} månader."),
                            format!("The extension may be at most {MAX_EXTENSION_MONTHS} months."),
                        );
                    } else {
                        self.error(
                            c,
                            "Förväntade förlängning i månader (24, \"24 mån\"), i år (\"2 år\") eller som \"2+1+1\" (avtalsår + optionsår).",
                            "Expected the extension in months (24, \"24 mån\"), in years (\"2 år\") or as \"2+1+1\" (contract years + option years).",
                        );
                    }
                }
                (None, text)
            }
        }
    }

    fn value(&mut self, col: Option<usize>) -> Option<i64> {
        let text = self.cell(col);
        if text.is_empty() {
            return None;
        }
        let c = col?;
        match parse_amount(text) {
            Ok(ore) if ore.0 >= 0 => Some(ore.0),
            Ok(_) => {
                self.error(
                    c,
                    "Avtalsvärdet kan inte vara negativt.",
                    "The contract value cannot be negative.",
                );
                None
            }
            Err(e) => {
                self.error(
                    c,
                    format!("Förväntade {} (eller tom cell).", e.expected_sv()),
                    "Expected an amount in kronor, e.g. 1 234 567,50 (or an empty cell).",
                );
                None
            }
        }
    }

    fn cpv(&mut self, col: Option<usize>) -> String {
        let text = self.cell(col).to_owned();
        if text.is_empty() {
            return text;
        }
        let codes: Vec<&str> = text
            .split([',', ';', ' ', '/'])
            .filter(|s| !s.is_empty())
            .collect();
        let valid = |code: &str| {
            let (main, check) = code.split_once('-').unwrap_or((code, "0"));
            main.len() == 8
                && main.bytes().all(|b| b.is_ascii_digit())
                && check.len() == 1
                && check.bytes().all(|b| b.is_ascii_digit())
        };
        if codes.iter().all(|c| valid(c)) {
            codes.join(", ")
        } else {
            if let Some(c) = col {
                self.error(
                    c,
                    "Förväntade CPV-koder med åtta siffror, t.ex. 34110000-1 (flera åtskilda med kommatecken).",
                    "Expected CPV codes of eight digits, e.g. 34110000-1 (several separated by commas).",
                );
            }
            String::new()
        }
    }

    fn category(&mut self, col: Option<usize>) -> String {
        let text = self.cell(col);
        if text.is_empty() {
            return String::new();
        }
        match find_category(text) {
            Some(c) => c.id.clone(),
            None => {
                if let Some(c) = col {
                    self.error(
                        c,
                        "Okänd kategori. Förväntade ett kategori-id eller namn ur inköpskategorierna, t.ex. fuels eller \"Drivmedel och bränslen\".",
                        "Unknown category. Expected a category id or name of the spend categories, e.g. fuels or \"Electricity\".",
                    );
                }
                String::new()
            }
        }
    }
}

/// Months an extension cell adds: `24`, `24 mån`, `24 months`, `2 år`,
/// `2 years`, or `2+1+1` (contract years first, then option years: 24),
/// `+1+1` (option years only). Empty, `0`, `nej`, `ingen` → 0.
pub fn parse_extension(text: &str) -> Option<u32> {
    let t = text.trim().to_lowercase();
    if t.is_empty() || matches!(t.as_str(), "-" | "nej" | "ingen" | "inga" | "no" | "none") {
        return Some(0);
    }
    let strip_unit = |s: &str| -> (String, Option<u32>) {
        let s = s.trim();
        let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (number, unit) = s.split_at(digits_end);
        let unit = unit.trim().trim_end_matches('.');
        let factor = match unit {
            "" => None,
            "mån" | "man" | "månad" | "månader" | "mnd" | "mo" | "month" | "months" => Some(1),
            "år" | "ar" | "y" | "yr" | "year" | "years" => Some(12),
            _ => Some(0),
        };
        (number.to_owned(), factor)
    };
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || s.len() > 4 {
            return None;
        }
        s.parse().ok()
    };
    if t.contains('+') {
        let parts: Vec<&str> = t.split('+').collect();
        // "2+1+1 år": the unit, if any, is on the last part and must be years.
        let mut years = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            if i == 0 && part.trim().is_empty() {
                continue;
            }
            let (n, factor) = strip_unit(part);
            match factor {
                None => {}
                Some(12) if i + 1 == parts.len() => {}
                _ => return None,
            }
            years.push((i, number(&n)?));
        }
        let options: u32 = years.iter().filter(|(i, _)| *i > 0).map(|(_, y)| *y).sum();
        if years.iter().all(|(i, _)| *i > 0) || years.len() >= 2 {
            return options.checked_mul(12);
        }
        return None;
    }
    let (n, factor) = strip_unit(&t);
    let n = number(&n)?;
    match factor {
        None | Some(1) => Some(n),
        Some(12) => n.checked_mul(12),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
