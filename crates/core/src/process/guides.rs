//! The guidance, checklist and legal points of each stage.

use super::{ChecklistItem, Stage, StageGuide, Text};

const fn item(key: &'static str, label: Text, help: Text, required: bool) -> ChecklistItem {
    ChecklistItem {
        key,
        label,
        help,
        required,
    }
}

const fn t(sv: &'static str, en: &'static str) -> Text {
    Text::new(sv, en)
}

const TODO: Text = t("", "");

pub(super) static GUIDES: [StageGuide; 8] = [
    StageGuide {
        stage: Stage::Behovsanalys,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: BEHOVSANALYS,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Marknadsanalys,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: MARKNADSANALYS,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Forfragningsunderlag,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: FORFRAGNINGSUNDERLAG,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Annonsering,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: ANNONSERING,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Utvardering,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: UTVARDERING,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Tilldelning,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: TILLDELNING,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Avtal,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: AVTAL,
        outputs: TODO,
    },
    StageGuide {
        stage: Stage::Avtalsuppfoljning,
        what: TODO,
        why_climate: TODO,
        legal: &[],
        checklist: AVTALSUPPFOLJNING,
        outputs: TODO,
    },
];

const BEHOVSANALYS: &[ChecklistItem] = &[
    item(
        "behovsbeskrivning",
        t("Behovet beskrivet", "Need described"),
        t(
            "Vad verksamheten ska klara, inte vilken produkt den vill ha.",
            "What the operation must achieve, not which product it wants.",
        ),
        true,
    ),
    item(
        "beslut_kopa_aterbruka_avsta",
        t(
            "Beslut: köpa, återbruka eller avstå",
            "Decision: buy, reuse or not buy",
        ),
        t(
            "Pröva återbruk, delning, reparation och att inte köpa alls innan ni köper nytt.",
            "Consider reuse, sharing, repair and not buying at all before buying new.",
        ),
        true,
    ),
    item(
        "ambitionsniva_klimat",
        t(
            "Ambitionsnivå för klimat och energi vald",
            "Climate and energy ambition level chosen",
        ),
        t(
            "Bas, avancerad eller spjutspets – i linje med organisationens mål och budget.",
            "Basic, advanced or spearhead – in line with the organisation's goals and budget.",
        ),
        true,
    ),
    item(
        "klimatbaslinje",
        t("Klimatbaslinje beräknad", "Climate baseline calculated"),
        t(
            "Utsläpp (kg CO2e) och energi (kWh) för dagens lösning eller ett utgiftsbaserat estimat, så att effekten kan mätas.",
            "Emissions (kg CO2e) and energy (kWh) of today's solution, or a spend-based estimate, so that the effect can be measured.",
        ),
        true,
    ),
    item(
        "varde_och_forfarande",
        t(
            "Värde uppskattat och förfarande valt",
            "Value estimated and procedure chosen",
        ),
        t(
            "Uppskatta hela kontraktsvärdet exkl. moms och se vilken gräns det hamnar under.",
            "Estimate the whole contract value excl. VAT and see which limit it falls under.",
        ),
        true,
    ),
    item(
        "erfarenheter_tidigare_avtal",
        t(
            "Erfarenheter från tidigare avtal inhämtade",
            "Lessons from earlier contracts gathered",
        ),
        t(
            "Fråga avtalsansvarig vad som fungerade, vilka avvikelser som fanns och vad uppföljningen visade.",
            "Ask the contract manager what worked, which deviations occurred and what follow-up showed.",
        ),
        false,
    ),
];

const MARKNADSANALYS: &[ChecklistItem] = &[
    item(
        "marknadsbild",
        t("Marknadsbild sammanställd", "Market picture compiled"),
        t(
            "Vilka leverantörer finns, vad de erbjuder och hur konkurrensen ser ut.",
            "Which suppliers exist, what they offer and what competition looks like.",
        ),
        true,
    ),
    item(
        "leverantorsdialog",
        t("Leverantörsdialog genomförd", "Supplier dialogue held"),
        t(
            "Informationsmöte, hearing, enskilda möten eller remiss av utkast – samma information till alla.",
            "Information meeting, hearing, one-to-one meetings or consultation on a draft – the same information to all.",
        ),
        false,
    ),
    item(
        "kravniva_testad",
        t(
            "Kravnivån testad mot marknaden",
            "Requirement level tested against the market",
        ),
        t(
            "Kan tillräckligt många leverantörer klara de klimatkrav ni tänkt ställa, och till vilken kostnad?",
            "Can enough suppliers meet the climate requirements you plan to set, and at what cost?",
        ),
        true,
    ),
    item(
        "samordning_provad",
        t(
            "Samordning med andra organisationer prövad",
            "Joint procurement with others considered",
        ),
        t(
            "Köper grannkommuner eller regionen samma sak? En gemensam upphandling kan ge högre kravnivå och lägre pris.",
            "Do neighbouring municipalities or the region buy the same thing? Buying together can raise the requirement level and lower the price.",
        ),
        false,
    ),
];

