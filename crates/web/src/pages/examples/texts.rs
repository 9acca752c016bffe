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
        "ex.saving",
        "Minskning mot baslinjen",
        "Reduction against the baseline",
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
