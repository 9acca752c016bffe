//! Administration (admin role only): the organisation's details, its
//! members and their roles, API tokens and the audit log.
//!
//! Role changes sign the affected person out everywhere, so a removed role
//! stops working at once. An administrator cannot take away their own admin
//! role, so an organisation always keeps one administrator.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use upphandla_core::classify::normalize_orgnr;
use upphandla_store::{OrgKind, Role, User, UserId};

use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::{self, Ctx};
use crate::error::{AppError, AppResult};
use crate::i18n::Texts;

pub static TEXTS: Texts = &[
    (
        "admin.intro",
        "Här hanterar du organisationens uppgifter, vilka som är medlemmar och vad de får göra, samt API-token för integrationer.",
        "Manage the organisation's details, its members and what they may do, and API tokens for integrations.",
    ),
    ("admin.org_title", "Organisation", "Organisation"),
    ("admin.org_name", "Namn", "Name"),
    ("admin.org_kind", "Typ", "Type"),
    (
        "admin.orgnr_hint",
        "Tio siffror, t.ex. 212000-0142. Lämna tomt om det saknas.",
        "Ten digits, e.g. 212000-0142. Leave empty if there is none.",
    ),
    ("admin.coordination", "Samordning", "Coordination"),
    (
        "admin.shares_with",
        "Organisationen delar importer som den markerar som delade med dessa samordnande organisationer:",
        "The organisation shares the imports it marks as shared with these coordinating bodies:",
    ),
    (
        "admin.shares_with_none",
        "Organisationen delar inte med någon samordnande organisation.",
        "The organisation shares with no coordinating body.",
    ),
    (
        "admin.members_share",
        "Dessa medlemsorganisationer delar med er:",
        "These member organisations share with you:",
    ),
    (
        "admin.users_intro",
        "Markera rollerna och spara. Den som får ändrade roller loggas ut och loggar in igen med de nya. Politiker och samordnare kan bara läsa.",
        "Tick the roles and save. A person whose roles change is signed out and signs in again with the new ones. Politicians and coordinators can only read.",
    ),
    ("admin.you", "du", "you"),
    ("admin.roles_of", "Roller för", "Roles of"),
    ("admin.save_roles", "Spara roller", "Save roles"),
    (
        "admin.remove_user",
        "Ta bort ur organisationen",
        "Remove from the organisation",
    ),
    (
        "admin.own_admin_hint",
        "Du kan inte ta bort din egen administratörsroll.",
        "You cannot remove your own administrator role.",
    ),
    (
        "admin.add_intro",
        "Har personen redan ett konto (i en annan organisation) får hen roller här och loggar in med sitt befintliga lösenord; lösenordet nedan används då inte.",
        "If the person already has an account (in another organisation), they get roles here and sign in with their existing password; the password below is then not used.",
    ),
    ("admin.tokens", "API-token", "API tokens"),
    (
        "admin.tokens_intro",
        "En token ger ett annat system åtkomst till JSON-API:t som en av organisationens medlemmar, med dennes roller. Token visas bara en gång när den skapas.",
        "A token gives another system access to the JSON API as one of the organisation's members, with their roles. The token is shown only once, when created.",
    ),
    (
        "admin.api_doc",
        "API-beskrivning (OpenAPI)",
        "API description (OpenAPI)",
    ),
    (
        "admin.token_name",
        "Namn på token (vad den används till)",
        "Token name (what it is for)",
    ),
    ("admin.token_user", "Agerar som", "Acts as"),
    ("admin.token_created", "Skapad", "Created"),
    ("admin.token_status", "Status", "Status"),
    ("admin.token_active", "Aktiv", "Active"),
    ("admin.token_revoked", "Återkallad", "Revoked"),
    ("admin.token_revoke", "Återkalla", "Revoke"),
    ("admin.token_create", "Skapa token", "Create token"),
    ("admin.token_action", "Åtgärd", "Action"),
    (
        "admin.token_former",
        "(inte längre medlem)",
        "(no longer a member)",
    ),
    ("admin.token_title", "Ny API-token", "New API token"),
    (
        "admin.token_once",
        "Kopiera token nu och förvara den säkert. Den visas inte igen; tappar du bort den, återkalla den och skapa en ny.",
        "Copy the token now and keep it safe. It is not shown again; if you lose it, revoke it and create a new one.",
    ),
    ("admin.token_value", "Token", "Token"),
    ("admin.token_example", "Exempel", "Example"),
    (
        "admin.back",
        "Tillbaka till Administration",
        "Back to Administration",
    ),
    ("admin.audit", "Granskningslogg", "Audit log"),
    (
        "admin.audit_intro",
        "De 200 senaste händelserna i organisationen: inloggningar, importer och ändringar.",
        "The 200 latest events in the organisation: sign-ins, imports and changes.",
    ),
    ("admin.audit_time", "Tid (UTC)", "Time (UTC)"),
    ("admin.audit_user", "Användare", "User"),
    ("admin.audit_action", "Händelse", "Action"),
    ("admin.audit_detail", "Detaljer", "Detail"),
    ("admin.audit_ip", "IP-adress", "IP address"),
    (
        "admin.done_org",
        "Organisationens uppgifter är sparade.",
        "The organisation's details are saved.",
    ),
    (
        "admin.done_added",
        "Användaren är tillagd.",
        "The user has been added.",
    ),
    (
        "admin.done_linked",
        "Personen hade redan ett konto och har fått roller i organisationen. Hen loggar in med sitt befintliga lösenord.",
        "The person already had an account and now has roles in the organisation. They sign in with their existing password.",
    ),
    (
        "admin.done_roles",
        "Rollerna är sparade; personen har loggats ut.",
        "The roles are saved; the person has been signed out.",
    ),
    (
        "admin.done_removed",
        "Personen är borttagen ur organisationen och utloggad.",
        "The person has been removed from the organisation and signed out.",
    ),
    (
        "admin.done_revoked",
        "Token är återkallad.",
        "The token has been revoked.",
    ),
    (
        "admin.err_name",
        "Namnet saknas eller är längre än 200 tecken.",
        "The name is missing or longer than 200 characters.",
    ),
    (
        "admin.err_orgnr",
        "Organisationsnumret är ogiltigt: ange tio siffror som NNNNNN-NNNN (kontrollsiffran stämmer inte eller antalet siffror är fel).",
        "The organisation number is invalid: give ten digits as NNNNNN-NNNN (the check digit does not match or the number of digits is wrong).",
    ),
    (
        "admin.err_email",
        "E-postadressen är ogiltig.",
        "The email address is invalid.",
    ),
    (
        "admin.err_password",
        "Lösenordet måste ha minst 12 tecken (och högst 1 000).",
        "The password must have at least 12 characters (and at most 1,000).",
    ),
    (
        "admin.err_no_role",
        "Välj minst en roll.",
        "Choose at least one role.",
    ),
    (
        "admin.err_member",
        "Personen är redan medlem i organisationen; ändra rollerna i listan ovan.",
        "The person is already a member of the organisation; change the roles in the list above.",
    ),
    (
        "admin.err_own_admin",
        "Du kan inte ta bort din egen administratörsroll eller dig själv; be en annan administratör göra det.",
        "You cannot remove your own administrator role or yourself; ask another administrator.",
    ),
    (
        "admin.err_token_name",
        "Ge token ett namn (högst 100 tecken).",
        "Give the token a name (at most 100 characters).",
    ),
    (
        "admin.err_role",
        "Okänd roll i formuläret.",
        "Unknown role in the form.",
    ),
];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/admin", get(admin))
        .route("/admin/organisation", post(update_organisation))
        .route("/admin/users", post(add_user))
        .route("/admin/users/{id}/roles", post(set_roles))
        .route("/admin/users/{id}/remove", post(remove_user))
        .route("/admin/tokens", post(create_token))
        .route("/admin/tokens/{id}/revoke", post(revoke_token))
        .route("/admin/audit", get(audit_log))
}

