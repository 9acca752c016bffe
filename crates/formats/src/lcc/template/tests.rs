use super::*;
use crate::lcc::{compute, file};

#[test]
fn kinds_match_their_files_and_ids() {
    let kinds = template_kinds();
    assert_eq!(kinds.len(), TemplateKind::ALL.len());
    for (kind, (id, sv, en)) in TemplateKind::ALL.into_iter().zip(kinds) {
        assert_eq!(kind.id(), *id);
        assert_eq!(TemplateKind::from_id(id), Some(kind));
        assert_eq!((kind.name_sv(), kind.name_en()), (*sv, *en));
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert!(template(kind).contains("FYLL I"), "{id}");
    }
    assert!(template(TemplateKind::Vehicles).contains("fordon"));
    assert!(template(TemplateKind::Generic).contains("allmän"));
    assert_eq!(TemplateKind::from_id("bilar"), None);
}

/// The form lists exactly the values the parser refuses to run without.
#[test]
fn fields_are_the_unfilled_values() {
    for kind in TemplateKind::ALL {
        let t = template(kind);
        let fields: Vec<(Option<usize>, Option<usize>)> = template_fields(t)
            .iter()
            .map(|f| (Some(f.line), Some(f.column)))
            .collect();
        let unfilled: Vec<_> = file::unfilled(t)
            .iter()
            .map(|e| (e.line, e.column))
            .collect();
        assert_eq!(fields, unfilled, "{kind:?}");
    }
}

#[test]
fn fields_carry_table_key_hint_help_and_kind() {
    let fields = template_fields(template(TemplateKind::Vehicles));
    let find = |table: &str, key: &str| {
        fields
            .iter()
            .find(|f| f.table == table && f.key == key)
            .unwrap_or_else(|| panic!("{table} {key}"))
    };
    let rate = find("", "discount_rate");
    assert_eq!((rate.line, rate.column), (21, 17));
    assert_eq!(rate.hint, "real kalkylränta, t.ex. 0.035 för 3,5 %");
    assert_eq!(rate.kind, FieldKind::Uncertain);
    assert_eq!(rate.help, "");
    let km = find("alternatives[0]", "activity_per_year");
    assert_eq!(km.table_name, "Bensinbil");
    assert_eq!(
        km.help,
        "2009/33/EG: 200 000 km under livslängden för personbil (M1)."
    );
    assert_eq!(
        find("alternatives[0]", "lifetime_years").kind,
        FieldKind::Whole
    );
    assert_eq!(
        find("alternatives[1]", "energy_per_activity.hvo").kind,
        FieldKind::Uncertain
    );
    let co2 = find("alternatives[0]", "cvd.co2_g_per_km");
    assert_eq!(co2.kind, FieldKind::Number);
    assert_eq!(co2.hint, "g CO2/km");
    assert_eq!(find("carriers[3]", "kwh_per_unit").table_name, "Fordonsgas");
    assert_eq!(
        find("clean_vehicles_directive", "sek_per_eur").kind,
        FieldKind::Number
    );
    assert_eq!(find("", "discount_rate_source").kind, FieldKind::Text);
    assert_eq!(
        section_title("alternatives[2]"),
        ("Alternativ", "Alternative")
    );
    let heating = template_fields(template(TemplateKind::Heating));
    let year = heating
        .iter()
        .find(|f| f.key == "replacements[0].year")
        .unwrap();
    assert_eq!(year.kind, FieldKind::Whole);
    let generic = template_fields(template(TemplateKind::Generic));
    // The name is itself asked for: the table is known by its id.
    let name = generic
        .iter()
        .find(|f| f.table == "alternatives[1]")
        .unwrap();
    assert_eq!((name.key.as_str(), name.table_name.as_str()), ("name", "b"));
    assert_eq!(name.kind, FieldKind::Text);
}

