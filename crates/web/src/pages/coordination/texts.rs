//! Interface texts of sharing and the coordinator's pages (Swedish first, English second).

use crate::i18n::Texts;

pub static TEXTS: Texts = &[
    ("nav.coordination", "Samordning", "Coordination"),
    ("coord.title", "Samordning", "Coordination"),
    ("coord.subnav", "Samordningens sidor", "Coordination pages"),
    (
        "coord.intro",
        "Här visas bara det som medlemsorganisationerna själva har valt att dela med er: upphandlingar med resultat, valda kravnivåer och avtalsdatum, avtal och mål. Anbud, anbudspriser och det som inte är delat syns aldrig.",
        "Only what the member organisations have chosen to share with you is shown here: procurements with results, chosen requirement levels and contract dates, contracts and goals. Bids, bid prices and anything not shared are never shown.",
    ),
    (
        "coord.members",
        "Medlemsorganisationer",
        "Member organisations",
    ),
    (
        "coord.shared_procurements",
        "Delade upphandlingar",
        "Shared procurements",
    ),
    (
        "coord.results_heading",
        "Resultat per organisation",
        "Results per organisation",
    ),
    (
        "coord.results_intro",
        "Per år, summerat över de delade upphandlingar som har en klimatbaslinje. Förväntat: utifrån tilldelningen eller de valda kraven. Uppföljt: utifrån leverantörernas rapporter.",
        "Per year, summed over the shared procurements that have a climate baseline. Expected: from the award or the chosen requirements. Followed up: from the suppliers' reports.",
    ),
    (
        "coord.results_table",
        "Klimat: delade resultat per organisation och totalt (ton CO₂e per år)",
        "Climate: shared results per organisation and in total (t CO₂e per year)",
    ),
    (
        "coord.results_note",
        "En upphandling utan baslinje räknas i antalet men inte i summorna. Uppföljt summerar bara upphandlingar med leverantörsrapporter; minskningen jämför baslinjen med det uppföljda där det finns, annars med det förväntade. – betyder att uppgift saknas.",
        "A procurement without a baseline is counted but not added. Followed up sums only procurements with supplier reports; the reduction compares the baseline with the followed-up figure where there is one, else with the expected. – means no figure.",
    ),
    (
        "coord.chart_title",
        "Minskning mot baslinjen per organisation",
        "Reduction against the baseline per organisation",
    ),
    (
        "coord.chart_desc",
        "Stapeldiagram: minskningen av koldioxidekvivalenter per år mot baslinjen för varje organisations delade upphandlingar, i ton. Samma siffror finns i tabellen nedan.",
        "Bar chart: the reduction of CO2 equivalents per year against the baseline for each organisation's shared procurements, in tonnes. The same figures are in the table below.",
    ),
    ("coord.tonnes", "ton CO₂e", "tonnes CO₂e"),
    ("coord.total", "Totalt", "Total"),
    ("coord.col_org", "Organisation", "Organisation"),
    (
        "coord.col_count",
        "Delade upphandlingar",
        "Shared procurements",
    ),
    (
        "coord.col_baseline_t",
        "Baslinje, ton CO₂e",
        "Baseline, t CO₂e",
    ),
    (
        "coord.col_expected_t",
        "Förväntat, ton CO₂e",
        "Expected, t CO₂e",
    ),
    (
        "coord.col_followed_t",
        "Uppföljt, ton CO₂e",
        "Followed up, t CO₂e",
    ),
    (
        "coord.col_saving_t",
        "Minskning, ton CO₂e",
        "Reduction, t CO₂e",
    ),
    ("coord.col_baseline_kwh", "Baslinje, kWh", "Baseline, kWh"),
    ("coord.col_expected_kwh", "Förväntat, kWh", "Expected, kWh"),
    (
        "coord.col_followed_kwh",
        "Uppföljt, kWh",
        "Followed up, kWh",
    ),
    (
        "coord.procurements_heading",
        "Delade upphandlingar",
        "Shared procurements",
    ),
    (
        "coord.none_shared",
        "Ingen medlemsorganisation delar någon upphandling ännu.",
        "No member organisation shares a procurement yet.",
    ),
    ("coord.col_title", "Upphandling", "Procurement"),
    ("coord.col_status", "Status", "Status"),
    ("coord.col_ambition", "Ambitionsnivå", "Ambition level"),
    ("coord.col_period", "Avtalsperiod", "Contract period"),
    ("coord.col_method", "Metod", "Method"),
    ("coord.col_criteria", "Valda krav", "Chosen criteria"),
    ("coord.method_none", "Ingen baslinje", "No baseline"),
    ("coord.method_spend", "Utgiftsbaserad", "Spend-based"),
    (
        "coord.method_activity",
        "Aktivitetsbaserad",
        "Activity-based",
    ),
    ("coord.method_hybrid", "Hybrid", "Hybrid"),
    ("coord.goals_heading", "Delade mål", "Shared goals"),
    (
        "coord.no_goals",
        "Inga delade mål ännu.",
        "No shared goals yet.",
    ),
    ("coord.col_goal", "Mål", "Goal"),
    ("coord.col_goal_base", "Basår", "Base year"),
    ("coord.col_goal_target", "Målår", "Target year"),
    (
        "coord.forbidden_title",
        "Bara för samordnare",
        "For coordinators only",
    ),
    (
        "coord.forbidden_text",
        "Samordningssidorna visar det som medlemsorganisationer delar med sitt samordnande organ. De kan bara ses av den som har rollen samordnare i en samordnande organisation (t.ex. ett energikontor). Be organisationens administratör om rollen om du behöver den.",
        "The coordination pages show what member organisations share with their coordinating body. Only a person with the role coordinator in a coordinating organisation (e.g. an energy agency) can see them. Ask your organisation's administrator for the role if you need it.",
    ),
    ("coord.home", "Till startsidan", "Home"),
    // Joint procurement.
    (
        "coord.joint_title",
        "Samverkansmöjligheter",
        "Joint procurement opportunities",
    ),
    (
        "coord.joint_intro",
        "Delade avtal hos två eller fler medlemsorganisationer inom samma inköpskategori eller samma CPV-grupp som löper ut inom det valda tidsfönstret. De är kandidater för en gemensam upphandling.",
        "Shared contracts of two or more member organisations in the same spend category or CPV group that end within the chosen window. They are candidates for a joint procurement.",
    ),
    (
        "coord.from",
        "Avtal som löper ut från (datum)",
        "Contracts ending from (date)",
    ),
    (
        "coord.to",
        "till och med (datum)",
        "up to and including (date)",
    ),
    ("coord.show", "Visa", "Show"),
    (
        "coord.err_from",
        "Från-datumet kunde inte läsas. Skriv år-månad-dag, t.ex. 2027-01-31. Standardfönstret visas.",
        "The from date could not be read. Write year-month-day, e.g. 2027-01-31. The default window is shown.",
    ),
    (
        "coord.err_to",
        "Till-datumet kunde inte läsas. Skriv år-månad-dag, t.ex. 2028-06-30. Standardfönstret visas.",
        "The to date could not be read. Write year-month-day, e.g. 2028-06-30. The default window is shown.",
    ),
    (
        "coord.err_order",
        "Till-datumet ligger före från-datumet. Standardfönstret visas.",
        "The to date is before the from date. The default window is shown.",
    ),
    (
        "coord.shared_contracts",
        "Delade avtal totalt",
        "Shared contracts in all",
    ),
    (
        "coord.how_matched",
        "Hur avtalen matchas",
        "How contracts are matched",
    ),
    (
        "coord.no_opportunities",
        "Inga delade avtal hos två eller fler organisationer löper ut inom fönstret i samma kategori eller CPV-grupp.",
        "No shared contracts of two or more organisations end within the window in the same category or CPV group.",
    ),
    (
        "coord.basis_category",
        "Samma inköpskategori.",
        "Same spend category.",
    ),
    (
        "coord.basis_cpv",
        "Samma CPV-grupp (de tre första siffrorna).",
        "Same CPV group (the first three digits).",
    ),
    ("coord.orgs", "Organisationer", "Organisations"),
    (
        "coord.combined",
        "Sammanlagt avtalsvärde",
        "Combined contract value",
    ),
    (
        "coord.unknown_values",
        "avtal utan angivet värde ingår inte",
        "contracts without a recorded value are not included",
    ),
    ("coord.col_contract", "Avtal", "Contract"),
    ("coord.col_supplier", "Leverantör", "Supplier"),
    ("coord.col_end", "Löper ut", "Ends"),
    (
        "coord.col_final_end",
        "Senast med förlängning",
        "Latest with extensions",
    ),
    ("coord.col_value", "Avtalsvärde", "Contract value"),
    (
        "coord.method_heading",
        "Hur avtalen matchas",
        "How contracts are matched",
    ),
    (
        "coord.method_text",
        "Ett avtal räknas när dess nuvarande slutdatum (utan outnyttjade förlängningar) ligger i fönstret; det senaste möjliga slutdatumet visas bredvid. Avtal grupperas först efter inköpskategori, sedan efter CPV-grupp, dvs. de tre första siffrorna i CPV-koden (t.ex. 341 motorfordon, 091 bränslen). Tre siffror valdes eftersom två (huvudgrupp) blandar varor som inte upphandlas tillsammans och fyra skiljer t.ex. personbilar från lätta lastbilar, som ofta köps i samma upphandling. En CPV-grupp med exakt samma avtal som en kategori visas inte två gånger. Bara grupper med avtal från minst två organisationer visas.",
        "A contract counts when its current end date (without unused extensions) is in the window; the latest possible end date is shown next to it. Contracts are grouped first by spend category, then by CPV group, i.e. the first three digits of the CPV code (e.g. 341 motor vehicles, 091 fuels). Three digits were chosen because two (the division) mix goods that are not bought together and four separate e.g. cars from light vans, which are often bought in one procurement. A CPV group with exactly the contracts of a category is not shown twice. Only groups with contracts of at least two organisations are shown.",
    ),
    // Requirement levels.
    ("coord.levels_title", "Kravnivåer", "Requirement levels"),
    (
        "coord.levels_intro",
        "Vilka klimat- och energikrav ur kriteriebiblioteket medlemsorganisationerna valt i sina delade upphandlingar, per produktgrupp och ambitionsnivå (bas, avancerad, spjutspets), och vilka som upphandlat i en produktgrupp utan några sådana krav.",
        "Which climate and energy criteria from the library the member organisations chose in their shared procurements, per product group and ambition level (core, advanced, spearhead), and which procured in a product group without any such criteria.",
    ),
    (
        "coord.levels_table",
        "Valda krav per produktgrupp och organisation (antal krav per nivå)",
        "Chosen criteria per product group and organisation (number of criteria per level)",
    ),
    (
        "coord.levels_none",
        "Inga delade upphandlingar med produktgrupp ännu.",
        "No shared procurements with a product group yet.",
    ),
    ("coord.col_group", "Produktgrupp", "Product group"),
    (
        "coord.col_no_criteria",
        "Utan klimatkrav",
        "Without climate criteria",
    ),
    ("coord.cell_nothing", "inget delat", "nothing shared"),
    (
        "coord.cell_no_criteria",
        "Inga klimatkrav",
        "No climate criteria",
    ),
    (
        "coord.cell_without",
        "upphandlingar utan krav i gruppen",
        "procurements without criteria in the group",
    ),
    (
        "coord.levels_note",
        "En upphandling hör till den produktgrupp som bäst matchar dess CPV-koder eller inköpskategori, och till varje grupp vars krav den valt. Bara delade upphandlingar räknas.",
        "A procurement belongs to the product group that best matches its CPV codes or spend category, and to every group whose criteria it chose. Only shared procurements count.",
    ),
    // Sharing a procurement.
    (
        "coord.share_heading",
        "Delning och goda exempel",
        "Sharing and good examples",
    ),
    (
        "coord.share_link",
        "Dela med samordnaren",
        "Share with the coordinator",
    ),
    (
        "coord.share_title",
        "Dela med samordnaren",
        "Share with the coordinator",
    ),
    (
        "coord.back_procurement",
        "Tillbaka till upphandlingen",
        "Back to the procurement",
    ),
    (
        "coord.state_shared",
        "Upphandlingen delas med samordnaren.",
        "The procurement is shared with the coordinator.",
    ),
    (
        "coord.state_unshared",
        "Upphandlingen delas inte.",
        "The procurement is not shared.",
    ),
    (
        "coord.no_coordinator",
        "Organisationen är inte ansluten till något samordnande organ; ingen ser det som delas förrän den blir det.",
        "The organisation is not a member of any coordinating body; nobody sees what is shared until it is.",
    ),
    ("coord.shared_with", "Delas med", "Shared with"),
    ("coord.what_shared", "Det här delas", "What is shared"),
    (
        "coord.shared_item_identity",
        "Upphandlingens namn, CPV-koder, inköpskategori, status och ambitionsnivå.",
        "The procurement's title, CPV codes, spend category, status and ambition level.",
    ),
    (
        "coord.shared_item_results",
        "Resultat: klimatbaslinje, förväntad och uppföljd CO₂e och kWh med metod.",
        "Results: climate baseline, expected and followed-up CO₂e and kWh with method.",
    ),
    (
        "coord.shared_item_criteria",
        "Valda krav ur kriteriebiblioteket med deras ambitionsnivåer.",
        "Chosen criteria from the library with their ambition levels.",
    ),
    (
        "coord.shared_item_contract",
        "Avtalsdatum: start, slut och senaste slut med förlängning, samt för avtalet som kom ur upphandlingen även leverantör, CPV, kategori och avtalsvärde.",
        "Contract dates: start, end and latest end with extensions, and for the contract that came from the procurement also the supplier, CPV, category and contract value.",
    ),
    (
        "coord.what_not_shared",
        "Det här delas aldrig",
        "What is never shared",
    ),
    (
        "coord.not_item_bids",
        "Anbud, enskilda anbudspriser, anbudsgivare och utvärderingen.",
        "Bids, individual bid prices, tenderers and the evaluation.",
    ),
    (
        "coord.not_item_internal",
        "Diarienummer, beskrivning, projektgrupp, checklistor, dokument och uppföljningens avvikelser.",
        "Reference number, description, team, checklists, documents and follow-up deviations.",
    ),
    (
        "coord.examples_separate",
        "Att publicera ett gott exempel till alla organisationer är ett separat val.",
        "Publishing a good example to every organisation is a separate choice.",
    ),
    (
        "coord.share",
        "Dela med samordnaren",
        "Share with the coordinator",
    ),
    ("coord.unshare", "Sluta dela", "Stop sharing"),
    (
        "coord.read_only",
        "Din roll kan inte ändra delningen.",
        "Your role cannot change the sharing.",
    ),
    (
        "coord.notice_shared",
        "Upphandlingen delas nu med samordnaren.",
        "The procurement is now shared with the coordinator.",
    ),
    (
        "coord.notice_unshared",
        "Upphandlingen delas inte längre.",
        "The procurement is no longer shared.",
    ),
    (
        "coord.energy_table",
        "Energi: delade resultat per organisation och totalt (kWh per år)",
        "Energy: shared results per organisation and in total (kWh per year)",
    ),
    (
        "coord.procurement_results_table",
        "Klimatresultat per delad upphandling (ton CO₂e per år)",
        "Climate results per shared procurement (t CO₂e per year)",
    ),
    (
        "coord.chart_caption",
        "Minskning mot baslinjen per organisation, ton CO₂e per år. Samma siffror finns i tabellen nedan.",
        "Reduction against the baseline per organisation, t CO₂e per year. The same figures are in the table below.",
    ),
    (
        "coord.overview_hint",
        "En samordnande organisation har inga egna avtal att följa upp. Medlemmarnas delade resultat, avtal som löper ut samtidigt och valda kravnivåer finns under",
        "A coordinating body has no contracts of its own to follow up. The members' shared results, contracts ending at the same time and chosen requirement levels are under",
    ),
];
