//! Contract follow-up: when an item is next due, whether a supplier's
//! reported value meets the contract requirement, the sanction ladder with
//! the penalty of a factor × the advantage gained, and the status of a
//! deviation. Pure: the store keeps the rows, the web pages ask here.
//!
//! Sources: UHM "Genomför uppföljningen" and "Avtalsförvaltning" (Vägledning
//! nr 2, 2016) for follow-up and deviations; Tyresö kommun "Riktlinjer för
//! uppföljning och utvärdering av upphandlade avtal" for the sanction ladder;
//! the 1.5 × advantage penalty as in Dutch CO2-ambition and environmental-
//! cost (MKI) practice (issue 6). Energy contents: see [`FUEL_ENERGY`].

use std::collections::BTreeMap;
use std::fmt;

use crate::criteria::{Bilingual, FollowUpWhen};
use crate::date::Date;
use crate::metrics::{MetricKind, metric_by_key};
use crate::money::Ore;
use crate::process::Text;

// ---------------------------------------------------------------- schedule

/// Days after a monthly period's end the supplier has to report (and the
/// buyer to check). A choice, recorded in docs/decisions.md (issue 6, B).
pub const MONTHLY_MARGIN_DAYS: i64 = 15;
/// Days after a quarter's or a contract year's end for the report and check.
pub const PERIOD_MARGIN_DAYS: i64 = 30;
/// An item due within this many days is "due soon" on the lists.
pub const DUE_SOON_DAYS: i32 = 30;

fn plus_days(date: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(date.days_since_epoch()) + days)
}

/// The last day of `date`'s month.
fn month_end(date: Date) -> Date {
    Date {
        day: crate::date::days_in_month(date.year, date.month),
        ..date
    }
}

/// The end of the reporting period `date` falls in, for a periodic frequency.
fn period_end_containing(when: FollowUpWhen, start: Date, date: Date) -> Option<Date> {
    match when {
        FollowUpWhen::Manadsvis => Some(month_end(date)),
        FollowUpWhen::Kvartalsvis => {
            let quarter_last_month = date.month.div_ceil(3) * 3;
            let first = Date::new(date.year, quarter_last_month, 1)?;
            Some(month_end(first))
        }
        FollowUpWhen::Arligen => {
            // Contract years: start + 12k months − 1 day, the first one on or after `date`.
            let mut k = ((date.year - start.year).max(0)) * 12;
            loop {
                let anniversary = start.add_months(k)?;
                let end = plus_days(anniversary, -1);
                if end >= date {
                    return Some(end);
                }
                k += 12;
            }
        }
        _ => None,
    }
}

fn margin(when: FollowUpWhen) -> i64 {
    if when == FollowUpWhen::Manadsvis {
        MONTHLY_MARGIN_DAYS
    } else {
        PERIOD_MARGIN_DAYS
    }
}

/// The next due date of a follow-up item, or `None` when nothing more is due.
///
/// - `vid_anbud`: checked when the tenders were examined, so never due in the contract.
/// - `vid_leverans`: one month after the contract start; once checked, done.
/// - `vid_avtalsslut`: the contract's end date; once checked, done.
/// - `manadsvis`, `kvartalsvis`, `arligen`: the end of the first calendar month,
///   calendar quarter or contract year that ends after the last check (or, never
///   checked, the period containing the start), plus a reporting margin
///   ([`MONTHLY_MARGIN_DAYS`], [`PERIOD_MARGIN_DAYS`]). The last period is cut
///   at the contract end; after it nothing is due. A check covers the latest
///   period that had ended by the check's date, so an early check does not skip
///   a period and a late one does not leave a backlog of old ones.
pub fn next_due(
    when: FollowUpWhen,
    start: Date,
    end: Date,
    last_checked: Option<Date>,
) -> Option<Date> {
    match when {
        FollowUpWhen::VidAnbud => None,
        FollowUpWhen::VidLeverans => match last_checked {
            Some(_) => None,
            None => start.add_months(1),
        },
        FollowUpWhen::VidAvtalsslut => match last_checked {
            Some(_) => None,
            None => Some(end),
        },
        FollowUpWhen::Manadsvis | FollowUpWhen::Kvartalsvis | FollowUpWhen::Arligen => {
            if end < start {
                return None;
            }
            let from = match last_checked {
                // The next period is the one after the last that had ended.
                Some(c) => plus_days(c, 1),
                None => start,
            };
            let from = from.max(start);
            if from > end {
                return None;
            }
            let period_end = period_end_containing(when, start, from)?.min(end);
            Some(plus_days(period_end, margin(when)))
        }
    }
}

