//! Organisations, users and their memberships with roles.

use serde::Serialize;

use crate::{OrgId, Result, Store, StoreError, UserId, now, with_pool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    Kommun,
    Region,
    Bolag,
    Samordnare,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Kommun,
        OrgKind::Region,
        OrgKind::Bolag,
        OrgKind::Samordnare,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrgKind::Kommun => "kommun",
            OrgKind::Region => "region",
            OrgKind::Bolag => "bolag",
            OrgKind::Samordnare => "samordnare",
        }
    }

    pub fn parse(key: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// What a member may do. `Politiker` reads; `Samordnare` reads what member
/// organisations share with the coordinating body; `Admin` manages people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Upphandlare,
    Bestallare,
    Miljostrateg,
    Avtalsansvarig,
    Politiker,
    Samordnare,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Upphandlare,
        Role::Bestallare,
        Role::Miljostrateg,
        Role::Avtalsansvarig,
        Role::Politiker,
        Role::Samordnare,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Upphandlare => "upphandlare",
            Role::Bestallare => "bestallare",
            Role::Miljostrateg => "miljostrateg",
            Role::Avtalsansvarig => "avtalsansvarig",
            Role::Politiker => "politiker",
            Role::Samordnare => "samordnare",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub kind: OrgKind,
    pub orgnr: String,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
}

/// One organisation a user belongs to, with the user's roles there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    pub organisation: Organisation,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserWithRoles {
    pub user: User,
    pub roles: Vec<Role>,
}

type OrgTuple = (i64, String, String, String, i64);

fn organisation((id, name, kind, orgnr, demo): OrgTuple) -> Result<Organisation> {
    Ok(Organisation {
        id: OrgId(id),
        kind: OrgKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("organisation kind {kind}")))?,
        name,
        orgnr,
        demo: demo != 0,
    })
}

type UserTuple = (i64, String, String, String, i64);

fn user((id, email, name, password_hash, disabled): UserTuple) -> User {
    User {
        id: UserId(id),
        email,
        name,
        password_hash,
        disabled: disabled != 0,
    }
}

fn roles_from(keys: &[String]) -> Vec<Role> {
    let mut roles: Vec<Role> = keys.iter().filter_map(|k| Role::parse(k)).collect();
    roles.sort();
    roles.dedup();
    roles
}

type Owner = (i64, String, String, String, i64);

/// Rows of `(owner's five columns, role)` sorted by owner (first column: its
/// id), grouped into one entry per owner with its roles sorted; unknown role
/// keys are skipped.
fn group_roles(rows: Vec<(i64, String, String, String, i64, String)>) -> Vec<(Owner, Vec<Role>)> {
    let mut out: Vec<(Owner, Vec<Role>)> = Vec::new();
    for (id, b, c, d, e, role) in rows {
        let Some(role) = Role::parse(&role) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.0.0 == id => last.1.push(role),
            _ => out.push(((id, b, c, d, e), vec![role])),
        }
    }
    for (_, roles) in &mut out {
        roles.sort();
    }
    out
}

const ORG_COLUMNS: &str = "o.id, o.name, o.kind, o.orgnr, o.demo";
const USER_COLUMNS: &str = "u.id, u.email, u.name, u.password_hash, u.disabled";

