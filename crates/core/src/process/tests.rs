use super::*;
use std::collections::HashSet;

fn d(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).expect("valid test date")
}

#[test]
fn stage_keys_round_trip_in_order() {
    for (i, s) in Stage::ALL.into_iter().enumerate() {
        assert_eq!(s.index(), i);
        assert_eq!(Stage::parse(s.key()), Some(s));
        assert!(
            s.key().bytes().all(|b| b.is_ascii_lowercase()),
            "{}",
            s.key()
        );
        assert_eq!(guide(s).stage, s, "guide table out of order at {i}");
    }
    assert_eq!(Stage::Behovsanalys.next(), Some(Stage::Marknadsanalys));
    assert_eq!(Stage::Avtal.next(), Some(Stage::Avtalsuppfoljning));
    assert_eq!(Stage::Avtalsuppfoljning.next(), None);
    assert_eq!(Stage::parse("Behovsanalys"), None);
    assert_eq!(Stage::parse(""), None);
    assert_eq!(Stage::Forfragningsunderlag.key(), "forfragningsunderlag");
    assert_eq!(
        serde_json::to_string(&Stage::Forfragningsunderlag).unwrap(),
        "\"forfragningsunderlag\""
    );
}

#[test]
fn raci_keys_round_trip() {
    for r in Raci::ALL {
        assert_eq!(Raci::parse(r.key()), Some(r));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", r.key())
        );
    }
    assert_eq!(Raci::parse("a"), None);
    assert_eq!(Text::new("ja", "yes").get(true), "yes");
    assert_eq!(Text::new("ja", "yes").get(false), "ja");
}

#[test]
fn exactly_one_accountable_and_someone_doing_each_stage() {
    for s in Stage::ALL {
        let parts: Vec<Option<Raci>> = ROLE_KEYS.iter().map(|r| default_raci(s, r)).collect();
        let a = parts
            .iter()
            .filter(|p| **p == Some(Raci::Accountable))
            .count();
        assert_eq!(a, 1, "{} has {a} Accountable", s.key());
        // Politicians set goals and policy; the operational steps are delegated.
        assert!(
            !matches!(
                default_raci(s, "politiker"),
                Some(Raci::Accountable | Raci::Responsible)
            ),
            "{}",
            s.key()
        );
        assert_eq!(default_raci(s, "admin"), None, "{}", s.key());
        assert_eq!(default_raci(s, "samordnare"), None);
        assert_eq!(default_raci(s, "okänd"), None);
    }
    assert_eq!(
        default_raci(Stage::Behovsanalys, "bestallare"),
        Some(Raci::Accountable)
    );
    assert_eq!(
        default_raci(Stage::Behovsanalys, "politiker"),
        Some(Raci::Informed)
    );
    assert_eq!(
        default_raci(Stage::Tilldelning, "politiker"),
        Some(Raci::Informed)
    );
    assert_eq!(
        default_raci(Stage::Forfragningsunderlag, "miljostrateg"),
        Some(Raci::Consulted)
    );
    assert_eq!(
        default_raci(Stage::Utvardering, "upphandlare"),
        Some(Raci::Accountable)
    );
    assert_eq!(
        default_raci(Stage::Avtalsuppfoljning, "avtalsansvarig"),
        Some(Raci::Accountable)
    );
}

#[test]
fn checklists_are_well_formed() {
    let mut keys = HashSet::new();
    for s in Stage::ALL {
        let g = guide(s);
        assert!(
            (3..=7).contains(&g.checklist.len()),
            "{} has {} items",
            s.key(),
            g.checklist.len()
        );
        assert!(
            g.checklist.iter().any(|i| i.required),
            "{} has no required item",
            s.key()
        );
        for i in g.checklist {
            assert!(
                !i.key.is_empty()
                    && i.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    && !i.key.starts_with('_')
                    && !i.key.ends_with('_'),
                "key {:?} is not ascii snake_case",
                i.key
            );
            assert!(keys.insert(i.key), "checklist key {} used twice", i.key);
            for text in [i.label, i.help] {
                assert!(
                    !text.sv.trim().is_empty() && !text.en.trim().is_empty(),
                    "{}",
                    i.key
                );
            }
            assert_eq!(checklist_item(i.key).map(|(st, _)| st), Some(s));
        }
    }
    assert!(checklist_item("finns_inte").is_none());
}

