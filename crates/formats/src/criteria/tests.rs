use super::*;

const GOOD: &str = r#"[group]
id = "prov"
name_sv = "Provgrupp"
name_en = "Test group"
cpv = ["34100000-8"]
spend_categories = ["vehicles"]
basis_sv = "Grund."
basis_en = "Basis."
sources = ["Källa A"]

[[criterion]]
id = "prov-ts-1"
version = 1
reviewed = 2025-11-29
review_by = 2026-11-29
type = "teknisk_specifikation"
level = "spjutspets"
title_sv = "Nollutsläpp"
title_en = "Zero emission"
text_sv = """Fordonet ska vara ett elfordon."""
text_en = """The vehicle shall be electric."""
rationale_sv = "Varför."
rationale_en = "Why."
proof_sv = "Registerdata."
proof_en = "Registry data."
follow_up_sv = "Kontroll av fordonslista."
follow_up_en = "Fleet list check."
follow_up_when = "vid_leverans"
follow_up_evidence_sv = "Fordonslista."
follow_up_evidence_en = "Fleet list."
effect_sv = "Inga avgasutsläpp."
effect_en = "No exhaust emissions."
effect_reduction = 1.0
effect_basis = "Avgasrörets CO2 jämfört med bensinbil."
sources = ["Källa B"]
cpv = ["34144900-7"]
"#;

fn one(text: &str, file: &str) -> FileError {
    let e = parse_group(text, file).unwrap_err();
    assert_eq!(e.len(), 1, "{e:#?}");
    e.into_iter().next().unwrap()
}

#[test]
fn good_file_parses() {
    let (g, c) = parse_group(GOOD, "data/criteria/prov.toml").unwrap();
    assert_eq!(g.id, "prov");
    assert_eq!(g.name.get(true), "Test group");
    assert_eq!(c.len(), 1);
    let c = &c[0];
    assert_eq!(c.kind, CriterionType::TekniskSpecifikation);
    assert_eq!(c.level, Ambition::Spjutspets);
    assert_eq!(c.follow_up_when, FollowUpWhen::VidLeverans);
    assert_eq!(c.reviewed.to_string(), "2025-11-29");
    assert_eq!(c.effect_reduction, Some(1.0));
    assert_eq!(c.cpv, ["34144900-7"]);
    assert_eq!(c.group, "prov");
}

#[test]
fn unknown_key_is_refused_with_position_in_both_languages() {
    let text = GOOD.replace("version = 1\n", "version = 1\ncolour = \"red\"\n");
    let e = one(&text, "prov.toml");
    assert_eq!((e.line, e.column), (Some(14), Some(1)), "{e}");
    assert!(
        e.message
            .starts_with("prov.toml: okänt fält `colour`; väntade ett av"),
        "{e}"
    );
    assert!(e.message.contains(" / unknown field `colour`"), "{e}");
}

#[test]
fn missing_field_is_named() {
    let text = GOOD.replace("proof_en = \"Registry data.\"\n", "");
    let e = one(&text, "prov.toml");
    assert!(e.message.contains("fält saknas: `proof_en`"), "{e}");
    assert_eq!(e.line, Some(11), "{e}");
}

#[test]
fn bad_keys_list_what_is_expected() {
    let text = GOOD
        .replace("level = \"spjutspets\"", "level = \"medel\"")
        .replace("type = \"teknisk_specifikation\"", "type = \"krav\"")
        .replace("\"vid_leverans\"", "\"ibland\"");
    let e = parse_group(&text, "prov.toml").unwrap_err();
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!((e[0].line, e[0].column), (Some(16), Some(8)));
    assert!(
        e[0].message.contains(
            "okänd typ \"krav\"; väntade en av: kvalificeringskrav, teknisk_specifikation"
        )
    );
    assert_eq!((e[1].line, e[1].column), (Some(17), Some(9)));
    assert!(
        e[1].message
            .contains("väntade en av: bas, avancerad, spjutspets / unknown level \"medel\"")
    );
    assert!(e[2].message.contains("vid_anbud, vid_leverans, manadsvis"));
}