/// Where an item stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueStatus {
    /// Past its due date and not checked.
    Overdue,
    /// Due today or within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Due later.
    Later,
    /// Nothing due (done, or checked at award).
    NotDue,
}

impl DueStatus {
    pub fn key(self) -> &'static str {
        match self {
            DueStatus::Overdue => "overdue",
            DueStatus::DueSoon => "due_soon",
            DueStatus::Later => "later",
            DueStatus::NotDue => "not_due",
        }
    }

    pub fn name(self) -> Text {
        match self {
            DueStatus::Overdue => Text::new("Försenad", "Overdue"),
            DueStatus::DueSoon => Text::new("Ska göras snart", "Due soon"),
            DueStatus::Later => Text::new("Senare", "Later"),
            DueStatus::NotDue => Text::new("Inget att göra", "Nothing due"),
        }
    }
}

/// Classifies a due date against `today`: overdue when strictly before it.
pub fn due_status(next_due: Option<Date>, today: Date) -> DueStatus {
    match next_due {
        None => DueStatus::NotDue,
        Some(d) if d < today => DueStatus::Overdue,
        Some(d) if today.days_until(d) <= DUE_SOON_DAYS => DueStatus::DueSoon,
        Some(_) => DueStatus::Later,
    }
}

// ------------------------------------------------------------------ check

/// How a reported value is compared with the contract's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The value must be at least the limit (`>=`), e.g. a renewable share.
    AtLeast,
    /// The value must be at most the limit (`<=`), e.g. litres of fossil diesel.
    AtMost,
}

impl Comparator {
    pub fn key(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::AtMost => "<=",
        }
    }

    pub fn parse(key: &str) -> Option<Comparator> {
        match key.trim() {
            ">=" | "≥" => Some(Comparator::AtLeast),
            "<=" | "≤" => Some(Comparator::AtMost),
            _ => None,
        }
    }

    pub fn name(self) -> Text {
        match self {
            Comparator::AtLeast => Text::new("minst", "at least"),
            Comparator::AtMost => Text::new("högst", "at most"),
        }
    }
}

/// The energy content of each reported fuel and how much of it is renewable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FuelEnergy {
    pub metric: &'static str,
    /// Lower heating value, MJ per unit of the metric (litre or Nm³).
    pub mj_per_unit: f64,
    /// Share of the energy counted as renewable (0–1).
    pub renewable: f64,
    pub source: &'static str,
}

/// Energy contents used to derive the renewable share of fuels by energy.
///
/// Diesel, petrol, ethanol and biogas from Directive 2009/33/EC Annex Table 1
/// (`data/lcc/cvd_energy_content.csv`); HVO from UK DESNZ 2024 "Fuel
/// properties", Biodiesel (BtL or HVO), net CV 9.533 kWh/l = 34.32 MJ/l (the
/// CVD table has none). Diesel and petrol are counted as wholly fossil even
/// though pump fuel carries a blend-in (its share varies and is small: 6 %
/// GHG-reduction duty 2024–2026); so a supplier is never credited with more
/// than it can show. E85 as 85 vol-% ethanol and 15 vol-% petrol; ED95 as
/// ethanol. Biogas at the CVD range's lower end (33 MJ/Nm³), which never
/// overstates the renewable share.
pub const FUEL_ENERGY: &[FuelEnergy] = &[
    FuelEnergy {
        metric: "diesel_l",
        mj_per_unit: 36.0,
        renewable: 0.0,
        source: "Directive 2009/33/EC Annex Table 1 (diesel)",
    },
    FuelEnergy {
        metric: "bensin_l",
        mj_per_unit: 32.0,
        renewable: 0.0,
        source: "Directive 2009/33/EC Annex Table 1 (petrol)",
    },
    FuelEnergy {
        metric: "hvo100_l",
        mj_per_unit: 34.32,
        renewable: 1.0,
        source: "UK DESNZ GHG conversion factors 2024, Fuel properties: Biodiesel (BtL or HVO), net CV 9.533 kWh/l",
    },
    FuelEnergy {
        metric: "e85_l",
        // 0.85 × 21 + 0.15 × 32
        mj_per_unit: 22.65,
        renewable: 0.85 * 21.0 / 22.65,
        source: "Directive 2009/33/EC Annex Table 1 (ethanol 21, petrol 32 MJ/l), 85/15 vol-%",
    },
    FuelEnergy {
        metric: "ed95_l",
        mj_per_unit: 21.0,
        renewable: 1.0,
        source: "Directive 2009/33/EC Annex Table 1 (ethanol)",
    },
    FuelEnergy {
        metric: "biogas_nm3",
        mj_per_unit: 33.0,
        renewable: 1.0,
        source: "Directive 2009/33/EC Annex Table 1 (natural gas/biogas 33–38 MJ/Nm³, lower end)",
    },
];

