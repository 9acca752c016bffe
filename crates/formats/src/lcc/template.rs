//! The LCC templates (`data/lcc/templates`) and filling them in from a form.
//!
//! A template is a model file whose unknown values are `"FYLL I: hint"`.
//! [`template_fields`] lists those values with where they stand and the
//! comment above them; [`fill_template`] writes the user's answers in their
//! place as TOML (numbers as numbers, text quoted), so the result goes
//! through [`super::parse_model`] like any model file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::file::{FileError, REQUIRED_MARKER, line_col, required_message};

/// The templates that ship with upphandla.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    Vehicles,
    Lighting,
    Heating,
    It,
    Generic,
}

struct KindInfo {
    id: &'static str,
    name_sv: &'static str,
    name_en: &'static str,
    text: &'static str,
}

/// One entry per kind, in the order of the enum (and of a form's choice).
const KINDS: [KindInfo; 5] = [
    KindInfo {
        id: "vehicles",
        name_sv: "Fordon (tjänstebilar m.m.), med Clean Vehicles Directive-värden",
        name_en: "Vehicles (service cars etc.), with Clean Vehicles Directive values",
        text: include_str!("../../../../data/lcc/templates/vehicles.toml"),
    },
    KindInfo {
        id: "lighting",
        name_sv: "Belysning (armaturer)",
        name_en: "Lighting (luminaires)",
        text: include_str!("../../../../data/lcc/templates/lighting.toml"),
    },
    KindInfo {
        id: "heating",
        name_sv: "Uppvärmning (värmepump, fjärrvärme, pelletspanna)",
        name_en: "Heating (heat pump, district heating, pellet boiler)",
        text: include_str!("../../../../data/lcc/templates/heating.toml"),
    },
    KindInfo {
        id: "it",
        name_sv: "IT-utrustning (datorer och skärmar)",
        name_en: "IT equipment (computers and displays)",
        text: include_str!("../../../../data/lcc/templates/it.toml"),
    },
    KindInfo {
        id: "generic",
        name_sv: "Allmän mall",
        name_en: "General template",
        text: include_str!("../../../../data/lcc/templates/generic.toml"),
    },
];

const KIND_NAMES: [(&str, &str, &str); 5] = {
    let mut out = [("", "", ""); 5];
    let mut i = 0;
    while i < KINDS.len() {
        out[i] = (KINDS[i].id, KINDS[i].name_sv, KINDS[i].name_en);
        i += 1;
    }
    out
};

impl TemplateKind {
    pub const ALL: [TemplateKind; 5] = [
        TemplateKind::Vehicles,
        TemplateKind::Lighting,
        TemplateKind::Heating,
        TemplateKind::It,
        TemplateKind::Generic,
    ];

    fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// `vehicles`, `lighting`, `heating`, `it`, `generic`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub fn from_id(id: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn name_sv(self) -> &'static str {
        self.info().name_sv
    }

    pub fn name_en(self) -> &'static str {
        self.info().name_en
    }
}

/// The template's text, as `upphandla lcc template KIND` prints it.
pub fn template(kind: TemplateKind) -> &'static str {
    kind.info().text
}

/// (id, Swedish name, English name) of every template, for a form's choice.
pub fn template_kinds() -> &'static [(&'static str, &'static str, &'static str)] {
    &KIND_NAMES
}

/// Where a value stands: 1-based line and column (in characters) of the
/// opening quote of its marker, as in [`FileError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FieldPos {
    pub line: usize,
    pub column: usize,
}

impl FieldPos {
    /// A name for the form control: `f21_17`.
    pub fn form_name(self) -> String {
        format!("f{}_{}", self.line, self.column)
    }

    /// The position back from [`FieldPos::form_name`].
    pub fn from_form_name(name: &str) -> Option<FieldPos> {
        let (line, column) = name.strip_prefix('f')?.split_once('_')?;
        Some(FieldPos {
            line: line.parse().ok()?,
            column: column.parse().ok()?,
        })
    }
}