#[test]
fn cpv_codes_are_checked_against_cpv_2008() {
    assert!(check_cpv("34110000-1").is_ok());
    assert!(check_cpv("03000000-1").is_ok());
    let (sv, en) = check_cpv("34110000-2").unwrap_err();
    assert!(
        sv.contains("väntade 34110000-1") && en.contains("expected 34110000-1"),
        "{sv}"
    );
    assert!(check_cpv("34110000").unwrap_err().0.contains("fel form"));
    assert!(check_cpv("3411000-01").is_err());
    assert!(check_cpv("34110000-x").is_err());
    assert!(
        check_cpv("99999999-9")
            .unwrap_err()
            .0
            .contains("finns inte i CPV 2008")
    );
    // The whole list is well-formed and sorted, so the binary search holds.
    let codes = cpv_codes();
    assert_eq!(codes.len(), 9454);
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    assert!(codes.iter().all(|c| check_cpv(c).is_ok()));

    let text = GOOD.replace("cpv = [\"34100000-8\"]", "cpv = [\"34100000-9\"]");
    let e = one(&text, "prov.toml");
    assert_eq!((e.line, e.column), (Some(5), Some(8)));
}

#[test]
fn spend_categories_must_exist() {
    let text = GOOD.replace("[\"vehicles\"]", "[\"vehicles\", \"rockets\"]");
    let e = one(&text, "prov.toml");
    assert!(
        e.message
            .contains("\"rockets\" finns inte i data/spend/categories.csv"),
        "{e}"
    );
    assert_eq!(e.column, Some(33));
}

#[test]
fn effect_needs_basis_and_range() {
    let text = GOOD.replace("effect_reduction = 1.0", "effect_reduction = 1.5");
    assert!(one(&text, "prov.toml").message.contains("utanför 0–1"));
    let text = GOOD.replace(
        "effect_basis = \"Avgasrörets CO2 jämfört med bensinbil.\"\n",
        "",
    );
    assert!(
        one(&text, "prov.toml")
            .message
            .contains("kräver effect_basis")
    );
    let text = GOOD.replace("effect_reduction = 1.0\n", "");
    assert!(
        one(&text, "prov.toml")
            .message
            .contains("effect_basis utan effect_reduction")
    );
    let text = GOOD.replace("effect_reduction = 1.0\n", "").replace(
        "effect_basis = \"Avgasrörets CO2 jämfört med bensinbil.\"\n",
        "",
    );
    assert_eq!(
        parse_group(&text, "prov.toml").unwrap().1[0].effect_reduction,
        None
    );
}

#[test]
fn dates_ids_and_texts() {
    let text = GOOD.replace("review_by = 2026-11-29", "review_by = 2025-11-01");
    assert!(
        one(&text, "prov.toml")
            .message
            .contains("måste ligga efter reviewed 2025-11-29")
    );
    let text = GOOD.replace("review_by = 2026-11-29", "review_by = 2026-11-29T10:00:00");
    assert!(one(&text, "prov.toml").message.contains("är inget datum"));
    let text = GOOD.replace("id = \"prov-ts-1\"", "id = \"Prov TS\"");
    assert!(one(&text, "prov.toml").message.contains("små bokstäver"));
    let text = GOOD.replace("title_en = \"Zero emission\"", "title_en = \"  \"");
    assert!(
        one(&text, "prov.toml")
            .message
            .contains("\"title_en\" är tom")
    );
    let text = GOOD.replace("sources = [\"Källa B\"]", "sources = []");
    assert!(one(&text, "prov.toml").message.contains("minst en källa"));
    let e = one(GOOD, "data/criteria/annan.toml");
    assert!(e.message.contains("ska vara filens namn \"annan\""), "{e}");
    assert!(
        parse_group(GOOD, "prov").is_ok(),
        "a name without .toml is not checked"
    );
}

