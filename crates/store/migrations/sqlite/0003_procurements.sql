-- Procurements and their process (issue 5): stages, checklists, team, the
-- organisation's RACI adjustments and the chosen criteria. Dates are
-- 'YYYY-MM-DD' text, timestamps unix seconds, money öre.
CREATE TABLE procurements (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    cpv_codes TEXT NOT NULL DEFAULT '',
    spend_category TEXT NOT NULL DEFAULT '',
    estimated_value_ore INTEGER NOT NULL DEFAULT 0,
    contract_start TEXT,
    contract_end TEXT,
    options TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    stage TEXT NOT NULL DEFAULT 'behovsanalys',
    ambition TEXT,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    demo INTEGER NOT NULL DEFAULT 0,
    baseline_method TEXT,
    baseline_kg_co2e REAL,
    baseline_kwh REAL,
    baseline_spend_ore INTEGER,
    baseline_source TEXT NOT NULL DEFAULT '',
    baseline_note TEXT NOT NULL DEFAULT '',
    baseline_by INTEGER,
    baseline_at INTEGER
);
CREATE INDEX procurements_org ON procurements(org_id, status);
CREATE TABLE procurement_stages (
    procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    due_date TEXT,
    closed_at INTEGER,
    closed_by INTEGER,
    override_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (procurement_id, stage)
);
CREATE TABLE checklist_items (
    procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    item_key TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    done_by INTEGER,
    done_at INTEGER,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (procurement_id, stage, item_key)
);
CREATE TABLE procurement_team (
    procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (procurement_id, user_id, role)
);
CREATE INDEX procurement_team_user ON procurement_team(user_id);
CREATE TABLE org_raci (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    role TEXT NOT NULL,
    letter TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, stage, role)
);
CREATE TABLE procurement_criteria (
    procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    criterion_version INTEGER NOT NULL,
    added_by INTEGER,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (procurement_id, criterion_id)
);
