//! Knowledge per role (kunskap per roll): what each role is responsible for
//! in climate- and energy-optimised procurement, which decisions are its
//! own, what it does in each stage, what to ask for, common pitfalls and
//! where in upphandla it works.
//!
//! Written for upphandla from the sourced facts in the project's reference
//! notes (process-facts §B, §E, §F; criteria-facts §0). Every legal or
//! factual statement names its source in the text or in `facts`. Points the
//! notes mark as unconfirmed (the 2025–2030 roadmap that replaces the
//! national strategy's goals; which decisions kommunallagen 5 kap. reserves
//! for fullmäktige) are not stated: the texts say "kontrollera" instead.
//! The stage texts follow the default role matrix ([`super::default_raci`]).

use super::{LegalPoint, Stage, Text};

/// A page of upphandla where the role works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RolePage {
    pub href: &'static str,
    pub name: Text,
    /// What the role does there.
    pub what: Text,
}

/// The guidance of one role. The multi-line texts (`responsibility`,
/// `decisions`, `ask`, `pitfalls`) hold one point per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleGuide {
    /// The `store::Role` key.
    pub key: &'static str,
    pub name: Text,
    /// Who holds the role: "is this me?".
    pub who: Text,
    pub responsibility: Text,
    pub decisions: Text,
    /// What the role does in each stage, in [`Stage::ALL`] order.
    pub stages: [Text; 8],
    /// What to ask for and check.
    pub ask: Text,
    pub pitfalls: Text,
    /// The legal and factual basis, each with its source.
    pub facts: &'static [LegalPoint],
    pub pages: &'static [RolePage],
}

impl RoleGuide {
    /// What the role does in `stage`.
    pub fn stage(&self, stage: Stage) -> Text {
        self.stages[stage.index()]
    }
}

/// The roles with guidance, in the order they are shown.
pub const GUIDE_ROLE_KEYS: [&str; 6] = [
    "upphandlare",
    "bestallare",
    "miljostrateg",
    "avtalsansvarig",
    "politiker",
    "samordnare",
];

/// The guidance of every role, in [`GUIDE_ROLE_KEYS`] order.
pub fn role_guides() -> &'static [RoleGuide] {
    &ROLES
}

/// The guidance of the role with this key.
pub fn role_guide(key: &str) -> Option<&'static RoleGuide> {
    ROLES.iter().find(|r| r.key == key)
}

const fn t(sv: &'static str, en: &'static str) -> Text {
    Text::new(sv, en)
}

const fn fact(text: Text, source: &'static str) -> LegalPoint {
    LegalPoint { text, source }
}

const fn page(href: &'static str, name: Text, what: Text) -> RolePage {
    RolePage { href, name, what }
}

// Sources, named as in the reference notes.
const SRC_SURVEY_2022: &str =
    "Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022 (nyhet 23 maj 2023)";
const SRC_KKV_2023: &str = "Konkurrensverket, uppdragsforskning 2023:1 Avtalsuppföljning inom offentlig upphandling (2023)";
const SRC_RIR: &str = "Riksrevisionen, RiR 2022:25";
const SRC_FOLLOWUP_PLAN: &str =
    "Upphandlingsmyndigheten, Information om kontraktsuppföljning (odaterad)";
const SRC_GENOMFOR: &str = "Upphandlingsmyndigheten, Genomför uppföljningen (odaterad); EU-domstolen C-448/01 EVN och Wienstrom, p. 51";
const SRC_AVTALSFORVALTNING: &str =
    "Upphandlingsmyndigheten, Avtalsförvaltning, Vägledning nr 2 (2016)";
const SRC_SANCTIONS: &str =
    "Tyresö kommun, Riktlinjer för uppföljning och utvärdering av upphandlade avtal (odaterad)";
const SRC_KL_1_4: &str = "Kommunallag (2017:725) 1 kap. 4 §; prop. 2016/17:171";
const SRC_KL_6_1: &str = "Kommunallag (2017:725) 6 kap. 1 §";
const SRC_DELEGATION: &str = "Kommunallag (2017:725); Ånge kommun, delegationsordning (odaterad)";
const SRC_POLICY: &str = "Växjö kommun, Upphandlings- och inköpspolicy (antagen av kommunfullmäktige); protokoll från ett kommunstyrelsens arbetsutskott (2017); Upphandlingsmyndigheten, Arbeta strategiskt med LCC (odaterad)";
const SRC_AUDITORS: &str = "Sollentuna kommun, uppföljande granskning (2017)";
const SRC_STRATEGY: &str = "Regeringen, Nationella upphandlingsstrategin (2016), Mål för offentlig upphandling; Upphandlingsmyndigheten (odaterad)";
const SRC_ROLE_SPLIT: &str = "Vanlig arbetsfördelning (typisk praxis), process-facts §E";
const SRC_BOR: &str =
    "LOU (2016:1145) 4 kap. 3 §; lydelsen jämförd med LUF 4 kap. 3 § i Ds 2021:31";
const SRC_AWARD: &str =
    "LOU (2016:1145) 16 kap. 1 §; Upphandlingsmyndigheten, Vad är LCC? (odaterad)";
const SRC_KI: &str = "Konjunkturinstitutet, Miljö, ekonomi och politik 2020";
const SRC_LEVELS: &str = "Upphandlingsmyndigheten, Krav i olika nivåer (c. 2017–2019)";
const SRC_SILABE: &str = "Länsstyrelsen Skåne, nyhet om projektet SILABE-GU (odaterad)";
const SRC_ENERGIMYNDIGHETEN: &str =
    "Energimyndigheten, Kommuner höjer energikraven vid upphandlingar (2015)";
const SRC_VOLUME: &str = "Upphandlingsmyndigheten, Nationella upphandlingsstrategin (odaterad); Produktivitetskommissionen, SOU 2025:96";
const SRC_CONTRACT_CLAUSES: &str = "LOU (2016:1145) 17 kap. 1 § (innehåll enligt Upphandlingsmyndighetens vägledning; exakt lydelse ej kontrollerad)";

// Pages, shared by several roles.
const P_PROCUREMENTS: RolePage = page(
    "/upphandlingar",
    t("Upphandlingar", "Procurements"),
    t(
        "Följ varje upphandling steg för steg med checklista, rollmatris och klimatbaslinje.",
        "Follow each procurement stage by stage with checklist, role matrix and climate baseline.",
    ),
);
const P_TASKS: RolePage = page(
    "/uppgifter",
    t("Mina uppgifter", "My tasks"),
    t(
        "Stegen där du utför eller ansvarar, med öppna punkter.",
        "The stages where you are responsible or accountable, with open items.",
    ),
);
const P_CRITERIA: RolePage = page(
    "/kriterier",
    t("Kriterier", "Criteria"),
    t(
        "Klimat- och energikrav per produktgrupp och ambitionsnivå, med verifiering och uppföljning.",
        "Climate and energy requirements per product group and ambition level, with verification and follow-up.",
    ),
);
const P_LCC: RolePage = page(
    "/lcc",
    t("LCC", "LCC"),
    t(
        "Livscykelkostnad och klimatpåverkan för alternativen, med osäkerhet.",
        "Life-cycle cost and climate impact of the options, with uncertainty.",
    ),
);
const P_CONTRACTS: RolePage = page(
    "/avtal",
    t("Avtal", "Contracts"),
    t(
        "Avtalsregistret: leverantörer, perioder, förlängningar och när avtal löper ut.",
        "The contract register: suppliers, periods, extensions and when contracts expire.",
    ),
);
const P_FOLLOWUP: RolePage = page(
    "/uppfoljning",
    t("Uppföljning", "Follow-up"),
    t(
        "Uppföljningsposter, leverantörsrapporter och avvikelser med åtgärder.",
        "Follow-up items, supplier reports and deviations with actions.",
    ),
);
const P_RESULTS: RolePage = page(
    "/resultat",
    t("Resultat", "Results"),
    t(
        "Baslinje, förväntad och uppföljd effekt i CO2e och kWh per upphandling, och hur det mättes.",
        "Baseline, expected and followed-up effect in CO2e and kWh per procurement, and how it was measured.",
    ),
);
const P_GOALS: RolePage = page(
    "/mal",
    t("Mål", "Goals"),
    t(
        "Organisationens klimat- och energimål och hur långt ni har kommit.",
        "The organisation's climate and energy goals and how far you have come.",
    ),
);
const P_COORDINATION: RolePage = page(
    "/samordning",
    t("Samordning", "Coordination"),
    t(
        "Sammanställda resultat för medlemmarna, avtal som löper ut samtidigt och kravnivåer per produktgrupp.",
        "Combined results for the members, contracts expiring at the same time and requirement levels per product group.",
    ),
);
const P_EXAMPLES: RolePage = page(
    "/goda-exempel",
    t("Goda exempel", "Good examples"),
    t(
        "Genomförda upphandlingar med uppföljda resultat att lära av.",
        "Completed procurements with followed-up results to learn from.",
    ),
);
const P_SPEND: RolePage = page(
    "/spend",
    t("Inköpsanalys", "Spend analysis"),
    t(
        "Utgiftsbaserad klimatpåverkan per kategori och leverantör, och andelen köp mot avtal (avtalstrohet).",
        "Spend-based climate impact per category and supplier, and the share of spend under contract (contract compliance).",
    ),
);
const P_RACI: RolePage = page(
    "/upphandlingar/raci",
    t("Rollmatris (RACI)", "Role matrix (RACI)"),
    t(
        "Vem som utför, ansvarar, konsulteras och informeras i varje steg.",
        "Who is responsible, accountable, consulted and informed in each stage.",
    ),
);