/// What a procurement officer might type, in Swedish number forms.
fn plausible(f: &TemplateField) -> String {
    let last = f.key.rsplit('.').next().unwrap_or(&f.key);
    let v = match last {
        "period_years" | "lifetime_years" => "12",
        "year" => "6",
        "discount_rate" => "3,5 %",
        "quantity" => "10",
        "investment_sek" => "285 000",
        "installation_sek" => "12 500,50",
        "maintenance_sek_per_year" => "4 200",
        "residual_value_sek" => "60 000",
        "disposal_cost_sek" | "cost_sek" => "1 500",
        "activity_per_year" => "15 000",
        "price_sek_per_unit" => "1,2; 1,5; 2,2",
        "price_sek_per_kg" => "48",
        "kwh_per_unit" => "9,72",
        "kg_co2e_per_unit" => "1,07",
        "energy_price_eur_per_mj" => "0,03",
        "sek_per_eur" => "11,2",
        "energy_mj_per_unit" => "35",
        "energy_mj_per_km" => "0,65",
        "consumption_per_km" => "0,06",
        "co2_g_per_km" => "120",
        _ if f.table.starts_with("alternatives") && f.key.starts_with("pollutants") => "0,00002",
        _ if f.kind == FieldKind::Text => "Test \"citat\" och \\ snedstreck",
        _ => "1 200",
    };
    v.to_string()
}

#[test]
fn every_template_filled_from_a_form_parses_and_computes() {
    for kind in TemplateKind::ALL {
        let t = template(kind);
        let fields = template_fields(t);
        assert!(!fields.is_empty(), "{kind:?}");
        let values: Vec<(FieldPos, String)> =
            fields.iter().map(|f| (f.pos(), plausible(f))).collect();
        let filled = fill_template(t, &values).unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
        assert_eq!(file::unfilled(&filled), [], "{kind:?}");
        assert_eq!(filled.lines().count(), t.lines().count(), "{kind:?}");
        let run = compute(&filled, Some(200), Some(1), false)
            .unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{filled}"));
        assert!(run.result.alternatives.len() >= 2, "{kind:?}");
        assert_eq!(run.model.period_years, 12, "{kind:?}");
        assert_eq!(run.model.discount_rate.value, 0.035, "{kind:?}");
        // The triangular price makes the run uncertain.
        assert!(run.monte_carlo.is_some(), "{kind:?}");
        let a = &run.model.alternatives[0];
        if fields
            .iter()
            .any(|f| f.table == "alternatives[0]" && f.key == "investment_sek")
        {
            assert_eq!(a.investment_sek.value, 285_000.0, "{kind:?}");
        }
        if let Some(name) = fields
            .iter()
            .find(|f| f.table == "alternatives[0]" && f.key == "name")
        {
            assert_eq!(a.name, "Test \"citat\" och \\ snedstreck", "{name:?}");
        }
    }
}

#[test]
fn fill_errors_name_the_field_and_are_all_returned() {
    let t = template(TemplateKind::Generic);
    let fields = template_fields(t);
    let pos = |key: &str, table: &str| {
        fields
            .iter()
            .find(|f| f.key == key && f.table == table)
            .unwrap()
            .pos()
    };
    let mut values: Vec<(FieldPos, String)> =
        fields.iter().map(|f| (f.pos(), plausible(f))).collect();
    assert!(fill_template(t, &values).is_ok());
    let set = |values: &mut Vec<(FieldPos, String)>, p: FieldPos, v: &str| {
        values.iter_mut().find(|x| x.0 == p).unwrap().1 = v.into();
    };
    set(&mut values, pos("period_years", ""), "12,5");
    set(&mut values, pos("discount_rate", ""), "tre procent");
    set(&mut values, pos("investment_sek", "alternatives[0]"), "  ");
    set(
        &mut values,
        pos("maintenance_sek_per_year", "alternatives[1]"),
        "1; 2",
    );
    values.push((FieldPos { line: 1, column: 1 }, "x".into()));
    let e = fill_template(t, &values).unwrap_err();
    let messages: Vec<String> = e.iter().map(|e| e.to_string()).collect();
    assert_eq!(e.len(), 5, "{messages:#?}");
    assert_eq!(
        messages[0],
        "rad 8, kolumn 16: \"period_years\": 12,5 måste vara ett heltal / must be a whole number"
    );
    assert_eq!(
        messages[1],
        "rad 9, kolumn 17: \"discount_rate\": \"tre procent\" är inte ett tal / not a number"
    );
    assert!(
        messages[2].ends_with(
            "värdet för \"investment_sek\" måste fyllas i (FYLL I: investering exkl. moms) / value required"
        ),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].contains("min; typvärde; max"),
        "{}",
        messages[3]
    );
    assert!(messages[4].starts_with("rad 1, kolumn 1: här finns inget värde"));
}