const FORFRAGNINGSUNDERLAG: &[ChecklistItem] = &[
    item(
        "kriterier_valda",
        t(
            "Kriterier valda ur kriteriebiblioteket",
            "Criteria chosen from the criteria library",
        ),
        t(
            "Välj krav på den ambitionsnivå ni beslutat och kontrollera att varje krav går att följa upp.",
            "Choose requirements at the ambition level decided and check that each can be followed up.",
        ),
        true,
    ),
    item(
        "utvarderingsmodell",
        t("Utvärderingsmodell beslutad", "Evaluation model decided"),
        t(
            "Pris, kostnad (t.ex. LCC) eller bästa förhållande mellan pris och kvalitet – och hur den räknas.",
            "Price, cost (e.g. LCC) or best price–quality ratio – and how it is computed.",
        ),
        true,
    ),
    item(
        "lcc_underlag",
        t(
            "LCC-metod och anbudsdata angivna",
            "LCC method and bid data specified",
        ),
        t(
            "Vid utvärdering på kostnad: skriv vilken metod som används och vilka uppgifter anbudsgivarna ska lämna.",
            "When evaluating on cost: state the method used and which data the bidders must supply.",
        ),
        false,
    ),
    item(
        "uppfoljningsplan_bilagd",
        t("Uppföljningsplan bilagd", "Follow-up plan attached"),
        t(
            "När och hur varje krav följs upp, vem som ansvarar, och en klausul om att leverantören ska medverka.",
            "When and how each requirement is followed up, who is responsible, and a clause obliging the supplier to take part.",
        ),
        true,
    ),
    item(
        "kontraktsvillkor",
        t(
            "Kontraktsvillkor och sanktioner skrivna",
            "Contract conditions and sanctions written",
        ),
        t(
            "Särskilda villkor för klimat och energi samt vad som händer vid avvikelse.",
            "Special conditions for climate and energy, and what happens on deviation.",
        ),
        false,
    ),
    item(
        "anbudstid_satt",
        t("Anbudstid satt", "Tender deadline set"),
        t(
            "Sista dag för anbud, i linje med tidsfristerna i LOU 11 kap. för det valda förfarandet.",
            "Last day for tenders, in line with the time limits of LOU chapter 11 for the chosen procedure.",
        ),
        true,
    ),
];

const ANNONSERING: &[ChecklistItem] = &[
    item(
        "annons_publicerad",
        t("Annons publicerad", "Notice published"),
        t(
            "Publicera annonsen och notera datum och annonsdatabas.",
            "Publish the notice and record the date and the notice database.",
        ),
        true,
    ),
    item(
        "dokument_tillgangliga",
        t(
            "Upphandlingsdokumenten elektroniskt tillgängliga",
            "Procurement documents available electronically",
        ),
        t(
            "Alla dokument ska gå att hämta elektroniskt från annonsen.",
            "All documents must be obtainable electronically from the notice.",
        ),
        true,
    ),
    item(
        "fragor_och_svar",
        t("Frågor och svar hanterade", "Questions and answers handled"),
        t(
            "Svara skriftligt och publicera svaren för alla anbudsgivare samtidigt; notera om inga frågor kom.",
            "Answer in writing and publish the answers to all bidders at the same time; note if no questions came.",
        ),
        true,
    ),
];

const UTVARDERING: &[ChecklistItem] = &[
    item(
        "anbudsoppning_protokoll",
        t("Anbudsöppning protokollförd", "Tender opening recorded"),
        t(
            "Öppna anbuden efter sista anbudsdag och för protokoll över vilka som kom in.",
            "Open the tenders after the deadline and record which were received.",
        ),
        true,
    ),
    item(
        "kvalificering_provad",
        t("Kvalificering prövad", "Qualification examined"),
        t(
            "Pröva uteslutningsgrunder och kvalificeringskrav för varje anbudsgivare.",
            "Examine grounds for exclusion and qualification requirements for each bidder.",
        ),
        true,
    ),
    item(
        "krav_provade",
        t(
            "Anbuden prövade mot kraven",
            "Tenders checked against the requirements",
        ),
        t(
            "Uppfyller varje anbud alla obligatoriska krav, även klimat- och energikraven?",
            "Does each tender meet every mandatory requirement, the climate and energy ones included?",
        ),
        true,
    ),
    item(
        "anbud_utvarderade",
        t("Anbud utvärderade", "Tenders evaluated"),
        t(
            "Utvärdera enbart enligt den modell som står i upphandlingsdokumenten.",
            "Evaluate only by the model stated in the procurement documents.",
        ),
        true,
    ),
    item(
        "robusthet_kontrollerad",
        t(
            "Rangordningens robusthet kontrollerad",
            "Robustness of the ranking checked",
        ),
        t(
            "Se om vinnaren står sig när vikter och antaganden (t.ex. energipris) ändras.",
            "See whether the winner holds when weights and assumptions (e.g. energy price) change.",
        ),
        false,
    ),
];