#[test]
fn ids_are_unique_within_and_across_files() {
    let start = GOOD.find("[[criterion]]").unwrap();
    let twice = format!("{GOOD}\n{}", &GOOD[start..]);
    let e = one(&twice, "prov.toml");
    assert!(e.message.contains("finns redan på rad 12"), "{e}");

    let other = GOOD.replace("id = \"prov\"", "id = \"prov2\"");
    let e = build_library(&[("prov.toml", GOOD), ("prov2.toml", &other)]).unwrap_err();
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message
            .starts_with("prov2.toml: id \"prov-ts-1\" finns redan i prov.toml")
    );
    assert_eq!(e[0].line, Some(12));
    let e = build_library(&[("x/prov.toml", GOOD), ("y/prov.toml", GOOD)]).unwrap_err();
    assert!(e.iter().any(|x| {
        x.message
            .contains("gruppen \"prov\" finns redan i x/prov.toml")
    }));
}

#[test]
fn garbage_gives_errors_not_panics() {
    for text in [
        "",
        "[group",
        "group = 1",
        "[[criterion]]\nid = 1",
        "\u{0}",
        "[group]\nid = \"x\"",
    ] {
        let e = parse_group(text, "x.toml").unwrap_err();
        assert!(!e.is_empty());
        assert!(
            e.iter().all(|x| x.message.starts_with("x.toml: ")),
            "{e:#?}"
        );
    }
}

/// Every shipped file parses, ids are unique across files, the embedded list
/// matches the files on disk, and each required group that exists has
/// criteria at all three levels.
#[test]
fn shipped_library_is_valid() {
    let lib = default_library();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/criteria");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();
    let mut embedded: Vec<String> = SHIPPED
        .iter()
        .map(|(f, _)| f.rsplit('/').next().unwrap_or(f).to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "every data/criteria/*.toml is listed in SHIPPED"
    );
    for (file, text) in SHIPPED {
        let path = dir.join(file.rsplit('/').next().unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), *text, "{file}");
    }
    let mut missing = Vec::new();
    for id in REQUIRED_GROUPS {
        let Some(g) = lib.group(id) else {
            missing.push(*id);
            continue;
        };
        for level in Ambition::ALL {
            assert!(
                lib.in_group(&g.id).any(|c| c.level == level),
                "{id} has no criterion at level {}",
                level.key()
            );
        }
    }
    for g in &lib.groups {
        assert!(lib.in_group(&g.id).count() > 0, "{} has no criteria", g.id);
    }
    if !missing.is_empty() {
        eprintln!("required groups not yet shipped: {missing:?}");
    }
}

#[test]
fn shipped_library_answers_searches() {
    use upphandla_core::criteria::{Filter, expected_reduction};
    let lib = default_library();
    let first = lib.suggest(&["34110000-1".to_string()], None);
    assert_eq!(first[0].id, "fordon");
    let by_category = lib.suggest(&[], Some("electricity"));
    assert!(by_category.iter().any(|g| g.id == "el"));
    let refuse = lib.suggest(&["90511000-2".to_string()], None);
    assert_eq!(refuse[0].id, "godstransport");

    let zero = lib.criterion("fordon-ts-nollutslapp").unwrap();
    let share = lib.criterion("fordon-ts-rena-fordon-andel").unwrap();
    assert_eq!(
        expected_reduction(&[zero, share]),
        Some(1.0),
        "max, not sum"
    );
    assert_eq!(expected_reduction(&[share]), Some(0.385));

    let hvo = lib.search(&Filter {
        text: Some("hvo100".into()),
        group: Some("drivmedel".into()),
        ..Filter::default()
    });
    assert!(hvo.iter().any(|c| c.id == "drivmedel-ts-hvo100"));
    for c in &lib.criteria {
        if let Some(r) = c.effect_reduction {
            assert!(
                (0.0..=1.0).contains(&r) && c.effect_basis.is_some(),
                "{}",
                c.id
            );
        }
    }
}