/// What a value may be, from its key (the model file's schema, docs/lcc.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Names, sources, descriptions: written as a quoted TOML string.
    Text,
    /// A number that may be uncertain: `1,5`, or `1,2; 1,5; 2,2` for a
    /// triangular distribution (min; typvärde; max).
    Uncertain,
    /// A plain number.
    Number,
    /// A whole number (years, draws).
    Whole,
}

/// One value a template asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateField {
    pub line: usize,
    pub column: usize,
    /// The TOML table it is in, as the file writes it: `""` at the top,
    /// `clean_vehicles_directive`, `alternatives[1]` (0-based, file order).
    pub table: String,
    /// The `name` (or else `id`) that table gives, e.g. `Elbil`; empty when
    /// it has none or the name is itself to be filled in.
    pub table_name: String,
    /// The key, dotted inside inline tables: `investment_sek`,
    /// `energy_per_year.el`, `replacements[0].year`.
    pub key: String,
    /// The marker's text after `FYLL I:`, e.g. `real kalkylränta, t.ex. 0.035`.
    pub hint: String,
    /// The comment lines directly above the value's line, joined by spaces.
    pub help: String,
    pub kind: FieldKind,
}

impl TemplateField {
    pub fn pos(&self) -> FieldPos {
        FieldPos {
            line: self.line,
            column: self.column,
        }
    }
}

/// Swedish and English heading for a table of [`TemplateField::table`]
/// (`alternatives[1]` → Alternativ / Alternative).
pub fn section_title(table: &str) -> (&'static str, &'static str) {
    let base = table.split('[').next().unwrap_or(table);
    match base {
        "" => ("Grunduppgifter", "General"),
        "monte_carlo" => ("Monte Carlo", "Monte Carlo"),
        "clean_vehicles_directive" => (
            "Clean Vehicles Directive (2009/33/EG)",
            "Clean Vehicles Directive (2009/33/EC)",
        ),
        "carriers" => ("Energibärare", "Energy carrier"),
        "pollutants" => ("Luftförorening", "Air pollutant"),
        "alternatives" => ("Alternativ", "Alternative"),
        _ => ("Övrigt", "Other"),
    }
}

/// Every `"FYLL I…"` value of a template, in file order.
pub fn template_fields(template_text: &str) -> Vec<TemplateField> {
    let scan = scan(template_text);
    scan.markers
        .iter()
        .map(|m| {
            let (line, column) = line_col(template_text, m.start);
            let names = scan.names.get(&m.table);
            let table_name = names
                .and_then(|n| n.name.clone().or_else(|| n.id.clone()))
                .unwrap_or_default();
            TemplateField {
                line,
                column,
                table: m.table.clone(),
                table_name,
                key: key_text(&m.key),
                hint: m
                    .content
                    .strip_prefix(REQUIRED_MARKER)
                    .unwrap_or(&m.content)
                    .trim_start_matches([':', ' '])
                    .to_string(),
                help: m.help.join(" "),
                kind: kind_of(&m.key),
            }
        })
        .collect()
}

