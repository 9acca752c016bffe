use super::*;
use crate::criteria::default_library;
use crate::doc::testutil::{docx_parts, page_text, pdf_pages};
use crate::doc::{render_docx, render_html, render_pdf, render_text};

/// One criterion of each type from the shipped library, in reverse type
/// order (the document must sort them).
fn chosen() -> Vec<Criterion> {
    let lib = default_library();
    let mut out: Vec<Criterion> = CriterionType::ALL
        .iter()
        .rev()
        .map(|k| {
            lib.criteria
                .iter()
                .find(|c| c.kind == *k)
                .unwrap_or_else(|| panic!("no {k:?} in the library"))
                .clone()
        })
        .collect();
    // Two of one kind keep their given order.
    let second = lib
        .criteria
        .iter()
        .filter(|c| c.kind == CriterionType::TekniskSpecifikation)
        .nth(1)
        .unwrap()
        .clone();
    out.push(second);
    out
}

fn input() -> TenderDocInput {
    TenderDocInput {
        title: "Värmepumpar till skolor".into(),
        organisation: "Exempelkommunen".into(),
        reference: Some("KS 2026/17".into()),
        cpv: vec!["42511110-5".into()],
        estimated_value: Some(Ore(125_000_000)),
        contract_period: "2 år med option på 1 + 1 år".into(),
        criteria: chosen(),
        award: Some(AwardModel {
            method: "Kostnad (livscykelkostnad)".into(),
            description: "Lägst livscykelkostnad vinner.".into(),
            lcc_summary: Some("Nuvärde över 15 år, real kalkylränta 3 %.".into()),
            lcc_bidder_data: vec!["Anskaffningspris".into(), "Årsvärmefaktor (SCOP)".into()],
        }),
        responsible: BTreeMap::new(),
        english: false,
    }
}

#[test]
fn sections_come_in_order_with_every_criterion() {
    let inp = input();
    let d = build(&inp);
    assert_eq!(
        d.title,
        "Värmepumpar till skolor: förfrågningsunderlag, kravdel"
    );
    assert!(d.lines.iter().any(|l| l == "Diarienummer: KS 2026/17"));
    assert!(
        d.lines
            .iter()
            .any(|l| l == "Uppskattat värde: 1 250 000 kr exklusive moms"),
        "{:?}",
        d.lines
    );
    let text = render_text(&d);
    let pos = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing in\n{text}"))
    };
    let order = [
        "\nKvalificeringskrav\n",
        "\nTekniska specifikationer (ska-krav)\n",
        "\nTilldelningskriterier\n",
        "\nSärskilda kontraktsvillkor\n",
        "\nBilaga: Uppföljningsplan\n",
        "\nOm kravtexterna",
    ];
    for w in order.windows(2) {
        assert!(pos(w[0]) < pos(w[1]), "{} before {}", w[0], w[1]);
    }
    for c in &inp.criteria {
        // The requirement text (its first paragraph), proof, id and version.
        let first = c.text.sv.split("\n\n").next().unwrap().trim();
        assert!(text.contains(first), "{} text", c.id);
        assert!(text.contains(c.proof.sv.trim()), "{} proof", c.id);
        assert!(
            text.contains(&format!("Kriterium: {}, version {}", c.id, c.version)),
            "{}",
            c.id
        );
        // Under its own type's heading.
        let (heading, _) = section(c.kind, false);
        assert!(pos(&format!("\n{heading}\n")) < pos(first));
        // One row in the plan.
        assert!(text.contains(&format!("({})", c.id)), "{} in plan", c.id);
    }
    // Two of a kind keep their order.
    let ts: Vec<&Criterion> = inp
        .criteria
        .iter()
        .filter(|c| c.kind == CriterionType::TekniskSpecifikation)
        .collect();
    assert!(pos(&format!("Kriterium: {},", ts[0].id)) < pos(&format!("Kriterium: {},", ts[1].id)));
}

