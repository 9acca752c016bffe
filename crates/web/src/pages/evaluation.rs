//! Anbudsutvärdering: the organisation's saved tender evaluations, a new
//! one from a generated tender file (method, number of bids and criteria)
//! filled in through a form, or from an example, the results (ranking,
//! how each bid got its score, weight ranges, rank-reversal warning) and
//! exports. The evaluation and its report are `upphandla_formats::evaluation`,
//! as in `upphandla evaluate`; bids can take their LCC from a saved LCC model
//! (`lcc_model = "lcc/ID"` or the model's name).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use upphandla_formats::doc::Doc;
use upphandla_formats::evaluation::{self, EvaluateRun};
use upphandla_formats::lcc::{FieldPos, FileError, fill_template};
use upphandla_store::{ModelKind, ModelRow, OrgId, Store, StoreError};

use super::lcc::form;
use super::lcc::models::{
    self, Area, FormPage, ListPage, ModelPages, OptionGroup, OptionItem, invalid, load,
    model_lists, save,
};
use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Texts};

pub static TEXTS: Texts = &[
    ("evaluation.title", "Anbudsutvärdering", "Tender evaluation"),
    (
        "evaluation.intro",
        "Utvärdera anbud på lägsta pris, lägsta livscykelkostnad, mervärdesmodell (fiktiva prisavdrag) eller relativ poängsättning, med rabatt för certifierad CO₂-ambitionsnivå. Resultatet visar hur varje anbud fick sitt resultat, inom vilka vikter vinnaren står sig och om rangordningen kan vända. Samma beräkning som kommandot upphandla evaluate (docs/lcc.md).",
        "Evaluate bids on lowest price, lowest life-cycle cost, value deduction (fictitious price deductions) or relative scoring, with a discount for a certified CO₂ ambition level. The result shows how each bid got its result, within which weights the winner holds and whether the ranking can reverse. The same calculation as the upphandla evaluate command (docs/lcc.md).",
    ),
    (
        "evaluation.saved",
        "Sparade utvärderingar",
        "Saved evaluations",
    ),
    (
        "evaluation.none",
        "Inga sparade utvärderingar ännu.",
        "No saved evaluations yet.",
    ),
    ("evaluation.new", "Ny utvärdering", "New evaluation"),
    (
        "evaluation.new_hint",
        "Välj utvärderingsmodell och hur många anbud och kriterier det gäller; du får ett formulär att fylla i. Antalet kan ändras senare i filen.",
        "Choose the evaluation method and how many bids and criteria; you get a form to fill in. The numbers can be changed later in the file.",
    ),
    (
        "evaluation.method",
        "Utvärderingsmodell",
        "Evaluation method",
    ),
    ("evaluation.lowest_price", "Lägsta pris", "Lowest price"),
    (
        "evaluation.lowest_lcc",
        "Lägsta livscykelkostnad (LCC)",
        "Lowest life-cycle cost (LCC)",
    ),
    (
        "evaluation.value_deduction",
        "Mervärdesmodell: pris minus avdrag för kvalitet",
        "Value deduction: price minus deductions for quality",
    ),
    (
        "evaluation.relative_scoring",
        "Relativ poängsättning med vikter",
        "Relative scoring with weights",
    ),
    ("evaluation.sizes", "Antal", "Numbers"),
    (
        "evaluation.bids",
        "Antal anbud (2–12)",
        "Number of bids (2–12)",
    ),
    (
        "evaluation.criteria",
        "Antal kvalitetskriterier (1–8, gäller mervärdesmodell och relativ poängsättning)",
        "Number of quality criteria (1–8, for value deduction and relative scoring)",
    ),
    (
        "evaluation.lcc_basis",
        "Prisdelen utgår från anbudens livscykelkostnad (LCC) i stället för priset",
        "The price part is based on the bids' life-cycle cost (LCC) instead of the price",
    ),
    (
        "evaluation.examples",
        "Exempel att utgå från",
        "Examples to start from",
    ),
    (
        "evaluation.example_cleaning",
        "Lokalvård, relativ poängsättning – visar rangomkastning",
        "Cleaning, relative scoring – shows rank reversal",
    ),
    (
        "evaluation.example_lighting",
        "Gatubelysning, mervärdesmodell på LCC med CO₂-ambitionsnivåer",
        "Street lighting, value deduction on LCC with CO₂ ambition levels",
    ),
    (
        "evaluation.example_cars",
        "Tjänstebilar, lägsta LCC hämtad från en LCC-kalkyl",
        "Service cars, lowest LCC taken from an LCC model",
    ),
    (
        "evaluation.new_title",
        "Ny anbudsutvärdering",
        "New tender evaluation",
    ),
    (
        "evaluation.edit_title",
        "Ändra anbudsutvärdering",
        "Edit tender evaluation",
    ),
    ("evaluation.winner", "Vinnare", "Winner"),
    ("evaluation.order", "Ordning", "Order"),
    ("evaluation.reversals", "Rangomkastning", "Rank reversal"),
    (
        "evaluation.reversal_found",
        "Ja – se varningen i rapporten",
        "Yes – see the warning in the report",
    ),
    ("evaluation.reversal_none", "Ingen", "None"),
    (
        "evaluation.export_toml",
        "Utvärderingsfilen (TOML, för upphandla evaluate)",
        "The tender file (TOML, for upphandla evaluate)",
    ),
    (
        "evaluation.lcc_link_hint",
        "Anbudens LCC kan hämtas från en sparad LCC-kalkyl: skriv lcc_model = \"lcc/ID\" (kalkylens nummer i adressen) och lcc_alternative = \"alternativets id\" för varje anbud i filen.",
        "The bids' LCC can come from a saved LCC model: write lcc_model = \"lcc/ID\" (the model's number in its address) and lcc_alternative = \"the option's id\" for each bid in the file.",
    ),
];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/evaluation",
            get(list).post(models::create::<EvaluationPages>),
        )
        .route("/evaluation/new", get(new_form))
        .route("/evaluation/{id}/edit", get(edit_form))
        .merge(models::routes::<EvaluationPages>())
}

