//! The criteria library's data files (`data/criteria/<group>.toml`, format in
//! docs/criteria.md) → [`upphandla_core::criteria`].
//!
//! One product group per file. Every problem found is reported, each with its
//! line and column and a message naming the file, what was found and what was
//! expected, in Swedish then English. Unknown keys are refused.
//!
//! CPV codes are checked against the CPV 2008 main vocabulary
//! (`criteria/cpv2008.txt`: the 9 454 codes with check digit of Commission
//! Regulation (EC) No 213/2008, taken from ../shared/data/cpv/cpv_2008_en_sv.csv,
//! see its SOURCES.md). The check digit has no published algorithm we could
//! find; a weighted sum (weights 3,7,1 repeating, mod 10) reproduces 94 % of
//! the official digits but not the rest, so the list, not a formula, decides.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;
use upphandla_core::criteria::{
    Ambition, Bilingual, Criterion, CriterionType, FollowUpWhen, Library, ProductGroup,
};
use upphandla_core::date::Date;

use crate::lcc::file::{FileError, line_col, toml_error};

/// The shipped data files, in the order the library lists them. A file is
/// added here once it exists in data/criteria/.
const SHIPPED: &[(&str, &str)] = &[
    (
        "data/criteria/fordon.toml",
        include_str!("../../../data/criteria/fordon.toml"),
    ),
    (
        "data/criteria/persontransport.toml",
        include_str!("../../../data/criteria/persontransport.toml"),
    ),
    (
        "data/criteria/godstransport.toml",
        include_str!("../../../data/criteria/godstransport.toml"),
    ),
    (
        "data/criteria/drivmedel.toml",
        include_str!("../../../data/criteria/drivmedel.toml"),
    ),
    (
        "data/criteria/el.toml",
        include_str!("../../../data/criteria/el.toml"),
    ),
    (
        "data/criteria/belysning.toml",
        include_str!("../../../data/criteria/belysning.toml"),
    ),
    (
        "data/criteria/uppvarmning.toml",
        include_str!("../../../data/criteria/uppvarmning.toml"),
    ),
    (
        "data/criteria/bygg.toml",
        include_str!("../../../data/criteria/bygg.toml"),
    ),
    (
        "data/criteria/it.toml",
        include_str!("../../../data/criteria/it.toml"),
    ),
    (
        "data/criteria/livsmedel.toml",
        include_str!("../../../data/criteria/livsmedel.toml"),
    ),
    (
        "data/criteria/mobler.toml",
        include_str!("../../../data/criteria/mobler.toml"),
    ),
];

/// The product groups the shipped library must hold, each with criteria at
/// all three levels (a test checks it).
pub const REQUIRED_GROUPS: &[&str] = &[
    "fordon",
    "persontransport",
    "godstransport",
    "drivmedel",
    "el",
    "belysning",
    "uppvarmning",
    "bygg",
    "it",
    "livsmedel",
    "mobler",
];

const CPV_2008: &str = include_str!("criteria/cpv2008.txt");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    group: GroupIn,
    #[serde(default)]
    criterion: Vec<CriterionIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupIn {
    id: Spanned<String>,
    name_sv: Spanned<String>,
    name_en: Spanned<String>,
    cpv: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    spend_categories: Vec<Spanned<String>>,
    basis_sv: Spanned<String>,
    basis_en: Spanned<String>,
    sources: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionIn {
    id: Spanned<String>,
    version: Spanned<i64>,
    reviewed: Spanned<Datetime>,
    review_by: Spanned<Datetime>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    level: Spanned<String>,
    title_sv: Spanned<String>,
    title_en: Spanned<String>,
    text_sv: Spanned<String>,
    text_en: Spanned<String>,
    rationale_sv: Spanned<String>,
    rationale_en: Spanned<String>,
    proof_sv: Spanned<String>,
    proof_en: Spanned<String>,
    follow_up_sv: Spanned<String>,
    follow_up_en: Spanned<String>,
    follow_up_when: Spanned<String>,
    follow_up_evidence_sv: Spanned<String>,
    follow_up_evidence_en: Spanned<String>,
    effect_sv: Spanned<String>,
    effect_en: Spanned<String>,
    #[serde(default)]
    effect_reduction: Option<Spanned<f64>>,
    #[serde(default)]
    effect_basis: Option<Spanned<String>>,
    sources: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    cpv: Vec<Spanned<String>>,
}

/// Collects errors for one file, each positioned and prefixed with the file name.
struct Errors<'a> {
    text: &'a str,
    file: &'a str,
    list: Vec<FileError>,
}