/// Checks a Swedish organisation number (ten digits with the Luhn check
/// digit, also accepted as `16NNNNNN-NNNN` or `SENNNNNNNNNN01`) and writes it
/// as `NNNNNN-NNNN`. Empty stays empty.
pub fn valid_orgnr(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(String::new());
    }
    let upper = raw.to_ascii_uppercase();
    let body = upper.strip_prefix("SE").unwrap_or(&upper);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return None;
    }
    let digits = normalize_orgnr(raw);
    if digits.len() != 10 {
        return None;
    }
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            let d = if i % 2 == 0 { d * 2 } else { d };
            if d > 9 { d - 9 } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
        .then(|| format!("{}-{}", &digits[..6], &digits[6..]))
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn valid_password(password: &str) -> bool {
    (12..=1000).contains(&password.chars().count())
}

/// A trimmed name of 1–`max` characters.
fn valid_name(name: &str, max: usize) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= max).then(|| name.to_string())
}

pub struct RoleCheck {
    pub key: &'static str,
    pub label_key: String,
    pub checked: bool,
}

fn role_checks(held: &[Role]) -> Vec<RoleCheck> {
    Role::ALL
        .iter()
        .map(|r| RoleCheck {
            key: r.key(),
            label_key: format!("role.{}", r.key()),
            checked: held.contains(r),
        })
        .collect()
}

pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_self: bool,
    pub roles: Vec<RoleCheck>,
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub user: String,
    pub created: String,
    pub revoked: Option<String>,
}

/// What the add-user form had, shown again after an error.
#[derive(Default)]
pub struct AddValues {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    page: Page,
    org_name: String,
    orgnr: String,
    org_kind_key: String,
    coordinators: Vec<String>,
    members: Vec<String>,
    is_coordinator: bool,
    users: Vec<UserRow>,
    add: AddValues,
    add_roles: Vec<RoleCheck>,
    tokens: Vec<TokenRow>,
    token_name: String,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    /// The form and field the error is about, for `aria-invalid`.
    invalid: Option<(&'static str, &'static str)>,
}

impl AdminPage {
    fn invalid(&self, form: &str, field: &str) -> bool {
        self.invalid == Some((form, field))
    }
}

#[derive(Deserialize)]
struct AdminQuery {
    klart: Option<String>,
}

/// The confirmation for `?klart=…` after a change (only known keys).
fn notice_key(done: &str) -> Option<&'static str> {
    Some(match done {
        "org" => "admin.done_org",
        "added" => "admin.done_added",
        "linked" => "admin.done_linked",
        "roles" => "admin.done_roles",
        "removed" => "admin.done_removed",
        "revoked" => "admin.done_revoked",
        _ => return None,
    })
}

/// A refused change: the page again with 422, the message, what was typed,
/// and which form (`org`, `add`, `token`, `roles`) it concerns.
#[derive(Default)]
struct Refusal {
    error: &'static str,
    form: &'static str,
    add: AddValues,
    org: Option<(String, String)>,
    token_name: String,
}

impl Refusal {
    fn new(form: &'static str, key: &'static str) -> Refusal {
        Refusal {
            error: key,
            form,
            ..Refusal::default()
        }
    }

    /// The field the message names.
    fn field(&self) -> &'static str {
        match self.error {
            "admin.err_orgnr" => "orgnr",
            "admin.err_name" | "admin.err_token_name" => "name",
            "admin.err_email" | "admin.err_member" => "email",
            "admin.err_password" => "password",
            _ => "-",
        }
    }
}