const EVALUATION: Area = Area {
    kind: ModelKind::Evaluation,
    base: "/evaluation",
    key: "evaluation",
};

const METHODS: [&str; 4] = [
    "lowest_price",
    "lowest_lcc",
    "value_deduction",
    "relative_scoring",
];
const MAX_BIDS: usize = 12;
const MAX_CRITERIA: usize = 8;

/// The built-in examples (examples/), by the name the list links use.
const EXAMPLES: [(&str, &str, &str); 3] = [
    (
        "cleaning",
        "evaluation.example_cleaning",
        include_str!("../../../../examples/tender-cleaning-relative-scoring.toml"),
    ),
    (
        "lighting",
        "evaluation.example_lighting",
        include_str!("../../../../examples/tender-street-lighting-value-deduction.toml"),
    ),
    (
        "cars",
        "evaluation.example_cars",
        include_str!("../../../../examples/tender-service-cars-lowest-lcc.toml"),
    ),
];

/// LCC model files the examples name in `lcc_model`.
const EXAMPLE_MODELS: [(&str, &str); 2] = [
    (
        "lcc-service-cars.toml",
        include_str!("../../../../examples/lcc-service-cars.toml"),
    ),
    (
        "lcc-street-lighting.toml",
        include_str!("../../../../examples/lcc-street-lighting.toml"),
    ),
];

/// What a generated tender file looks like.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    method: &'static str,
    bids: usize,
    criteria: usize,
    /// `basis = "lcc"` (value deduction, relative scoring); lowest LCC always uses LCC.
    lcc_basis: bool,
}

impl Shape {
    fn has_criteria(&self) -> bool {
        matches!(self.method, "value_deduction" | "relative_scoring")
    }

    fn uses_lcc(&self) -> bool {
        self.method == "lowest_lcc" || (self.lcc_basis && self.has_criteria())
    }

