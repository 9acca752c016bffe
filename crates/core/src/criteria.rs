//! The criteria library (kriteriebibliotek): energy and climate requirements
//! per product group, by type and ambition level, each with its proof and
//! follow-up method.
//!
//! The content lives in `data/criteria/<group>.toml`, read by
//! `upphandla_formats::criteria`; this module holds the types and the pure
//! look-ups (search, suggestions, staleness, expected effect). See
//! docs/criteria.md.

use crate::date::Date;

/// The four kinds of requirement a tender can carry (UHM "Om kriterierna";
/// LOU 14, 9, 16 and 17 kap.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CriterionType {
    /// Supplier capability (kvalificeringskrav).
    Kvalificeringskrav,
    /// Mandatory requirement on the good, service or works.
    TekniskSpecifikation,
    /// Scored in the evaluation.
    Tilldelningskriterium,
    /// Special contract performance clause, met during delivery.
    Kontraktsvillkor,
}

impl CriterionType {
    pub const ALL: [CriterionType; 4] = [
        CriterionType::Kvalificeringskrav,
        CriterionType::TekniskSpecifikation,
        CriterionType::Tilldelningskriterium,
        CriterionType::Kontraktsvillkor,
    ];

    /// The key used in data files and URLs.
    pub fn key(self) -> &'static str {
        match self {
            CriterionType::Kvalificeringskrav => "kvalificeringskrav",
            CriterionType::TekniskSpecifikation => "teknisk_specifikation",
            CriterionType::Tilldelningskriterium => "tilldelningskriterium",
            CriterionType::Kontraktsvillkor => "kontraktsvillkor",
        }
    }

    pub fn parse(key: &str) -> Option<CriterionType> {
        CriterionType::ALL.into_iter().find(|t| t.key() == key)
    }

    /// (Swedish, English) name.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            CriterionType::Kvalificeringskrav => ("Kvalificeringskrav", "Selection criterion"),
            CriterionType::TekniskSpecifikation => {
                ("Teknisk specifikation", "Technical specification")
            }
            CriterionType::Tilldelningskriterium => ("Tilldelningskriterium", "Award criterion"),
            CriterionType::Kontraktsvillkor => {
                ("Särskilt kontraktsvillkor", "Contract performance clause")
            }
        }
    }
}

/// Ambition level (UHM's bas, avancerad, spjutspets). Ordered from the
/// lowest to the highest ambition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ambition {
    Bas,
    Avancerad,
    Spjutspets,
}

impl Ambition {
    pub const ALL: [Ambition; 3] = [Ambition::Bas, Ambition::Avancerad, Ambition::Spjutspets];

    pub fn key(self) -> &'static str {
        match self {
            Ambition::Bas => "bas",
            Ambition::Avancerad => "avancerad",
            Ambition::Spjutspets => "spjutspets",
        }
    }

    pub fn parse(key: &str) -> Option<Ambition> {
        Ambition::ALL.into_iter().find(|a| a.key() == key)
    }

    /// (Swedish, English) name.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Ambition::Bas => ("Basnivå", "Core level"),
            Ambition::Avancerad => ("Avancerad nivå", "Advanced level"),
            Ambition::Spjutspets => ("Spjutspetsnivå", "Spearhead level"),
        }
    }
}

/// When the buyer checks a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FollowUpWhen {
    VidAnbud,
    VidLeverans,
    Manadsvis,
    Kvartalsvis,
    Arligen,
    VidAvtalsslut,
}

impl FollowUpWhen {
    pub const ALL: [FollowUpWhen; 6] = [
        FollowUpWhen::VidAnbud,
        FollowUpWhen::VidLeverans,
        FollowUpWhen::Manadsvis,
        FollowUpWhen::Kvartalsvis,
        FollowUpWhen::Arligen,
        FollowUpWhen::VidAvtalsslut,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FollowUpWhen::VidAnbud => "vid_anbud",
            FollowUpWhen::VidLeverans => "vid_leverans",
            FollowUpWhen::Manadsvis => "manadsvis",
            FollowUpWhen::Kvartalsvis => "kvartalsvis",
            FollowUpWhen::Arligen => "arligen",
            FollowUpWhen::VidAvtalsslut => "vid_avtalsslut",
        }
    }

    pub fn parse(key: &str) -> Option<FollowUpWhen> {
        FollowUpWhen::ALL.into_iter().find(|w| w.key() == key)
    }

    /// (Swedish, English) name.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            FollowUpWhen::VidAnbud => ("Vid anbudsprövning", "When tenders are examined"),
            FollowUpWhen::VidLeverans => ("Vid leverans", "On delivery"),
            FollowUpWhen::Manadsvis => ("Månadsvis", "Monthly"),
            FollowUpWhen::Kvartalsvis => ("Kvartalsvis", "Quarterly"),
            FollowUpWhen::Arligen => ("Årligen", "Yearly"),
            FollowUpWhen::VidAvtalsslut => ("Vid avtalets slut", "At the end of the contract"),
        }
    }
}

