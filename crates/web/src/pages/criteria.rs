//! Kriteriebibliotek: the shipped energy and climate criteria per product
//! group, searchable by group, CPV code, type, level and free text, with a
//! page per criterion (all fields, sources, review dates) and per group (what
//! the criteria rest on, criteria by level). The content is public guidance,
//! not tenant data: every signed-in role reads it, nobody edits it here.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use upphandla_core::criteria::{Ambition, Criterion, CriterionType, Filter, Library, ProductGroup};
use upphandla_core::date::Date;
use upphandla_formats::criteria::default_library;

use super::spend::catalogue;
use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Texts};

pub static TEXTS: Texts = &[
    ("nav.criteria", "Kriteriebibliotek", "Criteria library"),
    ("criteria.title", "Kriteriebibliotek", "Criteria library"),
    (
        "criteria.intro",
        "Energi- och klimatkrav att ställa i upphandlingar, per produktgrupp, typ av krav och ambitionsnivå. Varje kriterium har kravtext, motivering, bevis, uppföljning och källor. Texterna är skrivna för upphandla utifrån lagar, Upphandlingsmyndighetens och EU:s kriterier och andra angivna källor; kontrollera alltid mot källan innan ett krav används.",
        "Energy and climate requirements to set in procurements, by product group, type of requirement and ambition level. Each criterion has a requirement text, rationale, proof, follow-up and sources. The texts are written for upphandla from laws, the National Agency for Public Procurement's and the EU's criteria and other stated sources; always check against the source before using a requirement.",
    ),
    (
        "criteria.levels_explained",
        "Basnivå riktar in sig på den största delen av miljöpåverkan, är lätt att verifiera och har brett utbud. Avancerad nivå går längre och kräver mer arbete med verifiering och uppföljning. Spjutspetsnivå efterfrågar det bästa på marknaden; utbudet är mindre. (Upphandlingsmyndigheten, Krav i olika nivåer.)",
        "The core level targets most of the environmental impact, is easy to verify and has wide supply. The advanced level goes further and needs more verification and follow-up. The spearhead level asks for the best on the market; supply is thinner. (National Agency for Public Procurement, requirements at different levels.)",
    ),
    (
        "criteria.placeholders",
        "Värden inom hakparentes, t.ex. [X], fyller beställaren i.",
        "Values in square brackets, e.g. [X], are filled in by the buyer.",
    ),
    ("criteria.filter", "Sök kriterier", "Search criteria"),
    ("criteria.f_group", "Produktgrupp", "Product group"),
    (
        "criteria.f_all_groups",
        "Alla produktgrupper",
        "All product groups",
    ),
    ("criteria.f_cpv", "CPV-kod", "CPV code"),
    (
        "criteria.f_cpv_hint",
        "Hel kod eller början av den, t.ex. 34110000-1 eller 3411.",
        "A whole code or its beginning, e.g. 34110000-1 or 3411.",
    ),
    ("criteria.f_type", "Typ av krav", "Type of requirement"),
    ("criteria.f_all_types", "Alla typer", "All types"),
    ("criteria.f_level", "Ambitionsnivå", "Ambition level"),
    ("criteria.f_all_levels", "Alla nivåer", "All levels"),
    ("criteria.f_text", "Fritext", "Free text"),
    (
        "criteria.f_text_hint",
        "Alla ord ska finnas i id, rubrik, kravtext eller motivering (svenska eller engelska).",
        "Every word must occur in the id, title, requirement text or rationale (Swedish or English).",
    ),
    ("criteria.f_submit", "Visa kriterier", "Show criteria"),
    ("criteria.f_reset", "Rensa filtret", "Clear the filter"),
    ("criteria.results", "Kriterier", "Criteria"),
    ("criteria.matches", "träffar", "matches"),
    (
        "criteria.none",
        "Inga kriterier matchar filtret.",
        "No criteria match the filter.",
    ),
    ("criteria.col_title", "Kriterium", "Criterion"),
    ("criteria.col_group", "Produktgrupp", "Product group"),
    ("criteria.col_type", "Typ", "Type"),
    ("criteria.col_level", "Nivå", "Level"),
    ("criteria.col_when", "Följs upp", "Followed up"),
    (
        "criteria.col_reduction",
        "Förväntad minskning",
        "Expected reduction",
    ),
    ("criteria.col_reviewed", "Granskad", "Reviewed"),
    ("criteria.col_total", "Totalt", "Total"),
    (
        "criteria.per_group",
        "Träffar per produktgrupp och nivå",
        "Matches per product group and level",
    ),
    ("criteria.stale", "Behöver granskas", "Needs review"),
    (
        "criteria.stale_long",
        "Granskningsdatumet har passerats. Kontrollera innehållet mot källorna innan kriteriet används.",
        "The review date has passed. Check the content against the sources before using the criterion.",
    ),
    ("criteria.about", "Om kriteriet", "About the criterion"),
    ("criteria.id", "Id", "Id"),
    ("criteria.version", "Version", "Version"),
    ("criteria.reviewed", "Granskad", "Reviewed"),
    ("criteria.review_by", "Granskas senast", "Review by"),
    ("criteria.text", "Kravtext", "Requirement text"),
    ("criteria.rationale", "Motivering", "Rationale"),
    ("criteria.proof", "Bevis i anbudet", "Proof in the tender"),
    ("criteria.follow_up", "Uppföljning", "Follow-up"),
    ("criteria.when", "När", "When"),
    ("criteria.evidence", "Underlag", "Evidence"),
    ("criteria.effect", "Förväntad effekt", "Expected effect"),
    (
        "criteria.reduction",
        "Förväntad minskning av upphandlingens utgångsläge (CO₂e)",
        "Expected cut of the procurement's baseline (CO₂e)",
    ),
    (
        "criteria.basis_of",
        "Vad talet bygger på",
        "What the figure rests on",
    ),
    (
        "criteria.no_reduction",
        "Ingen andel anges; se förväntad effekt.",
        "No share is given; see the expected effect.",
    ),
    ("criteria.sources", "Källor", "Sources"),
    ("criteria.cpv", "CPV-koder", "CPV codes"),
    (
        "criteria.extra_cpv",
        "Egna CPV-koder utöver gruppens",
        "Own CPV codes beyond the group's",
    ),
    (
        "criteria.back",
        "Tillbaka till kriteriebiblioteket",
        "Back to the criteria library",
    ),
    (
        "criteria.group_page",
        "Produktgruppens sida",
        "The product group's page",
    ),
    (
        "criteria.basis",
        "Vad kriterierna vilar på",
        "What the criteria rest on",
    ),
    ("criteria.spend", "Utgiftskategorier", "Spend categories"),
    (
        "criteria.by_level",
        "Kriterier per nivå",
        "Criteria by level",
    ),
    (
        "criteria.level_none",
        "Inga kriterier på den här nivån.",
        "No criteria at this level.",
    ),
    (
        "criteria.search_group",
        "Sök bland gruppens kriterier",
        "Search the group's criteria",
    ),
];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/kriterier", get(list))
        .route("/kriterier/grupp/{id}", get(group_page))
        .route("/kriterier/{id}", get(detail))
}

