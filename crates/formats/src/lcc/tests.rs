use super::*;

/// Replaces every marker with a value of the right type: text for names and
/// sources, 1 for numbers (valid for years, counts and amounts alike).
fn fill(template: &str) -> String {
    let values: Vec<(FieldPos, &str)> = template_fields(template)
        .iter()
        .map(|f| {
            let value = if f.kind == FieldKind::Text {
                "x"
            } else if f.key.ends_with("energy_mj_per_unit") {
                "35" // the directive's 33–38 MJ/Nm3
            } else {
                "1"
            };
            (f.pos(), value)
        })
        .collect();
    fill_template(template, &values).unwrap()
}

#[test]
fn templates_ask_for_unsourced_values_and_work_once_filled() {
    for kind in TemplateKind::ALL {
        let t = template(kind);
        let errors = compute(t, None, None, false).unwrap_err();
        assert!(!errors.is_empty(), "{kind:?}");
        assert!(
            errors
                .iter()
                .all(|e| e.line.is_some() && e.message.contains("måste fyllas i")),
            "{kind:?}: {errors:?}"
        );
        let filled = fill(t);
        assert_eq!(file::unfilled(&filled), [], "{kind:?}");
        let run = compute(&filled, Some(100), None, false)
            .unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{filled}"));
        assert!(run.result.alternatives.len() >= 2, "{kind:?}");
    }
}

#[test]
fn vehicle_template_carries_the_sourced_figures() {
    let (m, _) = file::parse_model(&fill(template(TemplateKind::Vehicles))).unwrap();
    let c = |id: &str| m.carriers.iter().find(|c| c.id == id).unwrap();
    // 91.3 g/MJ × 32 MJ/l; 80.4 is diesel (not in the template), 14 g/MJ × 34.32 MJ/l.
    assert!((c("bensin").kg_co2e_per_unit.value - 0.0913 * 32.0).abs() < 1e-9);
    assert!((c("bensin").kwh_per_unit.unwrap() - 32.0 / 3.6).abs() < 1e-3);
    assert!((c("hvo").kg_co2e_per_unit.value - 0.014 * 9.533 * 3.6).abs() < 1e-4);
    assert_eq!(m.co2_price_sek_per_kg.value, 7.0);
    // The directive's figures the template quotes are the embedded ones.
    use upphandla_core::lcc::cvd;
    assert_eq!(cvd::energy_content("petrol").map(|x| x.1), Some(32.0));
    assert_eq!(cvd::lifetime_km("M1"), Some(200_000.0));
}

#[test]
fn every_format_renders() {
    let filled = fill(template(TemplateKind::Generic)).replace(
        "price_sek_per_unit = 1",
        "price_sek_per_unit = { dist = \"triangular\", min = 0.5, mode = 1, max = 2 }",
    );
    let run = compute(&filled, Some(1000), Some(3), true).unwrap();
    let mc = run.monte_carlo.as_ref().unwrap();
    assert_eq!(mc.draws, 1000);
    assert_eq!(mc.seed, 3);
    let text = doc::render_text(&build_doc(&run, false));
    assert!(text.contains("Nuvärde per kostnadspost"));
    assert!(text.contains("Monte Carlo"));
    let html = doc::render_html(&build_doc(&run, true));
    assert!(html.contains("<title id=\"kurva-titel\">"));
    assert!(html.contains("<title id=\"mc-hist-0-titel\">"));
    assert!(html.contains("<title id=\"tornado-0-titel\">"));
    assert!(html.contains("<html lang=\"sv\">"));
    let json = serde_json::to_value(&run).unwrap();
    assert!(json["monte_carlo"]["alternatives"][0]["probability_cheapest"].is_number());
    assert!(json["result"]["alternatives"][0]["cash_flow"][1]["present_value"].is_number());
    let xlsx = doc::render_xlsx(&build_doc(&run, false)).unwrap();
    assert_eq!(&xlsx[..2], b"PK");
}