#[test]
fn weekdays() {
    assert_eq!(weekday(d(1970, 1, 1)), 4);
    assert_eq!(weekday(d(2026, 4, 5)), 7);
    assert_eq!(weekday(d(2026, 6, 19)), 5);
    assert_eq!(weekday(d(2024, 2, 29)), 4);
    assert_eq!(weekday(d(1969, 12, 29)), 1);
}

#[test]
fn easter_by_the_gregorian_algorithm() {
    for (y, m, day) in [
        (2000, 4, 23),
        (2019, 4, 21),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2038, 4, 25),
        (2008, 3, 23),
    ] {
        assert_eq!(easter_sunday(y), d(y, m, day), "{y}");
        assert_eq!(weekday(easter_sunday(y)), 7);
    }
}

#[test]
fn swedish_holidays_2026() {
    let holidays = [
        (1, 1),   // nyårsdagen
        (1, 6),   // trettondedag jul
        (4, 3),   // långfredagen
        (4, 4),   // påskafton
        (4, 5),   // påskdagen
        (4, 6),   // annandag påsk
        (5, 1),   // första maj
        (5, 14),  // Kristi himmelsfärdsdag
        (5, 24),  // pingstdagen
        (6, 6),   // nationaldagen
        (6, 19),  // midsommarafton
        (6, 20),  // midsommardagen
        (10, 31), // alla helgons dag
        (12, 24), // julafton
        (12, 25), // juldagen
        (12, 26), // annandag jul
        (12, 31), // nyårsafton
    ];
    for (m, day) in holidays {
        assert!(
            is_swedish_public_holiday(d(2026, m, day)),
            "2026-{m:02}-{day:02}"
        );
    }
    let mut count = 0;
    let mut date = d(2026, 1, 1);
    while date.year == 2026 {
        if is_swedish_public_holiday(date) {
            count += 1;
        }
        date = Date::from_days_since_epoch(i64::from(date.days_since_epoch()) + 1);
    }
    assert_eq!(count, holidays.len(), "unexpected extra holidays in 2026");
    for (m, day) in [
        (4, 2),
        (4, 7),
        (5, 13),
        (6, 18),
        (6, 26),
        (11, 7),
        (12, 23),
        (12, 27),
    ] {
        assert!(
            !is_swedish_public_holiday(d(2026, m, day)),
            "2026-{m:02}-{day:02}"
        );
    }
    assert_eq!(
        holiday_name(d(2026, 5, 14)).unwrap().sv,
        "Kristi himmelsfärdsdag"
    );
    assert_eq!(holiday_name(d(2026, 6, 19)).unwrap().sv, "Midsommarafton");
    // Midsummer and All Saints move: 2025 has them on 20/21 June and 1 November.
    assert!(is_swedish_public_holiday(d(2025, 6, 20)));
    assert!(is_swedish_public_holiday(d(2025, 6, 21)));
    assert!(!is_swedish_public_holiday(d(2025, 6, 19)));
    assert!(is_swedish_public_holiday(d(2025, 11, 1)));
    assert!(!is_swedish_public_holiday(d(2025, 10, 31)));
    // A plain Saturday is no holiday, but no working day either.
    assert!(!is_swedish_public_holiday(d(2026, 3, 7)));
    assert!(!is_working_day(d(2026, 3, 7)));
    assert!(is_working_day(d(2026, 3, 9)));
    assert!(!is_working_day(d(2026, 4, 6)));
}