impl Store {
    pub async fn create_organisation(
        &self,
        name: &str,
        kind: OrgKind,
        orgnr: &str,
        demo: bool,
    ) -> Result<OrgId> {
        let sql = "INSERT INTO organisations (name, kind, orgnr, demo, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(name).bind(kind.key()).bind(orgnr).bind(demo as i64).bind(now())
            .fetch_one(p).await)?;
        Ok(OrgId(id))
    }

    pub async fn update_organisation(&self, org: OrgId, name: &str, orgnr: &str) -> Result<bool> {
        let sql = "UPDATE organisations SET name = $2, orgnr = $3 WHERE id = $1";
        let done = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(name).bind(orgnr).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn organisation(&self, org: OrgId) -> Result<Option<Organisation>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE o.id = $1");
        let row: Option<OrgTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).fetch_optional(p).await)?;
        row.map(organisation).transpose()
    }

    pub async fn organisations(&self) -> Result<Vec<Organisation>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o ORDER BY o.name");
        let rows: Vec<OrgTuple> = with_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter().map(organisation).collect()
    }

    /// Records that `member` shares with the coordinating body `coordinator`.
    pub async fn add_coordination(&self, coordinator: OrgId, member: OrgId) -> Result<()> {
        let sql = "INSERT INTO coordination (coordinator_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        with_pool!(self, p => sqlx::query(sql).bind(coordinator.0).bind(member.0).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The organisations that share with `coordinator`.
    pub async fn coordinated_members(&self, coordinator: OrgId) -> Result<Vec<Organisation>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM organisations o JOIN coordination c ON c.member_id = o.id \
             WHERE c.coordinator_id = $1 ORDER BY o.name"
        );
        let rows: Vec<OrgTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).fetch_all(p).await)?;
        rows.into_iter().map(organisation).collect()
    }

    pub async fn create_user(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<UserId> {
        let email = email.trim().to_lowercase();
        if self.user_by_email(&email).await?.is_some() {
            return Err(StoreError::Conflict(format!("användare {email}")));
        }
        let sql = "INSERT INTO users (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        let (id,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(&email).bind(name).bind(password_hash).bind(now())
            .fetch_one(p).await)?;
        Ok(UserId(id))
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1");
        let email = email.trim().to_lowercase();
        let row: Option<UserTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(&email).fetch_optional(p).await)?;
        Ok(row.map(user))
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row: Option<UserTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(id.0).fetch_optional(p).await)?;
        Ok(row.map(user))
    }

    pub async fn set_password(&self, id: UserId, password_hash: &str) -> Result<()> {
        let sql = "UPDATE users SET password_hash = $2 WHERE id = $1";
        with_pool!(self, p => sqlx::query(sql).bind(id.0).bind(password_hash).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn add_role(&self, user: UserId, org: OrgId, role: Role) -> Result<()> {
        let sql = "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
        with_pool!(self, p => sqlx::query(sql).bind(user.0).bind(org.0).bind(role.key()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Replaces the user's roles in `org` (all removed when `roles` is empty).
    /// Only touches a user who is, or becomes, a member of `org`.
    pub async fn set_roles(&self, user: UserId, org: OrgId, roles: &[Role]) -> Result<()> {
        let delete = "DELETE FROM memberships WHERE user_id = $1 AND org_id = $2";
        let insert = "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query(delete).bind(user.0).bind(org.0).execute(&mut *tx).await?;
            for role in roles {
                sqlx::query(insert).bind(user.0).bind(org.0).bind(role.key()).execute(&mut *tx).await?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    pub async fn roles(&self, user: UserId, org: OrgId) -> Result<Vec<Role>> {
        let sql = "SELECT role FROM memberships WHERE user_id = $1 AND org_id = $2";
        let rows: Vec<(String,)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(user.0).bind(org.0).fetch_all(p).await)?;
        Ok(roles_from(
            &rows.into_iter().map(|r| r.0).collect::<Vec<_>>(),
        ))
    }

    /// Every organisation the user belongs to, with the roles held there.
    pub async fn memberships(&self, user: UserId) -> Result<Vec<Membership>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS}, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id \
             WHERE m.user_id = $1 ORDER BY o.name, o.id"
        );
        let rows: Vec<(i64, String, String, String, i64, String)> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(user.0).fetch_all(p).await)?;
        group_roles(rows)
            .into_iter()
            .map(|(t, roles)| {
                Ok(Membership {
                    organisation: organisation(t)?,
                    roles,
                })
            })
            .collect()
    }

    /// The organisation's members with their roles there.
    pub async fn organisation_users(&self, org: OrgId) -> Result<Vec<UserWithRoles>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.org_id = $1 ORDER BY u.name, u.id"
        );
        let rows: Vec<(i64, String, String, String, i64, String)> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).fetch_all(p).await)?;
        Ok(group_roles(rows)
            .into_iter()
            .map(|(t, roles)| UserWithRoles {
                user: user(t),
                roles,
            })
            .collect())
    }
}

impl Role {
    /// Roles that may change the organisation's data; politicians and
    /// coordinators read only.
    pub fn may_edit(self) -> bool {
        !matches!(self, Role::Politiker | Role::Samordnare)
    }
}

impl Store {
    /// The coordinating bodies `member` shares with (the reverse of
    /// [`Store::coordinated_members`]).
    pub async fn coordinators_of(&self, member: OrgId) -> Result<Vec<Organisation>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM organisations o JOIN coordination c ON c.coordinator_id = o.id \
             WHERE c.member_id = $1 ORDER BY o.name"
        );
        let rows: Vec<OrgTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(member.0).fetch_all(p).await)?;
        rows.into_iter().map(organisation).collect()
    }
}