impl Errors<'_> {
    fn at(&mut self, span: Range<usize>, sv: impl AsRef<str>, en: impl AsRef<str>) {
        let (line, column) = line_col(self.text, span.start);
        self.list.push(FileError {
            line: Some(line),
            column: Some(column),
            message: format!("{}: {} / {}", self.file, sv.as_ref(), en.as_ref()),
        });
    }

    /// A non-empty text, trimmed of surrounding blank lines.
    fn text(&mut self, key: &str, s: &Spanned<String>) -> String {
        let v = s.get_ref().trim();
        if v.is_empty() {
            self.at(
                s.span(),
                format!("\"{key}\" är tom; väntade en text"),
                format!("\"{key}\" is empty; expected a text"),
            );
        }
        v.to_string()
    }

    fn bilingual(&mut self, key: &str, sv: &Spanned<String>, en: &Spanned<String>) -> Bilingual {
        Bilingual {
            sv: self.text(&format!("{key}_sv"), sv),
            en: self.text(&format!("{key}_en"), en),
        }
    }

    fn sources(&mut self, s: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
        if s.get_ref().is_empty() {
            self.at(
                s.span(),
                "\"sources\" är tom; väntade minst en källa",
                "\"sources\" is empty; expected at least one source",
            );
        }
        s.get_ref()
            .iter()
            .map(|x| self.text("sources", x))
            .collect()
    }

    fn id(&mut self, key: &str, s: &Spanned<String>) -> String {
        let v = s.get_ref();
        let ok = !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !v.starts_with('-')
            && !v.ends_with('-');
        if !ok {
            self.at(
                s.span(),
                format!(
                    "{key} \"{v}\" är ogiltigt; väntade små bokstäver a–z, siffror och bindestreck"
                ),
                format!("{key} \"{v}\" is invalid; expected lower-case a–z, digits and hyphens"),
            );
        }
        v.clone()
    }

    fn date(&mut self, key: &str, s: &Spanned<Datetime>) -> Option<Date> {
        let dt = s.get_ref();
        let date = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => Date::new(i32::from(d.year), d.month, d.day),
            _ => None,
        };
        if date.is_none() {
            self.at(
                s.span(),
                format!("{key} = {dt} är inget datum; väntade ÅÅÅÅ-MM-DD utan citattecken"),
                format!("{key} = {dt} is not a date; expected YYYY-MM-DD without quotes"),
            );
        }
        date
    }

    fn cpv(&mut self, s: &Spanned<String>) -> String {
        if let Err((sv, en)) = check_cpv(s.get_ref()) {
            self.at(s.span(), sv, en);
        }
        s.get_ref().clone()
    }

    fn key<T: Copy>(
        &mut self,
        what: (&str, &str),
        s: &Spanned<String>,
        all: &[T],
        key: fn(T) -> &'static str,
    ) -> Option<T> {
        let found = all.iter().copied().find(|t| key(*t) == s.get_ref());
        if found.is_none() {
            let list = all.iter().map(|t| key(*t)).collect::<Vec<_>>().join(", ");
            self.at(
                s.span(),
                format!(
                    "okänd {} \"{}\"; väntade en av: {list}",
                    what.0,
                    s.get_ref()
                ),
                format!(
                    "unknown {} \"{}\"; expected one of: {list}",
                    what.1,
                    s.get_ref()
                ),
            );
        }
        found
    }
}

