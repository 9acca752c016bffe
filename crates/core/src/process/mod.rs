//! Process support (processtöd): the eight stages every procurement walks
//! through, with guidance, a checklist and a default role matrix (RACI) per
//! stage, the Swedish public-holiday calendar behind the standstill period
//! (avtalsspärr), and the value band that decides which procedure rules apply.
//!
//! Everything here is static data and pure functions; the texts are written
//! for upphandla from the sourced facts in the project's reference notes, and
//! each legal point carries the source it rests on. Where a fact is not
//! confirmed the text says so ("kontrollera …") rather than stating it.

mod bands;
mod calendar;
mod guides;
pub mod roles;

#[cfg(test)]
mod tests;

pub use calendar::{
    STANDSTILL_DAYS, easter_sunday, holiday_name, is_swedish_public_holiday, is_working_day,
    standstill_end, weekday,
};

use crate::date::Date;
use crate::money::Ore;
use serde::Serialize;

/// A product text in Swedish (first) and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Text {
    pub sv: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(sv: &'static str, en: &'static str) -> Text {
        Text { sv, en }
    }

    /// The English text when `english`, otherwise the Swedish.
    pub fn get(&self, english: bool) -> &'static str {
        if english { self.en } else { self.sv }
    }
}

/// The stages of a procurement, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Behovsanalys,
    Marknadsanalys,
    Forfragningsunderlag,
    Annonsering,
    Utvardering,
    Tilldelning,
    Avtal,
    Avtalsuppfoljning,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Behovsanalys,
        Stage::Marknadsanalys,
        Stage::Forfragningsunderlag,
        Stage::Annonsering,
        Stage::Utvardering,
        Stage::Tilldelning,
        Stage::Avtal,
        Stage::Avtalsuppfoljning,
    ];

    /// Stable ASCII key, stored in the database and used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Behovsanalys => "behovsanalys",
            Stage::Marknadsanalys => "marknadsanalys",
            Stage::Forfragningsunderlag => "forfragningsunderlag",
            Stage::Annonsering => "annonsering",
            Stage::Utvardering => "utvardering",
            Stage::Tilldelning => "tilldelning",
            Stage::Avtal => "avtal",
            Stage::Avtalsuppfoljning => "avtalsuppfoljning",
        }
    }

    pub fn parse(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Position in [`Stage::ALL`], 0-based.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The stage after this one, `None` after contract follow-up.
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.index() + 1).copied()
    }

    /// Display name.
    pub fn name(self) -> Text {
        match self {
            Stage::Behovsanalys => Text::new("Behovsanalys", "Needs analysis"),
            Stage::Marknadsanalys => Text::new("Marknadsanalys", "Market analysis"),
            Stage::Forfragningsunderlag => Text::new("Förfrågningsunderlag", "Tender documents"),
            Stage::Annonsering => Text::new("Annonsering", "Publication"),
            Stage::Utvardering => Text::new("Utvärdering", "Evaluation"),
            Stage::Tilldelning => Text::new("Tilldelning", "Award"),
            Stage::Avtal => Text::new("Avtal", "Contract"),
            Stage::Avtalsuppfoljning => Text::new("Avtalsuppföljning", "Contract follow-up"),
        }
    }
}

/// A role's part in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Raci {
    /// Does (part of) the work.
    #[serde(rename = "R")]
    Responsible,
    /// Owns the outcome and signs it off; exactly one role per stage. Also
    /// does the work where no other role is Responsible.
    #[serde(rename = "A")]
    Accountable,
    /// Asked before decisions.
    #[serde(rename = "C")]
    Consulted,
    /// Told of the outcome.
    #[serde(rename = "I")]
    Informed,
}

impl Raci {
    pub const ALL: [Raci; 4] = [
        Raci::Responsible,
        Raci::Accountable,
        Raci::Consulted,
        Raci::Informed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Raci::Responsible => "R",
            Raci::Accountable => "A",
            Raci::Consulted => "C",
            Raci::Informed => "I",
        }
    }

    pub fn parse(key: &str) -> Option<Raci> {
        Raci::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            Raci::Responsible => Text::new("Utför", "Responsible"),
            Raci::Accountable => Text::new("Ansvarar", "Accountable"),
            Raci::Consulted => Text::new("Konsulteras", "Consulted"),
            Raci::Informed => Text::new("Informeras", "Informed"),
        }
    }
}

/// The roles of the role matrix; the same keys as `store::Role::key`
/// (the regional coordinator, `samordnare`, has no part in a single
/// organisation's procurement and so no default).
pub const ROLE_KEYS: [&str; 6] = [
    "upphandlare",
    "bestallare",
    "miljostrateg",
    "avtalsansvarig",
    "politiker",
    "admin",
];

/// A legal point of a stage with the source it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegalPoint {
    pub text: Text,
    pub source: &'static str,
}

/// One item of a stage's checklist. `key` is ASCII snake_case, unique over
/// all stages and stable (it is stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub key: &'static str,
    pub label: Text,
    pub help: Text,
    pub required: bool,
}

/// Guidance for one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StageGuide {
    pub stage: Stage,
    /// What to do, as steps (lines starting "1. ", "2. " …).
    pub what: Text,
    /// Why the stage matters for energy and climate.
    pub why_climate: Text,
    pub legal: &'static [LegalPoint],
    pub checklist: &'static [ChecklistItem],
    /// What the stage produces.
    pub outputs: Text,
}