#[test]
fn standstill_periods() {
    // Plain: sent Tuesday 1 September, day 10 is Friday 11 September.
    assert_eq!(standstill_end(d(2026, 9, 1)), d(2026, 9, 11));
    // Sent on a Friday: day 10 is a Monday.
    assert_eq!(standstill_end(d(2026, 1, 30)), d(2026, 2, 9));
    // Day 10 on a Sunday moves to Monday.
    assert_eq!(standstill_end(d(2026, 9, 3)), d(2026, 9, 14));
    // Crossing Easter 2026: day 10 is långfredagen, then påskafton, påskdagen
    // and annandag påsk; the period ends on Tuesday 7 April.
    assert_eq!(standstill_end(d(2026, 3, 24)), d(2026, 4, 7));
    assert_eq!(standstill_end(d(2026, 3, 25)), d(2026, 4, 7));
    // Day 10 on Kristi himmelsfärdsdag (Thursday 14 May 2026).
    assert_eq!(standstill_end(d(2026, 5, 4)), d(2026, 5, 15));
    // Day 10 on midsommarafton.
    assert_eq!(standstill_end(d(2026, 6, 9)), d(2026, 6, 22));
    // Christmas: day 10 on annandag jul (Friday 2025-12-26).
    assert_eq!(standstill_end(d(2025, 12, 16)), d(2025, 12, 29));
    // Year end: day 10 on nyårsafton, then nyårsdagen.
    assert_eq!(standstill_end(d(2025, 12, 21)), d(2026, 1, 2));
    // Every end is a working day at least 10 days after sending.
    let mut sent = d(2025, 1, 1);
    while sent.year < 2028 {
        let end = standstill_end(sent);
        let gap = end.days_since_epoch() - sent.days_since_epoch();
        assert!(
            is_working_day(end) && (10..=16).contains(&gap),
            "{sent} → {end}"
        );
        sent = Date::from_days_since_epoch(i64::from(sent.days_since_epoch()) + 1);
    }
}

fn kr(sek: i64) -> Ore {
    Ore(sek * 100)
}

#[test]
fn procedure_bands_2024_25() {
    let on = d(2025, 3, 1);
    let h = procedure_band(kr(699_999), on);
    assert_eq!((h.band, h.check), (ProcedureBand::DirectAward, false));
    let h = procedure_band(kr(700_000), on);
    assert_eq!((h.band, h.check), (ProcedureBand::BelowThreshold, true));
    let h = procedure_band(kr(1_500_000), on);
    assert_eq!((h.band, h.check), (ProcedureBand::BelowThreshold, false));
    let h = procedure_band(Ore(kr(2_389_585).0 - 1), on);
    assert_eq!((h.band, h.check), (ProcedureBand::BelowThreshold, false));
    let h = procedure_band(kr(2_389_585), on);
    assert_eq!((h.band, h.check), (ProcedureBand::AboveThreshold, true));
    let h = procedure_band(kr(5_000_000), on);
    assert_eq!((h.band, h.check), (ProcedureBand::AboveThreshold, false));
    assert!(h.limit_text.sv.contains("2 389 585"));
    assert_eq!(h.limits, (kr(700_000), kr(2_389_585)));
    assert_eq!(procedure_band(Ore(0), on).band, ProcedureBand::DirectAward);
}

