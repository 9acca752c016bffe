//! Direct-award limits and EU thresholds for municipalities and regions
//! (sub-central authorities), goods and services, excluding VAT.
//!
//! Decision for 2026–27 (docs/decisions.md, "Issue 5 — processtöd"): only
//! the euro threshold (EUR 216 000) is confirmed in our sources, not its
//! kronor value, and whether the direct-award limit stays at 700 000 kr is
//! not confirmed either. From 2026 the band is computed with the last
//! confirmed kronor figures (700 000 kr and 2 389 585 kr) and the hint is
//! marked `check` when the value lies within ±10 % of either limit — a band
//! wide enough to cover EUR 216 000 at any exchange rate between 10 and 12
//! kr per euro. From 2028 every answer is marked `check`.
//!
//! A value exactly on a limit is marked `check` too: which side "at the
//! limit" belongs to is not settled in our sources. The computation puts it
//! on the stricter side of the threshold (at or above = above) and on the
//! non-direct-award side of the direct-award limit.

use super::{ProcedureBand, ProcedureHint, Text};
use crate::date::Date;
use crate::money::Ore;

const fn kr(sek: i64) -> Ore {
    Ore(sek * 100)
}

struct Period {
    /// First day the figures apply.
    from: Date,
    direct_award: Ore,
    threshold: Ore,
    text: Text,
    source: &'static str,
    /// The figures are not confirmed for this period.
    unconfirmed: bool,
}

