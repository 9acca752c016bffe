//! Forms generated from a template: a model or tender file whose unknown
//! values are `"FYLL I: …"` (upphandla_formats::lcc::template). Shared by
//! LCC-kalkyl and Anbudsutvärdering: the fields grouped by TOML table, the
//! user's answers back into the file, errors placed at their field, and the
//! way back from a saved file to the form's values.

use std::collections::BTreeMap;

use upphandla_formats::lcc::{FieldKind, FieldPos, FileError, section_title, template_fields};

use crate::i18n::Lang;

/// The form control of the model's name (not a template field).
pub const NAME_FIELD: &str = "model_name";
/// The textarea of the "edit the file directly" form.
pub const TOML_FIELD: &str = "toml";

/// One input.
pub struct Field {
    /// Form name (`f21_17`), also the base of the element ids.
    pub name: String,
    pub label: String,
    /// The TOML key, shown beside the label so the file and the form match.
    pub key: String,
    /// What to write: the template's hint and the comment above the value.
    pub hint: String,
    /// How to write it (number, number or range, text).
    pub format: &'static str,
    pub value: String,
    pub error: String,
    pub numeric: bool,
}

impl Field {
    pub fn id(&self) -> String {
        format!("falt-{}", self.name)
    }

    /// `aria-describedby`: the hint, and the error when there is one.
    pub fn described_by(&self) -> String {
        if self.error.is_empty() {
            format!("{}-hint", self.id())
        } else {
            format!("{}-fel {}-hint", self.id(), self.id())
        }
    }
}

/// One fieldset: a TOML table.
pub struct Group {
    pub id: String,
    pub legend: String,
    pub fields: Vec<Field>,
    /// The table's values that are already given (with their source), read only.
    pub fixed: Vec<(String, String)>,
}

/// An error for the summary at the top of the form; `href` jumps to its field.
pub struct ErrorLine {
    pub text: String,
    pub href: String,
}

/// The error as the user reads it: position first (`rad 21, kolumn 17: …`).
pub fn error_text(e: &FileError, lang: Lang) -> String {
    let (line, column) = match lang {
        Lang::Sv => ("rad", "kolumn"),
        Lang::En => ("line", "column"),
    };
    match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{line} {l}, {column} {c}: {}", e.message),
        (Some(l), None) => format!("{line} {l}: {}", e.message),
        _ => e.message.clone(),
    }
}

pub fn error_lines(errors: &[FileError], lang: Lang) -> Vec<ErrorLine> {
    errors
        .iter()
        .map(|e| ErrorLine {
            text: error_text(e, lang),
            href: String::new(),
        })
        .collect()
}

/// The template fields' answers in a submitted form (`f21_17=…`).
pub fn form_values(pairs: &[(String, String)]) -> BTreeMap<FieldPos, String> {
    pairs
        .iter()
        .filter_map(|(k, v)| FieldPos::from_form_name(k).map(|p| (p, v.clone())))
        .collect()
}

pub fn form_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A TOML table of a template or file by the path `template_fields` gives:
/// `""`, `clean_vehicles_directive`, `alternatives[1]`.
fn table_at<'a>(root: &'a toml::Table, path: &str) -> Option<&'a toml::Table> {
    if path.is_empty() {
        return Some(root);
    }
    match path.split_once('[') {
        Some((name, rest)) => {
            let i: usize = rest.trim_end_matches(']').parse().ok()?;
            root.get(name)?.as_array()?.get(i)?.as_table()
        }
        None => root.get(path)?.as_table(),
    }
}

/// The same table in another file: by its `id` when the template's table
/// has one (alternatives keep their ids when some are left out), else by position.
fn matching_table<'a>(
    template: &toml::Table,
    source: &'a toml::Table,
    path: &str,
) -> Option<&'a toml::Table> {
    let Some((name, _)) = path.split_once('[') else {
        return table_at(source, path);
    };
    let id = table_at(template, path)
        .and_then(|t| t.get("id"))
        .and_then(|v| v.as_str());
    if let Some(id) = id
        && let Some(found) = source.get(name).and_then(|v| v.as_array()).and_then(|a| {
            a.iter()
                .filter_map(|v| v.as_table())
                .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        })
    {
        return Some(found);
    }
    table_at(source, path)
}