/// The template with each field's marker replaced by its value in `values`
/// (by [`FieldPos`]). Every field needs a value; all problems (an empty
/// value, text where a number belongs, a position without a field) are
/// returned together, with the field's line and column.
pub fn fill_template<S: AsRef<str>>(
    template_text: &str,
    values: &[(FieldPos, S)],
) -> Result<String, Vec<FileError>> {
    let scan = scan(template_text);
    let mut given: BTreeMap<FieldPos, &str> = BTreeMap::new();
    for (pos, v) in values {
        given.insert(*pos, v.as_ref());
    }
    let mut errors = Vec::new();
    let mut out = String::with_capacity(template_text.len() + 256);
    let mut copied = 0;
    for m in &scan.markers {
        let (line, column) = line_col(template_text, m.start);
        let pos = FieldPos { line, column };
        let key = key_text(&m.key);
        let error = |message: String| FileError {
            line: Some(line),
            column: Some(column),
            message,
        };
        let value = match given.remove(&pos).map(str::trim) {
            Some(v) if !v.is_empty() => v,
            _ => {
                errors.push(error(required_message(&key, &m.content)));
                continue;
            }
        };
        match toml_value(kind_of(&m.key), value) {
            Ok(v) => {
                out.push_str(template_text.get(copied..m.start).unwrap_or(""));
                out.push_str(&v);
                copied = m.end;
            }
            Err(why) => errors.push(error(format!("\"{key}\": {why}"))),
        }
    }
    for pos in given.keys() {
        errors.push(FileError {
            line: Some(pos.line),
            column: Some(pos.column),
            message: "här finns inget värde att fylla i / no template field here".into(),
        });
    }
    if errors.is_empty() {
        out.push_str(template_text.get(copied..).unwrap_or(""));
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Keys whose value is a [`super::file::ParamIn`] (may be a distribution).
const UNCERTAIN_KEYS: &[&str] = &[
    "discount_rate",
    "co2_price_sek_per_kg",
    "price_sek_per_unit",
    "price_change",
    "kg_co2e_per_unit",
    "price_sek_per_kg",
    "investment_sek",
    "installation_sek",
    "activity_per_year",
    "maintenance_sek_per_year",
    "cost_sek",
    "residual_value_sek",
    "disposal_cost_sek",
    "embodied_kg_co2e",
];
/// Tables whose every value is a `ParamIn` (keyed by carrier or pollutant).
const UNCERTAIN_MAPS: &[&str] = &[
    "energy_per_year",
    "energy_per_activity",
    "pollutants_kg_per_year",
    "pollutants_kg_per_activity",
];
const WHOLE_KEYS: &[&str] = &["period_years", "lifetime_years", "year", "draws", "seed"];
const TEXT_KEYS: &[&str] = &[
    "name",
    "description",
    "id",
    "unit",
    "source",
    "label",
    "class",
    "fuel",
    "activity_unit",
    "reference",
];

fn kind_of(key: &[Seg]) -> FieldKind {
    let mut names = key.iter().rev().filter_map(|s| match s {
        Seg::Key(k) => Some(k.as_str()),
        Seg::Index(_) => None,
    });
    let last = names.next().unwrap_or("");
    let parent = names.next().unwrap_or("");
    if UNCERTAIN_MAPS.contains(&parent) || UNCERTAIN_KEYS.contains(&last) {
        FieldKind::Uncertain
    } else if WHOLE_KEYS.contains(&last) {
        FieldKind::Whole
    } else if TEXT_KEYS.contains(&last) || last.ends_with("_source") {
        FieldKind::Text
    } else {
        FieldKind::Number
    }
}

/// The user's answer as a TOML value, or why it cannot be one.
fn toml_value(kind: FieldKind, value: &str) -> Result<String, String> {
    let number =
        |v: &str| parse_number(v).ok_or_else(|| format!("\"{v}\" är inte ett tal / not a number"));
    match kind {
        FieldKind::Text => Ok(quote(value)),
        FieldKind::Number => number(value).map(toml_number),
        FieldKind::Whole => {
            let v = number(value)?;
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(toml_number(v))
            } else {
                Err(format!(
                    "{value} måste vara ett heltal / must be a whole number"
                ))
            }
        }
        FieldKind::Uncertain if value.contains(';') => {
            let parts: Vec<&str> = value.split(';').map(str::trim).collect();
            let [min, mode, max] = parts.as_slice() else {
                return Err(format!(
                    "\"{value}\": ange ett tal, eller tre tal \"min; typvärde; max\" / one number or three"
                ));
            };
            Ok(format!(
                "{{ dist = \"triangular\", min = {}, mode = {}, max = {} }}",
                toml_number(number(min)?),
                toml_number(number(mode)?),
                toml_number(number(max)?)
            ))
        }
        FieldKind::Uncertain => number(value).map(toml_number),
    }
}

/// A number as people type it: `1 234,5`, `0.035`, `3,5 %` (= 0,035), `−2`.
fn parse_number(text: &str) -> Option<f64> {
    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let percent = s.ends_with('%');
    if percent {
        s.pop();
    }
    if s.contains(',') {
        if s.contains('.') {
            return None;
        }
        s = s.replace(',', ".");
    }
    let plain = s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    let v: f64 = s.parse().ok().filter(|v: &f64| plain && v.is_finite())?;
    Some(if percent { v / 100.0 } else { v })
}

/// Whole values as TOML integers (years must be), others in the shortest
/// form that reads back as the same f64.
fn toml_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:?}")
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn key_text(key: &[Seg]) -> String {
    let mut out = String::new();
    for s in key {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A marker found by [`scan`].
#[derive(Debug)]
struct Marker {
    /// Byte range of the quoted string, quotes included.
    start: usize,
    end: usize,
    /// Between the quotes: `FYLL I: hint`.
    content: String,
    table: String,
    key: Vec<Seg>,
    help: Vec<String>,
}

#[derive(Debug, Default)]
struct Names {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default)]
struct Scan {
    markers: Vec<Marker>,
    /// The literal `id` and `name` of each table.
    names: BTreeMap<String, Names>,
}

/// Gave up on a line the walker does not understand; the rest of the line
/// is skipped. Templates are valid TOML, and [`super::file::unfilled`] still
/// finds any marker this misses, so a miss can only mean a refused file.
struct Bail;

/// A small walker over the TOML of a template: tables, key = value lines,
/// inline tables and arrays (also over several lines), strings and comments.
struct Walker<'a> {
    text: &'a str,
    at: usize,
    table: String,
    help: Vec<String>,
    out: Scan,
}

