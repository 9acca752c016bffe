-- Organisations, people, sessions, audit, spend imports and LCC models.
-- Integers are 64-bit (öre, unix seconds); the PostgreSQL twin uses BIGINT throughout.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    orgnr TEXT NOT NULL DEFAULT '',
    demo INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE coordination (
    coordinator_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    PRIMARY KEY (coordinator_id, member_id)
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    org_id INTEGER,
    user_id INTEGER,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_org ON audit_log(org_id, at);
CREATE TABLE rule_files (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER,
    PRIMARY KEY (org_id, kind)
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    uploaded_by INTEGER,
    uploaded_at INTEGER NOT NULL,
    analysed_at INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    total_ore INTEGER NOT NULL,
    kg_co2e REAL NOT NULL,
    share_classified REAL NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    demo INTEGER NOT NULL DEFAULT 0,
    report_json TEXT NOT NULL,
    meta_json TEXT NOT NULL
);
CREATE INDEX imports_org ON imports(org_id);
CREATE TABLE import_files (
    import_id INTEGER PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
    content BLOB NOT NULL
);
CREATE TABLE ledger_lines (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    date TEXT NOT NULL,
    unit TEXT NOT NULL,
    account TEXT NOT NULL,
    supplier_id TEXT NOT NULL,
    supplier_name TEXT NOT NULL,
    description TEXT NOT NULL,
    cpv TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    category TEXT NOT NULL,
    rule TEXT NOT NULL,
    kg_co2e REAL NOT NULL
);
CREATE INDEX ledger_lines_import ON ledger_lines(import_id, line_no);
CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    template TEXT NOT NULL,
    content TEXT NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX models_org ON models(org_id, kind);