/// A value inside a table by a field key: `investment_sek`,
/// `energy_per_activity.el`, `replacements[0].year`.
fn value_at<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let mut current: Option<&toml::Value> = None;
    for part in key.split('.') {
        let (name, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let t = match current {
            None => table,
            Some(v) => v.as_table()?,
        };
        let mut v = t.get(name)?;
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            v = v.as_array()?.get(index.parse::<usize>().ok()?)?;
        }
        current = Some(v);
    }
    current
}

/// A number as the form shows it (decimal comma in Swedish); reads back
/// to the same f64, so filling it in again writes the same TOML.
pub fn number_text(v: f64, lang: Lang) -> String {
    let s = format!("{v:?}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if lang == Lang::Sv && !s.contains('e') {
        s.replace('.', ",")
    } else {
        s
    }
}

fn as_f64(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The form text of a file's value. `exact`: only what filling in writes
/// back identically (a number, a triangular range, text); otherwise a
/// distribution gives its reference value (the example files use uniform
/// and normal ranges the form cannot express).
fn value_text(v: &toml::Value, kind: FieldKind, lang: Lang, exact: bool) -> Option<String> {
    let n = |x: f64| number_text(x, lang);
    match v {
        toml::Value::String(s) if s.starts_with("FYLL I") => None,
        toml::Value::String(s) if kind == FieldKind::Text => Some(s.clone()),
        toml::Value::Integer(_) | toml::Value::Float(_) if kind != FieldKind::Text => {
            as_f64(v).map(n)
        }
        toml::Value::Table(t) if kind == FieldKind::Uncertain => {
            let get = |k: &str| t.get(k).and_then(as_f64);
            let dist = t.get("dist").and_then(|d| d.as_str())?;
            if dist == "triangular" && !t.contains_key("value") && t.len() == 4 {
                return Some(format!(
                    "{}; {}; {}",
                    n(get("min")?),
                    n(get("mode")?),
                    n(get("max")?)
                ));
            }
            if exact {
                return None;
            }
            let reference = get("value").or_else(|| match dist {
                "triangular" => get("mode"),
                "uniform" => Some((get("min")? + get("max")?) / 2.0),
                "normal" => get("mean"),
                "lognormal" => {
                    let (mean, sd) = (get("mean")?, get("sd")?);
                    Some(mean / (1.0 + sd * sd / (mean * mean)).sqrt())
                }
                _ => None,
            })?;
            Some(n(reference))
        }
        _ => None,
    }
}

/// The values a file gives for a template's fields, matched by table (id
/// or position) and key. With `exact`, `None` unless every field has a value
/// that fills in to the same text.
pub fn values_from_file(
    template_text: &str,
    file_text: &str,
    lang: Lang,
    exact: bool,
) -> Option<BTreeMap<FieldPos, String>> {
    let template: toml::Table = toml::from_str(template_text).ok()?;
    let source: toml::Table = toml::from_str(file_text).ok()?;
    let mut out = BTreeMap::new();
    for f in template_fields(template_text) {
        let text = matching_table(&template, &source, &f.table)
            .and_then(|t| value_at(t, &f.key))
            .and_then(|v| value_text(v, f.kind, lang, exact));
        match text {
            Some(t) => {
                out.insert(f.pos(), t);
            }
            None if exact => return None,
            None => {}
        }
    }
    Some(out)
}

/// The first top-level `name = …` line set to `name`.
pub fn set_name(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len() + name.len());
    let mut done = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        if t.starts_with('[') {
            done = true;
        }
        let is_name = t
            .strip_prefix("name")
            .is_some_and(|r| r.trim_start().starts_with('='));
        if !done && is_name {
            out.push_str("name = ");
            out.push_str(&toml::Value::String(name.to_string()).to_string());
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The top-level `name` of a file, when it is a plain string.
pub fn file_name(text: &str) -> Option<String> {
    let t: toml::Table = toml::from_str(text).ok()?;
    t.get("name")?.as_str().map(str::to_string)
}

/// Whether a template asks for the name itself (then it is a field).
pub fn name_is_field(template_text: &str) -> bool {
    template_fields(template_text)
        .iter()
        .any(|f| f.table.is_empty() && f.key == "name")
}

/// Runs of blank lines (left where parts of a template were taken out) as one.
pub fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.split_inclusive('\n') {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(line);
        }
        blank = is_blank;
    }
    out
}

