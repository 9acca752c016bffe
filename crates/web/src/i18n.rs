//! Swedish first, English second: every interface text is looked up by key.
//! A test checks that every key used in templates and code exists here.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    /// Looks up `key`; an unknown key shows a marker so it is noticed (and a test fails).
    pub fn t(self, key: &str) -> &'static str {
        match index().get(key) {
            Some((sv, en)) => match self {
                Lang::Sv => sv,
                Lang::En => en,
            },
            None => "⟨saknad text⟩",
        }
    }

    pub fn has(key: &str) -> bool {
        index().contains_key(key)
    }
}

/// A table of (key, Swedish, English). Each page module keeps its own, so
/// people working on different pages do not edit one shared list.
pub type Texts = &'static [(&'static str, &'static str, &'static str)];

/// Every module's table; add yours here.
pub static TABLES: &[Texts] = &[
    TEXTS,
    crate::pages::login::TEXTS,
    crate::pages::admin::TEXTS,
    crate::pages::overview::TEXTS,
    crate::pages::lcc::TEXTS,
    crate::pages::evaluation::TEXTS,
    crate::pages::spend::TEXTS,
    crate::pages::spend::COMPLIANCE_TEXTS,
    crate::pages::factors::TEXTS,
    crate::pages::criteria::TEXTS,
    crate::pages::procurements::TEXTS,
    crate::pages::contracts::TEXTS,
    crate::pages::followup::TEXTS,
    crate::pages::results::TEXTS,
    crate::pages::bids::TEXTS,
    crate::pages::coordination::TEXTS,
    crate::pages::examples::TEXTS,
    crate::pages::knowledge::TEXTS,
];

type Index = std::collections::HashMap<&'static str, (&'static str, &'static str)>;

fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Index::new();
        for table in TABLES {
            for &(key, sv, en) in *table {
                index.insert(key, (sv, en));
            }
        }
        index
    })
}

/// Keys used by the shared layout and common pages.
pub static TEXTS: &[(&str, &str, &str)] = &[
    ("admin.add_user", "Lägg till användare", "Add user"),
    ("admin.email", "E-post", "Email"),
    ("admin.name", "Namn", "Name"),
    ("admin.orgnr", "Organisationsnummer", "Organisation number"),
    (
        "admin.password",
        "Lösenord (minst 12 tecken)",
        "Password (at least 12 characters)",
    ),
    ("admin.roles", "Roller", "Roles"),
    ("admin.save", "Spara", "Save"),
    ("admin.title", "Administration", "Administration"),
    ("admin.users", "Användare och roller", "Users and roles"),
    (
        "common.demo_banner",
        "DEMODATA – påhittade siffror för att prova verktyget, inte verkliga uppgifter.",
        "DEMO DATA – made-up figures for trying the tool, not real data.",
    ),
    ("common.download", "Ladda ner", "Download"),
    ("common.none", "Inget ännu.", "Nothing yet."),
    (
        "common.not_found",
        "Sidan eller posten finns inte, eller så har du inte behörighet att se den.",
        "The page or record does not exist, or you are not allowed to see it.",
    ),
    ("common.skip", "Hoppa till innehållet", "Skip to content"),
    ("login.email", "E-postadress", "Email address"),
    (
        "login.failed",
        "Fel e-postadress eller lösenord.",
        "Wrong email address or password.",
    ),
    ("login.password", "Lösenord", "Password"),
    ("login.submit", "Logga in", "Sign in"),
    (
        "login.throttled",
        "För många misslyckade försök. Vänta en stund och försök igen.",
        "Too many failed attempts. Wait a while and try again.",
    ),
    ("login.title", "Logga in", "Sign in"),
    ("nav.admin", "Administration", "Administration"),
    ("nav.evaluation", "Anbudsutvärdering", "Tender evaluation"),
    ("nav.factors", "Emissionsfaktorer", "Emission factors"),
    ("nav.lang", "In English", "På svenska"),
    ("nav.lcc", "LCC-kalkyl", "LCC"),
    ("nav.logout", "Logga ut", "Sign out"),
    ("nav.main", "Huvudmeny", "Main menu"),
    ("nav.org", "Organisation", "Organisation"),
    ("nav.overview", "Översikt", "Overview"),
    ("nav.spend", "Inköpsanalys", "Spend analysis"),
    ("nav.switch_org", "Byt", "Switch"),
    ("org.bolag", "Kommunalt bolag", "Municipal company"),
    ("org.kommun", "Kommun", "Municipality"),
    ("org.region", "Region", "Region"),
    (
        "org.samordnare",
        "Samordnande organisation",
        "Coordinating body",
    ),
    (
        "overview.by_month",
        "Inköpens klimatpåverkan per månad",
        "Purchase emissions per month",
    ),
    (
        "overview.classified",
        "Andel klassificerad",
        "Share classified",
    ),
    ("overview.emissions", "Utsläpp", "Emissions"),
    ("overview.imports", "Senaste importer", "Recent imports"),
    ("overview.month", "Månad", "Month"),
    (
        "overview.no_imports",
        "Inga importer ännu. Börja med att ladda upp en reskontra under Inköpsanalys.",
        "No imports yet. Start by uploading a ledger under Spend analysis.",
    ),
    ("overview.spend", "Inköp", "Spend"),
    ("overview.title", "Översikt", "Overview"),
    (
        "overview.top_categories",
        "Största kategorier efter utsläpp",
        "Largest categories by emissions",
    ),
    ("role.admin", "Administratör", "Administrator"),
    ("role.avtalsansvarig", "Avtalsansvarig", "Contract manager"),
    ("role.bestallare", "Beställare", "Requisitioner"),
    (
        "role.miljostrateg",
        "Miljöstrateg",
        "Environmental strategist",
    ),
    (
        "role.politiker",
        "Politiker (läsbehörighet)",
        "Politician (read only)",
    ),
    ("role.samordnare", "Samordnare", "Coordinator"),
    ("role.upphandlare", "Upphandlare", "Procurement officer"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_written() {
        let mut seen = std::collections::HashSet::new();
        for table in TABLES {
            for &(key, sv, en) in *table {
                assert!(seen.insert(key), "text key {key} defined twice");
                assert!(
                    !sv.trim().is_empty() && !en.trim().is_empty(),
                    "text {key} lacks a language"
                );
            }
        }
    }
}