// Facts used by several roles.
const F_SURVEY: LegalPoint = fact(
    t(
        "81 % av regionerna säger att de ställer miljökrav i hög grad, men bara 44 % följer upp dem i hög grad.",
        "81 % of regions say they set environmental requirements to a high extent, but only 44 % follow them up to a high extent.",
    ),
    SRC_SURVEY_2022,
);
const F_KKV: LegalPoint = fact(
    t(
        "Kommunernas avtalsuppföljning har stora brister; de främsta orsakerna är brist på resurser, organisation och rutiner.",
        "Municipal contract follow-up has large gaps; the main causes are lack of resources, organisation and routines.",
    ),
    SRC_KKV_2023,
);
const F_BOR: LegalPoint = fact(
    t(
        "Upphandlande organisationer bör ta miljöhänsyn när upphandlingens art motiverar det – en rekommendation, inte en skyldighet.",
        "Contracting authorities should take environmental considerations into account when the nature of the procurement justifies it – a recommendation, not a duty.",
    ),
    SRC_BOR,
);
const F_FOLLOWUP_DUTY: LegalPoint = fact(
    t(
        "Det finns ingen uttrycklig lagplikt att följa upp, men att inte kontrollera det leverantören lovade kan strida mot principerna om likabehandling och öppenhet.",
        "There is no explicit statutory duty to follow up, but not checking what the supplier promised can breach equal treatment and transparency.",
    ),
    SRC_GENOMFOR,
);
const F_ROLE_SPLIT: LegalPoint = fact(
    t(
        "Vanlig arbetsfördelning: politikerna sätter mål, policy och budget och följer upp resultat; nämnderna äger behov och avtal; upphandlarna driver förfarandena; miljöstrategerna bidrar med kriterier och analys; avtalsansvariga följer upp.",
        "Typical split of work: politicians set goals, policy and budget and follow up results; committees own needs and contracts; procurement officers run the procedures; environmental strategists supply criteria and analysis; contract managers follow up.",
    ),
    SRC_ROLE_SPLIT,
);
const F_DELEGATION: LegalPoint = fact(
    t(
        "Styrelsen eller en nämnd får delegera beslut till ett utskott, en ledamot eller en anställd; vem som får fatta vilket beslut står i delegationsordningen.",
        "The board or a committee may delegate decisions to a sub-committee, a member or an employee; who may take which decision is set out in the delegation order (delegationsordning).",
    ),
    SRC_DELEGATION,
);

