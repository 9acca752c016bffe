use super::*;
use upphandla_core::classify::{Classifier, RuleKind, UNCLASSIFIED};
use upphandla_core::ledger::LedgerLine;

fn line<'a>(
    cpv: &'a str,
    id: &'a str,
    name: &'a str,
    account: &'a str,
    text: &'a str,
) -> LedgerLine<'a> {
    LedgerLine {
        cpv,
        supplier_id: id,
        supplier_name: name,
        account,
        text,
        ..LedgerLine::empty(1)
    }
}

/// Category id and rule origin a line gets.
fn classify(c: &Classifier, l: &LedgerLine<'_>) -> (String, String) {
    let rule = c.classify(l);
    (
        c.category(c.category_of(rule)).id.clone(),
        c.rule(rule).origin.clone(),
    )
}

fn rows(err: MapError) -> (Vec<MapRowError>, usize) {
    match err {
        MapError::Rows { errors, total, .. } => (errors, total),
        other => panic!("expected row errors, got {other:?}"),
    }
}

#[test]
fn account_map_swedish_and_english_headers() {
    let mut b = ClassifierBuilder::new();
    let n = read_account_map(
        "Konto;Kategori\n5611;fuels\n4400-4499;services\n4410–4419;it_services\n".as_bytes(),
        "konton.csv",
        &mut b,
    )
    .unwrap();
    assert_eq!(n, 3);
    let n = read_account_map(
        b"ACCOUNT,Category\n\"6210\",electricity\n",
        "acc.csv",
        &mut b,
    )
    .unwrap();
    assert_eq!(n, 1);
    let c = b.build().unwrap();
    assert_eq!(
        classify(&c, &line("", "", "", "5611", "")),
        ("fuels".into(), "konton.csv:2".into())
    );
    // The en dash range was accepted as a range and the narrower one wins.
    let rule = c.classify(&line("", "", "", "4415", ""));
    assert_eq!(c.rule(rule).kind, RuleKind::AccountRange);
    assert_eq!(c.rule(rule).origin, "konton.csv:4");
    assert_eq!(classify(&c, &line("", "", "", "6210", "")).1, "acc.csv:2");
}

#[test]
fn account_map_tab_and_cp1252() {
    let mut b = ClassifierBuilder::new();
    // "Städ" in Windows-1252, tab separated, CRLF, with BOM-less header.
    read_account_map(b"konto\tkategori\r\n7010\tst\xe4d\r\n", "k.tsv", &mut b).unwrap();
    let c = b.build().unwrap();
    assert_eq!(classify(&c, &line("", "", "", "7010", "")).0, "städ");
}

#[test]
fn account_map_bad_rows_rejected_whole_with_positions() {
    let mut b = ClassifierBuilder::new();
    let err = read_account_map(
        b"konto;kategori\n5611;fuels\n4499-4400;x\n;food\n5000;\n6000;two words\n",
        "konton.csv",
        &mut b,
    )
    .unwrap_err();
    let text = err.to_string();
    let (errors, total) = rows(err);
    assert_eq!(total, 4);
    assert_eq!((errors[0].line, errors[0].column), (3, 1));
    assert_eq!(errors[0].value, "4499-4400");
    assert!(errors[0].expected.contains("4400-4499"));
    assert_eq!((errors[1].line, errors[1].column), (4, 1));
    assert_eq!((errors[2].line, errors[2].column), (5, 2));
    assert_eq!(errors[2].column_name, "kategori");
    assert_eq!((errors[3].line, errors[3].column), (6, 2));
    assert!(
        text.contains("konton.csv: rad 3, kolumn 1 (konto): \"4499-4400\""),
        "{text}"
    );
    // Nothing of the file was applied, not even the good row 2.
    let c = b.build().unwrap();
    assert_eq!(classify(&c, &line("", "", "", "5611", "")).0, UNCLASSIFIED);
}