#[test]
fn numbers_are_read_as_people_type_them() {
    for (text, v) in [
        ("0.035", 0.035),
        ("0,035", 0.035),
        ("3,5 %", 0.035),
        ("1 234 567,50", 1_234_567.5),
        ("1\u{a0}000", 1000.0),
        ("\u{2212}2", -2.0),
        ("-0,5", -0.5),
        ("1e3", 1000.0),
    ] {
        assert_eq!(parse_number(text), Some(v), "{text}");
    }
    for bad in ["", "1.234,5", "inf", "nan", "12 kr", "0x10", "-", ","] {
        assert_eq!(parse_number(bad), None, "{bad}");
    }
    assert_eq!(toml_number(20.0), "20");
    assert_eq!(toml_number(0.035), "0.035");
    assert_eq!(toml_number(1e300), "1e300");
}

#[test]
fn text_is_quoted_so_toml_reads_it_back() {
    let text = "a \"b\" \\ c\nd\te\u{1}";
    let doc: toml::Table = toml::from_str(&format!("x = {}", quote(text))).unwrap();
    assert_eq!(doc["x"].as_str(), Some(text));
    // A value cannot add keys or tables.
    let sneaky = "x\"\n[evil]\ny = \"1";
    let doc: toml::Table = toml::from_str(&format!("x = {}", quote(sneaky))).unwrap();
    assert_eq!(doc.len(), 1);
}

#[test]
fn form_names_round_trip() {
    let p = FieldPos {
        line: 21,
        column: 17,
    };
    assert_eq!(p.form_name(), "f21_17");
    assert_eq!(FieldPos::from_form_name("f21_17"), Some(p));
    assert_eq!(FieldPos::from_form_name("x21_17"), None);
    assert_eq!(FieldPos::from_form_name("f21"), None);
}

/// The walker reads what templates may contain: arrays over several lines,
/// comments inside them, quoted and dotted keys, other strings.
#[test]
fn walker_handles_multiline_arrays_and_odd_keys() {
    let text = "a = 1 # \"FYLL I: not a field, a comment\"\n\
                s = 'lit \"FYLL I\"'\n\
                # hjälp\n\
                list = [\n  # comment\n  \"FYLL I: första\",\n  { x.y = \"FYLL I: andra\" },\n]\n\
                \"quoted key\" = \"FYLL I: tredje\"\n\
                [[alternatives]]\nid = \"x\"\nname = \"FYLL I: namn\"\n";
    let f = template_fields(text);
    let keys: Vec<(&str, &str, &str)> = f
        .iter()
        .map(|f| (f.table.as_str(), f.key.as_str(), f.hint.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("", "list[0]", "första"),
            ("", "list[1].x.y", "andra"),
            ("", "quoted key", "tredje"),
            ("alternatives[0]", "name", "namn"),
        ]
    );
    assert_eq!(f[0].help, "hjälp");
    assert_eq!(f[3].table_name, "x");
    // Broken lines are skipped, never a panic.
    for broken in [
        "x = [\"FYLL I",
        "= \"FYLL I\"",
        "x = {",
        "[[",
        "x = \"\\",
        "x = [[[[[[[[[[[[[[[[[[[[[[1",
    ] {
        let _ = template_fields(broken);
    }
}