fn format_text(kind: FieldKind, lang: Lang) -> &'static str {
    lang.t(match kind {
        FieldKind::Text => "lcc.format_text",
        FieldKind::Uncertain => "lcc.format_uncertain",
        FieldKind::Number => "lcc.format_number",
        FieldKind::Whole => "lcc.format_whole",
    })
}

/// A readable label for a key: the text table's `lcc.key.<last part>`
/// (maps keyed by carrier or criterion add the entry), else the key.
fn label_of(key: &str, lang: Lang) -> String {
    let parts: Vec<&str> = key
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect();
    let last = parts.last().copied().unwrap_or(key);
    let parent = parts.len().checked_sub(2).map(|i| parts[i]);
    if let Some(parent) = parent {
        let k = format!("lcc.key.{parent}");
        if crate::i18n::Lang::has(&k) && parent != "cvd" && parent != "replacements" {
            return format!("{}: {last}", lang.t(&k));
        }
    }
    let k = format!("lcc.key.{last}");
    if Lang::has(&k) {
        let text = lang.t(&k);
        if parent == Some("cvd") {
            return format!("{} – {text}", lang.t("lcc.key.cvd"));
        }
        text.to_string()
    } else {
        key.to_string()
    }
}

/// The heading of a table's fieldset: its kind and number, and its name when it has one.
fn legend(table: &str, root: &toml::Table, lang: Lang) -> String {
    let base = table.split('[').next().unwrap_or(table);
    let number = table
        .split_once('[')
        .and_then(|(_, r)| r.trim_end_matches(']').parse::<usize>().ok())
        .map(|i| i + 1);
    let kind = match base {
        "criteria" => lang.t("lcc.section_criterion").to_string(),
        "bids" => lang.t("lcc.section_bid").to_string(),
        "co2_levels" => lang.t("lcc.section_level").to_string(),
        _ => {
            let (sv, en) = section_title(table);
            match lang {
                Lang::Sv => sv,
                Lang::En => en,
            }
            .to_string()
        }
    };
    let name = table_at(root, table)
        .and_then(|t| t.get("name"))
        .and_then(|v| v.as_str())
        .filter(|n| !n.starts_with("FYLL I") && !table.is_empty());
    match (number, name) {
        (_, Some(n)) => format!("{kind}: {n}"),
        (Some(i), None) if base != "carriers" && base != "pollutants" => format!("{kind} {i}"),
        _ => kind,
    }
}

/// A table's values that the template already gives, as `key = value`.
fn fixed_values(table: &toml::Table, nested: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, v) in table {
        match v {
            toml::Value::String(s) if s.starts_with("FYLL I") => {}
            toml::Value::Table(t) if t.contains_key("dist") => out.push((k.clone(), v.to_string())),
            toml::Value::Table(t) => {
                for (ik, iv) in fixed_values(t, true) {
                    out.push((format!("{k}.{ik}"), iv));
                }
            }
            toml::Value::Array(a) if !nested && a.iter().all(|x| !x.is_table()) => {
                out.push((k.clone(), v.to_string()))
            }
            toml::Value::Array(_) => {}
            other => out.push((k.clone(), other.to_string())),
        }
    }
    out
}