/// An option of a filter select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A criterion as a table row.
pub struct Row {
    pub id: String,
    pub title: String,
    pub group_id: String,
    pub group: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub when: &'static str,
    pub reduction: String,
    pub reviewed: String,
    pub stale: bool,
}

/// Matches per group and level.
pub struct GroupCount {
    pub id: String,
    pub name: String,
    pub by_level: [usize; 3],
    pub total: usize,
}

#[derive(Template)]
#[template(path = "criteria_list.html")]
struct ListPage {
    page: Page,
    groups: Vec<Opt>,
    types: Vec<Opt>,
    levels: Vec<Opt>,
    level_names: Vec<&'static str>,
    cpv: String,
    text: String,
    filtered: bool,
    rows: Vec<Row>,
    counts: Vec<GroupCount>,
    totals: [usize; 3],
}

#[derive(Template)]
#[template(path = "criteria_detail.html")]
struct DetailPage {
    page: Page,
    c: Row,
    version: u32,
    review_by: String,
    text: Vec<String>,
    rationale: Vec<String>,
    proof: Vec<String>,
    follow_up: Vec<String>,
    evidence: String,
    effect: Vec<String>,
    effect_basis: String,
    sources: Vec<String>,
    group_cpv: Vec<String>,
    extra_cpv: Vec<String>,
}

