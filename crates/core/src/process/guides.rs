//! The guidance, checklist and legal points of each stage.

use super::{ChecklistItem, LegalPoint, Stage, StageGuide, Text};

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

const fn law(text: Text, source: &'static str) -> LegalPoint {
    LegalPoint { text, source }
}

// Sources used more than once.
const SRC_PRINCIPLES: &str =
    "LOU (2016:1145) 4 kap. 1 §; Förvaltningsrätten i Uppsala, mål 6741-17 (2018)";
const SRC_SECRECY: &str = "Offentlighets- och sekretesslagen (2009:400) 19 kap. 3 §; Upphandlingsmyndigheten, Frågeportalen (2021)";
const SRC_STANDSTILL: &str = "LOU (2016:1145) 20 kap.; Upphandlingsmyndigheten, Frågeportalen (2017, uppdaterad 2019); Adda, vanliga frågor (odaterad)";
const SRC_EXCLUSION: &str = "Utkast till lagrådsremiss Miljö-, social- och arbetsrättsliga hänsyn vid upphandling (2015); paragraf ej kontrollerad";
const SRC_DELEGATION: &str = "Kommunallag (2017:725); Ånge kommun, delegationsordning (odaterad)";

pub(super) static GUIDES: [StageGuide; 8] = [
    StageGuide {
        stage: Stage::Behovsanalys,
        what: t(
            "1. Beskriv behovet tillsammans med verksamheten: vad ska klaras, för vilka, hur länge och i vilken volym – inte vilken produkt som ska köpas.\n\
             2. Pröva alternativen i den här ordningen: avstå, använda det ni redan har bättre, återbruka eller reparera, hyra eller dela – och först därefter köpa nytt.\n\
             3. Ta fram en klimatbaslinje för dagens lösning: utsläpp i kg CO2e och energi i kWh, från mätta data (kWh, liter, km) där de finns, annars som utgiftsbaserat estimat ur inköpsanalysen.\n\
             4. Välj ambitionsnivå för klimat och energi – bas, avancerad eller spjutspets – utifrån organisationens mål, policy och budget, och skriv ned varför.\n\
             5. Uppskatta kontraktets hela värde exklusive moms och se om det blir direktupphandling, upphandling under tröskelvärdet eller över.\n\
             6. Ta reda på om en särskild lag styr köpet, till exempel lag (2011:846) för bilar och vissa vägtransporttjänster.\n\
             7. Arbetar du ensam: boka en timme med beställaren, och med miljöstrategen om det finns en. Det räcker långt för ett första beslut.",
            "1. Describe the need with the operation: what must be achieved, for whom, for how long and in what volume – not which product to buy.\n\
             2. Try the alternatives in this order: not buying, using what you already have better, reuse or repair, renting or sharing – and only then buying new.\n\
             3. Establish a climate baseline for today's solution: emissions in kg CO2e and energy in kWh, from measured data (kWh, litres, km) where it exists, otherwise as a spend-based estimate from the spend analysis.\n\
             4. Choose the climate and energy ambition level – basic, advanced or spearhead – from the organisation's goals, policy and budget, and write down why.\n\
             5. Estimate the whole contract value excluding VAT and see whether it is a direct award, a procurement below the threshold, or above it.\n\
             6. Find out whether a special law governs the purchase, for example act 2011:846 for cars and certain road transport services.\n\
             7. Working alone? Book an hour with the requisitioner, and with the environmental strategist if there is one. That goes a long way towards a first decision.",
        ),
        why_climate: t(
            "Här avgörs mest av klimatpåverkan. Det som inte köps ger inga utsläpp från tillverkning och transport, och återbruk, delning och rätt dimensionering kan bara väljas innan en upphandling har börjat. Riksrevisionen (RiR 2022:25) konstaterade att när miljön kommer in sent blir det svårt att skriva bra krav, och alternativ som återbruk missas. Ambitionsnivån som väljs här styr vilka krav som är rimliga senare, och baslinjen är det som gör att upphandlingens effekt alls kan mätas.",
            "This is where most of the climate impact is decided. What is not bought causes no emissions from manufacture and transport, and reuse, sharing and right-sizing can only be chosen before a procurement starts. The Swedish National Audit Office (RiR 2022:25) found that when the environment comes in late, good requirements are hard to write and options such as reuse are missed. The ambition level chosen here sets which requirements are reasonable later, and the baseline is what makes the effect of the procurement measurable at all.",
        ),
        legal: &[
            law(
                t(
                    "Enligt LOU 4 kap. 3 § bör ni ta miljöhänsyn, liksom sociala och arbetsrättsliga hänsyn, när upphandlingens art motiverar det. Regeln är en rekommendation, inte en skyldighet, men den ger stöd för att ställa klimat- och energikrav.",
                    "Under LOU chapter 4 section 3 you should take environmental, social and labour-law considerations into account when the nature of the procurement justifies it. The rule is a recommendation, not a duty, but it supports setting climate and energy requirements.",
                ),
                "LOU (2016:1145) 4 kap. 3 §; lydelsen jämförd med LUF 4 kap. 3 § i Ds 2021:31",
            ),
            law(
                t(
                    "Det har föreslagits att upphandlande organisationer ska vara skyldiga att beakta klimatet (Ds 2021:31) och de nationella klimatmålen (SOU 2022:15). Om förslagen har blivit lag är inte kontrollerat här – kontrollera gällande lydelse av 4 kap. 3 §.",
                    "It has been proposed that contracting authorities be obliged to consider the climate (Ds 2021:31) and the national climate goals (SOU 2022:15). Whether the proposals became law is not verified here – check the current wording of chapter 4 section 3.",
                ),
                "Ds 2021:31; SOU 2022:15; Konkurrensverket, remissvar (2022); införande ej kontrollerat",
            ),
            law(
                t(
                    "Det uppskattade värdet exklusive moms avgör vilka regler som gäller: över EU:s tröskelvärde LOU:s fullständiga regler, under det 19 kap., och under direktupphandlingsgränsen 19 a kap. Gränsen är 700 000 kr för kommuner och regioner sedan den 1 februari 2022; tröskelvärdena ändras vartannat år.",
                    "The estimated value excluding VAT decides which rules apply: above the EU threshold the full rules of LOU, below it chapter 19, and below the direct-award limit chapter 19 a. The limit has been SEK 700,000 for municipalities and regions since 1 February 2022; the thresholds change every two years.",
                ),
                "LOU (2016:1145) 5, 19 och 19 a kap.; prop. 2021/22:5; Upphandlingsmyndigheten, Tröskelvärden 2024–2025",
            ),
            law(
                t(
                    "Vid direktupphandling över 100 000 kr ska skälen och de viktigaste omständigheterna dokumenteras löpande: vem som köper, vad, hur konkurrensen togs till vara, vilka leverantörer som tillfrågades och vilka anbud som kom in, vem som fick kontraktet och varför, värde och löptid. Organisationen ska också ha riktlinjer för direktupphandling. (Paragrafen i 19 a kap. är inte kontrollerad här.)",
                    "In a direct award above SEK 100,000 the reasons and main facts must be recorded as you go: who buys, what, how competition was used, which suppliers were asked and which tenders came in, who won and why, value and term. The organisation must also adopt guidelines for direct award. (The section of chapter 19 a is not verified here.)",
                ),
                "LOU (2016:1145) 19 a kap.; Upphandlingsmyndigheten, Frågeportalen (2021); prop. 2013/14:133",
            ),
            law(
                t(
                    "Köper, leasar eller hyr ni bilar, eller upphandlar vissa tjänster inom vägtransport, gäller också lag (2011:846) om miljökrav vid upphandling av bilar och vissa tjänster inom vägtransportområdet, som ändrats för att genomföra EU:s direktiv om rena fordon (2019/1161).",
                    "If you buy, lease or rent cars, or procure certain road transport services, act 2011:846 on environmental requirements in the procurement of cars and certain road transport services also applies; it was amended to implement the EU Clean Vehicles Directive (2019/1161).",
                ),
                "Lag (2011:846), ändrad genom SFS 2022:314 (prop. 2021/22:187); direktiv (EU) 2019/1161",
            ),
        ],
        checklist: BEHOVSANALYS,
        outputs: t(
            "Behovsbeskrivning; beslut om att köpa, återbruka eller avstå; vald ambitionsnivå; klimatbaslinje i kg CO2e och kWh; uppskattat värde och valt förfarande.",
            "Need description; decision to buy, reuse or not buy; chosen ambition level; climate baseline in kg CO2e and kWh; estimated value and chosen procedure.",
        ),
    },
    StageGuide {
        stage: Stage::Marknadsanalys,
        what: t(
            "1. Sök fram tidigare annonser och avtal för samma sak, hos er och hos andra organisationer, och se vilka leverantörer som lämnade anbud.\n\
             2. Ta reda på vad marknaden klarar på klimat och energi i dag: vilka produkter, drivmedel eller tjänster finns på avancerad nivå och på spjutspetsnivå, och vad kostar de över livslängden?\n\
             3. För dialog så att alla får samma chans: informationsmöte, hearing, enskilda möten med samma frågor till alla, eller ett utkast till upphandlingsdokument på remiss.\n\
             4. Testa de tänkta kraven: kan tillräckligt många leverantörer uppfylla dem, och hur kan de visa det?\n\
             5. Pröva om grannkommuner eller regionen köper samma sak – en gemensam upphandling kan bära en högre kravnivå.\n\
             6. Dokumentera vad som kom fram och hur det påverkar kraven.",
            "1. Look up earlier notices and contracts for the same thing, yours and other organisations', and see which suppliers tendered.\n\
             2. Find out what the market can deliver on climate and energy today: which products, fuels or services exist at the advanced and spearhead levels, and what do they cost over their life?\n\
             3. Hold dialogue so that everyone gets the same chance: an information meeting, a hearing, one-to-one meetings with the same questions to all, or a draft of the procurement documents sent out for comment.\n\
             4. Test the intended requirements: can enough suppliers meet them, and how can they prove it?\n\
             5. Check whether neighbouring municipalities or the region buy the same thing – a joint procurement can carry a higher requirement level.\n\
             6. Record what you learned and how it changes the requirements.",
        ),
        why_climate: t(
            "Marknadsanalysen visar vilken kravnivå som är realistisk. Ställs kraven för lågt köper ni det som ändå skulle ha levererats; ställs de på spjutspetsnivå utan att marknaden klarar det riskerar ni att få för få anbud. Dialogen visar också leverantörerna vart ni är på väg, så att de hinner ställa om till nästa upphandling.",
            "The market analysis shows which requirement level is realistic. Set the bar too low and you buy what would have been delivered anyway; set it at spearhead level where the market cannot follow and you risk too few tenders. The dialogue also shows suppliers where you are heading, so they have time to adapt before the next procurement.",
        ),
        legal: &[
            law(
                t(
                    "Dialog med marknaden är tillåten men ska följa de grundläggande principerna i LOU 4 kap. 1 §: likabehandling och icke-diskriminering, öppenhet, ömsesidigt erkännande och proportionalitet. Ge alla leverantörer samma information och dokumentera dialogen.",
                    "Dialogue with the market is allowed but must follow the basic principles of LOU chapter 4 section 1: equal treatment and non-discrimination, transparency, mutual recognition and proportionality. Give all suppliers the same information and record the dialogue.",
                ),
                SRC_PRINCIPLES,
            ),
            law(
                t(
                    "Proportionalitet betyder att kraven inte får gå längre än vad som behövs för det ni köper. Det ni lärt er om marknaden är ert underlag för att visa att en hög klimatkravnivå är rimlig.",
                    "Proportionality means that requirements must not go further than the purchase needs. What you learned about the market is your basis for showing that a high climate requirement level is reasonable.",
                ),
                SRC_PRINCIPLES,
            ),
        ],
        checklist: MARKNADSANALYS,
        outputs: t(
            "Marknadsbild; dokumenterad leverantörsdialog; kravnivåer testade mot marknaden; beslut om samordning med andra organisationer.",
            "Market picture; recorded supplier dialogue; requirement levels tested against the market; decision on joint procurement with others.",
        ),
    },
    StageGuide {
        stage: Stage::Forfragningsunderlag,
        what: t(
            "1. Välj krav ur kriteriebiblioteket på den ambitionsnivå som beslutades i behovsanalysen: kvalificeringskrav, tekniska specifikationer, tilldelningskriterier och särskilda kontraktsvillkor.\n\
             2. Bestäm tilldelningsgrund och utvärderingsmodell. Står energi och drift för en stor del av kostnaden: utvärdera på kostnad med livscykelkostnad (LCC), och skriv in metoden och vilka uppgifter anbudsgivarna ska lämna.\n\
             3. Ange för varje krav hur det ska visas i anbudet, till exempel med märkning eller likvärdigt, tekniska data eller certifikat.\n\
             4. Skriv en uppföljningsplan och bifoga den: när och hur varje krav kontrolleras, vem som ansvarar, och en klausul om att leverantören ska medverka.\n\
             5. Skriv kontraktsvillkor för rapportering av energi och utsläpp och för vad som händer vid avvikelse (rättelse, prisavdrag, vite, hävning).\n\
             6. Sätt anbudstiden och kontrollera tidsfristerna för förfarandet.\n\
             7. Låt beställaren läsa kraven mot behovet, miljöstrategen klimatkraven och avtalsansvarig uppföljningsplanen.",
            "1. Choose requirements from the criteria library at the ambition level decided in the needs analysis: qualification requirements, technical specifications, award criteria and special contract conditions.\n\
             2. Decide the award basis and the evaluation model. Where energy and operation are a large part of the cost, evaluate on cost with life-cycle costing (LCC), and state the method and the data bidders must supply.\n\
             3. For each requirement, state how it is proved in the tender, for example by a label or equivalent, technical data or a certificate.\n\
             4. Write a follow-up plan and attach it: when and how each requirement is checked, who is responsible, and a clause obliging the supplier to take part.\n\
             5. Write contract conditions for reporting energy and emissions, and for what happens on deviation (correction, price reduction, liquidated damages, termination).\n\
             6. Set the tender period and check the time limits for the procedure.\n\
             7. Have the requisitioner read the requirements against the need, the environmental strategist the climate requirements and the contract manager the follow-up plan.",
        ),
        why_climate: t(
            "Här blir ambitionen bindande. Krav som inte står i upphandlingsdokumenten kan inte ställas i efterhand, och ett krav som inte går att följa upp ger ingen effekt. Tilldelningsgrunden avgör om energi- och klimatkostnader över livslängden alls syns i jämförelsen. Mellan maj 2019 och april 2020 utvärderades 58 % av svenska upphandlingar över direktupphandlingsgränsen enbart på pris och 42 % på bästa förhållande mellan pris och kvalitet; grunden kostnad, där LCC hör hemma, användes inte i någon av omkring 20 000 annonser 2019 (Konjunkturinstitutet, Miljö, ekonomi och politik 2020).",
            "This is where the ambition becomes binding. Requirements not in the procurement documents cannot be added afterwards, and a requirement that cannot be followed up has no effect. The award basis decides whether life-time energy and climate costs show up in the comparison at all. Between May 2019 and April 2020, 58 % of Swedish procurements above the direct-award limit were evaluated on price alone and 42 % on best price–quality ratio; the cost basis, where LCC belongs, was used in none of some 20,000 notices in 2019 (National Institute of Economic Research, Environment, Economy and Policy 2020).",
        ),
        legal: &[
            law(
                t(
                    "Krav på det som köps – även på energi och klimat – ställs som tekniska specifikationer enligt LOU 9 kap.",
                    "Requirements on what is bought – energy and climate included – are set as technical specifications under LOU chapter 9.",
                ),
                "LOU (2016:1145) 9 kap.; enskilda paragrafer ej kontrollerade",
            ),
            law(
                t(
                    "En viss märkning får krävas som bevis i tekniska specifikationer, tilldelningskriterier eller kontraktsvillkor om märkningens kriterier har koppling till det som köps, är objektiva och icke-diskriminerande, har tagits fram i ett öppet förfarande, är tillgängliga för alla och fastställs av en tredje part. Likvärdiga märkningar ska godtas, och i vissa fall annan bevisning.",
                    "A specific label may be required as proof in technical specifications, award criteria or contract conditions if its criteria are linked to the subject matter, objective and non-discriminatory, set in an open procedure, accessible to all and established by a third party. Equivalent labels must be accepted, and in some cases other evidence.",
                ),
                "LOU (2016:1145) 9 kap. 12 § ff.; prop. 2015/16:195; Upphandlingsmyndigheten, Regler för användning av märkning",
            ),
            law(
                t(
                    "Ni får begära en beskrivning av leverantörens miljöskyddsåtgärder och kräva intyg om miljöledningssystem (EMAS eller ISO 14001). Andra bevis ska godtas om leverantören utan egen förskyllan inte kunnat skaffa intyget i tid.",
                    "You may ask for a description of the supplier's environmental protection measures and require certificates of an environmental management system (EMAS or ISO 14001). Other evidence must be accepted if the supplier, through no fault of its own, could not obtain the certificate in time.",
                ),
                "LOU (2016:1145) 15 kap. 11 § p. 8 och 15 kap. 15 §; Upphandlingsmyndigheten, Frågeportalen (2017)",
            ),
            law(
                t(
                    "Det ekonomiskt mest fördelaktiga anbudet bedöms på en av tre grunder: bästa förhållande mellan pris och kvalitet, kostnad eller pris.",
                    "The most economically advantageous tender is judged on one of three bases: best price–quality ratio, cost, or price.",
                ),
                "LOU (2016:1145) 16 kap. 1 §; Upphandlingsmyndigheten, Vad är LCC? och LCC i anbudsutvärderingen",
            ),
            law(
                t(
                    "På grunden kostnad bedöms kostnadseffektiviteten, till exempel med livscykelkostnad. LCC får omfatta kostnader för köpare och användare – anskaffning, drift med energi, underhåll och slutomhändertagande – och externa miljökostnader som utsläpp av växthusgaser och andra föroreningar, om de kan värderas i pengar och kontrolleras. Upphandlingsdokumenten ska ange vilka uppgifter leverantörerna ska lämna och vilken metod som används. En metod för externa kostnader ska vara objektiv, kontrollerbar och icke-diskriminerande, tillgänglig för alla leverantörer och kräva uppgifter som går att ta fram med rimlig ansträngning. Där EU-rätten gör en gemensam metod obligatorisk ska den användas.",
                    "On the cost basis, cost-effectiveness is assessed, for example by life-cycle costing. LCC may cover costs borne by the buyer and users – acquisition, operation including energy, maintenance and end of life – and external environmental costs such as greenhouse gas and other pollutant emissions, if they can be valued in money and verified. The procurement documents must state which data suppliers provide and which method is used. A method for external costs must be objective, verifiable and non-discriminatory, available to all suppliers, and need data obtainable with reasonable effort. Where EU law makes a common method mandatory, it must be used.",
                ),
                "LOU (2016:1145) 16 kap. (paragrafnummer ej kontrollerade); direktiv 2014/24/EU art. 68; Upphandlingsmyndigheten, LCC och externa miljöeffekter",
            ),
            law(
                t(
                    "Särskilda villkor för hur kontraktet ska fullgöras får enligt Upphandlingsmyndighetens vägledning avse bland annat miljöhänsyn, till exempel rapportering av energi och utsläpp under avtalstiden (LOU 17 kap. 1 §; kontrollera den exakta lydelsen). I 17 kap. 2–5 §§ finns arbetsrättsliga villkor som i vissa upphandlingar ska ställas – kontrollera om de gäller ert kontrakt.",
                    "Special conditions for performing the contract may, according to Upphandlingsmyndigheten's guidance, cover environmental considerations, for example reporting energy and emissions during the contract (LOU chapter 17 section 1; check the exact wording). Chapter 17 sections 2–5 hold labour-law conditions that must be set in some procurements – check whether they apply to your contract.",
                ),
                "LOU (2016:1145) 17 kap. 1 § (lydelse ej kontrollerad) och 2–5 §§; Upphandlingsmyndigheten, Persontransporter",
            ),
            law(
                t(
                    "Tidsfristerna för anbud finns i LOU 11 kap. Kontrollera minsta tid för det förfarande ni valt innan anbudstiden sätts.",
                    "The time limits for tenders are in LOU chapter 11. Check the minimum for your procedure before setting the tender period.",
                ),
                "LOU (2016:1145) 11 kap.",
            ),
        ],
        checklist: FORFRAGNINGSUNDERLAG,
        outputs: t(
            "Upphandlingsdokument med kvalificeringskrav, tekniska specifikationer, tilldelningskriterier och utvärderingsmodell (till exempel LCC), kontraktsvillkor och en bifogad uppföljningsplan.",
            "Procurement documents with qualification requirements, technical specifications, award criteria and evaluation model (for example LCC), contract conditions and an attached follow-up plan.",
        ),
    },
    StageGuide {
        stage: Stage::Annonsering,
        what: t(
            "1. Publicera annonsen och gör alla upphandlingsdokument elektroniskt tillgängliga från första dagen, även LCC-mallar och uppföljningsplan.\n\
             2. Ange vilka elektroniska verktyg som används för frågor och anbud.\n\
             3. Svara på frågor skriftligt och publicera frågor och svar för alla samtidigt, utan att avslöja vem som frågat.\n\
             4. Behöver dokumenten rättas: gå ut med rättelsen till alla och överväg att förlänga anbudstiden.\n\
             5. Säg ingenting om hur många eller vilka anbud som kommit in förrän tilldelningsbeslutet är fattat.",
            "1. Publish the notice and make all procurement documents available electronically from day one, LCC templates and follow-up plan included.\n\
             2. State which electronic tools are used for questions and tenders.\n\
             3. Answer questions in writing and publish questions and answers to all at the same time, without revealing who asked.\n\
             4. If the documents need correcting, send the correction to all and consider extending the tender period.\n\
             5. Say nothing about how many or which tenders have arrived until the award decision is taken.",
        ),
        why_climate: t(
            "Frågorna under anbudstiden visar om klimatkraven är begripliga. Oklara krav ger anbud som inte går att jämföra; ett tydligt svar till alla är bättre än att tumma på kravet i utvärderingen. Finns märkningar, LCC-mallar och uppföljningsplan med bland dokumenten kan leverantörerna räkna på samma sätt som ni.",
            "Questions during the tender period show whether the climate requirements are understood. Unclear requirements lead to tenders that cannot be compared; a clear answer to all beats bending the requirement during evaluation. With labels, LCC templates and the follow-up plan among the documents, suppliers can calculate the same way you do.",
        ),
        legal: &[
            law(
                t(
                    "Kommunikationen ska vara elektronisk under hela upphandlingen. Ange vilka elektroniska verktyg som används och deras tekniska specifikationer, inklusive kryptering och tidsstämpling; avancerad elektronisk underskrift får krävas.",
                    "Communication must be electronic throughout the procurement. State which electronic tools are used and their technical specifications, including encryption and time-stamping; an advanced electronic signature may be required.",
                ),
                "LOU (2016:1145) 12 kap.; Inköpsrådet, Nya krav på e-upphandling (ca 2016)",
            ),
            law(
                t(
                    "Regler om annonsering finns i LOU 10 kap. och, under tröskelvärdena, i 19 kap.",
                    "Rules on notices are in LOU chapter 10 and, below the thresholds, chapter 19.",
                ),
                "LOU (2016:1145) 10 och 19 kap.",
            ),
            law(
                t(
                    "Likabehandling och öppenhet innebär att alla anbudsgivare ska få samma information vid samma tidpunkt.",
                    "Equal treatment and transparency mean that all bidders must get the same information at the same time.",
                ),
                SRC_PRINCIPLES,
            ),
            law(
                t(
                    "Uppgifter om anbud omfattas av absolut sekretess tills alla anbud offentliggjorts, beslut om leverantör fattats eller upphandlingen avslutats på annat sätt. Inte ens antalet inkomna anbud får lämnas ut.",
                    "Information on tenders is under absolute secrecy until all tenders are made public, a decision on the supplier is taken or the procurement is otherwise concluded. Not even the number of tenders received may be disclosed.",
                ),
                SRC_SECRECY,
            ),
        ],
        checklist: ANNONSERING,
        outputs: t(
            "Publicerad annons; elektroniskt tillgängliga upphandlingsdokument; publicerade frågor och svar; inkomna anbud under sekretess.",
            "Published notice; procurement documents available electronically; published questions and answers; tenders received, kept secret.",
        ),
    },
    StageGuide {
        stage: Stage::Utvardering,
        what: t(
            "1. Öppna anbuden först efter sista anbudsdag, gärna två personer, och för protokoll över vilka anbud som kommit in och när.\n\
             2. Pröva om någon leverantör ska uteslutas och om kvalificeringskraven är uppfyllda.\n\
             3. Pröva varje anbud mot alla obligatoriska krav, också klimat- och energikraven och deras bevis (märkning eller likvärdigt, tekniska data, certifikat).\n\
             4. Utvärdera enligt exakt den modell som står i dokumenten – vid LCC med anbudsgivarnas uppgifter och de antaganden ni angav.\n\
             5. Kontrollera hur robust rangordningen är: byter vinnaren om vikter, energipris eller livslängd ändras något?\n\
             6. Verkar ett anbud onormalt lågt: ta reda på varför innan det antas (se juridiken nedan).\n\
             7. Skriv ett utvärderingsprotokoll som förklarar resultatet.",
            "1. Open the tenders only after the deadline, preferably two people, and record which tenders arrived and when.\n\
             2. Examine whether any supplier is to be excluded and whether the qualification requirements are met.\n\
             3. Check each tender against every mandatory requirement, the climate and energy requirements and their proof (label or equivalent, technical data, certificates) included.\n\
             4. Evaluate by exactly the model in the documents – for LCC with the bidders' data and the assumptions you stated.\n\
             5. Check how robust the ranking is: does the winner change if weights, energy price or lifetime change a little?\n\
             6. If a tender seems abnormally low, find out why before accepting it (see the legal points below).\n\
             7. Write an evaluation report that explains the result.",
        ),
        why_climate: t(
            "Klimatkraven gör bara skillnad om de prövas: ett anbud som inte visar att det uppfyller ett obligatoriskt krav kan inte antas. Vid utvärdering på LCC väger energin och utsläppen under hela livslängden in i jämförelsen, inte bara inköpspriset. En känslighetsanalys visar om det klimatbättre anbudet vinner på ett antagande som kan ifrågasättas – eller förlorar på ett.",
            "Climate requirements only make a difference if they are checked: a tender that does not show it meets a mandatory requirement cannot be accepted. With LCC evaluation, life-time energy and emissions weigh in the comparison, not just the purchase price. A sensitivity analysis shows whether the greener tender wins – or loses – on an assumption that can be questioned.",
        ),
        legal: &[
            law(
                t(
                    "Anbuden omfattas av absolut sekretess tills beslut om leverantör fattats. Håll utvärderingen inom den krets som behöver den.",
                    "Tenders are under absolute secrecy until the supplier decision is taken. Keep the evaluation within the group that needs it.",
                ),
                SRC_SECRECY,
            ),
            law(
                t(
                    "Utvärdera bara enligt den tilldelningsgrund, de kriterier och den modell som angavs i upphandlingsdokumenten; att ändra modellen i efterhand strider mot likabehandling och öppenhet.",
                    "Evaluate only by the award basis, criteria and model stated in the procurement documents; changing the model afterwards breaches equal treatment and transparency.",
                ),
                "LOU (2016:1145) 4 kap. 1 § och 16 kap. 1 §",
            ),
            law(
                t(
                    "Uteslutning prövas enligt LOU 13 kap. och kvalificering enligt 14 kap.; egen försäkran (ESPD) och bevis regleras i 15 kap.",
                    "Exclusion is examined under LOU chapter 13 and qualification under chapter 14; the self-declaration (ESPD) and evidence are governed by chapter 15.",
                ),
                "LOU (2016:1145) 13, 14 och 15 kap.",
            ),
            law(
                t(
                    "En leverantör som har brutit mot miljörättsliga, sociala eller arbetsrättsliga skyldigheter får uteslutas, och ett anbud som är onormalt lågt för att leverantören brutit mot sådana skyldigheter ska förkastas. Kontrollera paragraferna i 13 och 16 kap.",
                    "A supplier that has breached environmental, social or labour-law obligations may be excluded, and a tender that is abnormally low because of such breaches must be rejected. Check the sections in chapters 13 and 16.",
                ),
                SRC_EXCLUSION,
            ),
        ],
        checklist: UTVARDERING,
        outputs: t(
            "Öppningsprotokoll; prövning av uteslutning och kvalificering; prövning mot kraven; utvärdering med rangordning och känslighetsanalys; utvärderingsprotokoll.",
            "Opening record; examination of exclusion and qualification; check against the requirements; evaluation with ranking and sensitivity analysis; evaluation report.",
        ),
    },
    StageGuide {
        stage: Stage::Tilldelning,
        what: t(
            "1. Låt den som har delegation fatta tilldelningsbeslutet, med skälen för valet av leverantör.\n\
             2. Skicka en underrättelse om beslutet och skälen till alla anbudsgivare samtidigt och elektroniskt, och spara datumet.\n\
             3. Räkna fram avtalsspärrens sista dag (verktyget gör det): dag 1 är dagen efter att underrättelsen skickades, dag 10 är sista dagen, och infaller den på en lördag, söndag eller helgdag flyttas slutet till nästa vardag.\n\
             4. Bevaka om någon ansöker om överprövning i förvaltningsrätten under spärren, och teckna inte avtal innan ni vet hur ansökan påverkar upphandlingen – kontrollera vad som gäller.\n\
             5. Hantera begäran om att få ut handlingar: efter beslutet är huvudregeln offentlighet, men pröva sekretess för varje begärd uppgift.\n\
             6. Registrera den förväntade klimat- och energieffekten och informera verksamheten och politikerna om resultatet.",
            "1. Have the person with delegated power take the award decision, with the reasons for the choice of supplier.\n\
             2. Send notice of the decision and the reasons to all bidders at the same time and electronically, and keep the date.\n\
             3. Compute the last day of the standstill period (the tool does it): day 1 is the day after the notice was sent, day 10 is the last day, and if it falls on a Saturday, Sunday or holiday the end moves to the next working day.\n\
             4. Watch for applications for review to the administrative court during the period, and do not sign before you know how an application affects the procurement – check what applies.\n\
             5. Handle requests for documents: after the decision openness is the main rule, but assess secrecy for each item requested.\n\
             6. Record the expected climate and energy effect and tell the operation and the politicians the result.",
        ),
        why_climate: t(
            "Tilldelningsbeslutet låser vilken klimat- och energiprestanda ni får under hela avtalstiden. Registrera den förväntade effekten – kg CO2e och kWh jämfört med baslinjen – redan nu, så att den kan jämföras med utfallet i avtalsuppföljningen. Skälen i beslutet visar också de andra anbudsgivarna att klimatkraven vägde tungt, vilket de tar med sig till nästa upphandling.",
            "The award decision locks in the climate and energy performance you get for the whole contract term. Record the expected effect – kg CO2e and kWh against the baseline – now, so it can be compared with the outcome in contract follow-up. The reasons in the decision also show the other bidders that the climate requirements carried weight, which they take into the next procurement.",
        ),
        legal: &[
            law(
                t(
                    "Anbudsgivarna ska underrättas om tilldelningsbeslutet och skälen för det: enligt LOU 12 kap. 12 § över tröskelvärdena och 19 kap. 29 § vid upphandling enligt de nationella reglerna.",
                    "Bidders must be notified of the award decision and the reasons for it: under LOU chapter 12 section 12 above the thresholds and chapter 19 section 29 under the national rules.",
                ),
                "LOU (2016:1145) 12 kap. 12 § och 19 kap. 29 §; Upphandlingsmyndigheten, Frågeportalen (2017)",
            ),
            law(
                t(
                    "Efter underrättelsen gäller avtalsspärr. Skickades underrättelsen elektroniskt är spärren 10 dagar räknat från dagen efter; slutar den på en lördag, söndag eller helgdag löper den till nästa vardag. Skickas underrättelsen på annat sätt är spärren längre – kontrollera antalet dagar i 20 kap.",
                    "After the notice a standstill period applies. If the notice was sent electronically the period is 10 days counted from the day after; if it ends on a Saturday, Sunday or holiday it runs to the next working day. If the notice is sent by other means the period is longer – check the number of days in chapter 20.",
                ),
                SRC_STANDSTILL,
            ),
            law(
                t(
                    "Under avtalsspärren kan en anbudsgivare ansöka om överprövning hos förvaltningsrätten.",
                    "During the standstill period a bidder may apply to the administrative court for review.",
                ),
                "LOU (2016:1145) 20 kap.; Adda, vanliga frågor (odaterad)",
            ),
            law(
                t(
                    "När beslutet är fattat upphör den absoluta sekretessen och huvudregeln blir offentlighet. En anbudsgivare som vill skydda uppgifter måste visa konkret vilken skada ett utlämnande skulle orsaka, och sekretessen prövas först när någon begär ut handlingen.",
                    "Once the decision is taken the absolute secrecy ends and openness becomes the main rule. A bidder wanting to protect information must show concretely what harm disclosure would cause, and secrecy is assessed only when someone requests the document.",
                ),
                "Offentlighets- och sekretesslagen (2009:400) 19 kap. 3 §; Inköpsrådet, Så funkar sekretess; Specialpedagogiska skolmyndigheten",
            ),
            law(
                t(
                    "Beslutet fattas av den som har rätt till det enligt organisationens delegationsordning; en nämnd eller styrelse kan delegera beslut till ett utskott, en ledamot eller en anställd.",
                    "The decision is taken by whoever holds the power under the organisation's delegation rules; a committee or board may delegate decisions to a sub-committee, a member or an employee.",
                ),
                SRC_DELEGATION,
            ),
        ],
        checklist: TILLDELNING,
        outputs: t(
            "Tilldelningsbeslut med skäl; underrättelse till alla anbudsgivare med datum; avtalsspärrens sista dag; registrerad förväntad klimat- och energieffekt.",
            "Award decision with reasons; notice to all bidders with its date; last day of the standstill period; expected climate and energy effect recorded.",
        ),
    },
    StageGuide {
        stage: Stage::Avtal,
        what: t(
            "1. Kontrollera att avtalsspärren har löpt ut och att ingen överprövning hindrar, innan avtalet undertecknas.\n\
             2. Låt den som har delegation underteckna, och se till att klimatkrav, rapporteringsskyldighet och uppföljningsplan följer med in i avtalet.\n\
             3. Efterannonsera tilldelningen när förfarandet kräver det.\n\
             4. Håll ett uppstartsmöte med leverantören: gå igenom uppföljningsplanen, vilka uppgifter om energi och utsläpp som ska rapporteras och när, och vilka som är kontaktpersoner.\n\
             5. För in avtalet i avtalskatalogen och berätta för verksamheterna att det finns, så att inköpen görs på avtalet.",
            "1. Check that the standstill period has ended and that no review application stands in the way before the contract is signed.\n\
             2. Have the person with delegated power sign, and make sure the climate requirements, the reporting duty and the follow-up plan are part of the contract.\n\
             3. Publish the award notice where the procedure requires it.\n\
             4. Hold a kick-off meeting with the supplier: go through the follow-up plan, which energy and emission data is reported and when, and who the contacts are.\n\
             5. Enter the contract in the contract register and tell the operations it exists, so that purchases are made on it.",
        ),
        why_climate: t(
            "Ett avtal som ingen känner till används inte, och köp utanför avtal följer inte klimatkraven. Uppstartsmötet är första steget i uppföljningen: där får leverantören veta exakt vilka uppgifter om energi och utsläpp som ska lämnas och när.",
            "A contract nobody knows about is not used, and purchases outside the contract do not follow its climate requirements. The kick-off meeting is the first step of follow-up: it is where the supplier learns exactly which energy and emission data to deliver and when.",
        ),
        legal: &[
            law(
                t(
                    "Avtal får inte ingås under avtalsspärren. Tidigaste dag att underteckna är dagen efter spärrens sista dag.",
                    "No contract may be concluded during the standstill period. The earliest day to sign is the day after its last day.",
                ),
                SRC_STANDSTILL,
            ),
            law(
                t(
                    "Efterannonsering av tilldelade kontrakt ingår bland stegen efter undertecknandet; vilka regler som gäller beror på förfarandet – kontrollera LOU 10 och 19 kap. för er upphandling.",
                    "Publishing an award notice is among the steps after signing; which rules apply depends on the procedure – check LOU chapters 10 and 19 for your procurement.",
                ),
                "SKR, Upphandlingsprocessen, upphandlingsdokument (2022); LOU (2016:1145) 10 och 19 kap.",
            ),
            law(
                t(
                    "Rätten att underteckna avtal följer delegationsordningen, på samma sätt som rätten att fatta tilldelningsbeslut.",
                    "The right to sign contracts follows the delegation rules, just as the right to take the award decision does.",
                ),
                SRC_DELEGATION,
            ),
        ],
        checklist: AVTAL,
        outputs: t(
            "Undertecknat avtal med uppföljningsplan; efterannons där den krävs; anteckningar från uppstartsmötet; avtalet i avtalskatalogen.",
            "Signed contract with follow-up plan; award notice where required; notes from the kick-off meeting; contract in the contract register.",
        ),
    },
    StageGuide {
        stage: Stage::Avtalsuppfoljning,
        what: t(
            "1. Aktivera uppföljningsplanen: varje klimat- och energikrav blir en uppföljningspost med datum, ansvarig och vilket underlag som krävs.\n\
             2. Följ upp kraven på det som levereras, det leverantören lovade för att vinna (tilldelningskriterierna) och övriga avtalsvillkor.\n\
             3. Använd underlag som går att kontrollera: registerdata och fordonslistor, drivmedelsfakturor, leverantörens statistik, certifikat, avtal om förnybar el.\n\
             4. Logga varje avvikelse, säg till leverantören tidigt så att den kan rätta, och använd avtalets sanktioner vid behov – från rättelse och prisavdrag via vite till uppsägning, hävning och skadestånd.\n\
             5. Registrera utfallet i kg CO2e och kWh och jämför med baslinjen och den förväntade effekten.\n\
             6. Rapportera resultatet till verksamheten och politikerna, och skriv ned erfarenheterna till nästa upphandling.",
            "1. Activate the follow-up plan: each climate and energy requirement becomes a follow-up item with a date, a person responsible and the evidence required.\n\
             2. Follow up the requirements on what is delivered, what the supplier promised in order to win (the award criteria) and the other contract terms.\n\
             3. Use evidence that can be checked: registry data and fleet lists, fuel invoices, the supplier's statistics, certificates, renewable electricity contracts.\n\
             4. Log every deviation, tell the supplier early so it can correct, and use the contract's sanctions where needed – from correction and price reduction via liquidated damages to termination, rescission and damages.\n\
             5. Record the outcome in kg CO2e and kWh and compare it with the baseline and the expected effect.\n\
             6. Report the result to the operation and the politicians, and write down the lessons for the next procurement.",
        ),
        why_climate: t(
            "Utan uppföljning vet ingen om klimatkraven levererades. I Upphandlingsmyndighetens upphandlingsenkät 2022 svarade 81 % av regionerna att de ställer miljökrav i hög grad men bara 44 % att de följer upp dem i hög grad, och Konkurrensverkets uppdragsforskning 2023:1 visar stora brister i kommunernas avtalsuppföljning, främst på grund av brist på resurser, organisation och rutiner. Det uppföljda utfallet är det enda som visar vad upphandlingen faktiskt gjorde för utsläppen och energianvändningen.",
            "Without follow-up nobody knows whether the climate requirements were delivered. In Upphandlingsmyndigheten's 2022 procurement survey, 81 % of regions said they set environmental requirements to a high extent but only 44 % that they follow them up to a high extent, and the Swedish Competition Authority's commissioned research 2023:1 shows large gaps in municipal contract follow-up, mainly for lack of resources, organisation and routines. The followed-up outcome is the only thing that shows what the procurement actually did to emissions and energy use.",
        ),
        legal: &[
            law(
                t(
                    "Det finns ingen uttrycklig lagplikt att följa upp avtal, men att inte kontrollera det leverantören lovat kan strida mot likabehandling och öppenhet.",
                    "There is no explicit statutory duty to follow up contracts, but failing to check what the supplier promised can breach equal treatment and transparency.",
                ),
                "EU-domstolen, mål C-448/01 EVN och Wienstrom, p. 51; Upphandlingsmyndigheten, Genomför uppföljningen",
            ),
            law(
                t(
                    "Påföljder vid utebliven eller felaktig leverans behöver stå i avtalet för att kunna användas. Mycket hårda villkor kan samtidigt höja priserna.",
                    "Remedies for missing or faulty delivery must be in the contract to be usable. Very harsh terms can, however, raise prices.",
                ),
                "Upphandlingsmyndigheten, Genomför uppföljningen; Tyresö kommun, Riktlinjer för uppföljning och utvärdering av upphandlade avtal",
            ),
        ],
        checklist: AVTALSUPPFOLJNING,
        outputs: t(
            "Uppföljningsposter med utfall; avvikelselogg och vidtagna åtgärder; uppföljt utfall i kg CO2e och kWh mot baslinjen; erfarenheter till nästa behovsanalys.",
            "Follow-up items with outcomes; deviation log and actions taken; followed-up outcome in kg CO2e and kWh against the baseline; lessons for the next needs analysis.",
        ),
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