/// The CPV 2008 codes, sorted (the file is in code order).
fn cpv_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| CPV_2008.lines().filter(|l| !l.is_empty()).collect())
}

/// Checks a CPV code: shape `NNNNNNNN-C`, and that the code exists in CPV 2008
/// with that check digit. Errors are (Swedish, English).
pub fn check_cpv(code: &str) -> Result<(), (String, String)> {
    let b = code.as_bytes();
    let shape =
        b.len() == 10 && b[8] == b'-' && b[..8].iter().chain(&b[9..]).all(u8::is_ascii_digit);
    if !shape {
        return Err((
            format!(
                "CPV-koden \"{code}\" har fel form; väntade åtta siffror, bindestreck och kontrollsiffra, t.ex. 34110000-1"
            ),
            format!(
                "CPV code \"{code}\" is malformed; expected eight digits, a hyphen and a check digit, e.g. 34110000-1"
            ),
        ));
    }
    let codes = cpv_codes();
    let main = &code[..8];
    match codes.binary_search_by(|c| c[..8].cmp(main)) {
        Ok(i) if codes[i] == code => Ok(()),
        Ok(i) => Err((
            format!(
                "CPV-koden \"{code}\" har fel kontrollsiffra; väntade {}",
                codes[i]
            ),
            format!(
                "CPV code \"{code}\" has a wrong check digit; expected {}",
                codes[i]
            ),
        )),
        Err(_) => Err((
            format!("CPV-koden \"{code}\" finns inte i CPV 2008 (förordning (EG) nr 213/2008)"),
            format!("CPV code \"{code}\" is not in CPV 2008 (Regulation (EC) No 213/2008)"),
        )),
    }
}

/// A parsed file with the positions needed for checks across files.
struct Parsed {
    group: ProductGroup,
    group_span: Range<usize>,
    criteria: Vec<(Criterion, Range<usize>)>,
}

