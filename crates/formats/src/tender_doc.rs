//! The requirement part of the tender documents (förfrågningsunderlag,
//! kravdel) built from criteria chosen in the criteria library, as a
//! [`Doc`] for Word, PDF, HTML or text.
//!
//! Sections follow the order a tenderer meets them: kvalificeringskrav,
//! tekniska specifikationer (ska-krav), tilldelningskriterier with the
//! award model (and, where life-cycle cost is used, what data tenderers
//! supply and the method, as LOU 16 kap. asks), särskilda
//! kontraktsvillkor. Each criterion carries its requirement text, how it
//! is verified and its library id and version. An appendix holds the
//! follow-up plan (what is checked, how, when, on what evidence and by
//! whom) with the supplier's duty to take part and a kick-off meeting, as
//! Upphandlingsmyndigheten advises ("Information om kontraktsuppföljning").
//! A closing note tells the buyer the library text is a starting point.

use std::collections::BTreeMap;

use upphandla_core::criteria::{Criterion, CriterionType};
use upphandla_core::money::Ore;

use crate::doc::{Block, Cell, Doc, Table};
use crate::report::sek_whole_sv;

/// How tenders are compared and the winner chosen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AwardModel {
    /// The basis for award in words, in the document's language
    /// ("Bästa förhållandet mellan pris och kvalitet", "Kostnad (LCC)", "Pris").
    pub method: String,
    /// How tenders are scored or compared (price deductions, weights, …).
    pub description: String,
    /// Where life-cycle cost is used: the calculation method in brief
    /// (period, discount rate, cost items, emission prices).
    pub lcc_summary: Option<String>,
    /// Where life-cycle cost is used: the data each tenderer supplies for it
    /// (purchase price, energy use per year with its measurement method, …).
    /// Empty: the document says what to fill in.
    pub lcc_bidder_data: Vec<String>,
}

/// What the requirement part is built from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenderDocInput {
    /// The procurement's name.
    pub title: String,
    /// The contracting organisation.
    pub organisation: String,
    /// Diarienummer, where there is one.
    pub reference: Option<String>,
    /// CPV codes (`34110000-1`).
    pub cpv: Vec<String>,
    /// Estimated contract value excluding VAT.
    pub estimated_value: Option<Ore>,
    /// The contract period in words ("2 år med option på 1 + 1 år").
    pub contract_period: String,
    /// The chosen criteria, in the order they are to appear within their type.
    pub criteria: Vec<Criterion>,
    pub award: Option<AwardModel>,
    /// Who follows up a criterion, by criterion id; the rest fall to the
    /// contract manager (avtalsansvarig).
    pub responsible: BTreeMap<String, String>,
    /// Write the document in English (criterion texts in English where the
    /// library has them).
    pub english: bool,
}

/// A sentence in Swedish and English.
struct T(&'static str, &'static str);

impl T {
    fn get(&self, english: bool) -> &'static str {
        if english { self.1 } else { self.0 }
    }
}

const TITLE: T = T(
    "förfrågningsunderlag, kravdel",
    "tender documents, requirements",
);
const ORG: T = T("Upphandlande organisation", "Contracting authority");
const REFERENCE: T = T("Diarienummer", "Reference number");
const CPV: T = T("CPV-koder", "CPV codes");
const VALUE: T = T("Uppskattat värde", "Estimated value");
const EX_VAT: T = T("kr exklusive moms", "SEK excluding VAT");
const PERIOD: T = T("Avtalsperiod", "Contract period");