fn scan(text: &str) -> Scan {
    let mut w = Walker {
        text,
        at: 0,
        table: String::new(),
        help: Vec::new(),
        out: Scan::default(),
    };
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut comments: Vec<String> = Vec::new();
    while w.at < text.len() {
        w.skip(" \t");
        let eol = text[w.at..].find('\n').map_or(text.len(), |i| w.at + i);
        let line = &text[w.at..eol];
        if line.trim().is_empty() {
            comments.clear();
        } else if let Some(c) = line.strip_prefix('#') {
            comments.push(c.trim().to_string());
        } else if line.starts_with('[') {
            comments.clear();
            let header = line.split('#').next().unwrap_or("").trim();
            w.table = if let Some(name) = header.strip_prefix("[[") {
                let name = name.trim_end_matches(']').trim().to_string();
                let n = counts.entry(name.clone()).or_default();
                *n += 1;
                format!("{name}[{}]", *n - 1)
            } else {
                header.trim_matches(['[', ']']).trim().to_string()
            };
        } else {
            w.help = std::mem::take(&mut comments);
            // The walk may run past this line (an array over several lines).
            let _ = w.key_value();
            let eol = text[w.at.min(text.len())..]
                .find('\n')
                .map_or(text.len(), |i| w.at + i);
            w.at = eol;
        }
        w.at = w.at.max(eol) + 1;
    }
    w.out
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip(&mut self, chars: &str) {
        while self.peek().is_some_and(|b| chars.as_bytes().contains(&b)) {
            self.at += 1;
        }
    }

    /// White space, line ends and comments between array elements.
    fn skip_lines(&mut self) {
        loop {
            self.skip(" \t\r\n");
            if self.peek() != Some(b'#') {
                return;
            }
            self.at = self.text[self.at..]
                .find('\n')
                .map_or(self.text.len(), |i| self.at + i);
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), Bail> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// `a`, `a.b`, `"a b"`.
    fn key(&mut self) -> Result<Vec<Seg>, Bail> {
        let mut key = Vec::new();
        loop {
            self.skip(" \t");
            let start = self.at;
            if self.peek() == Some(b'"') {
                let (content, _) = self.basic_string()?;
                key.push(Seg::Key(content));
            } else {
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.at += 1;
                }
                if self.at == start {
                    return Err(Bail);
                }
                key.push(Seg::Key(self.text[start..self.at].to_string()));
            }
            self.skip(" \t");
            if self.peek() != Some(b'.') {
                return Ok(key);
            }
            self.at += 1;
        }
    }

    fn key_value(&mut self) -> Result<(), Bail> {
        let mut key = self.key()?;
        self.skip(" \t");
        self.expect(b'=')?;
        let literal = self.value(&mut key, 0)?;
        if let ([Seg::Key(k)], Some(v)) = (key.as_slice(), literal) {
            let names = self.out.names.entry(self.table.clone()).or_default();
            match k.as_str() {
                "id" => names.id = Some(v),
                "name" => names.name = Some(v),
                _ => {}
            }
        }
        Ok(())
    }

    /// A one-line basic string at `at`: its raw content and its end.
    fn basic_string(&mut self) -> Result<(String, usize), Bail> {
        let bytes = self.text.as_bytes();
        let mut j = self.at + 1;
        loop {
            match bytes.get(j) {
                Some(b'\\') => j += 2,
                Some(b'"') => break,
                Some(b'\n') | None => return Err(Bail),
                Some(_) => j += 1,
            }
        }
        let content = self.text.get(self.at + 1..j).ok_or(Bail)?.to_string();
        self.at = j + 1;
        Ok((content, j + 1))
    }

    /// Walks one value; returns a plain string's content (not a marker).
    fn value(&mut self, key: &mut Vec<Seg>, depth: usize) -> Result<Option<String>, Bail> {
        if depth > 16 {
            return Err(Bail);
        }
        self.skip(" \t");
        match self.peek() {
            Some(b'"') if self.text[self.at..].starts_with("\"\"\"") => {
                let end = self.text[self.at + 3..].find("\"\"\"").ok_or(Bail)?;
                self.at += 3 + end + 3;
                Ok(None)
            }
            Some(b'"') => {
                let start = self.at;
                let (content, end) = self.basic_string()?;
                if content.starts_with(REQUIRED_MARKER) {
                    self.out.markers.push(Marker {
                        start,
                        end,
                        content,
                        table: self.table.clone(),
                        key: key.clone(),
                        help: self.help.clone(),
                    });
                    return Ok(None);
                }
                Ok(Some(content))
            }
            Some(b'\'') => {
                let quote = if self.text[self.at..].starts_with("'''") {
                    "'''"
                } else {
                    "'"
                };
                let end = self.text[self.at + quote.len()..].find(quote).ok_or(Bail)?;
                self.at += quote.len() + end + quote.len();
                Ok(None)
            }
            Some(b'{') => {
                self.at += 1;
                loop {
                    self.skip(" \t");
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                        return Ok(None);
                    }
                    let inner = self.key()?;
                    self.expect(b'=')?;
                    let depth_key = key.len();
                    key.extend(inner);
                    self.value(key, depth + 1)?;
                    key.truncate(depth_key);
                    self.skip(" \t");
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {}
                        _ => return Err(Bail),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut index = 0;
                loop {
                    self.skip_lines();
                    if self.peek() == Some(b']') {
                        self.at += 1;
                        return Ok(None);
                    }
                    key.push(Seg::Index(index));
                    self.value(key, depth + 1)?;
                    key.pop();
                    self.skip_lines();
                    match self.peek() {
                        Some(b',') => {
                            self.at += 1;
                            index += 1;
                        }
                        Some(b']') => {}
                        _ => return Err(Bail),
                    }
                }
            }
            _ => {
                // Number, boolean or date: up to the next delimiter.
                let start = self.at;
                while self.peek().is_some_and(|b| !b",}]\n#".contains(&b)) {
                    self.at += 1;
                }
                if self.at == start {
                    return Err(Bail);
                }
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests;