/// The worked examples of docs/lcc.md, computed by hand there; every figure
/// must come out to the öre.
#[test]
fn worked_example_service_cars() {
    let run = compute(
        include_str!("../../../../examples/lcc-service-cars.toml"),
        None,
        None,
        false,
    )
    .unwrap();
    let r = &run.result;
    let a = |id: &str| r.alternatives.iter().find(|a| a.id == id).unwrap();
    let bensin = a("bensin");
    assert_eq!(bensin.present_value.investment, 2_500_000.00);
    assert_eq!(bensin.present_value.energy, 792_264.25);
    assert_eq!(bensin.present_value.maintenance, 325_031.49);
    assert_eq!(bensin.present_value.end_of_life, -753_735.83);
    assert_eq!(bensin.present_value.externalities, 1_080_183.64);
    assert_eq!(bensin.lcc_sek, 2_863_559.90);
    assert_eq!(bensin.total_sek, 3_943_743.54);
    assert!((bensin.co2e_total_kg - 170_913.6).abs() < 1e-6);
    let hvo = a("hvo");
    assert_eq!(hvo.present_value.energy, 893_836.59);
    assert_eq!(hvo.present_value.maintenance, 352_117.44);
    assert_eq!(hvo.present_value.end_of_life, -795_610.04);
    assert_eq!(hvo.present_value.externalities, 150_320.97);
    assert_eq!(hvo.lcc_sek, 3_150_343.99);
    assert_eq!(hvo.total_sek, 3_300_664.96);
    assert!((hvo.co2e_total_kg - 23_784.75).abs() < 1e-6);
    let el = a("el");
    assert_eq!(el.present_value.investment, 3_350_000.00);
    assert_eq!(el.present_value.energy, 219_396.25);
    assert_eq!(el.present_value.maintenance, 216_687.66);
    assert_eq!(el.present_value.end_of_life, -921_232.68);
    assert_eq!(el.present_value.externalities, 36_745.95);
    assert_eq!(el.lcc_sek, 2_864_851.23);
    assert_eq!(el.total_sek, 2_901_597.18);
    assert!((el.co2e_total_kg - 5_814.18).abs() < 1e-6);
    assert_eq!(r.cheapest, "el");
    let v = el.vs_reference.as_ref().unwrap();
    assert_eq!(v.extra_cost_sek, 1_291.32);
    assert_eq!(v.abatement_cost_sek_per_tonne, Some(7.82));
    assert_eq!(v.break_even_year, Some(3));
    let v = hvo.vs_reference.as_ref().unwrap();
    assert_eq!(v.extra_cost_sek, 286_784.08);
    assert_eq!(v.abatement_cost_sek_per_tonne, Some(1_949.20));
    assert_eq!(v.break_even_year, Some(2));
    // Monte Carlo is reproducible from the file's seed.
    let again = compute(
        include_str!("../../../../examples/lcc-service-cars.toml"),
        None,
        None,
        false,
    )
    .unwrap();
    assert_eq!(
        run.monte_carlo.unwrap().alternatives,
        again.monte_carlo.unwrap().alternatives
    );
}

/// docs/lcc.md, Clean Vehicles Directive on the service cars: per car
/// petrol 200 000 × 0,065 × 32 × 0,03 = 12 480; CO2 200 000 × 0,15 × 0,04 =
/// 1 200; NOx 17,6; NMHC 10; PM 17,4; total 13 725 EUR, × 10 cars × 11 kr.
#[test]
fn worked_example_clean_vehicles_directive() {
    let run = compute(
        include_str!("../../../../examples/lcc-service-cars.toml"),
        None,
        None,
        false,
    )
    .unwrap();
    let rows = run.clean_vehicles_directive.unwrap();
    let row = |id: &str| rows.iter().find(|r| r.alternative == id).unwrap();
    let b = row("bensin");
    assert_eq!(b.remaining_km, 200_000.0);
    assert!((b.per_vehicle.energy_eur - 12_480.0).abs() < 1e-6);
    assert!((b.per_vehicle.co2_eur - 1_200.0).abs() < 1e-6);
    assert!((b.per_vehicle.nox_eur - 17.6).abs() < 1e-9);
    assert!((b.per_vehicle.nmhc_eur - 10.0).abs() < 1e-9);
    assert!((b.per_vehicle.pm_eur - 17.4).abs() < 1e-9);
    assert!((b.per_vehicle.total_eur - 13_725.0).abs() < 1e-6);
    assert_eq!(b.total_sek, 1_509_750.0);
    // HVO: 200 000 × 1,8876 × 0,03 = 11 325,6; CO2 1 160; NOx 44; NMHC 2;
    // PM 34,8; total 12 566,4 EUR; × 10 × 11 = 1 382 304 kr.
    let h = row("hvo");
    assert!((h.per_vehicle.total_eur - 12_566.4).abs() < 1e-6);
    assert_eq!(h.total_sek, 1_382_304.0);
    // El: 200 000 × 0,648 × 0,03 = 3 888 EUR; × 10 × 11 = 427 680 kr.
    let e = row("el");
    assert!((e.per_vehicle.total_eur - 3_888.0).abs() < 1e-6);
    assert_eq!(e.total_sek, 427_680.0);
}

