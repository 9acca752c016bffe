use super::*;
use crate::doc;

fn no_files(name: &str) -> Result<String, String> {
    Err(format!("no file {name} in this test"))
}

const RELATIVE: &str = r#"
name = "Test"
method = "relative_scoring"
price_weight = 0.5

[[criteria]]
id = "kvalitet"
name = "Kvalitet"
max_points = 100
weight = 0.5

[[bids]]
id = "A"
name = "A AB"
price_sek = 100
answers = { kvalitet = 0 }

[[bids]]
id = "B"
name = "B AB"
price_sek = 150
answers = { kvalitet = 100 }

[[bids]]
id = "C"
name = "C AB"
price_sek = 120
answers = { kvalitet = 82 }
"#;

#[test]
fn relative_file_reproduces_the_core_hand_case() {
    let run = compute(RELATIVE, &no_files).unwrap();
    assert_eq!(run.evaluation.order, vec!["B", "C", "A"]);
    assert_eq!(run.evaluation.rank_reversals.len(), 1);
    let d = build_doc(&run);
    assert!(d.warnings.iter().any(|w| w.starts_with("Rangomkastning")));
    let text = doc::render_text(&d);
    assert!(text.contains("Total poäng"));
    let html = doc::render_html(&d);
    assert!(html.contains("Rangomkastning"));
    assert_eq!(&doc::render_xlsx(&d).unwrap()[..2], b"PK");
    let json = serde_json::to_value(&run).unwrap();
    assert_eq!(json["evaluation"]["winner"], "B");
    assert_eq!(json["tender"]["bids"][0]["price"], "100.00");
}

#[test]
fn file_errors_are_collected() {
    let bad = RELATIVE
        .replace("price_sek = 150", "price_sek = 150.001")
        .replace(
            "answers = { kvalitet = 82 }",
            "answers = { kvalitet = 82, pris = 1 }",
        )
        .replace("answers = { kvalitet = 0 }", "answers = {}");
    let e = compute(&bad, &no_files).unwrap_err();
    assert_eq!(e.len(), 3, "{e:?}");
    let typo = RELATIVE.replace("price_weight", "price_wieght");
    let e = compute(&typo, &no_files).unwrap_err();
    assert_eq!(e[0].line, Some(4));
    assert!(e[0].message.starts_with("okänt fält"));
}

#[test]
fn lcc_from_a_linked_model() {
    let model = include_str!("../../../../examples/lcc-street-lighting.toml");
    let load = |name: &str| {
        if name == "belysning.toml" {
            Ok(model.to_string())
        } else {
            Err(format!("{name} finns inte"))
        }
    };
    let tender = |bids: &str| {
        format!(
            "name = \"T\"\nmethod = \"lowest_lcc\"\nlcc_model = \"belysning.toml\"\n\
             lcc_include_externalities = false\n{bids}"
        )
    };
    let ok = tender(
        "[[bids]]\nid = \"a\"\nname = \"A\"\nprice_sek = 1\nlcc_alternative = \"led\"\n\
         [[bids]]\nid = \"b\"\nname = \"B\"\nprice_sek = 1\nlcc_alternative = \"hps\"\n",
    );
    let run = compute(&ok, &load).unwrap();
    // The buyer's LCC of docs/lcc.md example 2, to the öre.
    assert_eq!(run.tender.bids[0].lcc, Some(Ore(383_963_463)));
    assert_eq!(run.tender.bids[1].lcc, Some(Ore(487_138_919)));
    assert_eq!(run.evaluation.winner, "a");
    let unknown = ok.replace("\"hps\"", "\"gas\"");
    let e = compute(&unknown, &load).unwrap_err();
    assert!(e[0].message.contains("\"gas\" finns inte"), "{e:?}");
    let missing = ok.replace("belysning.toml", "saknas.toml");
    let e = compute(&missing, &load).unwrap_err();
    assert!(e[0].message.contains("saknas.toml finns inte"), "{e:?}");
    let both = ok.replace(
        "price_sek = 1\nlcc_alternative = \"led\"",
        "price_sek = 1\nlcc_sek = 5\nlcc_alternative = \"led\"",
    );
    assert!(
        compute(&both, &load).unwrap_err()[0]
            .message
            .contains("inte båda")
    );
}

#[test]
fn yes_no_answers_and_levels() {
    let text = r#"
name = "T"
method = "value_deduction"

[[criteria]]
id = "miljo"
name = "Miljöbil"
max_points = 1
deduction_sek = 5000

[[co2_levels]]
id = "n3"
name = "Nivå 3"
discount = 0.03

[[bids]]
id = "A"
name = "A"
price_sek = 100000
co2_level = "n3"
answers = { miljo = true }

[[bids]]
id = "B"
name = "B"
price_sek = 92000.50
answers = { miljo = false }
"#;
    // A: 100 000 − 3 000 − 5 000 = 92 000,00 < B 92 000,50.
    let run = compute(text, &no_files).unwrap();
    assert_eq!(run.evaluation.winner, "A");
    assert_eq!(run.evaluation.bids[0].compared_price, Some(Ore(9_200_000)));
    assert_eq!(run.evaluation.bids[1].compared_price, Some(Ore(9_200_050)));
}

/// Reads a file the example tender files link to, from examples/.
fn example_file(name: &str) -> Result<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

#[test]
fn tender_examples_evaluate_as_documented() {
    let rel = compute(
        include_str!("../../../../examples/tender-cleaning-relative-scoring.toml"),
        &example_file,
    )
    .unwrap();
    assert_eq!(rel.evaluation.winner, "blank");
    assert_eq!(rel.evaluation.rank_reversals.len(), 1);
    assert_eq!(
        rel.evaluation.rank_reversals[0].order_after,
        vec!["centrum", "blank"]
    );
    let vd = compute(
        include_str!("../../../../examples/tender-street-lighting-value-deduction.toml"),
        &example_file,
    )
    .unwrap();
    assert_eq!(vd.evaluation.order, vec!["lysa", "norrljus", "gatuled"]);
    // 3 839 634,63 − 200 000 − 120 000 − 50 000
    assert_eq!(vd.evaluation.bids[0].compared_price, Some(Ore(346_963_463)));
    // 3 912 500 × 2 % = 78 250; 3 912 500 − 78 250 − 100 000 − 90 000 − 50 000
    assert_eq!(vd.evaluation.bids[1].compared_price, Some(Ore(359_425_000)));
    let lcc = compute(
        include_str!("../../../../examples/tender-service-cars-lowest-lcc.toml"),
        &example_file,
    )
    .unwrap();
    // 3 300 664,96 × 3 % = 99 019,9488 → 99 019,95
    assert_eq!(lcc.evaluation.bids[1].co2_discount, Ore(9_901_995));
    assert_eq!(lcc.evaluation.winner, "el");
}
