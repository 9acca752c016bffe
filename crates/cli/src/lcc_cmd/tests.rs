use super::*;
use file::{REQUIRED_MARKER, marker_key};

const ALL: [TemplateKind; 5] = [
    TemplateKind::Vehicles,
    TemplateKind::Lighting,
    TemplateKind::Heating,
    TemplateKind::It,
    TemplateKind::Generic,
];

/// Replaces every marker with a value of the right type: text for names and
/// sources, 1 for numbers (valid for years, counts and amounts alike).
fn fill(template: &str) -> String {
    let needle = format!("\"{REQUIRED_MARKER}");
    let mut out = String::new();
    for line in template.lines() {
        let mut rest = line;
        let mut new = String::new();
        while let Some(pos) = rest.find(&needle) {
            let before = rest.get(..pos).unwrap_or("");
            let key = marker_key(&(new.clone() + before));
            new.push_str(before);
            let after = rest.get(pos + 1..).unwrap_or("");
            let end = after.find('"').map_or(after.len(), |e| e + 1);
            let text_key = key == "name" || key.ends_with("source") || key == "description";
            new.push_str(if text_key { "\"x\"" } else { "1" });
            rest = after.get(end..).unwrap_or("");
        }
        new.push_str(rest);
        out.push_str(&new);
        out.push('\n');
    }
    out
}

#[test]
fn templates_ask_for_unsourced_values_and_work_once_filled() {
    for kind in ALL {
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
        assert!(!filled.contains(REQUIRED_MARKER), "{kind:?}");
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