#[test]
fn missing_columns_are_named() {
    let mut b = ClassifierBuilder::new();
    let err = read_account_map(b"kto;kategori\n1;a\n", "k.csv", &mut b).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, MapError::MissingColumn { what: "konto", .. }));
    assert!(text.contains("\"kto\""), "{text}");
    let err = read_keywords(b"", "kw.csv", &mut b).unwrap_err();
    assert!(matches!(
        err,
        MapError::Table {
            source: TableError::Empty,
            ..
        }
    ));
}

#[test]
fn supplier_map_orgnr_name_and_both() {
    let mut b = ClassifierBuilder::new();
    let n = read_supplier_map(
        "orgnr;leverantör;kategori\n556677-8899;Ignoreras AB;fuels\n;Bygg & Co AB;construction\n"
            .as_bytes(),
        "lev.csv",
        &mut b,
    )
    .unwrap();
    assert_eq!(n, 2);
    read_supplier_map(
        b"Organisationsnummer,Category\nSE212000014201,it\n",
        "l2.csv",
        &mut b,
    )
    .unwrap();
    read_supplier_map(b"supplier;category\nTaxi Demo;taxi\n", "l3.csv", &mut b).unwrap();
    let c = b.build().unwrap();
    assert_eq!(
        classify(&c, &line("", "5566778899", "", "", "")),
        ("fuels".into(), "lev.csv:2".into())
    );
    // The name on an org-number row is not a name rule.
    assert_eq!(
        classify(&c, &line("", "", "Ignoreras AB", "", "")).0,
        UNCLASSIFIED
    );
    assert_eq!(
        classify(&c, &line("", "", "BYGG & CO AB", "", "")).0,
        "construction"
    );
    assert_eq!(classify(&c, &line("", "212000-0142", "", "", "")).0, "it");
    assert_eq!(
        classify(&c, &line("", "", "taxi demo", "", "")).1,
        "l3.csv:2"
    );
}

#[test]
fn supplier_map_errors() {
    let mut b = ClassifierBuilder::new();
    let (errors, total) = rows(
        read_supplier_map(
            "orgnr;leverantör;kategori\n;;food\n55667788/99;X;food\nabc;;food\n".as_bytes(),
            "lev.csv",
            &mut b,
        )
        .unwrap_err(),
    );
    assert_eq!(total, 3);
    assert_eq!((errors[0].line, errors[0].column), (2, 1));
    assert!(errors[0].expected.contains("båda är tomma"));
    assert_eq!(
        (errors[1].line, errors[1].column, errors[1].value.as_str()),
        (3, 1, "55667788/99")
    );
    assert_eq!((errors[2].line, errors[2].column), (4, 1));
    let err = read_supplier_map(b"namn;kategori\nx;y\n", "l.csv", &mut b).unwrap_err();
    assert!(matches!(err, MapError::MissingColumn { .. }));
}

#[test]
fn keywords_cpv_and_categories() {
    let mut b = ClassifierBuilder::new();
    read_categories(
        "id,name_sv,name_en,note\nfuels,Drivmedel,Fuels,x\nfood,Livsmedel,,\n".as_bytes(),
        "cat.csv",
        &mut b,
    )
    .unwrap();
    read_keywords(
        "Nyckelord;Kategori\nDIESEL;fuels\nlivsmedel;food\n".as_bytes(),
        "kw.csv",
        &mut b,
    )
    .unwrap();
    read_cpv_map(
        b"cpv_prefix,category\n09,fuels\n34110000-1,cars\n",
        "cpv.csv",
        &mut b,
    )
    .unwrap();
    let c = b.build().unwrap();
    let fuels = c.find_category("fuels").unwrap();
    assert_eq!(c.category(fuels).name_sv, "Drivmedel");
    assert_eq!(c.category(c.find_category("food").unwrap()).name_en, "food");
    assert_eq!(
        classify(&c, &line("", "", "OKQ8", "", "Diesel MK1")),
        ("fuels".into(), "kw.csv:2".into())
    );
    assert_eq!(
        classify(&c, &line("34110000-1", "", "", "", "")),
        ("cars".into(), "cpv.csv:3".into())
    );
    assert_eq!(classify(&c, &line("09134200", "", "", "", "")).0, "fuels");

    let mut b = ClassifierBuilder::new();
    let (errors, total) = rows(
        read_cpv_map(
            b"cpv;kategori\n3;x\n34a;x\n34110000-12;x\n341-1;x\n34;x\n",
            "cpv.csv",
            &mut b,
        )
        .unwrap_err(),
    );
    assert_eq!(total, 4);
    assert_eq!(
        errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        vec![2, 3, 4, 5]
    );
    let (errors, _) = rows(read_categories(b"id;namn\na;A\na;B\n", "c.csv", &mut b).unwrap_err());
    assert_eq!((errors[0].line, errors[0].column), (3, 1));
    assert!(errors[0].expected.contains("rad 2"));
}