fn parse_inner(text: &str, file: &str) -> Result<Parsed, Vec<FileError>> {
    let input: FileIn = toml::from_str(text).map_err(|e| {
        let mut fe = toml_error(text, &e);
        let en = e.message().trim();
        fe.message = format!("{file}: {} / {en}", toml_message_sv(en));
        vec![fe]
    })?;
    let mut errs = Errors {
        text,
        file,
        list: Vec::new(),
    };
    let g = &input.group;
    let group_id = errs.id("group.id", &g.id);
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if let Some(stem) = stem.strip_suffix(".toml")
        && stem != group_id
    {
        errs.at(
            g.id.span(),
            format!("group.id \"{group_id}\" ska vara filens namn \"{stem}\""),
            format!("group.id \"{group_id}\" must equal the file name \"{stem}\""),
        );
    }
    if g.cpv.get_ref().is_empty() {
        errs.at(
            g.cpv.span(),
            "group.cpv är tom; väntade minst en CPV-kod",
            "group.cpv is empty; expected at least one CPV code",
        );
    }
    let cpv = g.cpv.get_ref().iter().map(|c| errs.cpv(c)).collect();
    // The shipped catalogue (data/spend/categories.csv); if it failed to
    // load, every category would be reported unknown, which a test catches.
    let known = crate::maps::default_categories();
    let mut spend_categories = Vec::new();
    for s in &g.spend_categories {
        if !known.iter().any(|k| &k.id == s.get_ref()) {
            errs.at(
                s.span(),
                format!(
                    "utgiftskategorin \"{}\" finns inte i data/spend/categories.csv",
                    s.get_ref()
                ),
                format!(
                    "spend category \"{}\" is not in data/spend/categories.csv",
                    s.get_ref()
                ),
            );
        }
        spend_categories.push(s.get_ref().clone());
    }
    let group = ProductGroup {
        id: group_id.clone(),
        name: errs.bilingual("name", &g.name_sv, &g.name_en),
        cpv,
        spend_categories,
        basis: errs.bilingual("basis", &g.basis_sv, &g.basis_en),
        sources: errs.sources(&g.sources),
    };

    let mut criteria = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for c in &input.criterion {
        let id = errs.id("id", &c.id);
        if let Some(first) = seen.get(&id) {
            errs.at(
                c.id.span(),
                format!("id \"{id}\" finns redan på rad {first}; väntade ett unikt id"),
                format!("id \"{id}\" already used on line {first}; expected a unique id"),
            );
        } else {
            seen.insert(id.clone(), line_col(text, c.id.span().start).0);
        }
        let version = *c.version.get_ref();
        if !(1..=i64::from(u32::MAX)).contains(&version) {
            errs.at(
                c.version.span(),
                format!("version {version} är ogiltig; väntade ett heltal från 1"),
                format!("version {version} is invalid; expected a whole number from 1"),
            );
        }
        let reviewed = errs.date("reviewed", &c.reviewed);
        let review_by = errs.date("review_by", &c.review_by);
        if let (Some(r), Some(b)) = (reviewed, review_by)
            && b <= r
        {
            errs.at(
                c.review_by.span(),
                format!("review_by {b} måste ligga efter reviewed {r}"),
                format!("review_by {b} must be after reviewed {r}"),
            );
        }
        let kind = errs.key(
            ("typ", "type"),
            &c.kind,
            &CriterionType::ALL,
            CriterionType::key,
        );
        let level = errs.key(("nivå", "level"), &c.level, &Ambition::ALL, Ambition::key);
        let when = errs.key(
            ("uppföljningstidpunkt", "follow-up time"),
            &c.follow_up_when,
            &FollowUpWhen::ALL,
            FollowUpWhen::key,
        );
        let effect_reduction = c.effect_reduction.as_ref().map(|r| *r.get_ref());
        if let Some(r) = &c.effect_reduction {
            let v = *r.get_ref();
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                errs.at(
                    r.span(),
                    format!("effect_reduction {v} ligger utanför 0–1; väntade en andel, t.ex. 0.5"),
                    format!("effect_reduction {v} is outside 0–1; expected a fraction, e.g. 0.5"),
                );
            }
        }
        let effect_basis = match (&c.effect_reduction, &c.effect_basis) {
            (Some(r), None) => {
                errs.at(
                    r.span(),
                    "effect_reduction kräver effect_basis: varifrån talet kommer och vad det är relativt",
                    "effect_reduction requires effect_basis: where the number comes from and what it is relative to",
                );
                None
            }
            (None, Some(b)) => {
                errs.at(
                    b.span(),
                    "effect_basis utan effect_reduction; väntade båda eller ingen",
                    "effect_basis without effect_reduction; expected both or neither",
                );
                None
            }
            (Some(_), Some(b)) => Some(errs.text("effect_basis", b)),
            (None, None) => None,
        };
        let crit = Criterion {
            id: id.clone(),
            group: group_id.clone(),
            version: u32::try_from(version).unwrap_or(0),
            reviewed: reviewed.unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            review_by: review_by.unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            kind: kind.unwrap_or(CriterionType::TekniskSpecifikation),
            level: level.unwrap_or(Ambition::Bas),
            title: errs.bilingual("title", &c.title_sv, &c.title_en),
            text: errs.bilingual("text", &c.text_sv, &c.text_en),
            rationale: errs.bilingual("rationale", &c.rationale_sv, &c.rationale_en),
            proof: errs.bilingual("proof", &c.proof_sv, &c.proof_en),
            follow_up: errs.bilingual("follow_up", &c.follow_up_sv, &c.follow_up_en),
            follow_up_when: when.unwrap_or(FollowUpWhen::VidLeverans),
            follow_up_evidence: errs.bilingual(
                "follow_up_evidence",
                &c.follow_up_evidence_sv,
                &c.follow_up_evidence_en,
            ),
            effect: errs.bilingual("effect", &c.effect_sv, &c.effect_en),
            effect_reduction,
            effect_basis,
            sources: errs.sources(&c.sources),
            cpv: c.cpv.iter().map(|x| errs.cpv(x)).collect(),
        };
        criteria.push((crit, c.id.span()));
    }
    if errs.list.is_empty() {
        Ok(Parsed {
            group,
            group_span: g.id.span(),
            criteria,
        })
    } else {
        Err(errs.list)
    }
}