async fn admin_view(
    state: &AppState,
    ctx: &Ctx,
    notice: Option<&'static str>,
    refusal: Option<Refusal>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let org = ctx.org_id();
    let members = state.store.organisation_users(org).await?;
    let users: Vec<UserRow> = members
        .iter()
        .map(|m| UserRow {
            id: m.user.id.0,
            name: m.user.name.clone(),
            email: m.user.email.clone(),
            is_self: m.user.id == ctx.user.id,
            roles: role_checks(&m.roles),
        })
        .collect();
    let mut tokens = Vec::new();
    for t in state.store.api_tokens(org).await? {
        let user = match members.iter().find(|m| m.user.id == t.user_id) {
            Some(m) => m.user.name.clone(),
            None => {
                let name = state.store.user(t.user_id).await?.map(|u| u.name);
                format!(
                    "{} {}",
                    name.unwrap_or_default(),
                    ctx.t("admin.token_former")
                )
            }
        };
        tokens.push(TokenRow {
            id: t.id,
            name: t.name,
            user,
            created: fmt::datetime(t.created_at),
            revoked: t.revoked_at.map(fmt::datetime),
        });
    }
    let coordinators = state.store.coordinators_of(org).await?;
    let coordinated = state.store.coordinated_members(org).await?;
    let refused = refusal.is_some();
    let r = refusal.unwrap_or_default();
    let invalid = refused.then(|| (r.form, r.field()));
    let (org_name, orgnr) = r
        .org
        .unwrap_or_else(|| (ctx.org.name.clone(), ctx.org.orgnr.clone()));
    let add = r.add;
    let add_roles = role_checks(&add.roles);
    let page = AdminPage {
        page: Page::new(ctx, "admin", ctx.t("admin.title")),
        org_name,
        orgnr,
        org_kind_key: format!("org.{}", ctx.org.kind.key()),
        coordinators: coordinators.into_iter().map(|o| o.name).collect(),
        members: coordinated.into_iter().map(|o| o.name).collect(),
        is_coordinator: ctx.org.kind == OrgKind::Samordnare,
        users,
        add,
        add_roles,
        tokens,
        token_name: r.token_name,
        notice,
        error: refused.then_some(r.error),
        invalid,
    };
    let mut response = render(&page)?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

async fn admin(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<AdminQuery>,
) -> AppResult<Response> {
    let notice = q.klart.as_deref().and_then(notice_key);
    admin_view(&state, &ctx, notice, None).await
}

fn done(key: &str) -> Response {
    Redirect::to(&format!("/admin?klart={key}")).into_response()
}

async fn audit(state: &AppState, ctx: &Ctx, action: &str, detail: &str) -> AppResult<()> {
    state
        .store
        .audit(
            Some(ctx.org_id()),
            Some(ctx.user.id),
            action,
            detail,
            &ctx.ip,
        )
        .await?;
    Ok(())
}

/// Ends every session of `user`; the session cache is emptied so no cached
/// row outlives the change.
async fn sign_out(state: &AppState, user: UserId) -> AppResult<()> {
    state.store.delete_user_sessions(user).await?;
    state.sessions.clear();
    Ok(())
}

#[derive(Deserialize)]
struct OrgForm {
    name: String,
    orgnr: String,
}

async fn update_organisation(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let refuse = |key| Refusal {
        org: Some((form.name.clone(), form.orgnr.clone())),
        ..Refusal::new("org", key)
    };
    let Some(name) = valid_name(&form.name, 200) else {
        return admin_view(&state, &ctx, None, Some(refuse("admin.err_name"))).await;
    };
    let Some(orgnr) = valid_orgnr(&form.orgnr) else {
        return admin_view(&state, &ctx, None, Some(refuse("admin.err_orgnr"))).await;
    };
    if !state
        .store
        .update_organisation(ctx.org_id(), &name, &orgnr)
        .await?
    {
        return Err(AppError::NotFound);
    }
    // Cached memberships carry the organisation's name.
    state.sessions.clear();
    audit(
        &state,
        &ctx,
        "admin.org.update",
        &format!("{name}, {orgnr}"),
    )
    .await?;
    Ok(done("org"))
}

/// The roles ticked in a form (`role=…` repeated); an unknown key is refused.
fn ticked_roles(fields: &[(String, String)]) -> Result<Vec<Role>, &'static str> {
    let mut roles = Vec::new();
    for (key, value) in fields {
        if key == "role" {
            roles.push(Role::parse(value).ok_or("admin.err_role")?);
        }
    }
    roles.sort();
    roles.dedup();
    Ok(roles)
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn role_list(roles: &[Role]) -> String {
    roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")
}

async fn add_user(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let email = field(&fields, "email").trim().to_lowercase();
    let name = field(&fields, "name");
    let password = field(&fields, "password");
    let roles = ticked_roles(&fields);
    let refuse = |key: &'static str| Refusal {
        add: AddValues {
            email: email.clone(),
            name: name.trim().to_string(),
            roles: roles.clone().unwrap_or_default(),
        },
        ..Refusal::new("add", key)
    };
    let problem = if !valid_email(&email) {
        Some("admin.err_email")
    } else if valid_name(name, 200).is_none() {
        Some("admin.err_name")
    } else if !valid_password(password) {
        // Checked for existing accounts too, so the answer does not depend on whether one exists.
        Some("admin.err_password")
    } else {
        match &roles {
            Err(key) => Some(*key),
            Ok(r) if r.is_empty() => Some("admin.err_no_role"),
            Ok(_) => None,
        }
    };
    if let Some(key) = problem {
        return admin_view(&state, &ctx, None, Some(refuse(key))).await;
    }
    let roles = roles.clone().unwrap_or_default();
    let org = ctx.org_id();
    let existing: Option<User> = state.store.user_by_email(&email).await?;
    let (user, notice) = match existing {
        Some(user) => {
            if !state.store.roles(user.id, org).await?.is_empty() {
                return admin_view(&state, &ctx, None, Some(refuse("admin.err_member"))).await;
            }
            (user.id, "linked")
        }
        None => {
            let hash = auth::hash_password(password).await?;
            let name = valid_name(name, 200).unwrap_or_default();
            (
                state.store.create_user(&email, &name, &hash).await?,
                "added",
            )
        }
    };
    state.store.set_roles(user, org, &roles).await?;
    sign_out(&state, user).await?;
    audit(
        &state,
        &ctx,
        if notice == "added" {
            "admin.user.create"
        } else {
            "admin.user.add_member"
        },
        &format!("{email}: {}", role_list(&roles)),
    )
    .await?;
    Ok(done(notice))
}