#[test]
fn decimal_parsing() {
    assert_eq!(parse_decimal("0,045"), Some(0.045));
    assert_eq!(parse_decimal("0.045"), Some(0.045));
    assert_eq!(parse_decimal("1,234"), Some(1.234));
    assert_eq!(parse_decimal("-2"), Some(-2.0));
    assert_eq!(parse_decimal(",5"), Some(0.5));
    for bad in [
        "", "-", ",", "1,2,3", "1.234,5", "1e-3", "inf", "NaN", "0,0 4", "1 000",
    ] {
        assert_eq!(parse_decimal(bad), None, "{bad}");
    }
}

#[test]
fn factor_file_swedish_decimal_comma() {
    let set = read_factors(
        "Kategori;Namn;kg_co2e_per_sek;Källa;År;Låg;Hög\r\n\
         fuels;Drivmedel;0,25;Egen studie;2024;0,2;0,3\r\n\
         food;Livsmedel;\"0,05\";;;;\r\n"
            .as_bytes(),
        "faktorer.csv",
        "Egna",
    )
    .unwrap();
    assert_eq!(set.label, "Egna");
    let f = set.get("fuels").unwrap();
    assert_eq!(
        (f.kg_co2e_per_sek, f.low, f.high, f.year),
        (0.25, Some(0.2), Some(0.3), Some(2024))
    );
    assert_eq!(f.source, "Egen studie");
    let f = set.get("food").unwrap();
    assert_eq!((f.low, f.high, f.year), (None, None, None));
    // Without a source the file and line say where the factor came from.
    assert_eq!(f.source, "faktorer.csv:3");
}

#[test]
fn factor_file_english_minimal_and_cp1252() {
    let set = read_factors(b"category,kg_co2e_per_sek\nit,0.01\n", "f.csv", "x").unwrap();
    assert_eq!(set.get("it").unwrap().name, "it");
    let set = read_factors(
        b"kategori;namn;kg_co2e_per_sek;k\xe4lla;l\xe5g;h\xf6g\nel;El;0,02;SCB;0,01;0,03\n",
        "f.csv",
        "x",
    )
    .unwrap();
    let f = set.get("el").unwrap();
    assert_eq!(
        (f.source.as_str(), f.low, f.high),
        ("SCB", Some(0.01), Some(0.03))
    );
}

#[test]
fn factor_file_errors_with_positions() {
    let err = read_factors(
        "kategori;namn;kg_co2e_per_sek;år;låg;hög\n\
         a;A;-0,1;;;\n\
         b;B;0,1;;0,2;\n\
         c;C;0,1;;;0,05\n\
         d;D;abc;;;\n\
         e;E;;;;\n\
         f;F;0,1;tjugo;;\n\
         a;A2;0,1;;;\n\
         g;G;0,1;;x;\n\
         ;H;0,1;;;\n"
            .as_bytes(),
        "faktorer.csv",
        "x",
    )
    .unwrap_err();
    let text = err.to_string();
    let (errors, total) = rows(err);
    let positions: Vec<(u64, u32)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        positions,
        vec![
            (2, 3),
            (3, 5),
            (4, 6),
            (5, 3),
            (6, 3),
            (7, 4),
            (8, 1),
            (9, 5),
            (10, 1)
        ]
    );
    assert_eq!(total, 9);
    assert!(errors[0].expected.contains("negativa"));
    assert!(text.contains("faktorer.csv: 9 fel"), "{text}");
    assert!(
        text.contains("rad 5, kolumn 3 (kg_co2e_per_sek): \"abc\""),
        "{text}"
    );
}