/// Swedish for the TOML reader's and serde's messages, keeping the names and
/// the list of what was expected.
fn toml_message_sv(en: &str) -> String {
    let first = en.lines().next().unwrap_or(en);
    if let Some(rest) = first.strip_prefix("unknown field ") {
        return format!(
            "okänt fält {}",
            rest.replace(", expected one of", "; väntade ett av")
                .replace(", expected", "; väntade")
                .replace(", there are no fields", "; här finns inga fält")
        );
    }
    if let Some(rest) = first.strip_prefix("missing field ") {
        return format!("fält saknas: {rest}");
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        return format!(
            "fel typ av värde: {}",
            rest.replace(", expected", "; väntade")
        );
    }
    if first.starts_with("duplicate key") {
        return "nyckeln förekommer två gånger; väntade varje nyckel en gång".into();
    }
    "ogiltig TOML".into()
}

/// Parses and checks one product-group file; `file` names it in the messages
/// (and, when it ends in `.toml`, its stem must be the group id).
pub fn parse_group(
    text: &str,
    file: &str,
) -> Result<(ProductGroup, Vec<Criterion>), Vec<FileError>> {
    parse_inner(text, file).map(|p| (p.group, p.criteria.into_iter().map(|(c, _)| c).collect()))
}

/// Builds a library from `(file, text)` pairs: every file parsed and checked,
/// then group and criterion ids checked unique across files. All errors of
/// all files are returned together.
pub fn build_library(files: &[(&str, &str)]) -> Result<Library, Vec<FileError>> {
    let mut errors = Vec::new();
    let mut lib = Library::default();
    let mut groups: BTreeMap<String, &str> = BTreeMap::new();
    let mut ids: BTreeMap<String, &str> = BTreeMap::new();
    for &(file, text) in files {
        match parse_inner(text, file) {
            Err(e) => errors.extend(e),
            Ok(p) => {
                let mut errs = Errors {
                    text,
                    file,
                    list: Vec::new(),
                };
                if let Some(other) = groups.get(&p.group.id) {
                    errs.at(
                        p.group_span.clone(),
                        format!("gruppen \"{}\" finns redan i {other}", p.group.id),
                        format!("group \"{}\" is already defined in {other}", p.group.id),
                    );
                } else {
                    groups.insert(p.group.id.clone(), file);
                }
                for (c, span) in p.criteria {
                    if let Some(other) = ids.get(&c.id) {
                        errs.at(
                            span,
                            format!(
                                "id \"{}\" finns redan i {other}; väntade ett unikt id",
                                c.id
                            ),
                            format!(
                                "id \"{}\" is already used in {other}; expected a unique id",
                                c.id
                            ),
                        );
                    } else {
                        ids.insert(c.id.clone(), file);
                    }
                    lib.criteria.push(c);
                }
                lib.groups.push(p.group);
                errors.extend(errs.list);
            }
        }
    }
    if errors.is_empty() {
        Ok(lib)
    } else {
        Err(errors)
    }
}

/// The shipped library, parsed once from the files embedded in the binary.
///
/// # Panics
/// Only if a shipped file is broken, which `shipped_library_is_valid` rules out.
pub fn default_library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| match build_library(SHIPPED) {
        Ok(lib) => lib,
        Err(e) => {
            let list: Vec<String> = e.iter().map(ToString::to_string).collect();
            panic!(
                "inbyggt kriteriebibliotek är trasigt / shipped criteria library is broken:\n{}",
                list.join("\n")
            )
        }
    })
}

#[cfg(test)]
mod tests;