/// The guidance of a stage.
pub fn guide(stage: Stage) -> &'static StageGuide {
    &guides::GUIDES[stage.index()]
}

/// The checklist item with this key, in whichever stage it is.
pub fn checklist_item(key: &str) -> Option<(Stage, &'static ChecklistItem)> {
    guides::GUIDES.iter().find_map(|g| {
        g.checklist
            .iter()
            .find(|item| item.key == key)
            .map(|item| (g.stage, item))
    })
}

/// The default role matrix. Rows follow [`Stage::ALL`], columns
/// [`ROLE_KEYS`]: upphandlare, beställare, miljöstrateg, avtalsansvarig,
/// politiker, admin.
///
/// Reasoning (also in docs/decisions.md, "Issue 5 — processtöd"):
/// - One letter per role and stage, so Accountable also means "does the work
///   unless someone else is Responsible".
/// - The verksamhet (beställare) owns the three decisions that commit money
///   and need: whether and what to buy (behovsanalys), to whom
///   (tilldelningsbeslut, taken under delegation) and the signature (avtal).
/// - The upphandlare owns the stages where the law on procedure is the main
///   risk: market dialogue, tender documents, publication, evaluation; and
///   does the work of preparing the award and the contract.
/// - The miljöstrateg is consulted wherever requirement levels, criteria,
///   LCC inputs or climate results are set or checked.
/// - The avtalsansvarig owns follow-up and is consulted on the follow-up
///   plan before it goes into the documents, and runs the kick-off meeting.
/// - Politiker set policy, goals and budget and follow results, but the
///   operational steps are delegated (kommunallagen 2017:725, delegation);
///   they are therefore Informed of the need, the award and the results and
///   Accountable nowhere.
/// - Admin administers the tool and has no part in the process.
const RACI: [[Option<Raci>; 6]; 8] = {
    use Raci::{Accountable as A, Consulted as C, Informed as I, Responsible as R};
    [
        // upph, best, milj, avtal, polit, admin
        [Some(R), Some(A), Some(C), Some(C), Some(I), None], // behovsanalys
        [Some(A), Some(R), Some(C), None, None, None],       // marknadsanalys
        [Some(A), Some(R), Some(C), Some(C), None, None],    // förfrågningsunderlag
        [Some(A), Some(I), None, None, None, None],          // annonsering
        [Some(A), Some(R), Some(C), None, None, None],       // utvärdering
        [Some(R), Some(A), Some(I), Some(I), Some(I), None], // tilldelning
        [Some(R), Some(A), Some(I), Some(R), None, None],    // avtal
        [Some(C), Some(R), Some(C), Some(A), Some(I), None], // avtalsuppföljning
    ]
};

/// The default part of a role (a key of [`ROLE_KEYS`]) in a stage; `None`
/// when the role takes no part or the key is unknown.
pub fn default_raci(stage: Stage, role_key: &str) -> Option<Raci> {
    let col = ROLE_KEYS.iter().position(|k| *k == role_key)?;
    RACI[stage.index()][col]
}

/// Which rules a procurement's estimated value falls under (LOU, goods and
/// services, municipalities and regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureBand {
    /// Below the direct-award limit (19 a kap.).
    DirectAward,
    /// From the direct-award limit up to the EU threshold (19 kap.).
    BelowThreshold,
    /// At or above the EU threshold.
    AboveThreshold,
}

impl ProcedureBand {
    pub fn key(self) -> &'static str {
        match self {
            ProcedureBand::DirectAward => "direct_award",
            ProcedureBand::BelowThreshold => "below_threshold",
            ProcedureBand::AboveThreshold => "above_threshold",
        }
    }

    pub fn name(self) -> Text {
        match self {
            ProcedureBand::DirectAward => Text::new("Direktupphandling", "Direct award"),
            ProcedureBand::BelowThreshold => {
                Text::new("Under tröskelvärdet", "Below the EU threshold")
            }
            ProcedureBand::AboveThreshold => {
                Text::new("Över tröskelvärdet", "Above the EU threshold")
            }
        }
    }
}

/// The band of an estimated value on a date, with the limits that were
/// applied and where they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProcedureHint {
    pub band: ProcedureBand,
    /// The limits used, and what to check.
    pub limit_text: Text,
    pub source: &'static str,
    /// `true` when the answer rests on an unconfirmed figure or lies so near
    /// a limit that the user must check it before choosing a procedure.
    pub check: bool,
    /// The direct-award limit and the threshold that were compared against.
    #[serde(serialize_with = "ore_pair")]
    pub limits: (Ore, Ore),
}

fn ore_pair<S: serde::Serializer>(v: &(Ore, Ore), s: S) -> Result<S::Ok, S::Error> {
    (v.0.0, v.1.0).serialize(s)
}

/// Classify an estimated contract value (excluding VAT) on a date; see
/// `bands.rs` for the table and the handling of the
/// unconfirmed 2026–27 figures.
pub fn procedure_band(estimated_value: Ore, on: Date) -> ProcedureHint {
    bands::procedure_band(estimated_value, on)
}