const INTRO_QUAL: T = T(
    "Anbudsgivaren ska uppfylla följande krav. En anbudsgivare som inte uppfyller dem kvalificerar sig inte, och anbudet går inte vidare till utvärdering.",
    "Tenderers must meet the following requirements. A tenderer that does not meet them does not qualify, and its tender is not evaluated.",
);
const INTRO_SPEC: T = T(
    "Det som upphandlas ska uppfylla följande krav (ska-krav). Ett anbud som inte uppfyller samtliga ska-krav kan inte antas.",
    "What is procured must meet the following mandatory requirements. A tender that does not meet all of them cannot be accepted.",
);
const INTRO_AWARD: T = T(
    "Anbuden utvärderas enligt följande tilldelningskriterier.",
    "Tenders are evaluated on the following award criteria.",
);
const INTRO_CLAUSE: T = T(
    "Följande villkor gäller under hela avtalstiden. De följs upp enligt bilagan Uppföljningsplan.",
    "The following clauses apply throughout the contract. They are followed up as set out in the appendix Follow-up plan.",
);
const AWARD_BASIS: T = T("Tilldelningsgrund", "Basis for award");
const LCC_HEADING: T = T("Livscykelkostnad (LCC)", "Life-cycle cost (LCC)");
const LCC_LAW: T = T(
    "Livscykelkostnaden beräknas med den metod som beskrivs här, utifrån de uppgifter anbudsgivaren lämnar (16 kap. LOU). Samma metod och samma förutsättningar används för alla anbud.",
    "The life-cycle cost is calculated with the method described here, from the data each tenderer supplies (Swedish Public Procurement Act, chapter 16). The same method and assumptions apply to every tender.",
);
const LCC_METHOD: T = T("Beräkningsmetod", "Calculation method");
const LCC_DATA: T = T(
    "Anbudsgivaren ska lämna följande uppgifter för beräkningen:",
    "Tenderers must supply the following data for the calculation:",
);
const LCC_DATA_TODO: T = T(
    "[Ange vilka uppgifter anbudsgivaren ska lämna, till exempel anskaffningspris, energianvändning per år och hur den mäts, kostnader för drift och underhåll samt kostnader vid livslängdens slut.]",
    "[State the data tenderers must supply, for example purchase price, energy use per year and how it is measured, operating and maintenance costs and end-of-life costs.]",
);
const VERIFY: T = T("Så verifieras kravet", "Verification");
const CRITERION: T = T("Kriterium", "Criterion");
const VERSION: T = T("version", "version");
const REVIEWED: T = T("granskat", "reviewed");

const PLAN_HEADING: T = T("Bilaga: Uppföljningsplan", "Appendix: Follow-up plan");
const PLAN_INTRO: T = T(
    "Den upphandlande organisationen följer upp under avtalstiden att kraven uppfylls och att det som utlovats i anbudet levereras. Planen nedan anger vad som kontrolleras, hur, när, på vilket underlag och av vem. Planen ingår i upphandlingsdokumenten.",
    "During the contract the contracting authority checks that the requirements are met and that what the tender promised is delivered. The plan below states what is checked, how, when, on what evidence and by whom. The plan is part of the procurement documents.",
);
const SUPPLIER_HEADING: T = T("Leverantörens medverkan", "The supplier's part");
const SUPPLIER_DUTIES: [T; 4] = [
    T(
        "Leverantören ska medverka i uppföljningen och på begäran lämna de uppgifter och det underlag som anges i planen, inom den tid som anges i begäran.",
        "The supplier shall take part in the follow-up and, on request, supply the information and evidence the plan names within the time stated in the request.",
    ),
    T(
        "Ett uppstartsmöte hålls när avtalet börjat gälla. Där går parterna igenom kraven, uppföljningsplanen, kontaktpersoner och hur underlag lämnas.",
        "A kick-off meeting is held when the contract has started. The parties go through the requirements, the follow-up plan, contact persons and how evidence is supplied.",
    ),
    T(
        "Leverantören utser en kontaktperson för uppföljningen och meddelar ändringar som påverkar kraven.",
        "The supplier names a contact person for the follow-up and reports changes that affect the requirements.",
    ),
    T(
        "Avvikelser dokumenteras och meddelas leverantören, som ska rätta dem. Avtalets villkor om påföljder gäller.",
        "Deviations are recorded and reported to the supplier, which shall correct them. The contract's terms on remedies apply.",
    ),
];
const PLAN_TABLE: T = T("Uppföljningsplan", "Follow-up plan");
const PLAN_HEADERS: [T; 5] = [
    T("Krav", "Requirement"),
    T("Hur det följs upp", "How it is checked"),
    T("När", "When"),
    T("Underlag", "Evidence"),
    T("Ansvarig", "Responsible"),
];
const CONTRACT_MANAGER: T = T("Avtalsansvarig", "Contract manager");
const NO_CRITERIA: T = T(
    "Inga krav är valda ännu.",
    "No requirements have been chosen yet.",
);
const NOTE_HEADING: T = T(
    "Om kravtexterna (tas bort före publicering)",
    "About the requirement texts (remove before publication)",
);
const NOTE: T = T(
    "Kravtexterna kommer från kriteriebiblioteket och är en utgångspunkt. Anpassa dem till det som upphandlas, marknaden och avtalsformen, fyll i det som står inom hakparentes och kontrollera nivåer, hänvisningar och verifiering innan underlaget publiceras.",
    "The requirement texts come from the criteria library and are a starting point. Adapt them to what is procured, the market and the form of contract, fill in what is in square brackets and check levels, references and verification before the documents are published.",
);