pub fn fuel_energy(metric: &str) -> Option<&'static FuelEnergy> {
    FUEL_ENERGY.iter().find(|f| f.metric == metric)
}

/// The metric whose value can be derived from others when not reported.
pub const RENEWABLE_FUEL_SHARE: &str = "andel_fornybar_drivmedel_pct";

/// The renewable share of the reported fuels by energy, in percent:
/// Σ litres × MJ/l × renewable fraction / Σ litres × MJ/l. `None` when no
/// fuel with energy was reported.
pub fn renewable_fuel_share(values: &BTreeMap<String, f64>) -> Option<f64> {
    let (mut total, mut renewable) = (0.0, 0.0);
    for f in FUEL_ENERGY {
        if let Some(v) = values.get(f.metric) {
            let mj = v * f.mj_per_unit;
            total += mj;
            renewable += mj * f.renewable;
        }
    }
    (total > 0.0).then(|| 100.0 * renewable / total)
}

/// A metric's value in a report: reported, or derived from other values.
pub fn metric_value(metric: &str, values: &BTreeMap<String, f64>) -> Option<(f64, bool)> {
    if let Some(v) = values.get(metric) {
        return Some((*v, false));
    }
    if metric == RENEWABLE_FUEL_SHARE {
        return renewable_fuel_share(values).map(|v| (v, true));
    }
    None
}

/// HVO100 litres that would have had to replace fossil fuel for the reported
/// fuels to reach `required_pct` renewable by energy; 0 when already met.
/// The basis of the "litres not delivered × price difference" advantage.
pub fn missing_hvo_litres(values: &BTreeMap<String, f64>, required_pct: f64) -> Option<f64> {
    let (mut total, mut renewable) = (0.0, 0.0);
    for f in FUEL_ENERGY {
        if let Some(v) = values.get(f.metric) {
            total += v * f.mj_per_unit;
            renewable += v * f.mj_per_unit * f.renewable;
        }
    }
    if total <= 0.0 {
        return None;
    }
    // Swapping fossil energy for HVO keeps the total: missing = s·E − R.
    let missing_mj = (required_pct / 100.0 * total - renewable).max(0.0);
    Some(missing_mj / fuel_energy("hvo100_l").map_or(34.32, |f| f.mj_per_unit))
}

/// The result of checking one item against one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Met {
        value: f64,
        derived: bool,
    },
    NotMet {
        value: f64,
        derived: bool,
        /// How far the value is from the limit, in the metric's unit (> 0).
        shortfall: f64,
        text: Bilingual,
    },
    /// The report has no value for the metric and none can be derived.
    NotReported,
}

impl Check {
    pub fn key(&self) -> &'static str {
        match self {
            Check::Met { .. } => "met",
            Check::NotMet { .. } => "not_met",
            Check::NotReported => "not_reported",
        }
    }
}