#[test]
fn clean_vehicles_directive_inputs_are_checked() {
    let base = include_str!("../../../../examples/lcc-service-cars.toml");
    let e = compute(
        &base.replace(
            "sek_per_eur = 11.0",
            "sek_per_eur = 11.0\nco2_eur_per_kg = 0.09",
        ),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(e[0].message.contains("högst dubbla"), "{e:?}");
    let e = compute(
        &base.replace("class = \"M1\", fuel", "class = \"M9\", fuel"),
        None,
        None,
        false,
    )
    .unwrap_err();
    assert!(e[0].message.contains("okänd fordonskategori"), "{e:?}");
    let no_params = base.replace(
        "[clean_vehicles_directive]\nenergy_price_eur_per_mj = 0.03\nsek_per_eur = 11.0\n",
        "",
    );
    assert_ne!(no_params, base);
    let e = compute(&no_params, None, None, false).unwrap_err();
    assert!(e[0].message.contains("kräver avsnittet"), "{e:?}");
}

#[test]
fn worked_example_street_lighting() {
    let run = compute(
        include_str!("../../../../examples/lcc-street-lighting.toml"),
        None,
        None,
        false,
    )
    .unwrap();
    let r = &run.result;
    let a = |id: &str| r.alternatives.iter().find(|a| a.id == id).unwrap();
    let hps = a("hps");
    assert_eq!(hps.present_value.energy, 3_450_148.86);
    assert_eq!(hps.present_value.maintenance, 1_421_240.33);
    assert_eq!(hps.present_value.externalities, 656_987.10);
    assert_eq!(hps.lcc_sek, 4_871_389.19);
    assert_eq!(hps.total_sek, 5_528_376.29);
    assert_eq!(hps.energy_kwh, 3_680_000.0);
    let led = a("led");
    assert_eq!(led.present_value.investment, 2_400_000.00);
    assert_eq!(led.present_value.energy, 945_040.77);
    assert_eq!(led.present_value.maintenance, 284_248.07);
    assert_eq!(led.present_value.replacements, 170_140.52);
    assert_eq!(led.present_value.end_of_life, 40_205.27);
    assert_eq!(led.present_value.externalities, 249_957.34);
    assert_eq!(led.lcc_sek, 3_839_634.63);
    assert_eq!(led.total_sek, 4_089_591.96);
    assert!((led.co2e_total_kg - 46_177.12).abs() < 1e-6);
    let early = a("led-tidigt-byte");
    assert_eq!(early.purchases, 2);
    assert_eq!(early.present_value.investment, 2_939_340.36);
    assert_eq!(early.present_value.energy, 1_350_058.25);
    assert_eq!(early.present_value.maintenance, 341_097.68);
    assert_eq!(early.present_value.end_of_life, 96_918.78);
    assert_eq!(early.present_value.externalities, 352_781.36);
    assert_eq!(early.lcc_sek, 4_727_415.06);
    assert_eq!(early.total_sek, 5_080_196.43);
    let v = led.vs_reference.as_ref().unwrap();
    assert_eq!(v.extra_cost_sek, -1_031_754.56);
    assert_eq!(v.abatement_cost_sek_per_tonne, Some(-12_011.38));
    assert_eq!(v.break_even_year, Some(12));
    assert_eq!(r.cheapest, "led");
}

/// The lighting template filled in with the street-lighting example's values
/// (without its price change, dimming EPD and third alternative), against
/// figures computed by hand with A = Σ 1,035^-t (t = 1..20) = 14,21240330:
/// HPS energy 400 × 460 kWh × 1,20 × A = 3 138 098,65; LED energy
/// 400 × 126 × 1,20 × A = 859 566,15; the rest as in docs/lcc.md example 2.
#[test]
fn lighting_template_filled_by_hand() {
    // By the start of the hint; the longest match is the most specific.
    let values = [
        ("analysperiod i år", "20"),
        ("real kalkylränta", "0.035"),
        ("källa för kalkylräntan", "test"),
        ("elpris kr/kWh", "1,20"),
        ("antal armaturer", "400"),
        ("återstående livslängd", "20"),
        ("brinntimmar per år", "4 000"),
        ("kW per armatur inkl. driftdon", "0.115"),
        ("ljuskällsbyten och tillsyn kr/år per armatur", "250"),
        ("pris per armatur", "4 500"),
        ("montage per armatur", "1500"),
        ("livslängd i år (t.ex. från L80", "20"),
        ("kW per armatur × andel", "0,0315"),
        ("kr/år per armatur", "50"),
        ("år för byte av driftdon", "10"),
        ("kr per armatur", "600"),
        ("kr per armatur för demontering", "200"),
    ];
    let t = template(TemplateKind::Lighting);
    let filled: Vec<(FieldPos, &str)> = template_fields(t)
        .iter()
        .map(|f| {
            let (_, value) = values
                .iter()
                .filter(|(k, _)| f.hint.starts_with(k))
                .max_by_key(|(k, _)| k.len())
                .unwrap_or_else(|| panic!("no value for {}", f.hint));
            (f.pos(), *value)
        })
        .collect();
    let text = fill_template(t, &filled).unwrap();
    let run = compute(&text, None, None, false).unwrap();
    let a = |id: &str| run.result.alternatives.iter().find(|a| a.id == id).unwrap();
    let hps = a("befintlig");
    assert_eq!(hps.present_value.energy, 3_138_098.65);
    assert_eq!(hps.present_value.maintenance, 1_421_240.33);
    assert_eq!(hps.present_value.externalities, 656_987.10);
    assert_eq!(hps.lcc_sek, 4_559_338.98);
    assert_eq!(hps.total_sek, 5_216_326.08);
    let led = a("led");
    assert_eq!(led.present_value.investment, 2_400_000.00);
    assert_eq!(led.present_value.energy, 859_566.15);
    assert_eq!(led.present_value.replacements, 170_140.52);
    assert_eq!(led.present_value.end_of_life, 40_205.27);
    assert_eq!(led.present_value.externalities, 179_957.34);
    assert_eq!(led.lcc_sek, 3_754_160.00);
    assert_eq!(led.total_sek, 3_934_117.34);
}

/// Mutated model and tender files give errors or results, never a panic.
#[test]
fn mutated_files_never_panic() {
    use upphandla_core::lcc::dist::Rng;
    let seeds: [&str; 4] = [
        include_str!("../../../../examples/lcc-service-cars.toml"),
        include_str!("../../../../examples/lcc-street-lighting.toml"),
        include_str!("../../../../examples/tender-street-lighting-value-deduction.toml"),
        include_str!("../../../../examples/tender-cleaning-relative-scoring.toml"),
    ];
    let pieces: [&str; 12] = [
        "0",
        "-1",
        "1e308",
        "nan",
        "\"FYLL I\"",
        "{ dist = \"normal\", mean = 0, sd = 1e300 }",
        "[[alternatives]]",
        "=",
        "\n",
        "\"",
        "99999999999",
        "-0.999999",
    ];
    let mut rng = Rng::seed(2026);
    let no_files = |_: &str| Err("inga filer".to_string());
    for (i, seed) in seeds.iter().enumerate() {
        for _ in 0..300 {
            let mut text = seed.to_string();
            for _ in 0..1 + rng.next_u64() % 3 {
                // Cut at a char boundary and splice in a piece.
                let mut at = (rng.next_u64() as usize) % text.len().max(1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let piece = pieces[(rng.next_u64() as usize) % pieces.len()];
                let cut = ((rng.next_u64() % 8) as usize).min(text.len() - at);
                let mut end = at + cut;
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(at..end, piece);
            }
            if i < 2 {
                if let Ok(run) = compute(&text, Some(50), Some(1), true) {
                    let _ = doc::render_html(&build_doc(&run, true));
                    let _ = doc::render_text(&build_doc(&run, false));
                }
            } else if let Ok(run) = crate::evaluation::compute(&text, &no_files) {
                let _ = doc::render_text(&crate::evaluation::build_doc(&run));
            }
        }
    }
}