/// The member `raw` names in this organisation, or 404.
async fn member(state: &AppState, ctx: &Ctx, raw: &str) -> AppResult<(User, Vec<Role>)> {
    let id = UserId(raw.parse().map_err(|_| AppError::NotFound)?);
    let roles = state.store.roles(id, ctx.org_id()).await?;
    if roles.is_empty() {
        return Err(AppError::NotFound);
    }
    let user = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    Ok((user, roles))
}

/// Gives `user` exactly `roles` here (none: removed), unless that would take
/// the acting administrator's own admin role.
async fn change_roles(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    roles: &[Role],
    notice: &str,
) -> AppResult<Response> {
    if user.id == ctx.user.id && !roles.contains(&Role::Admin) {
        return admin_view(
            state,
            ctx,
            None,
            Some(Refusal::new("roles", "admin.err_own_admin")),
        )
        .await;
    }
    state.store.set_roles(user.id, ctx.org_id(), roles).await?;
    // Signing oneself out would end the page being used; the cache is
    // cleared either way, so one's own new roles apply at once.
    if user.id != ctx.user.id {
        sign_out(state, user.id).await?;
    }
    state.sessions.clear();
    let action = if roles.is_empty() {
        "admin.user.remove"
    } else {
        "admin.user.roles"
    };
    audit(
        state,
        ctx,
        action,
        &format!("{}: {}", user.email, role_list(roles)),
    )
    .await?;
    Ok(done(notice))
}