    fn from_query(pairs: &[(String, String)]) -> Shape {
        let number = |key: &str, default: usize, min: usize, max: usize| {
            form::form_value(pairs, key)
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(default)
                .clamp(min, max)
        };
        let method = form::form_value(pairs, "method")
            .and_then(|m| METHODS.iter().find(|x| **x == m).copied())
            .unwrap_or("relative_scoring");
        Shape {
            method,
            bids: number("bids", 3, 2, MAX_BIDS),
            criteria: number("criteria", 2, 1, MAX_CRITERIA),
            lcc_basis: form::form_value(pairs, "lcc_basis") == Some("1"),
        }
    }

    fn of_file(text: &str) -> Option<Shape> {
        let root: toml::Table = toml::from_str(text).ok()?;
        let count = |k: &str| {
            root.get(k)
                .and_then(|v| v.as_array())
                .map_or(0, |a| a.len())
        };
        let method = root.get("method")?.as_str()?;
        Some(Shape {
            method: METHODS.iter().find(|m| **m == method).copied()?,
            bids: count("bids"),
            criteria: count("criteria").max(1),
            lcc_basis: root.get("basis").and_then(|v| v.as_str()) == Some("lcc"),
        })
    }

    fn params(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("chosen".to_string(), "1".to_string()),
            ("method".to_string(), self.method.to_string()),
            ("bids".to_string(), self.bids.to_string()),
            ("criteria".to_string(), self.criteria.to_string()),
        ];
        if self.lcc_basis {
            out.push(("lcc_basis".into(), "1".into()));
        }
        out
    }

    /// The tender file with "FYLL I" for every value the buyer gives.
    fn template(&self) -> String {
        use std::fmt::Write;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# upphandla anbudsutvärdering ({}). Format: docs/lcc.md, avsnittet Anbudsutvärdering.\n\
             # Belopp i kronor exkl. moms med högst två decimaler (exakta öre).\n",
            Lang::Sv.t(&format!("evaluation.{}", self.method))
        );
        t.push_str("name = \"FYLL I: upphandlingens namn\"\n");
        let _ = writeln!(t, "method = \"{}\"", self.method);
        if self.lcc_basis && self.has_criteria() {
            t.push_str("basis = \"lcc\"\n");
        }
        if self.method == "relative_scoring" {
            t.push_str(
                "# Prisets vikt och kriteriernas vikter ska tillsammans bli 1.\n\
                 price_weight = \"FYLL I: prisets vikt 0–1, t.ex. 0.6\"\n",
            );
        }
        if self.has_criteria() {
            for k in 1..=self.criteria {
                let _ = writeln!(
                    t,
                    "\n[[criteria]]\nid = \"k{k}\"\nname = \"FYLL I: kriteriets namn\"\n\
                     max_points = \"FYLL I: högsta poäng, t.ex. 5\""
                );
                if self.method == "value_deduction" {
                    t.push_str(
                        "# Mervärdesmodellen: så mycket dras från jämförelsepriset vid full poäng.\n\
                         deduction_sek = \"FYLL I: avdrag i kr vid full poäng\"\n",
                    );
                } else {
                    t.push_str("weight = \"FYLL I: kriteriets vikt 0–1, t.ex. 0.2\"\n");
                }
            }
        }
        for b in 1..=self.bids {
            let _ = writeln!(
                t,
                "\n[[bids]]\nid = \"a{b}\"\nname = \"FYLL I: anbudsgivarens namn\"\n\
                 price_sek = \"FYLL I: anbudspris i kr exkl. moms\""
            );
            if self.uses_lcc() {
                t.push_str(
                    "lcc_sek = \"FYLL I: anbudets livscykelkostnad i kr (t.ex. Totalt från LCC-kalkylen)\"\n",
                );
            }
            if self.has_criteria() {
                let answers: Vec<String> = (1..=self.criteria)
                    .map(|k| {
                        format!("k{k} = \"FYLL I: poäng på kriterium {k}, 0 till högsta poäng\"")
                    })
                    .collect();
                let _ = writeln!(t, "answers = {{ {} }}", answers.join(", "));
            }
        }
        t
    }
}