/// One level's section on the group page.
pub struct LevelSection {
    pub key: &'static str,
    pub name: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "criteria_group.html")]
struct GroupPage {
    page: Page,
    id: String,
    name: String,
    basis: Vec<String>,
    cpv: Vec<String>,
    spend: Vec<String>,
    sources: Vec<String>,
    levels: Vec<LevelSection>,
}

fn english(lang: Lang) -> bool {
    lang == Lang::En
}

/// (sv, en) by language.
fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    if english(lang) { pair.1 } else { pair.0 }
}

/// A text split at blank lines into paragraphs.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn reduction_text(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_string(), fmt::percent_sv)
}

fn row(lib: &Library, c: &Criterion, lang: Lang, today: Date) -> Row {
    let en = english(lang);
    Row {
        id: c.id.clone(),
        title: c.title.get(en).to_string(),
        group_id: c.group.clone(),
        group: lib
            .group(&c.group)
            .map_or_else(|| c.group.clone(), |g| g.name.get(en).to_string()),
        kind: pick(lang, c.kind.name()),
        level: pick(lang, c.level.name()),
        when: pick(lang, c.follow_up_when.name()),
        reduction: reduction_text(c.effect_reduction),
        reviewed: c.reviewed.to_string(),
        stale: Library::is_stale(c, today),
    }
}

/// The list page's query: `?grupp=&cpv=&typ=&niva=&q=`. Values a select
/// cannot produce are ignored rather than refused.
#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    grupp: Option<String>,
    cpv: Option<String>,
    typ: Option<String>,
    niva: Option<String>,
    q: Option<String>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

async fn list(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let lib = default_library();
    let lang = ctx.lang;
    let en = english(lang);
    let group = non_empty(&q.grupp).filter(|g| lib.group(g).is_some());
    let kind = non_empty(&q.typ).and_then(|t| CriterionType::parse(&t));
    let level = non_empty(&q.niva).and_then(|l| Ambition::parse(&l));
    let filter = Filter {
        group: group.clone(),
        cpv: non_empty(&q.cpv),
        kind,
        level,
        text: non_empty(&q.q),
    };
    let today = state.clock.today();
    let found = lib.search(&filter);
    let mut counts: Vec<GroupCount> = lib
        .groups
        .iter()
        .map(|g| GroupCount {
            id: g.id.clone(),
            name: g.name.get(en).to_string(),
            by_level: [0; 3],
            total: 0,
        })
        .collect();
    let mut totals = [0; 3];
    for c in &found {
        let i = c.level as usize;
        totals[i] += 1;
        if let Some(gc) = counts.iter_mut().find(|g| g.id == c.group) {
            gc.by_level[i] += 1;
            gc.total += 1;
        }
    }
    let template = ListPage {
        page: Page::new(&ctx, "criteria", lang.t("criteria.title")),
        groups: lib
            .groups
            .iter()
            .map(|g| Opt {
                value: g.id.clone(),
                label: g.name.get(en).to_string(),
                selected: group.as_deref() == Some(g.id.as_str()),
            })
            .collect(),
        types: CriterionType::ALL
            .iter()
            .map(|t| Opt {
                value: t.key().to_string(),
                label: pick(lang, t.name()).to_string(),
                selected: kind == Some(*t),
            })
            .collect(),
        levels: Ambition::ALL
            .iter()
            .map(|a| Opt {
                value: a.key().to_string(),
                label: pick(lang, a.name()).to_string(),
                selected: level == Some(*a),
            })
            .collect(),
        level_names: Ambition::ALL.iter().map(|a| pick(lang, a.name())).collect(),
        cpv: filter.cpv.clone().unwrap_or_default(),
        text: filter.text.clone().unwrap_or_default(),
        filtered: filter != Filter::default(),
        rows: found.iter().map(|c| row(lib, c, lang, today)).collect(),
        counts,
        totals,
    };
    render(&template)
}