#[test]
fn award_model_and_lcc_say_method_and_data() {
    let d = build(&input());
    let text = render_text(&d);
    assert!(text.contains("Tilldelningsgrund: Kostnad (livscykelkostnad)"));
    assert!(text.contains("(16 kap. LOU)"));
    assert!(text.contains("Beräkningsmetod: Nuvärde över 15 år"));
    assert!(text.contains("  • Årsvärmefaktor (SCOP)"));
    let mut inp = input();
    if let Some(a) = inp.award.as_mut() {
        a.lcc_bidder_data.clear();
    }
    assert!(render_text(&build(&inp)).contains("[Ange vilka uppgifter anbudsgivaren ska lämna"));
    // Without LCC no LCC section; an award model alone makes the section.
    inp.award = Some(AwardModel {
        method: "Pris".into(),
        ..AwardModel::default()
    });
    inp.criteria
        .retain(|c| c.kind != CriterionType::Tilldelningskriterium);
    let text = render_text(&build(&inp));
    assert!(!text.contains("Livscykelkostnad (LCC)"));
    assert!(text.contains("\nTilldelningskriterier\n") && text.contains("Tilldelningsgrund: Pris"));
}

#[test]
fn follow_up_plan_has_a_row_per_criterion_and_the_suppliers_duties() {
    let mut inp = input();
    let first = inp.criteria[0].id.clone();
    inp.responsible.insert(first.clone(), "Miljöstrateg".into());
    let d = build(&inp);
    let table = d
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("plan table");
    assert_eq!(
        table.headers,
        ["Krav", "Hur det följs upp", "När", "Underlag", "Ansvarig"]
    );
    assert_eq!(table.rows.len(), inp.criteria.len());
    for (row, c) in table.rows.iter().zip(&inp.criteria) {
        assert_eq!(row[1], Cell::text(c.follow_up.sv.trim()));
        assert_eq!(row[2], Cell::text(c.follow_up_when.name().0));
        assert_eq!(row[3], Cell::text(c.follow_up_evidence.sv.trim()));
        let who = if c.id == first {
            "Miljöstrateg"
        } else {
            "Avtalsansvarig"
        };
        assert_eq!(row[4], Cell::text(who));
    }
    let text = render_text(&d);
    assert!(text.contains("Leverantören ska medverka i uppföljningen"));
    assert!(text.contains("uppstartsmöte"));
    assert!(text.contains("utgångspunkt"));
}

#[test]
fn english_uses_the_english_texts() {
    let mut inp = input();
    inp.english = true;
    let d = build(&inp);
    assert!(d.english);
    let text = render_text(&d);
    assert!(text.contains("tender documents, requirements"));
    assert!(text.contains("\nSelection criteria\n"));
    assert!(text.contains("Appendix: Follow-up plan"));
    assert!(text.contains("Contract manager"));
    for c in &inp.criteria {
        assert!(text.contains(c.title.get(true)), "{}", c.id);
    }
}

#[test]
fn empty_input_still_gives_a_document() {
    let d = build(&TenderDocInput::default());
    assert_eq!(d.title, "Förfrågningsunderlag, kravdel");
    let text = render_text(&d);
    assert!(text.contains("Inga krav är valda ännu."));
    assert!(!text.contains("Kvalificeringskrav"));
    docx_parts(&render_docx(&d));
    pdf_pages(&render_pdf(&d));
}

#[test]
fn every_format_renders_the_document() {
    let d = build(&input());
    let html = render_html(&d);
    assert!(html.contains("<h2>Kvalificeringskrav</h2>"));
    assert!(html.contains("<caption>Uppföljningsplan</caption>"));
    let parts = docx_parts(&render_docx(&d));
    assert!(parts["word/document.xml"].contains("<w:tblHeader/>"));
    let pdf = render_pdf(&d);
    let text: String = pdf_pages(&pdf).iter().map(|p| page_text(p)).collect();
    assert!(text.contains("Bilaga: Uppf\u{f6}ljningsplan"));
    assert!(text.contains(&input().criteria[0].id));
}