/// The section heading of a criterion type.
fn section(kind: CriterionType, english: bool) -> (&'static str, &'static T) {
    match kind {
        CriterionType::Kvalificeringskrav => (
            T("Kvalificeringskrav", "Selection criteria").get(english),
            &INTRO_QUAL,
        ),
        CriterionType::TekniskSpecifikation => (
            T(
                "Tekniska specifikationer (ska-krav)",
                "Technical specifications (mandatory requirements)",
            )
            .get(english),
            &INTRO_SPEC,
        ),
        CriterionType::Tilldelningskriterium => (
            T("Tilldelningskriterier", "Award criteria").get(english),
            &INTRO_AWARD,
        ),
        CriterionType::Kontraktsvillkor => (
            T("Särskilda kontraktsvillkor", "Contract performance clauses").get(english),
            &INTRO_CLAUSE,
        ),
    }
}

/// Paragraphs of a text: blank lines separate them, single line breaks stay.
fn paragraphs(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::Paragraph(p.to_string()))
}

fn criterion_blocks(c: &Criterion, english: bool, out: &mut Vec<Block>) {
    let title = c.title.get(english);
    out.push(Block::Heading(
        2,
        if title.is_empty() {
            c.id.clone()
        } else {
            title.to_string()
        },
    ));
    out.extend(paragraphs(c.text.get(english)));
    let proof = c.proof.get(english).trim();
    if !proof.is_empty() {
        out.push(Block::Field(VERIFY.get(english).into(), proof.to_string()));
    }
    out.push(Block::Field(
        CRITERION.get(english).into(),
        format!(
            "{}, {} {} ({}, {} {})",
            c.id,
            VERSION.get(english),
            c.version,
            if english {
                c.level.name().1
            } else {
                c.level.name().0
            },
            REVIEWED.get(english),
            c.reviewed
        ),
    ));
}

fn award_blocks(a: &AwardModel, english: bool, out: &mut Vec<Block>) {
    if !a.method.trim().is_empty() {
        out.push(Block::Field(
            AWARD_BASIS.get(english).into(),
            a.method.trim().to_string(),
        ));
    }
    out.extend(paragraphs(&a.description));
    if let Some(summary) = &a.lcc_summary {
        out.push(Block::Heading(2, LCC_HEADING.get(english).into()));
        out.push(Block::Paragraph(LCC_LAW.get(english).into()));
        if !summary.trim().is_empty() {
            out.push(Block::Field(
                LCC_METHOD.get(english).into(),
                summary.trim().to_string(),
            ));
        }
        out.push(Block::Paragraph(LCC_DATA.get(english).into()));
        let data: Vec<String> = a
            .lcc_bidder_data
            .iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        if data.is_empty() {
            out.push(Block::Paragraph(LCC_DATA_TODO.get(english).into()));
        } else {
            out.push(Block::Bullets(data));
        }
    }
}