/// A number as Swedish text: up to two decimals, decimal comma, space groups.
pub fn number_sv(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) if b != "0" => ("-", b),
        Some(b) => ("", b),
        None => ("", text.as_str()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let grouped = int
        .parse::<u64>()
        .map(crate::money::group_thousands)
        .unwrap_or_else(|_| int.to_string());
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

fn number_en(v: f64) -> String {
    number_sv(v).replace(',', ".").replace(' ', ",")
}

/// Checks a report's values against `comparator threshold` on `metric`.
pub fn check(
    metric: &str,
    comparator: Comparator,
    threshold: f64,
    values: &BTreeMap<String, f64>,
) -> Check {
    let Some((value, derived)) = metric_value(metric, values) else {
        return Check::NotReported;
    };
    let shortfall = match comparator {
        Comparator::AtLeast => threshold - value,
        Comparator::AtMost => value - threshold,
    };
    if shortfall <= 0.0 {
        return Check::Met { value, derived };
    }
    let (unit, name_sv, name_en) = match metric_by_key(metric) {
        Some(m) => (m.unit, m.name.sv, m.name.en),
        None => ("", metric, metric),
    };
    let share = metric_by_key(metric).is_some_and(|m| m.kind == MetricKind::Share);
    let (gap_sv, gap_en) = if share {
        ("procentenheter", "percentage points")
    } else {
        (unit, unit)
    };
    let (dir_sv, dir_en) = match comparator {
        Comparator::AtLeast => ("under", "below"),
        Comparator::AtMost => ("över", "above"),
    };
    let (der_sv, der_en) = if derived {
        (
            " (beräknat från rapporterade drivmedel)",
            " (derived from the reported fuels)",
        )
    } else {
        ("", "")
    };
    let text = Bilingual::new(
        format!(
            "{name_sv}: rapporterat {} {unit}{der_sv}, kravet är {} {} {unit}; {} {gap_sv} {dir_sv} kravet.",
            number_sv(value),
            comparator.name().sv,
            number_sv(threshold),
            number_sv(shortfall),
        ),
        format!(
            "{name_en}: reported {} {unit}{der_en}, the requirement is {} {} {unit}; {} {gap_en} {dir_en} it.",
            number_en(value),
            comparator.name().en,
            number_en(threshold),
            number_en(shortfall),
        ),
    );
    Check::NotMet {
        value,
        derived,
        shortfall,
        text,
    }
}

// --------------------------------------------------------------- sanction

/// The sanction ladder, mildest first (Tyresö kommun, "Riktlinjer för
/// uppföljning och utvärdering av upphandlade avtal").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sanction {
    Rattelse,
    Prisavdrag,
    Vite,
    Uppsagning,
    Havning,
    Skadestand,
}

impl Sanction {
    pub const LADDER: [Sanction; 6] = [
        Sanction::Rattelse,
        Sanction::Prisavdrag,
        Sanction::Vite,
        Sanction::Uppsagning,
        Sanction::Havning,
        Sanction::Skadestand,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Sanction::Rattelse => "rattelse",
            Sanction::Prisavdrag => "prisavdrag",
            Sanction::Vite => "vite",
            Sanction::Uppsagning => "uppsagning",
            Sanction::Havning => "havning",
            Sanction::Skadestand => "skadestand",
        }
    }

    pub fn parse(key: &str) -> Option<Sanction> {
        Sanction::LADDER.into_iter().find(|s| s.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            Sanction::Rattelse => Text::new("Rättelse", "Correction"),
            Sanction::Prisavdrag => Text::new("Prisavdrag", "Price reduction"),
            Sanction::Vite => Text::new("Vite", "Liquidated damages"),
            Sanction::Uppsagning => Text::new("Uppsägning", "Termination"),
            Sanction::Havning => Text::new("Hävning", "Rescission"),
            Sanction::Skadestand => Text::new("Skadestånd", "Damages"),
        }
    }

    pub fn description(self) -> Text {
        match self {
            Sanction::Rattelse => Text::new(
                "Leverantören rättar bristen inom en frist, utan kostnad för beställaren.",
                "The supplier corrects the shortcoming within a deadline, at no cost to the buyer.",
            ),
            Sanction::Prisavdrag => Text::new(
                "Avdrag på priset som motsvarar det som inte levererats enligt avtalet.",
                "A reduction of the price for what was not delivered as agreed.",
            ),
            Sanction::Vite => Text::new(
                "Ett belopp enligt avtalets vitesklausul, t.ex. 1,5 × den fördel leverantören fått.",
                "An amount under the contract's penalty clause, e.g. 1.5 × the advantage the supplier gained.",
            ),
            Sanction::Uppsagning => Text::new(
                "Avtalet sägs upp och upphör efter uppsägningstiden.",
                "The contract is terminated and ends after the notice period.",
            ),
            Sanction::Havning => Text::new(
                "Avtalet hävs i förtid vid väsentligt avtalsbrott.",
                "The contract is rescinded early for a material breach.",
            ),
            Sanction::Skadestand => Text::new(
                "Ersättning för den skada avtalsbrottet orsakat beställaren.",
                "Compensation for the loss the breach caused the buyer.",
            ),
        }
    }

    /// Whether the sanction is an amount of money.
    pub fn has_amount(self) -> bool {
        matches!(
            self,
            Sanction::Prisavdrag | Sanction::Vite | Sanction::Skadestand
        )
    }

    /// The next step up the ladder, for a deviation that repeats or is not corrected.
    pub fn next(self) -> Option<Sanction> {
        let i = Sanction::LADDER.iter().position(|s| *s == self)?;
        Sanction::LADDER.get(i + 1).copied()
    }
}