const fn date(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// Newest last.
const PERIODS: [Period; 6] = [
    Period {
        from: date(2016, 1, 1),
        direct_award: kr(534_890),
        threshold: kr(1_910_323),
        text: Text::new(
            "Gränser 2016–2017 (kommuner och regioner, varor och tjänster, exkl. moms): direktupphandling under 534 890 kr, tröskelvärde 1 910 323 kr.",
            "Limits 2016–2017 (municipalities and regions, goods and services, excl. VAT): direct award below SEK 534,890, threshold SEK 1,910,323.",
        ),
        source: "Sjöbo kommun (2016); Skattmasen (2016)",
        unconfirmed: false,
    },
    Period {
        from: date(2018, 1, 1),
        direct_award: kr(586_907),
        threshold: kr(2_096_097),
        text: Text::new(
            "Gränser 2018–2019 (kommuner och regioner, varor och tjänster, exkl. moms): direktupphandling under 586 907 kr, tröskelvärde 2 096 097 kr (221 000 euro).",
            "Limits 2018–2019 (municipalities and regions, goods and services, excl. VAT): direct award below SEK 586,907, threshold SEK 2,096,097 (EUR 221,000).",
        ),
        source: "Konkurrensverket, tröskelvärden 2018–2019",
        unconfirmed: false,
    },
    Period {
        from: date(2020, 1, 1),
        direct_award: kr(615_312),
        threshold: kr(2_197_545),
        text: Text::new(
            "Gränser 2020–2021 (kommuner och regioner, varor och tjänster, exkl. moms): direktupphandling under 615 312 kr, tröskelvärde 2 197 545 kr (214 000 euro).",
            "Limits 2020–2021 (municipalities and regions, goods and services, excl. VAT): direct award below SEK 615,312, threshold SEK 2,197,545 (EUR 214,000).",
        ),
        source: "Konkurrensverket, Gamla tröskelvärden (2020–2021)",
        unconfirmed: false,
    },
    Period {
        from: date(2022, 1, 1),
        direct_award: kr(700_000),
        threshold: kr(2_236_731),
        text: Text::new(
            "Gränser 2022–2023 (kommuner och regioner, varor och tjänster, exkl. moms): direktupphandling under 700 000 kr från den 1 februari 2022 (i januari 2022 gällde den äldre gränsen – kontrollera), tröskelvärde 2 236 731 kr (215 000 euro).",
            "Limits 2022–2023 (municipalities and regions, goods and services, excl. VAT): direct award below SEK 700,000 from 1 February 2022 (the older limit applied in January 2022 – check), threshold SEK 2,236,731 (EUR 215,000).",
        ),
        source: "Konkurrensverket, tröskelvärden 2022–2023; LOU 19 a kap. (prop. 2021/22:5), Upphandling24 (2021)",
        unconfirmed: false,
    },
    Period {
        from: date(2024, 1, 1),
        direct_award: kr(700_000),
        threshold: kr(2_389_585),
        text: Text::new(
            "Gränser 2024–2025 (kommuner och regioner, varor och tjänster, exkl. moms): direktupphandling under 700 000 kr, tröskelvärde 2 389 585 kr (221 000 euro). Byggentreprenader och sociala tjänster har andra värden.",
            "Limits 2024–2025 (municipalities and regions, goods and services, excl. VAT): direct award below SEK 700,000, threshold SEK 2,389,585 (EUR 221,000). Works and social services have other values.",
        ),
        source: "Upphandlingsmyndigheten, Tröskelvärden 2024–2025; Trafikverket",
        unconfirmed: false,
    },
    Period {
        from: date(2026, 1, 1),
        direct_award: kr(700_000),
        threshold: kr(2_389_585),
        text: Text::new(
            "För 2026–2027 är bara eurobeloppet bekräftat här: tröskelvärdet för kommuner och regioner (varor och tjänster) är 216 000 euro. Kronbeloppet är inte kontrollerat, och inte heller om direktupphandlingsgränsen är kvar på 700 000 kr. Bedömningen använder 2024–2025 års belopp (700 000 kr och 2 389 585 kr, exkl. moms). Kontrollera aktuella belopp hos Upphandlingsmyndigheten innan du väljer förfarande.",
            "For 2026–2027 only the euro figure is confirmed here: the threshold for municipalities and regions (goods and services) is EUR 216,000. Its kronor value is not verified, nor whether the direct-award limit stays at SEK 700,000. The band uses the 2024–2025 figures (SEK 700,000 and SEK 2,389,585, excl. VAT). Check the current figures with Upphandlingsmyndigheten before choosing a procedure.",
        ),
        source: "Kommissionens delegerade förordning (EU) 2025/2152 (216 000 euro); kronbelopp 2026–2027 ej kontrollerade; arbetsbelopp: Upphandlingsmyndigheten, Tröskelvärden 2024–2025",
        unconfirmed: true,
    },
];

const BEFORE_2016: Text = Text::new(
    "Datumet ligger före 2016; äldre gränser gällde. Bedömningen använder 2016–2017 års belopp – kontrollera.",
    "The date is before 2016, when older limits applied. The band uses the 2016–2017 figures – check.",
);

const AFTER_2027: Text = Text::new(
    "Datumet ligger efter 2027; inga gränser för den perioden finns här. Bedömningen använder 2024–2025 års belopp (700 000 kr och 2 389 585 kr, exkl. moms) – kontrollera aktuella belopp.",
    "The date is after 2027, for which no limits are known here. The band uses the 2024–2025 figures (SEK 700,000 and SEK 2,389,585, excl. VAT) – check the current figures.",
);

/// Within this many per mille of an unconfirmed limit the hint asks the user
/// to check.
const NEAR_PER_MILLE: i64 = 100;

fn near(value: Ore, limit: Ore) -> bool {
    // |value − limit| ≤ 10 % of limit, in exact integer arithmetic.
    (value.0 - limit.0).abs().saturating_mul(1000) <= limit.0.saturating_mul(NEAR_PER_MILLE)
}

pub(super) fn procedure_band(value: Ore, on: Date) -> ProcedureHint {
    let idx = PERIODS.iter().rposition(|p| p.from <= on).unwrap_or(0);
    let p = &PERIODS[idx];
    let band = if value.0 < p.direct_award.0 {
        ProcedureBand::DirectAward
    } else if value.0 < p.threshold.0 {
        ProcedureBand::BelowThreshold
    } else {
        ProcedureBand::AboveThreshold
    };
    let on_limit = value == p.direct_award || value == p.threshold;
    let before = on < PERIODS[0].from;
    let after = on >= date(2028, 1, 1);
    let jan_2022 = on >= date(2022, 1, 1) && on < date(2022, 2, 1);
    let near_unconfirmed =
        p.unconfirmed && (near(value, p.direct_award) || near(value, p.threshold));
    let check = on_limit
        || before
        || after
        || near_unconfirmed
        || (jan_2022 && band != ProcedureBand::AboveThreshold);
    let limit_text = if before {
        BEFORE_2016
    } else if after {
        AFTER_2027
    } else {
        p.text
    };
    ProcedureHint {
        band,
        limit_text,
        source: p.source,
        check,
        limits: (p.direct_award, p.threshold),
    }
}