const TILLDELNING: &[ChecklistItem] = &[
    item(
        "tilldelningsbeslut",
        t(
            "Tilldelningsbeslut fattat med skäl",
            "Award decision taken with reasons",
        ),
        t(
            "Beslutet fattas av den som har delegation och anger skälen för valet.",
            "The decision is taken by the person with delegated power and states the reasons for the choice.",
        ),
        true,
    ),
    item(
        "underrattelse_skickad",
        t(
            "Underrättelse skickad till alla anbudsgivare",
            "Notice sent to all bidders",
        ),
        t(
            "Skicka beslut och skäl elektroniskt och spara datum; avtalsspärren räknas från det.",
            "Send the decision and reasons electronically and keep the date; the standstill period counts from it.",
        ),
        true,
    ),
    item(
        "avtalssparr_utlopt",
        t("Avtalsspärren har löpt ut", "Standstill period has ended"),
        t(
            "Inget avtal får tecknas förrän spärren löpt ut; kontrollera om någon ansökt om överprövning.",
            "No contract may be signed before the period has ended; check whether anyone has applied for review.",
        ),
        true,
    ),
];

const AVTAL: &[ChecklistItem] = &[
    item(
        "avtal_undertecknat",
        t("Avtal undertecknat", "Contract signed"),
        t(
            "Undertecknas av den som har delegation, tidigast dagen efter avtalsspärren.",
            "Signed by the person with delegated power, at the earliest the day after the standstill period.",
        ),
        true,
    ),
    item(
        "efterannonsering",
        t("Efterannonsering gjord", "Award notice published"),
        t(
            "Annonsera att kontraktet tilldelats när reglerna för förfarandet kräver det.",
            "Publish the award notice where the rules of the procedure require it.",
        ),
        false,
    ),
    item(
        "uppstartsmote",
        t("Uppstartsmöte hållet", "Kick-off meeting held"),
        t(
            "Gå igenom uppföljningsplanen, klimatkraven och rapporteringen med leverantören.",
            "Go through the follow-up plan, the climate requirements and reporting with the supplier.",
        ),
        true,
    ),
    item(
        "avtal_registrerat",
        t(
            "Avtalet registrerat och kommunicerat",
            "Contract registered and communicated",
        ),
        t(
            "För in avtalet i avtalskatalogen och berätta för verksamheterna att det finns.",
            "Enter the contract in the contract register and tell the operations that it exists.",
        ),
        false,
    ),
];

const AVTALSUPPFOLJNING: &[ChecklistItem] = &[
    item(
        "uppfoljningsplan_aktiverad",
        t("Uppföljningsplanen aktiverad", "Follow-up plan activated"),
        t(
            "Varje klimatkrav har en uppföljningspost med datum, ansvarig och vilket underlag som krävs.",
            "Each climate requirement has a follow-up item with a date, a person responsible and the evidence required.",
        ),
        true,
    ),
    item(
        "forsta_uppfoljning",
        t("Första uppföljningen gjord", "First follow-up done"),
        t(
            "Kontrollera det leverantören lovade, inklusive det som gav poäng i utvärderingen.",
            "Check what the supplier promised, including what scored in the evaluation.",
        ),
        true,
    ),
    item(
        "avvikelser_hanterade",
        t(
            "Avvikelser loggade och hanterade",
            "Deviations logged and handled",
        ),
        t(
            "Logga varje avvikelse, meddela leverantören tidigt och använd avtalets sanktioner vid behov.",
            "Log every deviation, tell the supplier early and use the contract's sanctions where needed.",
        ),
        false,
    ),
    item(
        "utfall_registrerat",
        t(
            "Utfall för klimat och energi registrerat",
            "Climate and energy outcome recorded",
        ),
        t(
            "Uppföljt utfall i kg CO2e och kWh jämfört med baslinjen.",
            "Followed-up outcome in kg CO2e and kWh against the baseline.",
        ),
        true,
    ),
    item(
        "erfarenheter_dokumenterade",
        t("Erfarenheter dokumenterade", "Lessons documented"),
        t(
            "Vad ska göras annorlunda nästa gång? Underlaget används i nästa behovsanalys.",
            "What should be done differently next time? The notes feed the next needs analysis.",
        ),
        true,
    ),
];