#[test]
fn error_list_is_capped() {
    let mut body = String::from("cpv;kategori\n");
    for _ in 0..70 {
        body.push_str("x;y\n");
    }
    let mut b = ClassifierBuilder::new();
    let err = read_cpv_map(body.as_bytes(), "cpv.csv", &mut b).unwrap_err();
    let text = err.to_string();
    let (errors, total) = rows(err);
    assert_eq!((errors.len(), total), (MAX_LISTED_ERRORS, 70));
    assert!(text.contains("… och 20 fel till"), "{text}");
}

#[test]
fn load_from_path_and_missing_file() {
    let dir = std::env::temp_dir().join(format!("upphandla-maps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("konton.csv");
    std::fs::write(&path, "konto;kategori\n5611;fuels\n").unwrap();
    let (bytes, name) = read_file(&path).unwrap();
    let mut b = ClassifierBuilder::new();
    assert_eq!(read_account_map(&bytes, &name, &mut b).unwrap(), 1);
    let c = b.build().unwrap();
    let origin = classify(&c, &line("", "", "", "5611", "")).1;
    assert!(origin.ends_with("konton.csv:2"), "{origin}");
    let err = read_file(&dir.join("finns-inte.csv")).unwrap_err();
    assert!(matches!(err, MapError::Io { .. }));
    let own = load_factors(b"kategori;kg_co2e_per_sek\nel;0,01\n", "el.csv").unwrap();
    assert_eq!(own.label, "Egna faktorer: el.csv");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn defaults_load_and_are_consistent() {
    let factors = default_factor_set().unwrap();
    assert_eq!(factors.label, DEFAULT_FACTOR_LABEL);
    let classifier = default_classifier_builder().unwrap().build().unwrap();

    // Categories declared by the catalogue, and those without a factor.
    let mut catalogue = ClassifierBuilder::new();
    read_categories(
        DEFAULT_CATEGORIES.as_bytes(),
        "categories.csv",
        &mut catalogue,
    )
    .unwrap();
    let catalogue = catalogue.build().unwrap();
    let declared: Vec<&str> = catalogue
        .categories()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert!(declared.len() > 30, "{}", declared.len());
    // The catalogue's own documented exception: no EPA factor for electricity.
    let without_factor: Vec<&str> = declared
        .iter()
        .copied()
        .filter(|id| *id != UNCLASSIFIED && factors.get(id).is_none())
        .collect();
    assert_eq!(without_factor, vec!["electricity"]);

    // Every category a default rule points to is in the catalogue, and has a
    // factor unless it is the documented exception.
    for rule in classifier.rules() {
        let id = &classifier.category(rule.category).id;
        assert!(declared.contains(&id.as_str()), "{id} from {}", rule.origin);
        assert!(
            id == UNCLASSIFIED || id == "electricity" || factors.get(id).is_some(),
            "{id} has no factor"
        );
    }
    // No default factor for unclassified: it counts as 0 kg unless the user gives one.
    assert!(factors.get(UNCLASSIFIED).is_none());

    for f in factors.iter() {
        assert!(f.kg_co2e_per_sek > 0.0 && f.kg_co2e_per_sek < 1.0, "{f:?}");
        let (low, high) = f.bounds();
        assert!(
            low <= f.kg_co2e_per_sek && f.kg_co2e_per_sek <= high,
            "{f:?}"
        );
        assert_eq!(f.year, Some(2022));
        assert!(
            f.source.contains("EPA") && f.source.contains("10.1245"),
            "{f:?}"
        );
    }

    // A few lines through the default rules.
    assert_eq!(
        classify(&classifier, &line("09134200-9", "", "", "", "")).0,
        "fuels"
    );
    assert_eq!(
        classify(&classifier, &line("45000000-7", "", "", "", "")).0,
        "construction_buildings"
    );
    assert_eq!(
        classify(&classifier, &line("45233141-9", "", "", "", "")).0,
        "civil_engineering"
    );
    assert_eq!(
        classify(&classifier, &line("", "", "Demo Åkeri AB", "", "")).0,
        "freight"
    );
    assert_eq!(
        classify(&classifier, &line("", "", "", "", "Elförbrukning mars")).0,
        "electricity"
    );
    assert_eq!(
        classify(&classifier, &line("", "", "", "", "Kabelnät, avgift")).0,
        "telecom"
    );
    assert_eq!(
        classify(&classifier, &line("", "", "", "", "HVO100")).0,
        "fuels"
    );
    let (cat, origin) = classify(&classifier, &line("", "", "", "", "Städmaterial"));
    assert_eq!(cat, "cleaning_products");
    assert!(
        origin.starts_with("inbyggd:data/spend/keywords.csv:"),
        "{origin}"
    );
}

#[test]
fn default_conversion_matches_epa_figures() {
    // Waste is one USEEIO sector at 0.988 kg CO2e/USD in EPA v1.3.
    let f = default_factor_set().unwrap();
    let waste = f.get("waste").unwrap();
    assert!((waste.kg_co2e_per_sek - 0.988 / DEFAULT_SEK_PER_USD_2022).abs() < 1e-6);
    assert_eq!(waste.low, Some(waste.kg_co2e_per_sek));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap stand-in for fuzzing: every prefix and some mutations of
    // valid files go through every reader without panicking.
    let samples: [&[u8]; 4] = [
        DEFAULT_FACTORS.as_bytes(),
        DEFAULT_KEYWORDS.as_bytes(),
        b"orgnr;leverant\xf6r;kategori\n\"5566\"\"77\";x;y\n;;\n\xff\xfe;\"\n",
        b"konto,kategori\n1-2-3,a\n-,b\n99999999999999999999-1,c\n",
    ];
    for sample in samples {
        for end in (0..sample.len()).step_by(7) {
            let bytes = sample.get(..end).unwrap_or(sample);
            let mut b = ClassifierBuilder::new();
            let _ = read_account_map(bytes, "f", &mut b);
            let _ = read_supplier_map(bytes, "f", &mut b);
            let _ = read_keywords(bytes, "f", &mut b);
            let _ = read_cpv_map(bytes, "f", &mut b);
            let _ = read_categories(bytes, "f", &mut b);
            let _ = read_factors(bytes, "f", "x");
        }
    }
}

#[test]
fn demo_maps_load_and_classify() {
    let mut b = default_classifier_builder().unwrap();
    let accounts = include_bytes!("../../../../data/demo/accounts-demo.csv");
    let suppliers = include_bytes!("../../../../data/demo/suppliers-demo.csv");
    assert!(read_account_map(accounts, "accounts-demo.csv", &mut b).unwrap() > 20);
    assert_eq!(
        read_supplier_map(suppliers, "suppliers-demo.csv", &mut b).unwrap(),
        7
    );
    let c = b.build().unwrap();
    // Exact account, account range, org number, and name where the org number is empty.
    assert_eq!(classify(&c, &line("", "", "", "6210", "")).0, "electricity");
    assert_eq!(classify(&c, &line("", "", "", "4620", "")).0, "health_care");
    assert_eq!(
        classify(&c, &line("", "999999-0101", "", "7900", "")).0,
        "food"
    );
    assert_eq!(
        classify(&c, &line("", "", "Demo Städservice HB", "7900", "")),
        ("cleaning_services".into(), "suppliers-demo.csv:8".into())
    );
    // Every demo category has a default factor, except the documented electricity.
    let factors = default_factor_set().unwrap();
    for rule in c.rules() {
        let id = &c.category(rule.category).id;
        assert!(
            id == UNCLASSIFIED || id == "electricity" || factors.get(id).is_some(),
            "{id}"
        );
    }
}
