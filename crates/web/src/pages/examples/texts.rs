//! Interface texts of the good examples (Swedish first, English second).

use crate::i18n::Texts;

pub static TEXTS: Texts = &[
    ("nav.examples", "Goda exempel", "Good examples"),
    ("ex.title", "Goda exempel", "Good examples"),
    (
        "ex.intro",
        "Avslutade upphandlingar som organisationer har publicerat för att andra ska kunna lära av dem: vilka klimat- och energikrav de ställde, vad LCC-kalkylen visade och vad uppföljningen mätte. Ett anonymiserat exempel visar inte vilken organisation det kommer från.",
        "Completed procurements that organisations have published so others can learn from them: which climate and energy requirements they set, what the LCC showed and what follow-up measured. An anonymised example does not show which organisation it comes from.",
    ),
    ("ex.f_group", "Produktgrupp", "Product group"),
    ("ex.all_groups", "Alla produktgrupper", "All product groups"),
    ("ex.f_text", "Fritext", "Free text"),
    ("ex.search", "Sök", "Search"),
    ("ex.results", "Exempel", "Examples"),
    (
        "ex.none",
        "Inga publicerade exempel matchar.",
        "No published examples match.",
    ),
    ("ex.published", "Publicerat", "Published"),
    (
        "ex.anonymous",
        "Anonym kommun/region",
        "Anonymous municipality/region",
    ),
    ("ex.back_list", "Alla goda exempel", "All good examples"),
    ("ex.publisher", "Organisation", "Organisation"),
    (
        "ex.anonymised_note",
        "anonymiserat av organisationen",
        "anonymised by the organisation",
    ),
    ("ex.ambition", "Ambitionsnivå", "Ambition level"),
    ("ex.period", "Avtalsperiod", "Contract period"),
    ("ex.f_summary", "Sammanfattning", "Summary"),
    ("ex.f_lessons", "Lärdomar", "Lessons learned"),
    ("ex.criteria", "Ställda krav", "Requirements set"),
    (
        "ex.no_criteria",
        "Inga krav ur kriteriebiblioteket valdes.",
        "No criteria from the library were chosen.",
    ),
    (
        "ex.lcc",
        "LCC och klimat vid tilldelningen",
        "LCC and climate at the award",
    ),
    ("ex.award_method", "Tilldelningsgrund", "Award method"),
    ("ex.award_lowest_price", "lägsta pris", "lowest price"),
    (
        "ex.award_lowest_lcc",
        "lägsta livscykelkostnad",
        "lowest life-cycle cost",
    ),
    (
        "ex.award_value_deduction",
        "bästa förhållande mellan pris och kvalitet (mervärdesavdrag)",
        "best price-quality ratio (value deduction)",
    ),
    (
        "ex.award_relative_scoring",
        "bästa förhållande mellan pris och kvalitet (relativ poängsättning)",
        "best price-quality ratio (relative scoring)",
    ),
    (
        "ex.with_lcc",
        "utvärderad med LCC-modell",
        "evaluated with an LCC model",
    ),
    (
        "ex.lcc_table",
        "Livscykelns utsläpp och energi: valt anbud mot referensalternativet",
        "Life-cycle emissions and energy: the chosen bid against the reference alternative",
    ),
    (
        "ex.reference_alt",
        "Referensalternativ",
        "Reference alternative",
    ),
    ("ex.winner", "Valt anbud", "Chosen bid"),
    (
        "ex.no_lcc",
        "Ingen tilldelning med LCC-uppgifter finns registrerad.",
        "No award with LCC figures is recorded.",
    ),
    ("ex.results_heading", "Mätt resultat", "Measured result"),
    (
        "ex.results_table",
        "Per år: baslinje, förväntat och uppföljt",
        "Per year: baseline, expected and followed up",
    ),
    ("ex.baseline", "Baslinje", "Baseline"),
    ("ex.expected", "Förväntat", "Expected"),
    ("ex.followed", "Uppföljt", "Followed up"),
    (
        "ex.range_note",
        "Intervallet är lägsta–högsta värde över emissionsfaktorernas källor, inte ett konfidensintervall; minskningen räknas på punktvärdena.",
        "The range is the lowest–highest value over the emission factors' sources, not a confidence interval; the reduction is computed on the point values.",
    ),
    (
        "ex.saving_co2e",
        "Minskning CO₂e per år",
        "CO₂e reduction per year",
    ),
    (
        "ex.increase_co2e",
        "Ökning CO₂e per år",
        "CO₂e increase per year",
    ),
    (
        "ex.saving_kwh",
        "Minskad energi per år",
        "Energy saved per year",
    ),
    (
        "ex.increase_kwh",
        "Ökad energi per år",
        "Energy increase per year",
    ),
    ("ex.basis", "Mätt eller förväntat", "Measured or expected"),
    (
        "ex.kind_followed",
        "uppföljt (mätt)",
        "followed up (measured)",
    ),
    (
        "ex.kind_expected",
        "förväntat (skattning)",
        "expected (estimate)",
    ),
    ("ex.no_saving", "kan inte räknas", "cannot be computed"),
    ("ex.no_baseline", "ingen baslinje", "no baseline"),
    (
        "ex.how_none",
        "Upphandlingen har ingen baslinje, så ingen minskning kan räknas.",
        "The procurement has no baseline, so no reduction can be computed.",
    ),
    (
        "ex.how_spend",
        "Baslinjen är utgiftsbaserad (inköpsbelopp × emissionsfaktor för kategorin). Ingen uppföljning är rapporterad ännu, så minskningen är förväntad: en skattning från valt anbud eller valda krav.",
        "The baseline is spend-based (spend × the category's emission factor). No follow-up has been reported yet, so the reduction is expected: an estimate from the chosen bid or the chosen criteria.",
    ),
    (
        "ex.how_activity",
        "Baslinjen är aktivitetsbaserad (mängder, t.ex. liter eller kWh, × faktorer, ur LCC-kalkylen). Ingen uppföljning är rapporterad ännu, så minskningen är förväntad: en skattning från valt anbud eller valda krav.",
        "The baseline is activity-based (quantities such as litres or kWh × factors, from the LCC model). No follow-up has been reported yet, so the reduction is expected: an estimate from the chosen bid or the chosen criteria.",
    ),
    (
        "ex.how_activity_followed",
        "Aktivitetsbaserat: det uppföljda är leverantörens rapporterade mängder × aktivitetsfaktorer, omräknat till ett år, och minskningen är mätt mot baslinjen.",
        "Activity-based: the followed-up figure is the supplier's reported quantities × activity factors, scaled to a year, and the reduction is measured against the baseline.",
    ),
    (
        "ex.how_hybrid",
        "Hybrid: baslinjen är utgiftsbaserad (inköpsbelopp × emissionsfaktor), det uppföljda är leverantörens rapporterade mängder × aktivitetsfaktorer, omräknat till ett år. Minskningen är mätt mot baslinjen.",
        "Hybrid: the baseline is spend-based (spend × emission factor), the followed-up figure is the supplier's reported quantities × activity factors, scaled to a year. The reduction is measured against the baseline.",
    ),
    (
        "ex.how_followed",
        "Så följdes det upp",
        "How it was followed up",
    ),
    (
        "ex.followed_days",
        "Dagar som leverantörens rapporter täcker (mängderna är omräknade till ett år)",
        "Days covered by the supplier's reports (the quantities are scaled to a year)",
    ),
    (
        "ex.metrics_table",
        "Rapporterade mängder per år med faktorernas källa",
        "Reported quantities per year with the factors' source",
    ),
    ("ex.factor_source", "Faktorns källa", "Factor source"),
    // List: order and filter.
    ("ex.f_order", "Sortering", "Sort by"),
    (
        "ex.order_newest",
        "Senast publicerade först",
        "Most recently published first",
    ),
    (
        "ex.order_saving",
        "Störst minskning (ton CO₂e) först",
        "Largest reduction (tonnes CO₂e) first",
    ),
    (
        "ex.order_share",
        "Störst minskning (andel av baslinjen) först",
        "Largest reduction (share of the baseline) first",
    ),
    (
        "ex.f_followed_only",
        "Bara uppföljda resultat (mätta från leverantörens rapporter)",
        "Followed-up results only (measured from the supplier's reports)",
    ),
    (
        "ex.list_figures_note",
        "Minskningen gäller per år mot upphandlingens baslinje: uppföljd (mätt från leverantörens rapporter) där sådana finns, annars förväntad (skattad från valt anbud eller valda krav). Öppna ett exempel för intervall, krav, LCC och hur det räknades.",
        "The reduction is per year against the procurement's baseline: followed up (measured from the supplier's reports) where they exist, else expected (estimated from the chosen bid or criteria). Open an example for ranges, criteria, LCC and how it was computed.",
    ),
    // Criteria and LCC on the example's page.
    (
        "ex.criteria_intro",
        "Kraven ur kriteriebiblioteket som upphandlingen använde, med id, typ och ambitionsnivå. Följ länken för hela kravet med verifiering och uppföljning.",
        "The criteria from the library the procurement used, with id, type and ambition level. Follow the link for the whole criterion with verification and follow-up.",
    ),
    (
        "ex.criterion_gone",
        "finns inte längre i kriteriebiblioteket",
        "no longer in the criteria library",
    ),
    (
        "ex.lcc_difference",
        "Minskning med valt anbud",
        "Reduction with the chosen bid",
    ),
    ("ex.more", "ökning", "increase"),
    (
        "ex.lcc_note",
        "Livscykelns utsläpp och energi ur tilldelningens LCC-underlag. Priser, anbud och leverantör publiceras inte.",
        "Life-cycle emissions and energy from the award's LCC figures. Prices, bids and the supplier are not published.",
    ),
    (
        "ex.no_results",
        "Inget resultat kan beräknas.",
        "No result can be computed.",
    ),
    // Publishing.
    (
        "ex.publish_link",
        "Publicera som gott exempel",
        "Publish as a good example",
    ),
    (
        "ex.publish_title",
        "Publicera som gott exempel",
        "Publish as a good example",
    ),
    (
        "ex.publish_intro",
        "Ett gott exempel syns för alla organisationer i upphandla: det du skriver här, upphandlingens valda krav, ambitionsnivå och avtalsperiod, klimatsiffrorna från tilldelningen och det mätta resultatet. Anbud, priser, leverantör, diarienummer och personer visas aldrig.",
        "A good example is visible to every organisation in upphandla: what you write here, the procurement's chosen criteria, ambition level and contract period, the climate figures of the award and the measured result. Bids, prices, the supplier, the reference number and people are never shown.",
    ),
    (
        "ex.not_eligible",
        "Bara en avslutad eller tilldelad upphandling kan publiceras.",
        "Only a completed or awarded procurement can be published.",
    ),
    (
        "ex.no_role",
        "Bara upphandlare, miljöstrateg eller administratör kan publicera.",
        "Only a procurement officer, environmental strategist or administrator can publish.",
    ),
    (
        "ex.errors",
        "Exemplet publicerades inte. Rätta följande:",
        "The example was not published. Correct the following:",
    ),
    ("ex.f_title", "Rubrik", "Title"),
    (
        "ex.choose_group",
        "Välj produktgrupp",
        "Choose a product group",
    ),
    (
        "ex.f_named",
        "Visa organisationens namn?",
        "Show the organisation's name?",
    ),
    (
        "ex.named",
        "Med organisationens namn",
        "With the organisation's name",
    ),
    (
        "ex.anonymised",
        "Anonymiserat (visas som ”Anonym kommun/region”)",
        "Anonymised (shown as \"Anonymous municipality/region\")",
    ),
    (
        "ex.anonymised_hint",
        "Anonymiserat: skriv inte organisationens namn, ortnamn, diarienummer, leverantör eller personnamn i texterna. Organisationens namn och diarienumret avvisas.",
        "Anonymised: do not write the organisation's name, place names, reference number, supplier or people's names in the texts. The organisation's name and the reference number are refused.",
    ),
    ("ex.publish", "Publicera", "Publish"),
    ("ex.update", "Spara ändringarna", "Save the changes"),
    ("ex.unpublish", "Avpublicera", "Unpublish"),
    (
        "ex.view_published",
        "Visa det publicerade exemplet",
        "View the published example",
    ),
    (
        "ex.notice_published",
        "Exemplet är publicerat.",
        "The example is published.",
    ),
    (
        "ex.notice_removed",
        "Exemplet är avpublicerat.",
        "The example is unpublished.",
    ),
    ("ex.err_title", "Skriv en rubrik.", "Write a title."),
    (
        "ex.err_title_long",
        "Rubriken får vara högst 200 tecken.",
        "The title may be at most 200 characters.",
    ),
    (
        "ex.err_group",
        "Välj en produktgrupp ur listan.",
        "Choose a product group from the list.",
    ),
    (
        "ex.err_summary",
        "Skriv en sammanfattning.",
        "Write a summary.",
    ),
    (
        "ex.err_long",
        "Texten får vara högst 10 000 tecken.",
        "The text may be at most 10,000 characters.",
    ),
    (
        "ex.err_names_org",
        "Texten innehåller organisationens namn eller diarienumret, men exemplet ska vara anonymt.",
        "The text contains the organisation's name or the reference number, but the example is to be anonymous.",
    ),
    (
        "ex.err_anonymised",
        "Välj om exemplet ska visa organisationens namn.",
        "Choose whether the example shows the organisation's name.",
    ),
];