/// The default penalty factor: 1.5 × the advantage gained, in thousandths.
pub const DEFAULT_FACTOR_MILLI: i64 = 1500;

/// Divides rounding half away from zero (exact, in integers).
fn div_round(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d.abs() {
        q + if (n < 0) != (d < 0) { -1 } else { 1 }
    } else {
        q
    }
}

/// The penalty: `advantage × factor_milli / 1000`, rounded half away from
/// zero to whole öre. `None` on overflow or a negative factor.
pub fn penalty(advantage: Ore, factor_milli: i64) -> Option<Ore> {
    if factor_milli < 0 {
        return None;
    }
    let v = div_round(i128::from(advantage.0) * i128::from(factor_milli), 1000);
    i64::try_from(v).ok().map(Ore)
}

/// The advantage of not delivering `quantity` units (e.g. litres of HVO)
/// that cost `price_diff` more per unit than what was delivered instead:
/// quantity × price difference, rounded half away from zero to whole öre.
pub fn advantage_from_quantity(quantity: f64, price_diff: Ore) -> Option<Ore> {
    if !quantity.is_finite() || quantity < 0.0 {
        return None;
    }
    let v = (quantity * price_diff.0 as f64).round();
    (v.abs() < 9.0e15).then_some(Ore(v as i64))
}

/// A factor typed as `1,5` or `1.5` → thousandths (1500); at most three decimals.
pub fn parse_factor(text: &str) -> Option<i64> {
    let t = text.trim().replace(',', ".");
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() && frac.is_empty()
        || frac.len() > 3
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 6
    {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().ok()?
    };
    Some(int * 1000 + frac)
}

// -------------------------------------------------------------- deviation

/// A deviation's status: open → being corrected → closed; a closed one can
/// be reopened with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviationStatus {
    Oppen,
    Atgardas,
    Stangd,
}

impl DeviationStatus {
    pub const ALL: [DeviationStatus; 3] = [
        DeviationStatus::Oppen,
        DeviationStatus::Atgardas,
        DeviationStatus::Stangd,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DeviationStatus::Oppen => "oppen",
            DeviationStatus::Atgardas => "atgardas",
            DeviationStatus::Stangd => "stangd",
        }
    }

    pub fn parse(key: &str) -> Option<DeviationStatus> {
        DeviationStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn name(self) -> Text {
        match self {
            DeviationStatus::Oppen => Text::new("Öppen", "Open"),
            DeviationStatus::Atgardas => Text::new("Åtgärdas", "Being corrected"),
            DeviationStatus::Stangd => Text::new("Stängd", "Closed"),
        }
    }
}

/// Why a status change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("avvikelsen har redan den statusen / the deviation already has that status")]
    Unchanged,
    #[error(
        "en avvikelse stängs med en anteckning om hur den åtgärdats / closing a deviation needs a note on how it was resolved"
    )]
    ClosingNoteRequired,
    #[error("ange datum då avvikelsen stängdes / give the date the deviation was closed")]
    ClosingDateRequired,
    #[error("ange varför avvikelsen öppnas igen / give the reason for reopening the deviation")]
    ReopenReasonRequired,
}

/// What a permitted status change stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub to: DeviationStatus,
    /// Set when closing; cleared when reopening.
    pub closed_on: Option<Date>,
    pub closing_note: String,
    /// The note for the history (closing note or reopening reason).
    pub note: String,
}