#[test]
fn procedure_bands_other_periods() {
    // 2020–21: 615 312 kr and 2 197 545 kr.
    assert_eq!(
        procedure_band(kr(650_000), d(2021, 6, 1)).band,
        ProcedureBand::BelowThreshold
    );
    assert_eq!(
        procedure_band(kr(650_000), d(2022, 6, 1)).band,
        ProcedureBand::DirectAward
    );
    assert_eq!(
        procedure_band(kr(2_200_000), d(2021, 6, 1)).band,
        ProcedureBand::AboveThreshold
    );
    assert_eq!(
        procedure_band(kr(2_300_000), d(2023, 6, 1)).band,
        ProcedureBand::AboveThreshold
    );
    assert_eq!(
        procedure_band(kr(2_300_000), d(2024, 1, 1)).band,
        ProcedureBand::BelowThreshold
    );
    // January 2022: the fixed 700 000 kr limit started on 1 February.
    assert!(procedure_band(kr(650_000), d(2022, 1, 15)).check);
    assert!(!procedure_band(kr(650_000), d(2022, 2, 1)).check);
    // 2026–27: the kronor threshold is unconfirmed.
    let h = procedure_band(kr(2_400_000), d(2026, 3, 1));
    assert_eq!((h.band, h.check), (ProcedureBand::AboveThreshold, true));
    assert!(h.limit_text.sv.contains("216 000 euro") && h.limit_text.sv.contains("Kontrollera"));
    let h = procedure_band(kr(2_200_000), d(2026, 3, 1));
    assert_eq!((h.band, h.check), (ProcedureBand::BelowThreshold, true));
    let h = procedure_band(kr(1_500_000), d(2026, 3, 1));
    assert_eq!((h.band, h.check), (ProcedureBand::BelowThreshold, false));
    let h = procedure_band(kr(3_000_000), d(2027, 12, 31));
    assert_eq!((h.band, h.check), (ProcedureBand::AboveThreshold, false));
    assert!(procedure_band(kr(750_000), d(2026, 3, 1)).check);
    assert!(procedure_band(kr(100_000), d(2028, 1, 1)).check);
    assert!(procedure_band(kr(100_000), d(2015, 1, 1)).check);
}

#[test]
fn guides_have_content_in_both_languages() {
    for s in Stage::ALL {
        let g = guide(s);
        for (what, text) in [
            ("what", g.what),
            ("why_climate", g.why_climate),
            ("outputs", g.outputs),
        ] {
            assert!(
                text.sv.len() > 40 && text.en.len() > 40,
                "{} {what} is too short",
                s.key()
            );
        }
        assert!(
            g.what.sv.starts_with("1. ") && g.what.en.starts_with("1. "),
            "{}",
            s.key()
        );
        assert_eq!(
            g.what.sv.lines().count(),
            g.what.en.lines().count(),
            "{}: Swedish and English steps differ in number",
            s.key()
        );
        assert!(!g.legal.is_empty(), "{} has no legal points", s.key());
        for p in g.legal {
            assert!(!p.source.trim().is_empty() && !p.text.sv.is_empty() && !p.text.en.is_empty());
        }
    }
}

#[test]
fn the_legal_anchors_are_all_cited() {
    let sources: Vec<&str> = Stage::ALL
        .iter()
        .flat_map(|s| guide(*s).legal.iter().map(|p| p.source))
        .collect();
    for needle in [
        "4 kap. 1 §",
        "4 kap. 3 §",
        "9 kap. 12 §",
        "15 kap. 11 § p. 8",
        "15 kap. 15 §",
        "16 kap. 1 §",
        "17 kap. 1 §",
        "12 kap. 12 §",
        "19 kap. 29 §",
        "20 kap.",
        "(2009:400) 19 kap. 3 §",
        "19 a kap.",
        "2011:846",
    ] {
        assert!(
            sources.iter().any(|s| s.contains(needle)),
            "no source cites {needle}"
        );
    }
    // The cost-basis figure from Konjunkturinstitutet sits with the award model.
    assert!(
        guide(Stage::Forfragningsunderlag)
            .why_climate
            .sv
            .contains("20 000")
    );
}

#[test]
fn unconfirmed_figures_are_not_stated_as_fact() {
    // 15 days for a notice sent by other means is unconfirmed in our sources,
    // and so is the kronor value of the 2026–27 threshold.
    for s in Stage::ALL {
        let g = guide(s);
        let all: Vec<&str> = [g.what, g.why_climate, g.outputs]
            .iter()
            .chain(g.legal.iter().map(|p| &p.text))
            .flat_map(|t| [t.sv, t.en])
            .collect();
        for text in all {
            assert!(
                !text.contains("15 dagar") && !text.contains("15 days"),
                "{text}"
            );
        }
    }
}