/// A text in Swedish and English.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    pub sv: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual {
            sv: sv.into(),
            en: en.into(),
        }
    }

    /// The English text when asked for and present, else the Swedish.
    pub fn get(&self, english: bool) -> &str {
        if english && !self.en.is_empty() {
            &self.en
        } else {
            &self.sv
        }
    }
}

/// A product group: what its criteria cover and rest on.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductGroup {
    pub id: String,
    pub name: Bilingual,
    /// CPV codes with check digit (`34100000-8`).
    pub cpv: Vec<String>,
    /// Spend category ids (data/spend/categories.csv) the group's purchases fall under.
    pub spend_categories: Vec<String>,
    /// What the criteria rest on: laws, guidance, sources.
    pub basis: Bilingual,
    pub sources: Vec<String>,
}

/// One requirement, ready to go into tender documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Unique over the library and stable across versions.
    pub id: String,
    /// Id of its [`ProductGroup`].
    pub group: String,
    pub version: u32,
    /// When the content was last checked.
    pub reviewed: Date,
    /// When it goes stale (see [`Library::is_stale`]).
    pub review_by: Date,
    pub kind: CriterionType,
    pub level: Ambition,
    pub title: Bilingual,
    /// The requirement as it goes into the tender documents.
    pub text: Bilingual,
    /// Why: climate or energy effect and legal footing.
    pub rationale: Bilingual,
    /// How the tenderer proves it.
    pub proof: Bilingual,
    /// How the buyer follows it up during the contract.
    pub follow_up: Bilingual,
    pub follow_up_when: FollowUpWhen,
    pub follow_up_evidence: Bilingual,
    /// Expected effect and its basis, in words.
    pub effect: Bilingual,
    /// Expected fraction (0–1) cut of the procurement's baseline CO2e, where a
    /// defensible basis exists; `effect_basis` says what it is relative to.
    pub effect_reduction: Option<f64>,
    pub effect_basis: Option<String>,
    pub sources: Vec<String>,
    /// Extra CPV codes beyond the group's.
    pub cpv: Vec<String>,
}

/// All product groups and their criteria.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub groups: Vec<ProductGroup>,
    pub criteria: Vec<Criterion>,
}

/// A search in the library; `None` fields match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub group: Option<String>,
    /// A CPV code or prefix (`34110000-1`, `3411`).
    pub cpv: Option<String>,
    pub kind: Option<CriterionType>,
    pub level: Option<Ambition>,
    /// Words that must all occur in the id, title, text or rationale (either language).
    pub text: Option<String>,
}

/// The significant digits of a CPV code or prefix: digits before the check
/// digit, trailing zeros dropped (`34110000-1` → `3411`, `03000000` → `03`).
pub fn cpv_significant(code: &str) -> String {
    let main = code.split('-').next().unwrap_or("");
    let digits: String = main
        .chars()
        .filter(|c| !c.is_whitespace())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let digits = digits.get(..8).unwrap_or(&digits);
    digits.trim_end_matches('0').to_string()
}

/// Length of the shared prefix when one code lies under the other (either way),
/// or `None` when they are in different branches. An empty code (all zeros)
/// matches nothing.
fn cpv_overlap(a: &str, b: &str) -> Option<usize> {
    let (a, b) = (cpv_significant(a), cpv_significant(b));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    (a.starts_with(&b) || b.starts_with(&a)).then(|| a.len().min(b.len()))
}