static ROLES: [RoleGuide; 6] = [
    // ------------------------------------------------------------ upphandlare
    RoleGuide {
        key: "upphandlare",
        name: t("Upphandlare", "Procurement officer"),
        who: t(
            "Du leder upphandlingar: skriver upphandlingsdokumenten, annonserar, öppnar och utvärderar anbud och förbereder tilldelning och avtal. Du kan vara anställd i kommunen, i en gemensam upphandlingsenhet eller hos en inköpscentral.",
            "You run procurements: you write the tender documents, publish, open and evaluate tenders and prepare the award and the contract. You may work for the municipality, a joint procurement unit or a central purchasing body.",
        ),
        responsibility: t(
            "Att förfarandet följer LOU, så att klimat- och energikraven håller rättsligt och går att följa upp.\n\
             Att klimat- och energikrav från kriteriebiblioteket kommer in i rätt form: kvalificeringskrav, teknisk specifikation, tilldelningskriterium eller särskilt kontraktsvillkor (Upphandlingsmyndigheten, Om kriterierna).\n\
             Att tilldelningsgrunden gör energi- och klimatkostnader synliga, till exempel grunden kostnad med LCC (LOU 16 kap. 1 §).\n\
             Att en uppföljningsplan finns med i upphandlingsdokumenten (Upphandlingsmyndigheten, Information om kontraktsuppföljning).",
            "That the procedure follows LOU, so that climate and energy requirements hold legally and can be followed up.\n\
             That climate and energy requirements from the criteria library go in in the right form: qualification requirement, technical specification, award criterion or contract performance clause (Upphandlingsmyndigheten, Om kriterierna).\n\
             That the award basis makes energy and climate costs visible, for example the cost basis with LCC (LOU chapter 16 section 1).\n\
             That a follow-up plan is part of the tender documents (Upphandlingsmyndigheten, Information om kontraktsuppföljning).",
        ),
        decisions: t(
            "Val av förfarande utifrån det uppskattade värdet, tidsfrister och hur anbud lämnas.\n\
             Hur kraven formuleras så att de är tydliga, proportionerliga och kontrollerbara.\n\
             Utvärderingsmodellen – om delegationsordningen ger dig rätten; annars föreslår du och beställaren beslutar.\n\
             Tilldelningsbeslutet fattas av den som har delegation, oftast i verksamheten: du förbereder det och skickar underrättelsen.",
            "The procedure, from the estimated value, time limits and how tenders are submitted.\n\
             How requirements are worded so that they are clear, proportionate and verifiable.\n\
             The evaluation model – if the delegation order gives you that right; otherwise you propose and the requisitioner decides.\n\
             The award decision is taken by whoever holds the delegation, usually in the operation: you prepare it and send the notice.",
        ),
        stages: [
            t(
                "Utför: hjälp verksamheten att beskriva behovet, pröva alternativ till nyköp och uppskatta värdet.",
                "Responsible: help the operation describe the need, try alternatives to buying new and estimate the value.",
            ),
            t(
                "Ansvarar: led marknadsdialogen – informationsmöten, remiss av kravutkast – och pröva om klimatkraven kan mötas.",
                "Accountable: lead the market dialogue – information meetings, consultation on draft requirements – and test whether the climate requirements can be met.",
            ),
            t(
                "Ansvarar: sätt ihop upphandlingsdokumenten med krav ur kriteriebiblioteket, tilldelningsmodell, avtalsvillkor och uppföljningsplan.",
                "Accountable: assemble the tender documents with requirements from the criteria library, award model, contract terms and follow-up plan.",
            ),
            t(
                "Ansvarar: annonsera, svara på frågor under anbudstiden och håll all kommunikation elektronisk.",
                "Accountable: publish, answer questions during the tender period and keep all communication electronic.",
            ),
            t(
                "Ansvarar: öppna, pröva och utvärdera anbuden, med LCC där grunden är kostnad.",
                "Accountable: open, examine and evaluate the tenders, with LCC where the basis is cost.",
            ),
            t(
                "Utför: skriv tilldelningsbeslutet med skäl och skicka underrättelsen; håll avtalsspärren.",
                "Responsible: write the award decision with reasons and send the notice; respect the standstill period.",
            ),
            t(
                "Utför: ta fram avtalet med uppföljningsklausuler och lägg in det i avtalsregistret.",
                "Responsible: draw up the contract with follow-up clauses and enter it in the contract register.",
            ),
            t(
                "Konsulteras: förklara vad kraven betyder och ta med erfarenheterna till nästa upphandling.",
                "Consulted: explain what the requirements mean and carry the lessons into the next procurement.",
            ),
        ],
        ask: t(
            "Finns en klimatbaslinje och en vald ambitionsnivå från behovsanalysen?\n\
             Har varje krav en verifiering och en uppföljningsmetod, och står uppföljningsplanen i dokumenten?\n\
             Är tilldelningsgrunden vald så att energi- och klimatkostnaden över livslängden syns?\n\
             Finns en avtalsansvarig utsedd innan avtalet tecknas?",
            "Is there a climate baseline and a chosen ambition level from the needs analysis?\n\
             Does every requirement have a verification and a follow-up method, and is the follow-up plan in the documents?\n\
             Is the award basis chosen so that the life-cycle energy and climate cost shows?\n\
             Has a contract manager been appointed before the contract is signed?",
        ),
        pitfalls: t(
            "Miljön kommer in sent: då blir bra krav svåra att skriva och alternativ som återbruk missas (Riksrevisionen, RiR 2022:25).\n\
             Enbart pris: maj 2019–april 2020 utvärderades 58 % av upphandlingarna över direktupphandlingsgränsen enbart på pris, och grunden kostnad användes inte i någon av omkring 20 000 annonser 2019 (Konjunkturinstitutet, Miljö, ekonomi och politik 2020).\n\
             Krav som inte går att följa upp: kraven ska vara kontrollerbara (EU-domstolen C-448/01 EVN och Wienstrom; Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             Krav som ställs men aldrig kontrolleras: 81 % av regionerna ställer miljökrav i hög grad men 44 % följer upp dem i hög grad (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).",
            "The environment comes in late: good requirements become hard to write and options such as reuse are missed (Riksrevisionen, RiR 2022:25).\n\
             Price only: May 2019–April 2020, 58 % of procurements above the direct-award limit were evaluated on price alone, and the cost basis was used in none of about 20,000 notices in 2019 (Konjunkturinstitutet, Miljö, ekonomi och politik 2020).\n\
             Requirements that cannot be followed up: requirements must be verifiable (CJEU C-448/01 EVN and Wienstrom; Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             Requirements set but never checked: 81 % of regions set environmental requirements to a high extent but 44 % follow them up to a high extent (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).",
        ),
        facts: &[
            F_BOR,
            fact(
                t(
                    "Det ekonomiskt mest fördelaktiga anbudet bedöms på bästa förhållande mellan pris och kvalitet, på kostnad (till exempel LCC) eller på pris.",
                    "The most economically advantageous tender is judged on the best price–quality ratio, on cost (for example LCC) or on price.",
                ),
                SRC_AWARD,
            ),
            fact(
                t(
                    "Särskilda kontraktsvillkor får avse bland annat miljöhänsyn under avtalstiden.",
                    "Contract performance clauses may cover, among other things, environmental considerations during the contract.",
                ),
                SRC_CONTRACT_CLAUSES,
            ),
            fact(
                t(
                    "Maj 2019–april 2020 utvärderades 58 % av de svenska upphandlingarna över direktupphandlingsgränsen enbart på pris och 42 % på bästa förhållande mellan pris och kvalitet; grunden kostnad användes inte i någon av omkring 20 000 annonser 2019.",
                    "May 2019–April 2020, 58 % of Swedish procurements above the direct-award limit were evaluated on price alone and 42 % on the best price–quality ratio; the cost basis was used in none of about 20,000 notices in 2019.",
                ),
                SRC_KI,
            ),
            fact(
                t(
                    "En bra uppföljningsplan publiceras med upphandlingsdokumenten, säger när och hur uppföljningen sker, förpliktar leverantören att medverka och börjar med ett startmöte.",
                    "A good follow-up plan is published with the tender documents, states when and how follow-up happens, obliges the supplier to take part and starts with a kick-off meeting.",
                ),
                SRC_FOLLOWUP_PLAN,
            ),
            F_FOLLOWUP_DUTY,
        ],
        pages: &[
            P_PROCUREMENTS,
            P_TASKS,
            P_CRITERIA,
            P_LCC,
            P_CONTRACTS,
            P_EXAMPLES,
        ],
    },
    // ------------------------------------------------------------ beställare
    RoleGuide {
        key: "bestallare",
        name: t("Beställare / verksamhet", "Requisitioner / operation"),
        who: t(
            "Du företräder verksamheten som behöver varan eller tjänsten – till exempel fordonsansvarig, fastighetschef eller kostchef – och har budgeten. Ofta är det du som har delegation att fatta tilldelningsbeslut och skriva under avtalet.",
            "You represent the operation that needs the goods or service – for example the fleet manager, the property manager or the catering manager – and hold the budget. Often you hold the delegation to take the award decision and sign the contract.",
        ),
        responsibility: t(
            "Behovet: vad som ska klaras, i vilken volym och hur länge – och om det alls behöver köpas nytt.\n\
             Att klimat- och energiambitionen i upphandlingen följer organisationens mål och policy.\n\
             Att verksamheten använder avtalet och köper mot det (avtalstrohet).\n\
             Att avtalet följs upp under hela löptiden tillsammans med den avtalsansvarige.",
            "The need: what must be achieved, in what volume and for how long – and whether anything new needs to be bought at all.\n\
             That the climate and energy ambition of the procurement follows the organisation's goals and policy.\n\
             That the operation uses the contract and buys under it (contract compliance).\n\
             That the contract is followed up for its whole term together with the contract manager.",
        ),
        decisions: t(
            "Om, vad och hur mycket som ska köpas – eller om behovet kan lösas genom att avstå, återbruka, hyra eller dela.\n\
             Ambitionsnivån för klimat och energi (bas, avancerad, spjutspets) inom ramen för mål och budget.\n\
             Tilldelningsbeslutet och avtalets underskrift, när delegationsordningen ger dig rätten.\n\
             Att förlänga, ändra eller avsluta avtalet, på underlag från uppföljningen.",
            "Whether, what and how much to buy – or whether the need can be met by not buying, reuse, renting or sharing.\n\
             The climate and energy ambition level (basic, advanced, spearhead) within goals and budget.\n\
             The award decision and the signature of the contract, when the delegation order gives you the right.\n\
             To extend, change or end the contract, based on the follow-up.",
        ),
        stages: [
            t(
                "Ansvarar: beskriv behovet, pröva alternativen till nyköp, välj ambitionsnivå och godkänn klimatbaslinjen.",
                "Accountable: describe the need, try the alternatives to buying new, choose the ambition level and approve the climate baseline.",
            ),
            t(
                "Utför: berätta hur varan eller tjänsten används i dag och vad som måste fungera, och delta i dialogen med leverantörer.",
                "Responsible: explain how the goods or service is used today and what must work, and take part in the dialogue with suppliers.",
            ),
            t(
                "Utför: granska att de tekniska kraven och klimatkraven motsvarar behovet och att volymerna stämmer.",
                "Responsible: check that the technical and climate requirements match the need and that the volumes are right.",
            ),
            t(
                "Informeras: håll dig tillgänglig för frågor som upphandlaren behöver svar på.",
                "Informed: stay available for questions the procurement officer needs answered.",
            ),
            t(
                "Utför: bedöm kvalitetsdelar i anbuden och kontrollera LCC-underlaget mot er verkliga användning.",
                "Responsible: assess quality parts of the tenders and check the LCC inputs against your real use.",
            ),
            t(
                "Ansvarar: fatta tilldelningsbeslutet enligt delegationsordningen.",
                "Accountable: take the award decision under the delegation order.",
            ),
            t(
                "Ansvarar: skriv under avtalet och se till att verksamheten vet att det finns och hur det ska användas.",
                "Accountable: sign the contract and make sure the operation knows it exists and how to use it.",
            ),
            t(
                "Utför: rapportera avvikelser i leveranserna, ta emot leverantörens rapporter och besluta om åtgärder tillsammans med den avtalsansvarige.",
                "Responsible: report deviations in deliveries, receive the supplier's reports and decide on actions together with the contract manager.",
            ),
        ],
        ask: t(
            "Vad släpper dagens lösning ut, och vad kostar den över sin livslängd? Be om klimatbaslinje och LCC.\n\
             Vilka klimatkrav finns för produktgruppen, och vad betyder ambitionsnivåerna för pris och utbud?\n\
             Hur och när ska leverantören rapportera, och vem i verksamheten tar emot rapporterna?\n\
             Hur stor del av verksamhetens inköp i kategorin går till leverantörer med avtal?",
            "What does today's solution emit, and what does it cost over its life? Ask for the climate baseline and an LCC.\n\
             Which climate requirements exist for the product group, and what do the ambition levels mean for price and supply?\n\
             How and when will the supplier report, and who in the operation receives the reports?\n\
             How much of the operation's purchasing in the category goes to suppliers with a contract?",
        ),
        pitfalls: t(
            "Behovet beskrivs som en produkt: då försvinner möjligheten att avstå, återbruka eller dela (Riksrevisionen, RiR 2022:25, om att miljön kommer in sent).\n\
             Köp utanför avtalet: förtroendevalda revisorer granskar om styrelse och nämnder ser till att inköpen följer ramavtalen (Sollentuna kommun, uppföljande granskning 2017).\n\
             Svagt samarbete mellan förvaltningar och en otydlig inköpsprocess (Länsstyrelsen Skåne, projektet SILABE-GU).\n\
             Oklart vem i verksamheten som tar emot leverantörens rapporter: brist på organisation och rutiner är en av de främsta orsakerna till bristerna i kommunernas avtalsuppföljning (Konkurrensverket, uppdragsforskning 2023:1).",
            "The need is described as a product: the chance to not buy, reuse or share disappears (Riksrevisionen, RiR 2022:25, on the environment coming in late).\n\
             Buying outside the contract: elected auditors review whether the board and committees make sure purchases follow framework agreements (Sollentuna kommun, follow-up audit 2017).\n\
             Weak cooperation between departments and an unclear purchasing process (Länsstyrelsen Skåne, the SILABE-GU project).\n\
             It is unclear who in the operation receives the supplier's reports: lack of organisation and routines is one of the main causes of the gaps in municipal contract follow-up (Konkurrensverket, uppdragsforskning 2023:1).",
        ),
        facts: &[
            F_ROLE_SPLIT,
            F_DELEGATION,
            fact(
                t(
                    "Förtroendevalda revisorer granskar om styrelse och nämnder ser till att inköpen följer ramavtalen.",
                    "Elected auditors review whether the board and committees make sure purchases follow framework agreements.",
                ),
                SRC_AUDITORS,
            ),
            fact(
                t(
                    "När miljön kommer in sent blir bra krav svåra att skriva och alternativ som återbruk missas.",
                    "When the environment comes in late, good requirements are hard to write and options such as reuse are missed.",
                ),
                SRC_RIR,
            ),
        ],
        pages: &[
            P_PROCUREMENTS,
            P_TASKS,
            P_LCC,
            P_CONTRACTS,
            P_FOLLOWUP,
            P_SPEND,
        ],
    },
    // ------------------------------------------------------------ miljöstrateg
    RoleGuide {
        key: "miljostrateg",
        name: t("Miljöstrateg", "Environmental strategist"),
        who: t(
            "Du arbetar med organisationens klimat- och energimål – som miljöstrateg, klimatstrateg, energistrateg eller hållbarhetssamordnare – och kan analysera var inköpen ger störst klimatpåverkan.",
            "You work with the organisation's climate and energy goals – as environmental, climate or energy strategist or sustainability coordinator – and can analyse where purchasing has the largest climate impact.",
        ),
        responsibility: t(
            "Att peka ut var inköpen ger störst klimatpåverkan (inköpsanalys) så att rätt upphandlingar prioriteras.\n\
             Att föreslå krav och ambitionsnivå per produktgrupp ur kriteriebiblioteket.\n\
             Att klimatbaslinjen, LCC-underlaget och den förväntade effekten är rimliga och att metoden står angiven.\n\
             Att sammanställa uppföljda resultat mot organisationens mål.",
            "To point out where purchasing has the largest climate impact (spend analysis) so the right procurements get priority.\n\
             To propose requirements and ambition level per product group from the criteria library.\n\
             That the climate baseline, the LCC inputs and the expected effect are reasonable and that the method is stated.\n\
             To compile followed-up results against the organisation's goals.",
        ),
        decisions: t(
            "Du fattar sällan formella beslut i upphandlingen; du konsulteras där krav, nivåer, LCC-underlag och klimatresultat sätts.\n\
             Vilka emissionsfaktorer och vilken metod (utgiftsbaserad, aktivitetsbaserad, hybrid) som används i analyser och resultat.\n\
             Förslag till mål och uppföljning som politiken sedan beslutar om.",
            "You rarely take formal decisions in the procurement; you are consulted where requirements, levels, LCC inputs and climate results are set.\n\
             Which emission factors and which method (spend-based, activity-based, hybrid) are used in analyses and results.\n\
             Proposals for goals and follow-up that the politicians then decide on.",
        ),
        stages: [
            t(
                "Konsulteras: ta fram klimatbaslinjen ur inköpsanalysen eller mätta data och föreslå ambitionsnivå.",
                "Consulted: produce the climate baseline from the spend analysis or measured data and propose an ambition level.",
            ),
            t(
                "Konsulteras: vad klarar marknaden i dag – fossilfria drivmedel, energiklasser, märkningar?",
                "Consulted: what can the market deliver today – fossil-free fuels, energy classes, labels?",
            ),
            t(
                "Konsulteras: välj krav ur kriteriebiblioteket, kontrollera verifieringen och LCC-indata (energi, livslängd, externa kostnader).",
                "Consulted: choose requirements from the criteria library, check the verification and the LCC inputs (energy, lifetime, external costs).",
            ),
            t(
                "Ingen del enligt standardmatrisen.",
                "No part in the default matrix.",
            ),
            t(
                "Konsulteras: granska leverantörernas klimat- och energiuppgifter och hur de påverkar LCC och poäng.",
                "Consulted: review the suppliers' climate and energy data and how it affects LCC and scores.",
            ),
            t(
                "Informeras: registrera den förväntade klimat- och energieffekten av det valda anbudet.",
                "Informed: record the expected climate and energy effect of the chosen tender.",
            ),
            t(
                "Informeras: se till att uppföljningsposterna för klimatkraven finns i avtalet.",
                "Informed: make sure the follow-up items for the climate requirements are in the contract.",
            ),
            t(
                "Konsulteras: bedöm leverantörsrapporterna (liter per drivmedel, kWh, andel förnybart) och räkna om resultatet med aktivitetsdata.",
                "Consulted: assess the supplier reports (litres per fuel, kWh, renewable share) and recompute the result with activity data.",
            ),
        ],
        ask: t(
            "Vilka kategorier i inköpsanalysen står för mest utsläpp, och vilka avtal i dem löper ut snart?\n\
             Vilken ambitionsnivå är rimlig: bas för bred konkurrens, avancerad eller spjutspets när marknaden klarar det (Upphandlingsmyndigheten, Krav i olika nivåer)?\n\
             Vilka mått ska leverantören rapportera, i vilken enhet och hur ofta – så att utfallet kan räknas om till CO2e och kWh?\n\
             Står metod och osäkerhet angivna för varje resultat?",
            "Which categories of the spend analysis account for most emissions, and which contracts in them expire soon?\n\
             Which ambition level is reasonable: basic for broad competition, advanced or spearhead when the market can deliver (Upphandlingsmyndigheten, Krav i olika nivåer)?\n\
             Which quantities should the supplier report, in which unit and how often – so the outcome can be converted to CO2e and kWh?\n\
             Is the method and its uncertainty stated for every result?",
        ),
        pitfalls: t(
            "Klimatkrav ställs men effekten analyseras inte och följs inte upp (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).\n\
             Brist på miljökompetens: nästan hälften av de statliga myndigheterna ser det som ett hinder (Riksrevisionen, RiR 2022:25).\n\
             Ett utgiftsbaserat estimat visar inte ett grönare val om utgiften är densamma – använd aktivitetsdata från uppföljningen där den finns.\n\
             Uppföljningen samlar bara in intyg i stället för mätta mängder, så effekten går inte att räkna fram.",
            "Climate requirements are set but their effect is neither analysed nor followed up (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).\n\
             Lack of environmental competence: almost half of state agencies see it as an obstacle (Riksrevisionen, RiR 2022:25).\n\
             A spend-based estimate does not show a greener choice when spending stays the same – use activity data from follow-up where it exists.\n\
             Follow-up only collects declarations instead of measured quantities, so the effect cannot be computed.",
        ),
        facts: &[
            F_BOR,
            F_SURVEY,
            fact(
                t(
                    "Bas riktar sig mot huvuddelen av produktens påverkan och är enkel att verifiera; avancerad går längre och kräver mer uppföljning; spjutspets efterfrågar det bästa på marknaden med tunnare utbud.",
                    "Basic targets the bulk of the product's impact and is simple to verify; advanced goes further and needs more follow-up; spearhead asks for the best on the market with thinner supply.",
                ),
                SRC_LEVELS,
            ),
            fact(
                t(
                    "Offentliga inköp orsakade 23,5 Mt CO2e 2019, varav bygg, fastigheter och mark 9,2 Mt (39 %).",
                    "Public purchasing caused 23.5 Mt CO2e in 2019, of which construction, property and land 9.2 Mt (39 %).",
                ),
                "Upphandlingsmyndigheten, nyhet Klimatkrav för nybyggnad av hus (2021), ur dess miljöspendanalys",
            ),
        ],
        pages: &[P_SPEND, P_CRITERIA, P_LCC, P_RESULTS, P_GOALS, P_EXAMPLES],
    },
    // ------------------------------------------------------------ avtalsansvarig
    RoleGuide {
        key: "avtalsansvarig",
        name: t("Avtalsansvarig", "Contract manager"),
        who: t(
            "Du förvaltar avtalet efter att det tecknats: håller kontakten med leverantören, följer upp krav och hanterar avvikelser. Rollen kan ligga i verksamheten eller på upphandlingsenheten.",
            "You manage the contract after signature: you keep in touch with the supplier, follow up requirements and handle deviations. The role may sit in the operation or in the procurement unit.",
        ),
        responsibility: t(
            "Att varje klimat- och energikrav blir en uppföljningspost med vad, hur, när, vem och vilket underlag som krävs.\n\
             Att följa upp kraven på leveransen, det leverantören lovade för att vinna (tilldelningskriterierna) och övriga avtalsvillkor (Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             Att logga avvikelser, begära åtgärder och använda avtalets sanktioner.\n\
             Att utvärdera avtalet vid slutet och föra erfarenheterna vidare till nästa upphandling (Upphandlingsmyndigheten, Avtalsförvaltning, Vägledning nr 2, 2016).",
            "That every climate and energy requirement becomes a follow-up item with what, how, when, who and which evidence is required.\n\
             To follow up the requirements on delivery, what the supplier promised to win (the award criteria) and other contract terms (Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             To log deviations, demand corrections and use the contract's sanctions.\n\
             To evaluate the contract at its end and carry the lessons into the next procurement (Upphandlingsmyndigheten, Avtalsförvaltning, Vägledning nr 2, 2016).",
        ),
        decisions: t(
            "Uppföljningsplanens detaljer: ordning, metod och datum inom avtalets ramar.\n\
             Om en avvikelse ska åtgärdas och vilken åtgärd som krävs, och förslag om sanktion.\n\
             Sanktioner som prisavdrag, vite, uppsägning och hävning beslutas av den som har delegation – ofta beställaren.",
            "The details of the follow-up plan: order, method and dates within the contract.\n\
             Whether a deviation must be corrected and which action is required, and a proposed sanction.\n\
             Sanctions such as price reduction, liquidated damages, termination and rescission are decided by whoever holds the delegation – often the requisitioner.",
        ),
        stages: [
            t(
                "Konsulteras: vad gick bra och dåligt i förra avtalet, och vilka data finns om användningen?",
                "Consulted: what went well and badly in the previous contract, and which data exist on use?",
            ),
            t(
                "Ingen del enligt standardmatrisen.",
                "No part in the default matrix.",
            ),
            t(
                "Konsulteras: granska uppföljningsplanen och rapporteringskraven innan de går in i dokumenten.",
                "Consulted: review the follow-up plan and the reporting requirements before they go into the documents.",
            ),
            t(
                "Ingen del enligt standardmatrisen.",
                "No part in the default matrix.",
            ),
            t(
                "Ingen del enligt standardmatrisen.",
                "No part in the default matrix.",
            ),
            t(
                "Informeras: förbered uppföljningen av det vinnande anbudets löften.",
                "Informed: prepare the follow-up of the winning tender's promises.",
            ),
            t(
                "Utför: lägg in avtalet med datum och förlängningar i avtalsregistret och håll startmötet med leverantören.",
                "Responsible: enter the contract with dates and extensions in the contract register and hold the kick-off meeting with the supplier.",
            ),
            t(
                "Ansvarar: följ upp enligt planen, ta emot rapporter, logga avvikelser, kräv åtgärder och stäng dem när de är rättade.",
                "Accountable: follow up according to the plan, receive reports, log deviations, demand corrections and close them when fixed.",
            ),
        ],
        ask: t(
            "Har varje krav en uppföljningspost med datum, ansvarig och underlag?\n\
             Rapporterar leverantören mätta mängder (liter per drivmedel, kWh, fordonskilometer, andel förnybart) i den enhet kravet gäller?\n\
             Stämmer rapporten mot kravet – och mot fakturor, fordonslistor eller elavtal?\n\
             Har avvikelsen en åtgärd, en tidsfrist och en status?",
            "Does every requirement have a follow-up item with date, responsible and evidence?\n\
             Does the supplier report measured quantities (litres per fuel, kWh, vehicle kilometres, renewable share) in the unit the requirement uses?\n\
             Does the report match the requirement – and invoices, fleet lists or electricity contracts?\n\
             Does the deviation have an action, a deadline and a status?",
        ),
        pitfalls: t(
            "Resurser, organisation och rutiner saknas, och ibland IT-stöd (Konkurrensverket, uppdragsforskning 2023:1).\n\
             Avvikelser loggas inte, så mönster syns inte; leverantören får veta för sent för att kunna rätta (Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             Mycket hårda villkor höjer priserna (Upphandlingsmyndigheten, Genomför uppföljningen) – använd en trappa: rättelse, prisavdrag, vite, uppsägning, hävning, skadestånd (Tyresö kommun, Riktlinjer för uppföljning och utvärdering av upphandlade avtal).\n\
             Uppföljningen stannar vid intyg och certifikat i stället för att kontrollera levererade mängder – be om mätta mängder där kravet gäller en mängd, och stäm av mot fakturor och fordonslistor.",
            "Resources, organisation and routines are missing, and sometimes IT support (Konkurrensverket, uppdragsforskning 2023:1).\n\
             Deviations are not logged, so patterns do not show; the supplier hears too late to correct (Upphandlingsmyndigheten, Genomför uppföljningen).\n\
             Very harsh terms raise prices (Upphandlingsmyndigheten, Genomför uppföljningen) – use a ladder: correction, price reduction, liquidated damages, termination, rescission, damages (Tyresö kommun, Riktlinjer för uppföljning och utvärdering av upphandlade avtal).\n\
             Follow-up stops at declarations and certificates instead of checking delivered quantities – ask for measured quantities where the requirement is about a quantity, and check them against invoices and fleet lists.",
        ),
        facts: &[
            F_FOLLOWUP_DUTY,
            F_KKV,
            fact(
                t(
                    "Avtalsförvaltning: process, klassning av avtal, riskanalys och systemstöd; sedan planering, genomförande (uppföljning av krav, sanktioner vid avvikelser, intern kontroll, omvärldsbevakning) och utvärdering (måluppfyllelse, leverantörsrelation, eget arbete, avslut).",
                    "Contract management: process, contract classification, risk analysis and system support; then planning, execution (follow-up of requirements, sanctions for deviations, internal control, market watch) and evaluation (goal achievement, supplier relationship, own work, closing).",
                ),
                SRC_AVTALSFORVALTNING,
            ),
            fact(
                t(
                    "Sanktionstrappa som kommuner använder: rättelse, prisavdrag, vite, uppsägning, hävning, skadestånd.",
                    "Sanction ladder used by municipalities: correction, price reduction, liquidated damages, termination, rescission, damages.",
                ),
                SRC_SANCTIONS,
            ),
        ],
        pages: &[P_CONTRACTS, P_FOLLOWUP, P_RESULTS, P_TASKS, P_CRITERIA],
    },
    // ------------------------------------------------------------ politiker
    RoleGuide {
        key: "politiker",
        name: t("Politiker / nämnd", "Elected politician / committee"),
        who: t(
            "Du är förtroendevald – i fullmäktige, kommunstyrelsen eller regionstyrelsen, eller i en nämnd. Du driver inte upphandlingar själv, men det är era beslut om mål, policy, budget och delegation som avgör vad upphandlingarna ska uppnå.",
            "You are an elected member – of the assembly (fullmäktige), the executive board or a committee. You do not run procurements yourself, but your decisions on goals, policy, budget and delegation decide what the procurements are meant to achieve.",
        ),
        responsibility: t(
            "Beslutanderätten ligger hos de valda församlingarna, fullmäktige (kommunallagen 2017:725, 1 kap. 4 §), och all beslutanderätt utgår från de förtroendevalda (prop. 2016/17:171).\n\
             Styrelsen leder och samordnar och har uppsikt över nämnder och kommunala bolag (kommunallagen 6 kap. 1 §) – också över hur de upphandlar och följer upp.\n\
             Att det finns en upphandlingspolicy med klimat- och energimål och riktlinjer för hur den tillämpas; vanlig praxis är att fullmäktige antar policyn och styrelsen riktlinjerna (Växjö kommun, Upphandlings- och inköpspolicy).\n\
             Att följa upp resultaten: blev utsläppen och energianvändningen lägre, och följdes kraven upp?",
            "Decision power rests with the elected assembly, fullmäktige (Local Government Act 2017:725, chapter 1 section 4), and all decision power originates with elected members (prop. 2016/17:171).\n\
             The executive board leads and coordinates and has oversight (uppsikt) of committees and municipal companies (Local Government Act chapter 6 section 1) – including how they procure and follow up.\n\
             That there is a procurement policy with climate and energy goals and guidelines for applying it; common practice is that fullmäktige adopts the policy and the board the guidelines (Växjö kommun, Upphandlings- och inköpspolicy).\n\
             To follow up the results: did emissions and energy use fall, and were the requirements followed up?",
        ),
        decisions: t(
            "Upphandlingspolicyn och dess klimat- och energimål – ofta i fullmäktige; i vissa modeller sätter styrelsen policyn och en förvaltning riktlinjerna (Upphandlingsmyndigheten, Arbeta strategiskt med LCC).\n\
             Delegationsordningen: vem som får fatta tilldelningsbeslut och teckna avtal, till vilket belopp (kommunallagen 2017:725; Ånge kommun, delegationsordning).\n\
             Budget och resurser för upphandling och avtalsuppföljning. Kontrollera i kommunallagen (5 kap.) och er arbetsordning vilka beslut om mål, riktlinjer och budget som ligger hos fullmäktige.\n\
             Enskilda upphandlingar som inte är delegerade, till exempel mycket stora eller principiellt viktiga köp – kontrollera er delegationsordning.",
            "The procurement policy and its climate and energy goals – often in fullmäktige; in some models the board sets the policy and a department the guidelines (Upphandlingsmyndigheten, Arbeta strategiskt med LCC).\n\
             The delegation order: who may take award decisions and sign contracts, up to which amount (Local Government Act 2017:725; Ånge kommun, delegationsordning).\n\
             Budget and resources for procurement and contract follow-up. Check in the Local Government Act (chapter 5) and your rules of procedure which decisions on goals, guidelines and budget rest with fullmäktige.\n\
             Individual procurements that are not delegated, for example very large or important matters of principle – check your delegation order.",
        ),
        stages: [
            t(
                "Informeras: behovet och ambitionsnivån ska följa de mål och den policy ni har beslutat; större behov kan kräva beslut i nämnden.",
                "Informed: the need and the ambition level should follow the goals and policy you have decided; larger needs may require a committee decision.",
            ),
            t(
                "Ingen del enligt standardmatrisen; de operativa stegen är delegerade.",
                "No part in the default matrix; the operational steps are delegated.",
            ),
            t(
                "Ingen del enligt standardmatrisen. Kraven i dokumenten ska spegla policyn – fråga hur de gör det.",
                "No part in the default matrix. The requirements in the documents should reflect the policy – ask how they do.",
            ),
            t(
                "Ingen del enligt standardmatrisen. Anbuden omfattas av absolut sekretess tills alla anbud offentliggjorts eller beslut om leverantör fattats – fråga inte om dem (offentlighets- och sekretesslagen 2009:400, 19 kap. 3 §; Upphandlingsmyndigheten, Frågeportalen 2021).",
                "No part in the default matrix. The tenders are under absolute secrecy until all tenders are made public or a decision on the supplier is taken – do not ask about them (Public Access to Information and Secrecy Act 2009:400, chapter 19 section 3; Upphandlingsmyndigheten, Frågeportalen 2021).",
            ),
            t(
                "Ingen del enligt standardmatrisen; utvärderingen följer den modell som står i dokumenten.",
                "No part in the default matrix; the evaluation follows the model stated in the documents.",
            ),
            t(
                "Informeras: tilldelningsbeslutet fattas av den som har delegation; kontrollera i delegationsordningen hur sådana beslut återrapporteras till nämnden.",
                "Informed: the award decision is taken by whoever holds the delegation; check in the delegation order how such decisions are reported back to the committee.",
            ),
            t(
                "Ingen del enligt standardmatrisen; avtalet tecknas av den som har delegation.",
                "No part in the default matrix; the contract is signed by whoever holds the delegation.",
            ),
            t(
                "Informeras: ta del av uppföljda resultat – CO2e och kWh mot baslinjen, avvikelser och åtgärder – och begär dem om de inte kommer.",
                "Informed: take note of followed-up results – CO2e and kWh against the baseline, deviations and actions – and ask for them if they do not come.",
            ),
        ],
        ask: t(
            "Hur mycket minskade utsläppen och energianvändningen i årets upphandlingar jämfört med baslinjen, och hur mättes det?\n\
             Hur stor andel av avtalen med klimatkrav följs upp, och vilka avvikelser hittades?\n\
             Hur stor del av inköpen görs mot avtal (avtalstrohet)?\n\
             Finns resurser för avtalsuppföljning i budgeten?\n\
             Bygger policyn på de nationella målen – bland annat mål 6, en miljömässigt ansvarsfull offentlig upphandling (Regeringen, Nationella upphandlingsstrategin 2016)? Kontrollera om strategins mål har ersatts av nyare mål.",
            "How much did emissions and energy use fall in this year's procurements compared with the baseline, and how was it measured?\n\
             What share of contracts with climate requirements is followed up, and which deviations were found?\n\
             How much of purchasing is done under contracts (contract compliance)?\n\
             Are there resources for contract follow-up in the budget?\n\
             Does the policy build on the national goals – among them goal 6, environmentally responsible public procurement (Regeringen, national procurement strategy 2016)? Check whether the strategy's goals have been replaced by newer ones.",
        ),
        pitfalls: t(
            "Policyn följs inte och samarbetet mellan förvaltningar är svagt (Länsstyrelsen Skåne, projektet SILABE-GU).\n\
             Mål utan uppföljning: 81 % av regionerna ställer miljökrav i hög grad men 44 % följer upp dem i hög grad (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).\n\
             Ingen budget för uppföljning – brist på resurser, organisation och rutiner är de främsta orsakerna till bristerna i kommunernas avtalsuppföljning (Konkurrensverket, uppdragsforskning 2023:1).\n\
             Styrning, organisation, kompetens, analys och uppföljning är vanliga brister; ledningen bär ansvaret för miljöhänsynen (Riksrevisionen, RiR 2022:25, om statliga myndigheter).",
            "The policy is not followed and cooperation between departments is weak (Länsstyrelsen Skåne, the SILABE-GU project).\n\
             Goals without follow-up: 81 % of regions set environmental requirements to a high extent but 44 % follow them up to a high extent (Upphandlingsmyndigheten, Nationella upphandlingsenkäten 2022).\n\
             No budget for follow-up – lack of resources, organisation and routines are the main causes of the gaps in municipal contract follow-up (Konkurrensverket, uppdragsforskning 2023:1).\n\
             Governance, organisation, competence, analysis and follow-up are common gaps; management carries the responsibility for environmental consideration (Riksrevisionen, RiR 2022:25, on state agencies).",
        ),
        facts: &[
            fact(
                t(
                    "Beslutanderätten utövas av de valda församlingarna (fullmäktige); all beslutanderätt utgår från de förtroendevalda.",
                    "Decision power is exercised by the elected assemblies (fullmäktige); all decision power originates with elected members.",
                ),
                SRC_KL_1_4,
            ),
            fact(
                t(
                    "Styrelsen leder och samordnar förvaltningen och har uppsikt över övriga nämnder och kommunala bolag.",
                    "The executive board leads and coordinates the administration and has oversight of other committees and municipal companies.",
                ),
                SRC_KL_6_1,
            ),
            F_DELEGATION,
            fact(
                t(
                    "Vanlig praxis: fullmäktige antar upphandlingspolicyn och styrelsen riktlinjerna; i vissa modeller sätter styrelsen policyn och en förvaltning eller kommundirektören riktlinjerna.",
                    "Common practice: fullmäktige adopts the procurement policy and the board the guidelines; in some models the board sets the policy and a department or the chief executive the guidelines.",
                ),
                SRC_POLICY,
            ),
            fact(
                t(
                    "Förtroendevalda revisorer granskar om styrelse och nämnder ser till att inköpen följer ramavtalen.",
                    "Elected auditors review whether the board and committees make sure purchases follow framework agreements.",
                ),
                SRC_AUDITORS,
            ),
            fact(
                t(
                    "Den nationella upphandlingsstrategin har sju mål, bland dem mål 6: en miljömässigt ansvarsfull offentlig upphandling. Regeringen vill att kommuner och regioner utgår från den i sina styrdokument.",
                    "The national procurement strategy has seven goals, among them goal 6: environmentally responsible public procurement. The government wants municipalities and regions to base their governing documents on it.",
                ),
                SRC_STRATEGY,
            ),
            fact(
                t(
                    "Upphandlingspliktiga inköp uppgår till omkring 800 miljarder kr om året, ungefär en femtedel av BNP; enligt Produktivitetskommissionen över 900 miljarder kr.",
                    "Purchases subject to procurement amount to about SEK 800 billion a year, roughly a fifth of GDP; according to the Productivity Commission over SEK 900 billion.",
                ),
                SRC_VOLUME,
            ),
            F_ROLE_SPLIT,
        ],
        pages: &[P_RESULTS, P_GOALS, P_SPEND, P_CONTRACTS, P_EXAMPLES, P_RACI],
    },
    // ------------------------------------------------------------ samordnare
    RoleGuide {
        key: "samordnare",
        name: t("Samordnare", "Regional coordinator"),
        who: t(
            "Du arbetar för ett regionalt organ – ett energikontor, en länsstyrelse eller ett regionförbund – som stödjer flera kommuner och regioner. Du ser bara det som medlemmarna delar med er.",
            "You work for a regional body – an energy agency, a county administrative board or a regional association – that supports several municipalities and regions. You see only what the members share with you.",
        ),
        responsibility: t(
            "Att sammanställa medlemmarnas delade resultat mot regionens klimat- och energimål.\n\
             Att hitta upphandlingar som flera organisationer kan göra tillsammans: samma kategori och CPV, avtal som löper ut samtidigt.\n\
             Att jämföra kravnivåer per produktgrupp och sprida goda exempel.\n\
             Att bygga kunskap och nätverk mellan upphandlare, miljöstrateger och avtalsansvariga i regionen.",
            "To compile the members' shared results against the region's climate and energy goals.\n\
             To find procurements several organisations could run together: same category and CPV, contracts expiring at the same time.\n\
             To compare requirement levels per product group and spread good examples.\n\
             To build knowledge and networks between procurement officers, environmental strategists and contract managers in the region.",
        ),
        decisions: t(
            "Du fattar inga beslut i medlemmarnas upphandlingar; varje organisation beslutar själv och delar det den vill.\n\
             Vilka gemensamma aktiviteter, nätverk och utbildningar ni erbjuder.\n\
             Hur regionens sammanställning redovisas – med metod och osäkerhet.",
            "You take no decisions in the members' procurements; each organisation decides for itself and shares what it chooses.\n\
             Which joint activities, networks and training you offer.\n\
             How the regional compilation is reported – with method and uncertainty.",
        ),
        stages: [
            t(
                "Visa när flera medlemmar har avtal i samma kategori som löper ut inom samma tid – ett tillfälle att göra behovsanalysen tillsammans.",
                "Show when several members have contracts in the same category expiring within the same window – a chance to do the needs analysis together.",
            ),
            t(
                "Samordna gemensam marknadsdialog, till exempel informationsmöten och anbudsskolor för flera köpare.",
                "Coordinate joint market dialogue, for example information meetings and tender schools for several buyers.",
            ),
            t(
                "Dela kravnivåer som andra medlemmar använt för samma produktgrupp.",
                "Share requirement levels other members have used for the same product group.",
            ),
            t(
                "Ingen del: annonseringen sköts av den upphandlande organisationen.",
                "No part: publication is handled by the contracting organisation.",
            ),
            t(
                "Ingen del: anbuden omfattas av sekretess och utvärderas av den upphandlande organisationen (offentlighets- och sekretesslagen 2009:400, 19 kap. 3 §).",
                "No part: the tenders are confidential and evaluated by the contracting organisation (Public Access to Information and Secrecy Act 2009:400, chapter 19 section 3).",
            ),
            t(
                "Ingen del: tilldelningsbeslutet fattas av medlemmen.",
                "No part: the award decision is taken by the member.",
            ),
            t(
                "Ingen del; när avtalet delas syns det i samordningsvyn.",
                "No part; when the contract is shared it appears in the coordination view.",
            ),
            t(
                "Sammanställ delade uppföljda resultat och lyft goda exempel.",
                "Compile shared followed-up results and lift good examples.",
            ),
        ],
        ask: t(
            "Vilka medlemmar har avtal i samma kategori och CPV som löper ut inom det närmaste året?\n\
             Vilka kravnivåer har medlemmarna valt för samma produktgrupp, och vilka resultat gav de?\n\
             Delar medlemmarna sina resultat, och är metoden angiven så att de går att lägga ihop?",
            "Which members have contracts in the same category and CPV expiring within the next year?\n\
             Which requirement levels have the members chosen for the same product group, and what results did they give?\n\
             Do the members share their results, and is the method stated so that they can be added up?",
        ),
        pitfalls: t(
            "Svagt samarbete och otydliga processer hos medlemmarna (Länsstyrelsen Skåne, projektet SILABE-GU).\n\
             Resultat som mätts med olika metoder läggs ihop utan att det syns.\n\
             Att samordna för sent: ett gemensamt förfarande måste planeras innan medlemmarnas avtal löper ut. Fem kommuner i Östergötland prioriterade uppföljning och utbytte mest erfarenhet om skolskjuts (Energimyndigheten, Kommuner höjer energikraven vid upphandlingar, 2015).",
            "Weak cooperation and unclear processes at the members (Länsstyrelsen Skåne, the SILABE-GU project).\n\
             Results measured with different methods are added up without it showing.\n\
             Coordinating too late: a joint procedure must be planned before the members' contracts expire. Five municipalities in Östergötland prioritised follow-up and exchanged most experience on school transport (Energimyndigheten, Kommuner höjer energikraven vid upphandlingar, 2015).",
        ),
        facts: &[
            fact(
                t(
                    "Regionala projekt har funnit flaskhalsar: svagt samarbete mellan förvaltningar, otydlig inköpsprocess, policyer som inte följs och svår uppföljning.",
                    "Regional projects found bottlenecks: weak cooperation between departments, an unclear purchasing process, policies not followed and difficult follow-up.",
                ),
                SRC_SILABE,
            ),
            fact(
                t(
                    "Fem kommuner i Östergötland prioriterade uppföljning; skolskjuts var det avtalsområde där de utbytte mest. Karlstad kräver miljökriterier i alla upphandlingar med betydande påverkan och har nyckelpersoner per område.",
                    "Five municipalities in Östergötland prioritised follow-up; school transport was the contract area with most exchange. Karlstad requires environmental criteria in all procurements with significant impact and names key persons per area.",
                ),
                SRC_ENERGIMYNDIGHETEN,
            ),
            F_SURVEY,
            fact(
                t(
                    "Informationsmöten, hearingar, externremiss av utkast och anbudsskolor är sätt att föra dialog med marknaden före upphandlingen.",
                    "Information meetings, hearings, external consultation on drafts and tender schools are ways of holding a dialogue with the market before the procurement.",
                ),
                "SKR, Upphandlingsprocessen, upphandlingsdokument (2022)",
            ),
        ],
        pages: &[P_COORDINATION, P_RESULTS, P_GOALS, P_EXAMPLES, P_CRITERIA],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all_texts(r: &RoleGuide) -> Vec<(&'static str, Text)> {
        let mut v = vec![
            ("name", r.name),
            ("who", r.who),
            ("responsibility", r.responsibility),
            ("decisions", r.decisions),
            ("ask", r.ask),
            ("pitfalls", r.pitfalls),
        ];
        v.extend(r.stages.iter().map(|s| ("stage", *s)));
        v.extend(r.facts.iter().map(|f| ("fact", f.text)));
        v.extend(
            r.pages
                .iter()
                .flat_map(|p| [("page", p.name), ("page", p.what)]),
        );
        v
    }

    #[test]
    fn every_role_has_every_section_in_both_languages() {
        assert_eq!(role_guides().len(), GUIDE_ROLE_KEYS.len());
        for (r, key) in role_guides().iter().zip(GUIDE_ROLE_KEYS) {
            assert_eq!(r.key, key);
            for (section, text) in all_texts(r) {
                assert!(!text.sv.trim().is_empty(), "{key} {section} sv empty");
                assert!(!text.en.trim().is_empty(), "{key} {section} en empty");
            }
            assert!(!r.facts.is_empty() && !r.pages.is_empty(), "{key}");
            for f in r.facts {
                assert!(!f.source.trim().is_empty(), "{key}: fact without source");
            }
            // The multi-line sections have the same number of points in
            // both languages, so the lists line up.
            for (section, text) in [
                ("responsibility", r.responsibility),
                ("decisions", r.decisions),
                ("ask", r.ask),
                ("pitfalls", r.pitfalls),
            ] {
                assert_eq!(
                    text.sv.lines().count(),
                    text.en.lines().count(),
                    "{key} {section}"
                );
            }
            for p in r.pages {
                assert!(p.href.starts_with('/'), "{key} {}", p.href);
            }
        }
    }

    #[test]
    fn role_keys_are_the_matrix_keys_plus_the_coordinator() {
        for key in GUIDE_ROLE_KEYS {
            assert!(
                super::super::ROLE_KEYS.contains(&key) || key == "samordnare",
                "{key}"
            );
        }
        assert!(role_guide("upphandlare").is_some());
        assert!(role_guide("admin").is_none());
    }

    /// The stage texts follow the default matrix: a role with a letter in a
    /// stage says which one, a role without says it has no part.
    #[test]
    fn stage_texts_follow_the_default_matrix() {
        for r in role_guides() {
            for stage in Stage::ALL {
                let text = r.stage(stage);
                let letter = super::super::default_raci(stage, r.key);
                let expected = letter.map(|l| l.name());
                match expected {
                    Some(name) => {
                        assert!(
                            text.sv.starts_with(name.sv) && text.en.starts_with(name.en),
                            "{} {:?}: {:?} should start with {:?}",
                            r.key,
                            stage,
                            text,
                            name
                        );
                    }
                    None if r.key != "samordnare" => {
                        assert!(
                            text.sv.starts_with("Ingen del") && text.en.starts_with("No part"),
                            "{} {:?}: no letter in the default matrix",
                            r.key,
                            stage
                        );
                    }
                    None => {}
                }
            }
        }
    }

    /// Sentences: split at line breaks, "? " and ". " before a capital
    /// letter (so "1 kap. 4 §" stays in one piece).
    fn sentences(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in text.lines() {
            let chars: Vec<char> = line.chars().collect();
            let mut cur = String::new();
            for (i, c) in chars.iter().enumerate() {
                cur.push(*c);
                let next_upper = chars.get(i + 2).is_some_and(|n| n.is_uppercase());
                if (*c == '.' || *c == '?') && chars.get(i + 1) == Some(&' ') && next_upper {
                    out.push(std::mem::take(&mut cur));
                }
            }
            out.push(cur);
        }
        out
    }

    #[test]
    fn sentences_split_at_capitals_only() {
        let s = sentences("Enligt 1 kap. 4 § gäller det. Kontrollera 5 kap. Nu?\nRad två");
        assert_eq!(
            s,
            [
                "Enligt 1 kap. 4 § gäller det.",
                " Kontrollera 5 kap.",
                " Nu?",
                "Rad två"
            ]
        );
    }

    /// Points the reference notes mark as unconfirmed are never stated as
    /// facts: a sentence naming them must tell the reader to check.
    #[test]
    fn unconfirmed_points_are_not_stated() {
        const UNCONFIRMED: [&str; 6] = [
            "färdplan",
            "roadmap",
            "2025–2030",
            "2025-2030",
            "5 kap",
            "chapter 5",
        ];
        for r in role_guides() {
            let mut texts: Vec<&str> = Vec::new();
            for (_, t) in all_texts(r) {
                texts.push(t.sv);
                texts.push(t.en);
            }
            texts.extend(r.facts.iter().map(|f| f.source));
            for text in texts {
                for sentence in sentences(text) {
                    let lower = sentence.to_lowercase();
                    for word in UNCONFIRMED {
                        if lower.contains(word) {
                            assert!(
                                lower.contains("kontrollera") || lower.contains("check"),
                                "{}: '{word}' stated without a check: {sentence}",
                                r.key
                            );
                        }
                    }
                }
            }
        }
        // And nothing claims that fullmäktige decides goals, guidelines and
        // budget as a rule of law.
        for r in role_guides() {
            for (_, t) in all_texts(r) {
                assert!(!t.sv.contains("5 kap. 1 §"), "{}", r.key);
                assert!(!t.en.contains("chapter 5 section 1"), "{}", r.key);
            }
        }
    }
}