fn method_name(method: &str, lang: Lang) -> String {
    if METHODS.contains(&method) {
        lang.t(&format!("evaluation.{method}")).to_string()
    } else if let Some((_, key, _)) = EXAMPLES
        .iter()
        .find(|(id, _, _)| method.strip_prefix("example:") == Some(*id))
    {
        lang.t(key).to_string()
    } else {
        "–".to_string()
    }
}

/// The LCC model a tender file names in `lcc_model`: a saved model of the
/// organisation (`lcc/ID` or its name) or a built-in example file.
async fn linked_model(
    store: &Store,
    org: OrgId,
    text: &str,
) -> AppResult<Option<(String, Result<String, String>)>> {
    let Some(name) = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("lcc_model")?.as_str().map(str::to_string))
    else {
        return Ok(None);
    };
    let content = if let Some(id) = name
        .strip_prefix("lcc/")
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        match store.model(org, id).await? {
            Some(row) if row.summary.kind == ModelKind::Lcc => Ok(row.content),
            _ => Err(format!(
                "det finns ingen LCC-kalkyl nummer {id} / no LCC model {id}"
            )),
        }
    } else if let Some((_, text)) = EXAMPLE_MODELS.iter().find(|(n, _)| *n == name) {
        Ok(text.to_string())
    } else {
        let same: Vec<i64> = store
            .models(org, ModelKind::Lcc)
            .await?
            .iter()
            .filter(|m| m.name == name)
            .map(|m| m.id)
            .collect();
        match same.as_slice() {
            [id] => store
                .model(org, *id)
                .await?
                .map(|r| r.content)
                .ok_or_else(|| "LCC-kalkylen finns inte längre".to_string()),
            [] => Err("det finns ingen LCC-kalkyl med det namnet / no LCC model by that name".into()),
            _ => Err("flera LCC-kalkyler har det namnet; skriv lcc/ID / several models have that name; write lcc/ID".into()),
        }
    };
    Ok(Some((name, content)))
}

