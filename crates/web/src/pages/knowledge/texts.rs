//! Interface texts of the knowledge pages (Swedish first, English second).
//! The guidance itself is in core::process::roles.

use crate::i18n::Texts;

pub static TEXTS: Texts = &[
    ("nav.knowledge", "Kunskap", "Guidance"),
    ("know.title", "Kunskap per roll", "Guidance per role"),
    (
        "know.intro",
        "Klimat- och energioptimerad upphandling kräver att flera roller gör sin del: verksamheten som äger behovet, upphandlaren som driver förfarandet, miljöstrategen som bidrar med analys och krav, den avtalsansvarige som följer upp – och politikerna som beslutar om mål, policy, budget och delegation. Här står vad varje roll ansvarar för, vilka beslut som är rollens egna och vad den gör i varje steg. Lagregler och fakta anges med källa; det som inte är bekräftat står som något att kontrollera.",
        "Climate- and energy-optimised procurement needs several roles to do their part: the operation that owns the need, the procurement officer who runs the procedure, the environmental strategist who supplies analysis and requirements, the contract manager who follows up – and the politicians who decide goals, policy, budget and delegation. Here is what each role is responsible for, which decisions are its own and what it does in each stage. Legal rules and facts are given with their source; what is not confirmed is stated as something to check.",
    ),
    ("know.which", "Vilken roll har jag?", "Which role am I?"),
    (
        "know.which_intro",
        "Läs beskrivningarna och välj den som passar ditt arbete. Många har flera roller, till exempel upphandlare och avtalsansvarig i en mindre kommun.",
        "Read the descriptions and choose the one that fits your work. Many people hold several roles, for example procurement officer and contract manager in a smaller municipality.",
    ),
    (
        "know.your_roles",
        "Dina roller i organisationen",
        "Your roles in the organisation",
    ),
    (
        "know.no_roles",
        "Du har ingen av rollerna nedan i den här organisationen; en administratör kan ge dig roller.",
        "You hold none of the roles below in this organisation; an administrator can give you roles.",
    ),
    ("know.yours", "din roll", "your role"),
    ("know.who", "Vem har rollen?", "Who holds the role?"),
    (
        "know.responsibility",
        "Vad rollen ansvarar för",
        "What the role is responsible for",
    ),
    (
        "know.decisions",
        "Beslut som är rollens",
        "Decisions that belong to the role",
    ),
    ("know.stages", "I varje steg", "In each stage"),
    (
        "know.stages_intro",
        "Bokstaven kommer från organisationens rollmatris (RACI): R utför, A ansvarar, C konsulteras, I informeras – se rollmatrisen för hela organisationen. Texten beskriver standardmatrisen.",
        "The letter is the organisation's role matrix (RACI): R responsible, A accountable, C consulted, I informed – see the role matrix for the whole organisation. The text describes the default matrix.",
    ),
    (
        "know.stages_outside",
        "Samordnaren ingår inte i en enskild organisations rollmatris; texten beskriver vad samordnaren kan göra i varje steg.",
        "The coordinator is not part of a single organisation's role matrix; the text describes what the coordinator can do in each stage.",
    ),
    ("know.col_stage", "Steg", "Stage"),
    ("know.col_letter", "Roll i steget", "Part in the stage"),
    ("know.col_what", "Vad du gör", "What you do"),
    ("know.no_letter", "ingen", "none"),
    (
        "know.changed",
        "ändrad av organisationen, standard",
        "changed by the organisation, default",
    ),
    (
        "know.raci_link",
        "Organisationens rollmatris",
        "The organisation's role matrix",
    ),
    (
        "know.ask",
        "Fråga efter och kontrollera",
        "Ask for and check",
    ),
    ("know.pitfalls", "Vanliga fallgropar", "Common pitfalls"),
    ("know.facts", "Underlag och källor", "Basis and sources"),
    ("know.source", "Källa", "Source"),
    (
        "know.pages",
        "Här arbetar rollen i upphandla",
        "Where the role works in upphandla",
    ),
    ("know.other_roles", "Andra roller", "Other roles"),
    ("know.back", "Alla roller", "All roles"),
];
