//! `serve --demo`: a clearly labelled synthetic region. Every organisation is
//! flagged `demo` (pages show a banner), every figure comes from the
//! synthetic ledger in `data/demo/`, and the logins are printed at start.

use upphandla_store::{OrgId, OrgKind, Role, Store, StoreError};

/// The one password of every demo account (they exist only in demo databases).
pub const DEMO_PASSWORD: &str = "demo-losenord-2026";

pub struct DemoOrg {
    pub name: &'static str,
    pub kind: OrgKind,
    pub domain: &'static str,
    /// Scales the shared synthetic ledger so municipalities differ (percent).
    pub scale_percent: i64,
}

pub const REGION: DemoOrg = DemoOrg {
    name: "Region Demoland",
    kind: OrgKind::Region,
    domain: "region.demoland.example",
    scale_percent: 300,
};
pub const MUNICIPALITIES: [DemoOrg; 3] = [
    DemoOrg {
        name: "Demo kommun",
        kind: OrgKind::Kommun,
        domain: "demokommun.example",
        scale_percent: 100,
    },
    DemoOrg {
        name: "Norrby kommun (demo)",
        kind: OrgKind::Kommun,
        domain: "norrby.example",
        scale_percent: 60,
    },
    DemoOrg {
        name: "Söderå kommun (demo)",
        kind: OrgKind::Kommun,
        domain: "sodera.example",
        scale_percent: 140,
    },
];
pub const COMPANY: DemoOrg = DemoOrg {
    name: "Demo Bostäder AB",
    kind: OrgKind::Bolag,
    domain: "demobostader.example",
    scale_percent: 40,
};
pub const COORDINATOR: DemoOrg = DemoOrg {
    name: "Energikontor Demoland",
    kind: OrgKind::Samordnare,
    domain: "energikontor.example",
    scale_percent: 0,
};

/// Roles given a demo user each in every municipality.
const MUNICIPAL_ROLES: [Role; 6] = [
    Role::Admin,
    Role::Upphandlare,
    Role::Bestallare,
    Role::Miljostrateg,
    Role::Avtalsansvarig,
    Role::Politiker,
];

#[derive(Debug, Clone, PartialEq)]
pub struct DemoLogin {
    pub email: String,
    pub organisation: String,
    pub role: Role,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demodata: {0}")]
    Data(String),
}

/// Creates the demo region unless it is already there; returns the logins either way.
pub async fn seed(store: &Store) -> Result<Vec<DemoLogin>, DemoError> {
    let existing = store.organisations().await?;
    let present = existing.iter().any(|o| o.demo && o.name == REGION.name);
    let hash = crate::auth::hash_password(DEMO_PASSWORD)
        .await
        .map_err(|e| DemoError::Data(e.to_string()))?;
    let mut logins = Vec::new();
    let mut orgs: Vec<(OrgId, &DemoOrg)> = Vec::new();
    let all: Vec<&DemoOrg> = std::iter::once(&REGION)
        .chain(MUNICIPALITIES.iter())
        .chain([&COMPANY, &COORDINATOR])
        .collect();
    for org in all {
        let id = match existing.iter().find(|o| o.demo && o.name == org.name) {
            Some(o) => o.id,
            None => {
                store
                    .create_organisation(org.name, org.kind, "", true)
                    .await?
            }
        };
        orgs.push((id, org));
    }
    let coordinator = orgs
        .iter()
        .find(|(_, o)| o.kind == OrgKind::Samordnare)
        .map(|(id, _)| *id)
        .ok_or_else(|| DemoError::Data("samordnare".into()))?;
    for (id, org) in &orgs {
        let roles: &[Role] = match org.kind {
            OrgKind::Samordnare => &[Role::Admin, Role::Samordnare],
            OrgKind::Bolag => &[Role::Admin, Role::Upphandlare],
            _ => &MUNICIPAL_ROLES,
        };
        if org.kind != OrgKind::Samordnare {
            store.add_coordination(coordinator, *id).await?;
        }
        for role in roles {
            let email = format!("{}@{}", role.key(), org.domain);
            let user = match store.user_by_email(&email).await? {
                Some(u) => u.id,
                None => {
                    store
                        .create_user(
                            &email,
                            &format!("{} ({})", role_name(*role), org.name),
                            &hash,
                        )
                        .await?
                }
            };
            store.add_role(user, *id, *role).await?;
            logins.push(DemoLogin {
                email,
                organisation: org.name.to_string(),
                role: *role,
            });
        }
    }
    if !present {
        for (id, org) in &orgs {
            if org.scale_percent > 0 {
                crate::spend_import::seed_demo_ledger(store, *id, org.scale_percent)
                    .await
                    .map_err(|e| DemoError::Data(e.to_string()))?;
            }
            if org.kind == OrgKind::Kommun {
                crate::pages::lcc::seed_demo(store, *id).await?;
            }
            if org.domain == MUNICIPALITIES[0].domain {
                crate::pages::procurements::seed_demo(store, *id, org.domain).await?;
            }
            crate::pages::contracts::seed_demo(
                store,
                *id,
                org.domain,
                crate::Clock::default().today(),
            )
            .await?;
        }
        crate::demo_results::seed(store, &orgs, crate::Clock::default().today()).await?;
    }
    Ok(logins)
}

fn role_name(role: Role) -> &'static str {
    crate::i18n::Lang::Sv.t(&format!("role.{}", role.key()))
}

/// The text printed at start: what the demo is, and how to sign in.
pub fn describe(logins: &[DemoLogin]) -> String {
    let mut out = String::from(
        "DEMODATA: en påhittad region med kommuner, ett bolag och ett energikontor. Siffrorna är syntetiska.\n\
         DEMO DATA: a made-up region; the figures are synthetic.\n\
         Inloggningar / logins (lösenord / password: ",
    );
    out.push_str(DEMO_PASSWORD);
    out.push_str("):\n");
    // One line per organisation: the address is role@domain for each role listed.
    let mut orgs: Vec<(&str, Vec<&DemoLogin>)> = Vec::new();
    for l in logins {
        match orgs.iter_mut().find(|(name, _)| *name == l.organisation) {
            Some((_, list)) => list.push(l),
            None => orgs.push((&l.organisation, vec![l])),
        }
    }
    for (name, list) in orgs {
        let domain = list[0].email.split_once('@').map_or("", |(_, d)| d);
        let roles: Vec<&str> = list.iter().map(|l| l.role.key()).collect();
        out.push_str(&format!(
            "  {name:<24} ROLL@{domain:<26} ROLL = {}\n",
            roles.join(", ")
        ));
    }
    out.push_str("  t.ex. / e.g. upphandlare@demokommun.example\n");
    out
}