async fn detail(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let lib = default_library();
    let c = lib.criterion(&id).ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let en = english(lang);
    let group: Option<&ProductGroup> = lib.group(&c.group);
    let template = DetailPage {
        page: Page::new(&ctx, "criteria", c.title.get(en).to_string()),
        c: row(lib, c, lang, state.clock.today()),
        version: c.version,
        review_by: c.review_by.to_string(),
        text: paragraphs(c.text.get(en)),
        rationale: paragraphs(c.rationale.get(en)),
        proof: paragraphs(c.proof.get(en)),
        follow_up: paragraphs(c.follow_up.get(en)),
        evidence: c.follow_up_evidence.get(en).to_string(),
        effect: paragraphs(c.effect.get(en)),
        effect_basis: c.effect_basis.clone().unwrap_or_default(),
        sources: c.sources.clone(),
        group_cpv: group.map(|g| g.cpv.clone()).unwrap_or_default(),
        extra_cpv: c.cpv.clone(),
    };
    render(&template)
}

async fn group_page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let lib = default_library();
    let g = lib.group(&id).ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let en = english(lang);
    let today = state.clock.today();
    let spend = g
        .spend_categories
        .iter()
        .map(|s| {
            catalogue().iter().find(|(cid, _, _)| cid == s).map_or_else(
                || s.clone(),
                |(_, sv, e)| {
                    if en && !e.is_empty() {
                        e.clone()
                    } else {
                        sv.clone()
                    }
                },
            )
        })
        .collect();
    let levels = Ambition::ALL
        .iter()
        .map(|&a| {
            let filter = Filter {
                group: Some(g.id.clone()),
                level: Some(a),
                ..Filter::default()
            };
            LevelSection {
                key: a.key(),
                name: pick(lang, a.name()),
                rows: lib
                    .search(&filter)
                    .into_iter()
                    .map(|c| row(lib, c, lang, today))
                    .collect(),
            }
        })
        .collect();
    let template = GroupPage {
        page: Page::new(&ctx, "criteria", g.name.get(en).to_string()),
        id: g.id.clone(),
        name: g.name.get(en).to_string(),
        basis: paragraphs(g.basis.get(en)),
        cpv: g.cpv.clone(),
        spend,
        sources: g.sources.clone(),
        levels,
    };
    render(&template)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\n\n b \n\n\n\nc"), ["a", "b", "c"]);
        assert!(paragraphs("  ").is_empty());
    }

    #[test]
    fn every_group_has_a_level_section_with_rows() {
        let lib = default_library();
        let today = Date::new(2026, 11, 29).unwrap();
        for g in &lib.groups {
            for a in Ambition::ALL {
                let f = Filter {
                    group: Some(g.id.clone()),
                    level: Some(a),
                    ..Filter::default()
                };
                let rows: Vec<Row> = lib
                    .search(&f)
                    .into_iter()
                    .map(|c| row(lib, c, Lang::Sv, today))
                    .collect();
                assert!(!rows.is_empty(), "{} {}", g.id, a.key());
                assert!(rows.iter().all(|r| !r.stale), "reviewed this year");
            }
        }
    }
}