/// Checks a status change: closing needs a note and a date, reopening a
/// closed deviation needs a reason; open ↔ being corrected is free.
pub fn transition(
    from: DeviationStatus,
    to: DeviationStatus,
    note: &str,
    date: Option<Date>,
) -> Result<Transition, TransitionError> {
    let note = note.trim();
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    if to == DeviationStatus::Stangd {
        if note.is_empty() {
            return Err(TransitionError::ClosingNoteRequired);
        }
        let Some(date) = date else {
            return Err(TransitionError::ClosingDateRequired);
        };
        return Ok(Transition {
            to,
            closed_on: Some(date),
            closing_note: note.to_owned(),
            note: note.to_owned(),
        });
    }
    if from == DeviationStatus::Stangd && note.is_empty() {
        return Err(TransitionError::ReopenReasonRequired);
    }
    Ok(Transition {
        to,
        closed_on: None,
        closing_note: String::new(),
        note: note.to_owned(),
    })
}

/// A deviation's action deadline has passed and it is not closed.
pub fn deviation_overdue(status: DeviationStatus, deadline: Option<Date>, today: Date) -> bool {
    status != DeviationStatus::Stangd && deadline.is_some_and(|d| d < today)
}

impl fmt::Display for DeviationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn vals(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn single_shot_schedules() {
        let (s, e) = (d("2027-01-31"), d("2029-01-30"));
        assert_eq!(next_due(FollowUpWhen::VidAnbud, s, e, None), None);
        assert_eq!(
            next_due(FollowUpWhen::VidLeverans, s, e, None),
            Some(d("2027-02-28"))
        );
        assert_eq!(
            next_due(FollowUpWhen::VidLeverans, s, e, Some(d("2027-03-01"))),
            None
        );
        assert_eq!(next_due(FollowUpWhen::VidAvtalsslut, s, e, None), Some(e));
        assert_eq!(next_due(FollowUpWhen::VidAvtalsslut, s, e, Some(e)), None);
    }

    #[test]
    fn quarterly_schedule_with_margin() {
        let (s, e) = (d("2027-02-15"), d("2028-02-14"));
        let q = FollowUpWhen::Kvartalsvis;
        // First quarter containing the start ends 03-31, +30 days.
        assert_eq!(next_due(q, s, e, None), Some(d("2027-04-30")));
        // An early check (before the quarter ended) does not skip it ...
        assert_eq!(
            next_due(q, s, e, Some(d("2027-03-20"))),
            Some(d("2027-04-30"))
        );
        // ... a check after it ended moves to the next quarter, early or late.
        assert_eq!(
            next_due(q, s, e, Some(d("2027-04-10"))),
            Some(d("2027-07-30"))
        );
        assert_eq!(
            next_due(q, s, e, Some(d("2027-05-30"))),
            Some(d("2027-07-30"))
        );
        assert_eq!(
            next_due(q, s, e, Some(d("2027-12-31"))),
            Some(d("2028-03-15"))
        );
        // The last period is cut at the contract end; after it nothing is due.
        assert_eq!(next_due(q, s, e, Some(d("2028-02-14"))), None);
    }

    #[test]
    fn monthly_and_yearly_schedules() {
        let (s, e) = (d("2027-01-10"), d("2029-01-09"));
        let m = FollowUpWhen::Manadsvis;
        assert_eq!(next_due(m, s, e, None), Some(d("2027-02-15")));
        assert_eq!(
            next_due(m, s, e, Some(d("2027-02-03"))),
            Some(d("2027-03-15"))
        );
        assert_eq!(
            next_due(m, s, e, Some(d("2027-02-28"))),
            Some(d("2027-04-15"))
        );
        let y = FollowUpWhen::Arligen;
        // Contract year 2027-01-10 .. 2028-01-09, +30 days.
        assert_eq!(next_due(y, s, e, None), Some(d("2028-02-08")));
        assert_eq!(
            next_due(y, s, e, Some(d("2028-01-20"))),
            Some(d("2029-02-08"))
        );
        assert_eq!(next_due(y, s, e, Some(d("2029-01-09"))), None);
        // A contract ending before it starts has nothing due.
        assert_eq!(next_due(y, e, s, None), None);
    }

    #[test]
    fn due_classification() {
        let today = d("2027-05-01");
        assert_eq!(due_status(None, today), DueStatus::NotDue);
        assert_eq!(due_status(Some(d("2027-04-30")), today), DueStatus::Overdue);
        assert_eq!(due_status(Some(today), today), DueStatus::DueSoon);
        assert_eq!(due_status(Some(d("2027-05-31")), today), DueStatus::DueSoon);
        assert_eq!(due_status(Some(d("2027-06-01")), today), DueStatus::Later);
        assert!(DueStatus::Overdue < DueStatus::DueSoon);
    }

    #[test]
    fn renewable_share_by_energy() {
        // 1000 l HVO (34 320 MJ) and 1000 l diesel (36 000 MJ): 48.8 %.
        let v = vals(&[("hvo100_l", 1000.0), ("diesel_l", 1000.0)]);
        let share = renewable_fuel_share(&v).unwrap();
        assert!(
            (share - 100.0 * 34_320.0 / 70_320.0).abs() < 1e-9,
            "{share}"
        );
        assert_eq!(renewable_fuel_share(&vals(&[("el_kwh", 5.0)])), None);
        // E85 alone: 17.85 / 22.65 renewable.
        let e85 = renewable_fuel_share(&vals(&[("e85_l", 10.0)])).unwrap();
        assert!((e85 - 100.0 * 17.85 / 22.65).abs() < 1e-9);
        // A reported share wins over the derived one.
        let mut both = v.clone();
        both.insert(RENEWABLE_FUEL_SHARE.into(), 90.0);
        assert_eq!(
            metric_value(RENEWABLE_FUEL_SHARE, &both),
            Some((90.0, false))
        );
        assert_eq!(
            metric_value(RENEWABLE_FUEL_SHARE, &v).map(|x| x.1),
            Some(true)
        );
        for f in FUEL_ENERGY {
            assert!(metric_by_key(f.metric).is_some_and(|m| m.kind == MetricKind::Fuel));
        }
    }

    #[test]
    fn missing_hvo_for_required_share() {
        let v = vals(&[("hvo100_l", 1000.0), ("diesel_l", 1000.0)]);
        let litres = missing_hvo_litres(&v, 80.0).unwrap();
        // 0.8 × 70 320 − 34 320 = 21 936 MJ / 34.32 = 639.16 l.
        assert!((litres - 21_936.0 / 34.32).abs() < 1e-9, "{litres}");
        // Replacing that much diesel energy by HVO gives exactly 80 %.
        let swapped = vals(&[
            ("hvo100_l", 1000.0 + litres),
            ("diesel_l", 1000.0 - litres * 34.32 / 36.0),
        ]);
        assert!((renewable_fuel_share(&swapped).unwrap() - 80.0).abs() < 1e-9);
        assert_eq!(missing_hvo_litres(&v, 10.0), Some(0.0));
        assert_eq!(missing_hvo_litres(&BTreeMap::new(), 80.0), None);
    }

    #[test]
    fn checks_values() {
        let v = vals(&[("andel_fornybar_drivmedel_pct", 62.5), ("diesel_l", 500.0)]);
        assert_eq!(
            check(
                "andel_fornybar_drivmedel_pct",
                Comparator::AtLeast,
                60.0,
                &v
            ),
            Check::Met {
                value: 62.5,
                derived: false
            }
        );
        match check(
            "andel_fornybar_drivmedel_pct",
            Comparator::AtLeast,
            80.0,
            &v,
        ) {
            Check::NotMet {
                shortfall, text, ..
            } => {
                assert_eq!(shortfall, 17.5);
                assert!(text.sv.contains("17,5 procentenheter under"), "{}", text.sv);
                assert!(
                    text.en.contains("17.5 percentage points below"),
                    "{}",
                    text.en
                );
            }
            other => panic!("{other:?}"),
        }
        match check("diesel_l", Comparator::AtMost, 400.0, &v) {
            Check::NotMet {
                shortfall, text, ..
            } => {
                assert_eq!(shortfall, 100.0);
                assert!(text.sv.contains("100 l över"), "{}", text.sv);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            check("diesel_l", Comparator::AtMost, 500.0, &v).key(),
            "met"
        );
        assert_eq!(
            check("el_kwh", Comparator::AtMost, 1.0, &v),
            Check::NotReported
        );
        let fuels = vals(&[("hvo100_l", 1000.0), ("diesel_l", 1000.0)]);
        match check(RENEWABLE_FUEL_SHARE, Comparator::AtLeast, 80.0, &fuels) {
            Check::NotMet {
                derived: true,
                text,
                ..
            } => assert!(text.sv.contains("beräknat")),
            other => panic!("{other:?}"),
        }
        assert_eq!(Comparator::parse(" >= "), Some(Comparator::AtLeast));
        assert_eq!(Comparator::parse("≤"), Some(Comparator::AtMost));
        assert_eq!(Comparator::parse("="), None);
    }

    #[test]
    fn swedish_numbers() {
        assert_eq!(number_sv(1234567.891), "1 234 567,89");
        assert_eq!(number_sv(-0.001), "0");
        assert_eq!(number_sv(-12.5), "-12,5");
        assert_eq!(number_en(1234.5), "1,234.5");
    }

    #[test]
    fn penalty_is_exact_with_half_away_rounding() {
        assert_eq!(
            penalty(Ore(100_000), DEFAULT_FACTOR_MILLI),
            Some(Ore(150_000))
        );
        // 1 öre × 1.5 = 1.5 → 2; 3 öre → 4.5 → 5; negatives mirror.
        assert_eq!(penalty(Ore(1), 1500), Some(Ore(2)));
        assert_eq!(penalty(Ore(3), 1500), Some(Ore(5)));
        assert_eq!(penalty(Ore(-3), 1500), Some(Ore(-5)));
        assert_eq!(penalty(Ore(7), 1333), Some(Ore(9)));
        assert_eq!(penalty(Ore(i64::MAX), 2000), None);
        assert_eq!(penalty(Ore(1), -1), None);
        // 639.16 l × 2,50 kr = 1 597,90 kr advantage.
        let adv = advantage_from_quantity(21_936.0 / 34.32, Ore(250)).unwrap();
        assert_eq!(adv, Ore(159_790));
        assert_eq!(penalty(adv, 1500), Some(Ore(239_685)));
        assert_eq!(advantage_from_quantity(-1.0, Ore(1)), None);
        assert_eq!(advantage_from_quantity(f64::NAN, Ore(1)), None);
        assert_eq!(parse_factor("1,5"), Some(1500));
        assert_eq!(parse_factor("2"), Some(2000));
        assert_eq!(parse_factor("1.25"), Some(1250));
        for bad in ["", "1,2345", "-1", "x", "1.5.1", "."] {
            assert_eq!(parse_factor(bad), None, "{bad}");
        }
    }

    #[test]
    fn sanction_ladder() {
        assert_eq!(Sanction::LADDER.len(), 6);
        assert_eq!(Sanction::Rattelse.next(), Some(Sanction::Prisavdrag));
        assert_eq!(Sanction::Skadestand.next(), None);
        for s in Sanction::LADDER {
            assert_eq!(Sanction::parse(s.key()), Some(s));
        }
        assert!(Sanction::Vite.has_amount() && !Sanction::Havning.has_amount());
        assert!(Sanction::Rattelse < Sanction::Havning);
    }

    #[test]
    fn deviation_status_machine() {
        use DeviationStatus::*;
        let day = Some(d("2027-06-01"));
        assert_eq!(
            transition(Oppen, Oppen, "", day),
            Err(TransitionError::Unchanged)
        );
        assert_eq!(transition(Oppen, Atgardas, "", None).unwrap().to, Atgardas);
        assert_eq!(transition(Atgardas, Oppen, "", None).unwrap().to, Oppen);
        assert_eq!(
            transition(Atgardas, Stangd, "  ", day),
            Err(TransitionError::ClosingNoteRequired)
        );
        assert_eq!(
            transition(Atgardas, Stangd, "Faktura visar HVO", None),
            Err(TransitionError::ClosingDateRequired)
        );
        let closed = transition(Oppen, Stangd, " Rättat ", day).unwrap();
        assert_eq!(
            (closed.closed_on, closed.closing_note.as_str()),
            (day, "Rättat")
        );
        assert_eq!(
            transition(Stangd, Oppen, "", None),
            Err(TransitionError::ReopenReasonRequired)
        );
        let reopened = transition(Stangd, Atgardas, "Ny brist", None).unwrap();
        assert_eq!(
            (reopened.closed_on, reopened.note.as_str()),
            (None, "Ny brist")
        );
        for s in DeviationStatus::ALL {
            assert_eq!(DeviationStatus::parse(s.key()), Some(s));
        }
        let today = d("2027-06-10");
        assert!(deviation_overdue(Oppen, Some(d("2027-06-09")), today));
        assert!(!deviation_overdue(Oppen, Some(today), today));
        assert!(!deviation_overdue(Stangd, Some(d("2027-01-01")), today));
        assert!(!deviation_overdue(Atgardas, None, today));
    }
}