/// The follow-up plan table: one row per criterion.
fn plan_table(input: &TenderDocInput) -> Table {
    let english = input.english;
    let rows = input
        .criteria
        .iter()
        .map(|c| {
            let when = c.follow_up_when.name();
            let who = input
                .responsible
                .get(&c.id)
                .map_or(CONTRACT_MANAGER.get(english), String::as_str);
            vec![
                Cell::text(format!("{} ({})", c.title.get(english), c.id)),
                Cell::text(c.follow_up.get(english).trim()),
                Cell::text(if english { when.1 } else { when.0 }),
                Cell::text(c.follow_up_evidence.get(english).trim()),
                Cell::text(who),
            ]
        })
        .collect();
    Table {
        id: "uppfoljningsplan".into(),
        title: PLAN_TABLE.get(english).into(),
        note: None,
        headers: PLAN_HEADERS.iter().map(|h| h.get(english).into()).collect(),
        rows,
        charts: Vec::new(),
    }
}

/// The requirement part of the tender documents with its follow-up plan.
pub fn build(input: &TenderDocInput) -> Doc {
    let english = input.english;
    let name = input.title.trim();
    let title = if name.is_empty() {
        let t = TITLE.get(english);
        let mut c = t.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        format!("{name}: {}", TITLE.get(english))
    };
    let mut lines = Vec::new();
    if !input.organisation.trim().is_empty() {
        lines.push(format!(
            "{}: {}",
            ORG.get(english),
            input.organisation.trim()
        ));
    }
    if let Some(r) = input
        .reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        lines.push(format!("{}: {r}", REFERENCE.get(english)));
    }
    if !input.cpv.is_empty() {
        lines.push(format!("{}: {}", CPV.get(english), input.cpv.join(", ")));
    }
    if let Some(v) = input.estimated_value {
        lines.push(format!(
            "{}: {} {}",
            VALUE.get(english),
            sek_whole_sv(v.0),
            EX_VAT.get(english)
        ));
    }
    if !input.contract_period.trim().is_empty() {
        lines.push(format!(
            "{}: {}",
            PERIOD.get(english),
            input.contract_period.trim()
        ));
    }

    let mut blocks = Vec::new();
    for kind in CriterionType::ALL {
        let chosen: Vec<&Criterion> = input.criteria.iter().filter(|c| c.kind == kind).collect();
        let award = match (kind, &input.award) {
            (CriterionType::Tilldelningskriterium, Some(a)) => Some(a),
            _ => None,
        };
        if chosen.is_empty() && award.is_none() {
            continue;
        }
        let (heading, intro) = section(kind, english);
        blocks.push(Block::Heading(1, heading.into()));
        if let Some(a) = award {
            award_blocks(a, english, &mut blocks);
        }
        if !chosen.is_empty() {
            blocks.push(Block::Paragraph(intro.get(english).into()));
        }
        for c in chosen {
            criterion_blocks(c, english, &mut blocks);
        }
    }

    blocks.push(Block::Heading(1, PLAN_HEADING.get(english).into()));
    blocks.push(Block::Paragraph(PLAN_INTRO.get(english).into()));
    blocks.push(Block::Heading(2, SUPPLIER_HEADING.get(english).into()));
    blocks.push(Block::Bullets(
        SUPPLIER_DUTIES
            .iter()
            .map(|d| d.get(english).into())
            .collect(),
    ));
    if input.criteria.is_empty() {
        blocks.push(Block::Paragraph(NO_CRITERIA.get(english).into()));
    } else {
        blocks.push(Block::Table(plan_table(input)));
    }
    blocks.push(Block::Heading(1, NOTE_HEADING.get(english).into()));
    blocks.push(Block::Paragraph(NOTE.get(english).into()));

    Doc {
        title,
        lines,
        blocks,
        english,
        ..Doc::default()
    }
}

#[cfg(test)]
mod tests;