async fn compute(
    store: &Store,
    org: OrgId,
    text: &str,
) -> AppResult<Result<EvaluateRun, Vec<FileError>>> {
    let linked = linked_model(store, org, text).await?;
    let text = text.to_string();
    // A linked LCC model runs its Monte Carlo too: off the async threads.
    tokio::task::spawn_blocking(move || {
        let load = |path: &str| match &linked {
            Some((name, content)) if name == path => content.clone(),
            _ => Err(format!("{path} finns inte")),
        };
        evaluation::compute(&text, &load)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// A generated tender file filled in from its form.
fn fill(shape: &Shape, values: &BTreeMap<FieldPos, String>) -> Result<String, Vec<FileError>> {
    let pairs: Vec<(FieldPos, &String)> = values.iter().map(|(p, v)| (*p, v)).collect();
    let text = fill_template(&shape.template(), &pairs)?;
    evaluation::compute(&text, &|p: &str| Err(format!("{p} finns inte")))?;
    Ok(text)
}

/// The shape and values of a saved file, if it is exactly a generated form filled in.
fn form_of_file(text: &str, lang: Lang) -> Option<(Shape, BTreeMap<FieldPos, String>)> {
    let shape = Shape::of_file(text)?;
    let template = shape.template();
    let values = form::values_from_file(&template, text, lang, true)?;
    (fill(&shape, &values).ok()? == text).then_some((shape, values))
}

fn shape_options(shape: &Shape, lang: Lang) -> Vec<OptionGroup> {
    vec![
        OptionGroup {
            legend: lang.t("evaluation.method").into(),
            items: METHODS
                .iter()
                .map(|m| {
                    OptionItem::check(
                        "radio",
                        "method",
                        m,
                        lang.t(&format!("evaluation.{m}")).into(),
                        *m == shape.method,
                    )
                })
                .collect(),
        },
        OptionGroup {
            legend: lang.t("evaluation.sizes").into(),
            items: vec![
                OptionItem::number(
                    "bids",
                    shape.bids,
                    lang.t("evaluation.bids").into(),
                    2,
                    MAX_BIDS as u32,
                ),
                OptionItem::number(
                    "criteria",
                    shape.criteria,
                    lang.t("evaluation.criteria").into(),
                    1,
                    MAX_CRITERIA as u32,
                ),
                OptionItem::check(
                    "checkbox",
                    "lcc_basis",
                    "1",
                    lang.t("evaluation.lcc_basis").into(),
                    shape.lcc_basis,
                ),
            ],
        },
    ]
}

struct FormState {
    values: BTreeMap<FieldPos, String>,
    errors: Vec<FileError>,
    toml: String,
    toml_errors: Vec<FileError>,
}

fn form_page(ctx: &Ctx, existing: Option<i64>, shape: Option<&Shape>, st: FormState) -> FormPage {
    let lang = ctx.lang;
    let heading = lang
        .t(if existing.is_some() {
            "evaluation.edit_title"
        } else {
            "evaluation.new_title"
        })
        .to_string();
    let (action, cancel, choose_action) = match existing {
        Some(id) => (
            format!("/evaluation/{id}"),
            format!("/evaluation/{id}"),
            format!("/evaluation/{id}/edit"),
        ),
        None => (
            "/evaluation".into(),
            "/evaluation".into(),
            "/evaluation/new".into(),
        ),
    };
    let (groups, errors) = match shape {
        Some(s) => form::groups(&s.template(), &st.values, &st.errors, lang),
        None => (Vec::new(), form::error_lines(&st.errors, lang)),
    };
    FormPage {
        page: Page::new(ctx, "evaluation", heading.clone()),
        heading,
        action,
        cancel,
        choose_action: if shape.is_some() {
            choose_action
        } else {
            String::new()
        },
        choose_hidden: vec![("chosen".into(), "1".into())],
        options: shape.map(|s| shape_options(s, lang)).unwrap_or_default(),
        hidden: shape.map(Shape::params).unwrap_or_default(),
        show_fields: shape.is_some(),
        name_value: None,
        groups,
        errors,
        toml_open: !st.toml_errors.is_empty() || shape.is_none(),
        toml: st.toml,
        toml_errors: form::error_lines(&st.toml_errors, lang),
        note: if shape.is_none() && existing.is_some() {
            lang.t("lcc.toml_only").to_string()
        } else {
            lang.t("evaluation.lcc_link_hint").to_string()
        },
    }
}

async fn list(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    let lang = ctx.lang;
    let lists = model_lists(&state, &ctx, &EVALUATION, &|t| method_name(t, lang)).await?;
    let mut options = shape_options(&Shape::from_query(&[]), lang);
    options[1].items.insert(
        0,
        OptionItem::check("hidden", "chosen", "1", String::new(), true),
    );
    let examples = EXAMPLES
        .iter()
        .map(|(id, key, _)| {
            (
                format!("/evaluation/new?example={id}"),
                lang.t(key).to_string(),
            )
        })
        .collect();
    render(&ListPage::new(
        &ctx,
        &EVALUATION,
        "evaluation.method",
        lists,
        options,
        examples,
    ))
}

async fn new_form(ctx: Ctx, Query(pairs): Query<Vec<(String, String)>>) -> AppResult<Response> {
    ctx.require_edit()?;
    if let Some(id) = form::form_value(&pairs, "example") {
        let (_, _, text) = EXAMPLES
            .iter()
            .find(|(x, _, _)| *x == id)
            .ok_or(AppError::NotFound)?;
        let st = FormState {
            values: BTreeMap::new(),
            errors: Vec::new(),
            toml: text.to_string(),
            toml_errors: Vec::new(),
        };
        let mut page = form_page(&ctx, None, None, st);
        page.hidden = vec![("template".into(), format!("example:{id}"))];
        return render(&page);
    }
    let shape = Shape::from_query(&pairs);
    let st = FormState {
        values: BTreeMap::new(),
        errors: Vec::new(),
        toml: shape.template(),
        toml_errors: Vec::new(),
    };
    render(&form_page(&ctx, None, Some(&shape), st))
}

async fn edit_form(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let row = load(&state, &ctx, &EVALUATION, id).await?;
    let mut st = FormState {
        values: BTreeMap::new(),
        errors: Vec::new(),
        toml: row.content.clone(),
        toml_errors: Vec::new(),
    };
    let shape = if form::form_value(&pairs, "chosen").is_some() {
        let shape = Shape::from_query(&pairs);
        st.values = form::values_from_file(&shape.template(), &row.content, ctx.lang, false)
            .unwrap_or_default();
        Some(shape)
    } else {
        form_of_file(&row.content, ctx.lang).map(|(shape, values)| {
            st.values = values;
            shape
        })
    };
    render(&form_page(&ctx, Some(id), shape.as_ref(), st))
}

/// Anbudsutvärdering behind the routes it shares with LCC-kalkyl.
struct EvaluationPages;

impl ModelPages for EvaluationPages {
    const AREA: Area = EVALUATION;
    const FILE_PREFIX: &'static str = "anbud";
    const MODEL_FILE: &'static str = "tender.toml";
    const MODEL_FILE_TEXT: &'static str = "evaluation.export_toml";
    type Run = EvaluateRun;

    async fn compute(
        state: &AppState,
        org: OrgId,
        text: &str,
        _charts: bool,
    ) -> AppResult<Result<EvaluateRun, Vec<FileError>>> {
        compute(&state.store, org, text).await
    }

    fn doc(run: &EvaluateRun, _charts: bool) -> Doc {
        evaluation::build_doc(run)
    }

    fn summary(run: &EvaluateRun, lang: Lang) -> Vec<(String, String)> {
        let e = &run.evaluation;
        let name_of = |id: &str| {
            e.bids
                .iter()
                .find(|b| b.id == id)
                .map_or(id.to_string(), |b| b.name.clone())
        };
        let result = |id: &str| {
            e.bids
                .iter()
                .find(|b| b.id == id)
                .map_or(String::new(), |b| {
                    match (b.total_points, b.compared_price) {
                        (Some(p), _) => format!(" ({} p)", fmt::decimal_sv(p, 2)),
                        (None, Some(o)) => format!(" ({} {})", fmt::sek_sv(o.0), lang.t("lcc.kr")),
                        _ => String::new(),
                    }
                })
        };
        vec![
            (
                lang.t("evaluation.winner").to_string(),
                format!("{}{}", name_of(&e.winner), result(&e.winner)),
            ),
            (
                lang.t("evaluation.order").to_string(),
                e.order
                    .iter()
                    .map(|id| name_of(id))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                lang.t("evaluation.reversals").to_string(),
                lang.t(if e.rank_reversals.is_empty() {
                    "evaluation.reversal_none"
                } else {
                    "evaluation.reversal_found"
                })
                .to_string(),
            ),
        ]
    }

    async fn submit(
        state: &AppState,
        ctx: &Ctx,
        existing: Option<&ModelRow>,
        pairs: &[(String, String)],
    ) -> AppResult<Response> {
        ctx.require_edit()?;
        let id = existing.map(|r| r.summary.id);
        if let Some(text) = form::form_value(pairs, form::TOML_FIELD) {
            let text = text.replace("\r\n", "\n");
            let template = match existing {
                Some(r) => r.summary.template.clone(),
                None => form::form_value(pairs, "template")
                    .filter(|t| t.starts_with("example:"))
                    .map_or_else(
                        || form::form_value(pairs, "method").unwrap_or("").to_string(),
                        str::to_string,
                    ),
            };
            return match compute(&state.store, ctx.org_id(), &text).await? {
                Ok(run) => {
                    save(
                        state,
                        ctx,
                        &EVALUATION,
                        id,
                        &run.tender.name,
                        &template,
                        &text,
                    )
                    .await
                }
                Err(errors) => {
                    let shape = match existing {
                        Some(row) => form_of_file(&row.content, ctx.lang).map(|(s, _)| s),
                        None if template.starts_with("example:") => None,
                        None => Some(Shape::from_query(pairs)),
                    };
                    let st = FormState {
                        values: BTreeMap::new(),
                        errors: Vec::new(),
                        toml: text,
                        toml_errors: errors,
                    };
                    let mut page = form_page(ctx, id, shape.as_ref(), st);
                    if shape.is_none() && existing.is_none() {
                        page.hidden = vec![("template".into(), template)];
                    }
                    invalid(&page)
                }
            };
        }
        let shape = Shape::from_query(pairs);
        let values = form::form_values(pairs);
        match fill(&shape, &values) {
            Ok(text) => {
                let name = form::file_name(&text).unwrap_or_default();
                save(state, ctx, &EVALUATION, id, &name, shape.method, &text).await
            }
            Err(errors) => {
                let st = FormState {
                    values,
                    errors,
                    toml: existing.map_or_else(|| shape.template(), |r| r.content.clone()),
                    toml_errors: Vec::new(),
                };
                invalid(&form_page(ctx, id, Some(&shape), st))
            }
        }
    }
}

/// Demo tender evaluations: the relative-scoring example (it shows rank
/// reversal) and service cars on lowest LCC from the demo LCC model `cars`.
pub async fn seed_demo(store: &Store, org: OrgId, cars: i64) -> Result<(), StoreError> {
    let cleaning_name = "Lokalvård, relativ poängsättning (demodata)";
    let cleaning = form::set_name(EXAMPLES[0].2, cleaning_name);
    store
        .create_model(
            org,
            ModelKind::Evaluation,
            cleaning_name,
            "example:cleaning",
            &cleaning,
            None,
            true,
        )
        .await?;
    let cars_name = "Tjänstebilar, lägsta LCC (demodata)";
    let text = form::set_name(EXAMPLES[2].2, cars_name).replace(
        "lcc_model = \"lcc-service-cars.toml\"",
        &format!("lcc_model = \"lcc/{cars}\""),
    );
    store
        .create_model(
            org,
            ModelKind::Evaluation,
            cars_name,
            "example:cars",
            &text,
            None,
            true,
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use upphandla_formats::lcc::template_fields;

    #[test]
    fn every_generated_form_fills_in_and_opens_again() {
        for method in METHODS {
            for lcc_basis in [false, true] {
                let shape = Shape {
                    method,
                    bids: 3,
                    criteria: 2,
                    lcc_basis,
                };
                let template = shape.template();
                let values: BTreeMap<FieldPos, String> = template_fields(&template)
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let v = match f.key.as_str() {
                            "name" => format!("Namn {i}"),
                            "price_weight" => "0,6".into(),
                            "weight" => "0,2".into(),
                            "max_points" => "5".into(),
                            k if k.starts_with("answers.") => "3".into(),
                            _ => format!("{}", 100_000 + i * 1000),
                        };
                        (f.pos(), v)
                    })
                    .collect();
                let text =
                    fill(&shape, &values).unwrap_or_else(|e| panic!("{method}: {e:?}\n{template}"));
                let (back, again) = form_of_file(&text, Lang::Sv).unwrap();
                assert_eq!(back.method, method);
                assert_eq!(
                    again,
                    values
                        .iter()
                        .map(|(p, v)| (*p, v.replace('.', ",")))
                        .collect()
                );
            }
        }
    }

    #[test]
    fn examples_evaluate() {
        for (id, _, text) in EXAMPLES {
            let load = |p: &str| {
                EXAMPLE_MODELS
                    .iter()
                    .find(|(n, _)| *n == p)
                    .map(|(_, t)| t.to_string())
                    .ok_or_else(|| p.to_string())
            };
            evaluation::compute(text, &load).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        }
    }
}