/// The fieldsets of a template with the given values, and every error
/// placed at its field where it names one: by line (and key, when a line
/// has several), or for errors without a position by table id and key.
pub fn groups(
    template_text: &str,
    values: &BTreeMap<FieldPos, String>,
    errors: &[FileError],
    lang: Lang,
) -> (Vec<Group>, Vec<ErrorLine>) {
    let root: toml::Table = toml::from_str(template_text).unwrap_or_default();
    let fields = template_fields(template_text);
    let mut placed: Vec<Option<usize>> = vec![None; errors.len()];
    for (ei, e) in errors.iter().enumerate() {
        let last = |key: &str| {
            key.rsplit(['.', '['])
                .next()
                .unwrap_or(key)
                .trim_end_matches(']')
                .to_string()
        };
        placed[ei] = match e.line {
            Some(line) => {
                let on_line: Vec<usize> = (0..fields.len())
                    .filter(|&i| fields[i].line == line)
                    .collect();
                let by_key = on_line.iter().copied().find(|&i| {
                    e.column == Some(fields[i].column) || e.message.contains(&last(&fields[i].key))
                });
                by_key.or(on_line.first().copied())
            }
            None => (0..fields.len()).find(|&i| {
                let f = &fields[i];
                let id = table_at(&root, &f.table)
                    .and_then(|t| t.get("id"))
                    .and_then(|v| v.as_str());
                let names_table = match id {
                    Some(id) => {
                        e.message.contains(&format!("\"{id}\""))
                            || e.message.contains(&format!("({id})"))
                    }
                    None => f.table.is_empty(),
                };
                names_table && e.message.contains(&last(&f.key))
            }),
        };
    }
    let mut groups: Vec<Group> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        if groups.last().is_none_or(|g| g.id != group_id(&f.table)) {
            groups.push(Group {
                id: group_id(&f.table),
                legend: legend(&f.table, &root, lang),
                fields: Vec::new(),
                fixed: table_at(&root, &f.table)
                    .map(|t| fixed_values(t, f.table.is_empty()))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(k, _)| !(f.table.is_empty() && k == "name"))
                    .collect(),
            });
        }
        let error = errors
            .iter()
            .zip(&placed)
            .filter(|(_, p)| **p == Some(i))
            .map(|(e, _)| error_text(e, lang))
            .collect::<Vec<_>>()
            .join(" ");
        let mut hint = capitalised(&f.hint);
        if !f.help.is_empty() {
            hint.push_str(". ");
            hint.push_str(&f.help);
        }
        let group = groups.last_mut().expect("pushed above");
        group.fields.push(Field {
            name: f.pos().form_name(),
            label: label_of(&f.key, lang),
            key: f.key.clone(),
            hint,
            format: format_text(f.kind, lang),
            value: values.get(&f.pos()).cloned().unwrap_or_default(),
            error,
            numeric: f.kind != FieldKind::Text,
        });
    }
    // Top-level tables without fields of their own keep their values out of
    // sight; the whole file is in the "edit directly" form.
    let summary = errors
        .iter()
        .zip(&placed)
        .map(|(e, p)| ErrorLine {
            text: error_text(e, lang),
            href: p
                .map(|i| format!("#falt-{}", fields[i].pos().form_name()))
                .unwrap_or_default(),
        })
        .collect();
    (groups, summary)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn group_id(table: &str) -> String {
    let id: String = table
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("del-{}", if id.is_empty() { "grund" } else { &id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use upphandla_formats::lcc::{TemplateKind, fill_template, template};

    #[test]
    fn a_filled_template_gives_back_its_values_exactly() {
        let t = template(TemplateKind::Lighting);
        let values: Vec<(FieldPos, String)> = template_fields(t)
            .iter()
            .map(|f| {
                let v = match f.kind {
                    FieldKind::Text => "källa \"x\"".to_string(),
                    FieldKind::Uncertain => "0,5; 1,25; 2".to_string(),
                    _ => "3".to_string(),
                };
                (f.pos(), v)
            })
            .collect();
        let filled = fill_template(t, &values).unwrap();
        let back = values_from_file(t, &filled, Lang::Sv, true).unwrap();
        let again: Vec<(FieldPos, String)> = back.into_iter().collect();
        assert_eq!(fill_template(t, &again).unwrap(), filled);
    }

    #[test]
    fn numbers_read_back_to_the_same_value() {
        for v in [0.035, 11.0, 250000.0, 1.8876, 1e-7, -2.5] {
            let text = number_text(v, Lang::Sv).replace(',', ".");
            assert_eq!(text.parse::<f64>().unwrap(), v);
        }
        assert_eq!(number_text(0.035, Lang::Sv), "0,035");
        assert_eq!(number_text(11.0, Lang::Sv), "11");
    }

    #[test]
    fn name_is_replaced_only_at_the_top() {
        let text = "# x\nname = \"A\"\n[[alternatives]]\nname = \"B\"\n";
        let named = set_name(text, "Ny \"modell\"");
        assert_eq!(file_name(&named).as_deref(), Some("Ny \"modell\""));
        assert!(named.ends_with("[[alternatives]]\nname = \"B\"\n"));
        assert_eq!(collapse_blank_lines("a\n\n\n\nb\n"), "a\n\nb\n");
    }
}