impl Library {
    pub fn group(&self, id: &str) -> Option<&ProductGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The criteria of one group, in file order.
    pub fn in_group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Criterion> + 'a {
        self.criteria.iter().filter(move |c| c.group == group)
    }

    /// The CPV codes a criterion applies to: its group's and its own.
    pub fn cpv_of<'a>(&'a self, c: &'a Criterion) -> impl Iterator<Item = &'a String> + 'a {
        self.group(&c.group)
            .map(|g| g.cpv.as_slice())
            .unwrap_or(&[])
            .iter()
            .chain(c.cpv.iter())
    }

    /// Criteria matching every given part of the filter, ordered by group
    /// (library order), then level, then type. A CPV code matches when it lies
    /// under one of the criterion's codes or above it (so `34` finds the
    /// vehicle criteria and `34110000-1` finds those for all motor vehicles).
    pub fn search(&self, f: &Filter) -> Vec<&Criterion> {
        let words: Vec<String> = f
            .text
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let group = f.group.as_deref().filter(|g| !g.is_empty());
        let cpv = f.cpv.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let mut out: Vec<&Criterion> = self
            .criteria
            .iter()
            .filter(|c| group.is_none_or(|g| c.group == g))
            .filter(|c| f.kind.is_none_or(|k| c.kind == k))
            .filter(|c| f.level.is_none_or(|l| c.level == l))
            .filter(|c| {
                cpv.is_none_or(|code| self.cpv_of(c).any(|own| cpv_overlap(own, code).is_some()))
            })
            .filter(|c| words.is_empty() || matches_words(c, &words))
            .collect();
        let rank = |c: &Criterion| self.groups.iter().position(|g| g.id == c.group);
        out.sort_by_key(|c| (rank(c), c.level, c.kind));
        out
    }

    /// Product groups that fit a procurement: those sharing a CPV branch with
    /// any of its codes (closest match first) and those listing its spend
    /// category, each once.
    pub fn suggest(
        &self,
        cpv_codes: &[String],
        spend_category: Option<&str>,
    ) -> Vec<&ProductGroup> {
        let mut scored: Vec<(usize, usize, &ProductGroup)> = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            let best = g
                .cpv
                .iter()
                .flat_map(|own| cpv_codes.iter().filter_map(move |c| cpv_overlap(own, c)))
                .max();
            let by_category = spend_category
                .filter(|s| !s.is_empty())
                .is_some_and(|s| g.spend_categories.iter().any(|x| x == s));
            match best {
                Some(len) => scored.push((len, i, g)),
                None if by_category => scored.push((0, i, g)),
                None => {}
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, _, g)| g).collect()
    }

    /// True from the criterion's `review_by` date on: its content must be
    /// checked again before it is relied on.
    pub fn is_stale(c: &Criterion, today: Date) -> bool {
        today >= c.review_by
    }
}