async fn set_roles(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let (user, _) = member(&state, &ctx, &id).await?;
    let roles = match ticked_roles(&fields) {
        Ok(r) => r,
        Err(key) => return admin_view(&state, &ctx, None, Some(Refusal::new("roles", key))).await,
    };
    let notice = if roles.is_empty() { "removed" } else { "roles" };
    change_roles(&state, &ctx, &user, &roles, notice).await
}

async fn remove_user(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let (user, _) = member(&state, &ctx, &id).await?;
    change_roles(&state, &ctx, &user, &[], "removed").await
}

#[derive(Template)]
#[template(path = "admin_token.html")]
struct TokenPage {
    page: Page,
    name: String,
    user: String,
    token: String,
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
    user: String,
}

async fn create_token(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let Some(name) = valid_name(&form.name, 100) else {
        return admin_view(
            &state,
            &ctx,
            None,
            Some(Refusal {
                token_name: form.name.chars().take(100).collect(),
                ..Refusal::new("token", "admin.err_token_name")
            }),
        )
        .await;
    };
    let (user, _) = member(&state, &ctx, &form.user).await?;
    let token = crate::api::new_token();
    let id = state
        .store
        .create_api_token(ctx.org_id(), user.id, &name, &auth::token_hash(&token))
        .await?;
    audit(
        &state,
        &ctx,
        "admin.token.create",
        &format!("#{id} {name} ({})", user.email),
    )
    .await?;
    // Shown in this response only: the database keeps just its hash.
    render(&TokenPage {
        page: Page::new(&ctx, "admin", ctx.t("admin.token_title")),
        name,
        user: user.name,
        token,
    })
}

async fn revoke_token(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    if !state.store.revoke_api_token(ctx.org_id(), id).await? {
        return Err(AppError::NotFound);
    }
    audit(&state, &ctx, "admin.token.revoke", &format!("#{id}")).await?;
    Ok(done("revoked"))
}

pub struct AuditRow {
    pub at: String,
    pub user: String,
    pub action: String,
    pub detail: String,
    pub ip: String,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    page: Page,
    rows: Vec<AuditRow>,
}

async fn audit_log(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    ctx.require(Role::Admin)?;
    let rows = state
        .store
        .audit_log(ctx.org_id(), 200)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            at: fmt::datetime(e.at),
            user: e.user_name,
            action: e.action,
            detail: e.detail,
            ip: e.ip,
        })
        .collect();
    render(&AuditPage {
        page: Page::new(&ctx, "admin", ctx.t("admin.audit")),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_need_ten_digits_and_the_check_digit() {
        assert_eq!(valid_orgnr("212000-0142").as_deref(), Some("212000-0142"));
        assert_eq!(valid_orgnr("2120000142").as_deref(), Some("212000-0142"));
        assert_eq!(
            valid_orgnr("SE212000014201").as_deref(),
            Some("212000-0142")
        );
        assert_eq!(valid_orgnr(" ").as_deref(), Some(""));
        assert_eq!(valid_orgnr("212000-0143"), None);
        assert_eq!(valid_orgnr("21200-0142"), None);
        assert_eq!(valid_orgnr("2120x00142"), None);
    }

    #[test]
    fn emails_and_passwords() {
        assert!(valid_email("a.b@kommun.se"));
        assert!(!valid_email("a.b@kommun"));
        assert!(!valid_email("@kommun.se"));
        assert!(!valid_email("a b@kommun.se"));
        assert!(valid_password("tolv tecken!"));
        assert!(!valid_password("elva tecken"));
        assert!(valid_password("åäöåäöåäöåäö"));
    }

    #[test]
    fn ticked_roles_refuse_unknown_keys() {
        let fields = |v: &[&str]| -> Vec<(String, String)> {
            v.iter()
                .map(|r| ("role".to_string(), r.to_string()))
                .collect()
        };
        assert_eq!(
            ticked_roles(&fields(&["politiker", "admin", "admin"])),
            Ok(vec![Role::Admin, Role::Politiker])
        );
        assert_eq!(ticked_roles(&fields(&["kung"])), Err("admin.err_role"));
    }
}