fn matches_words(c: &Criterion, words: &[String]) -> bool {
    let hay = [
        c.id.as_str(),
        &c.title.sv,
        &c.title.en,
        &c.text.sv,
        &c.text.en,
        &c.rationale.sv,
        &c.rationale.en,
    ]
    .join("\n")
    .to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// Expected cut of the procurement's baseline CO2e from the chosen criteria:
/// the largest single `effect_reduction`. Measures on the same emissions
/// overlap (a zero-emission car needs no renewable-fuel clause), so they are
/// not added; `None` when no chosen criterion carries a figure.
pub fn expected_reduction(chosen: &[&Criterion]) -> Option<f64> {
    chosen
        .iter()
        .filter_map(|c| c.effect_reduction)
        .filter(|r| r.is_finite())
        .map(|r| r.clamp(0.0, 1.0))
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn crit(id: &str, group: &str, kind: CriterionType, level: Ambition) -> Criterion {
        Criterion {
            id: id.into(),
            group: group.into(),
            version: 1,
            reviewed: d(2025, 11, 29),
            review_by: d(2026, 11, 29),
            kind,
            level,
            title: Bilingual::new(format!("Titel {id}"), format!("Title {id}")),
            text: Bilingual::new("Bilen ska vara en elbil.", "The car shall be electric."),
            rationale: Bilingual::new("Noll avgasutsläpp", "Zero exhaust"),
            proof: Bilingual::default(),
            follow_up: Bilingual::default(),
            follow_up_when: FollowUpWhen::VidLeverans,
            follow_up_evidence: Bilingual::default(),
            effect: Bilingual::default(),
            effect_reduction: None,
            effect_basis: None,
            sources: vec![],
            cpv: vec![],
        }
    }

    fn group(id: &str, cpv: &[&str], cats: &[&str]) -> ProductGroup {
        ProductGroup {
            id: id.into(),
            name: Bilingual::new(id, id),
            cpv: cpv.iter().map(|s| s.to_string()).collect(),
            spend_categories: cats.iter().map(|s| s.to_string()).collect(),
            basis: Bilingual::default(),
            sources: vec![],
        }
    }

    fn lib() -> Library {
        let mut el = crit(
            "el-1",
            "el",
            CriterionType::TekniskSpecifikation,
            Ambition::Bas,
        );
        el.text = Bilingual::new("Förnybar el med ursprungsgarantier", "Renewable power");
        let mut extra = crit(
            "fordon-2",
            "fordon",
            CriterionType::Tilldelningskriterium,
            Ambition::Avancerad,
        );
        extra.cpv = vec!["50112000-3".into()];
        Library {
            groups: vec![
                group("fordon", &["34100000-8"], &["vehicles", "vehicle_leasing"]),
                group("el", &["09310000-5"], &["electricity"]),
            ],
            criteria: vec![
                crit(
                    "fordon-3",
                    "fordon",
                    CriterionType::TekniskSpecifikation,
                    Ambition::Spjutspets,
                ),
                extra,
                crit(
                    "fordon-1",
                    "fordon",
                    CriterionType::Kontraktsvillkor,
                    Ambition::Bas,
                ),
                el,
            ],
        }
    }

    #[test]
    fn keys_round_trip() {
        for t in CriterionType::ALL {
            assert_eq!(CriterionType::parse(t.key()), Some(t));
        }
        for a in Ambition::ALL {
            assert_eq!(Ambition::parse(a.key()), Some(a));
        }
        for w in FollowUpWhen::ALL {
            assert_eq!(FollowUpWhen::parse(w.key()), Some(w));
        }
        assert_eq!(Ambition::parse("Bas"), None);
        assert!(Ambition::Bas < Ambition::Avancerad && Ambition::Avancerad < Ambition::Spjutspets);
    }

    #[test]
    fn significant_digits() {
        assert_eq!(cpv_significant("34110000-1"), "3411");
        assert_eq!(cpv_significant("03000000-1"), "03");
        assert_eq!(cpv_significant("3411"), "3411");
        assert_eq!(cpv_significant("00000000-0"), "");
        assert_eq!(cpv_significant("abc"), "");
    }

    #[test]
    fn search_filters_and_orders() {
        let l = lib();
        let all = l.search(&Filter::default());
        let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["fordon-1", "fordon-2", "fordon-3", "el-1"]);

        let f = Filter {
            cpv: Some("34110000-1".into()),
            ..Filter::default()
        };
        assert_eq!(l.search(&f).len(), 3, "a code under the group's code");
        let f = Filter {
            cpv: Some("34".into()),
            ..Filter::default()
        };
        assert_eq!(l.search(&f).len(), 3, "a code above the group's code");
        let f = Filter {
            cpv: Some("50112000-3".into()),
            ..Filter::default()
        };
        let ids: Vec<&str> = l.search(&f).iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["fordon-2"], "a criterion's own extra code");
        let f = Filter {
            cpv: Some("35".into()),
            ..Filter::default()
        };
        assert!(l.search(&f).is_empty());

        let f = Filter {
            level: Some(Ambition::Bas),
            ..Filter::default()
        };
        assert_eq!(l.search(&f).len(), 2);
        let f = Filter {
            group: Some("fordon".into()),
            kind: Some(CriterionType::TekniskSpecifikation),
            ..Filter::default()
        };
        assert_eq!(l.search(&f)[0].id, "fordon-3");
        let f = Filter {
            text: Some("URSPRUNGSGARANTIER förnybar".into()),
            ..Filter::default()
        };
        assert_eq!(l.search(&f)[0].id, "el-1");
        assert_eq!(l.search(&f).len(), 1);
        let f = Filter {
            text: Some("renewable missing-word".into()),
            ..Filter::default()
        };
        assert!(l.search(&f).is_empty());
    }

    #[test]
    fn suggest_by_cpv_and_category() {
        let l = lib();
        let ids = |v: Vec<&ProductGroup>| v.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(l.suggest(&["34110000-1".into()], None)), ["fordon"]);
        assert_eq!(ids(l.suggest(&[], Some("electricity"))), ["el"]);
        assert_eq!(
            ids(l.suggest(&["09310000-5".into()], Some("vehicles"))),
            ["el", "fordon"],
            "a CPV match ranks before a category match"
        );
        assert!(l.suggest(&["45000000-7".into()], Some("")).is_empty());
    }

    #[test]
    fn staleness_and_reduction() {
        let mut a = crit("a", "g", CriterionType::Kontraktsvillkor, Ambition::Bas);
        assert!(!Library::is_stale(&a, d(2026, 11, 28)));
        assert!(Library::is_stale(&a, d(2026, 11, 29)));
        let mut b = a.clone();
        let c = a.clone();
        assert_eq!(expected_reduction(&[&a, &b, &c]), None);
        a.effect_reduction = Some(0.5);
        b.effect_reduction = Some(0.82);
        assert_eq!(expected_reduction(&[&a, &b, &c]), Some(0.82));
        assert_eq!(expected_reduction(&[]), None);
    }
}
