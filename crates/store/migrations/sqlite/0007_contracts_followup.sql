-- Contract follow-up and measured results (issue 6): the contract register,
-- follow-up items per chosen criterion, supplier reports with their measured
-- values, deviations with actions and sanctions, goals, and the publication of
-- good examples. Dates are 'YYYY-MM-DD' text, timestamps unix seconds, money
-- öre. A procurement's measured result is computed from these rows and the
-- baseline on `procurements`; it is not stored, so it can always show how it
-- was computed.

-- What an organisation shares with its coordinating body (samordnare):
-- a procurement's results, criteria levels and contract dates.
ALTER TABLE procurements ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- Set when the contract came from an award in upphandla; NULL when imported.
    procurement_id INTEGER REFERENCES procurements(id) ON DELETE SET NULL,
    reference TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    supplier_name TEXT NOT NULL,
    -- NNNNNN-NNNN (normalised) or '' when unknown.
    supplier_orgnr TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    -- Options to extend: total months the options can add, and the last
    -- possible end date with every option used.
    extension_months INTEGER NOT NULL DEFAULT 0,
    final_end_date TEXT NOT NULL,
    options_note TEXT NOT NULL DEFAULT '',
    value_ore INTEGER,
    cpv TEXT NOT NULL DEFAULT '',
    -- A spend category id from data/spend/categories.csv, or ''.
    category TEXT NOT NULL DEFAULT '',
    manager_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- 'import' | 'award' | 'manual'
    source TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    demo INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX contracts_org_end ON contracts(org_id, end_date);
CREATE INDEX contracts_org_supplier ON contracts(org_id, supplier_orgnr);
CREATE UNIQUE INDEX contracts_procurement ON contracts(procurement_id) WHERE procurement_id IS NOT NULL;

-- One item per chosen criterion (or added by hand): what is checked, how,
-- how often, by whom, with what evidence, and, when the requirement is a
-- number, the metric and the limit a report is checked against.
CREATE TABLE followup_items (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL,
    how TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    -- a core::criteria::FollowUpWhen key (vid_leverans, manadsvis, ...)
    frequency TEXT NOT NULL,
    next_due TEXT,
    -- the role key responsible (avtalsansvarig by default)
    role TEXT NOT NULL DEFAULT 'avtalsansvarig',
    metric TEXT NOT NULL DEFAULT '',
    -- '>=' or '<=' or '' (no numeric check)
    comparator TEXT NOT NULL DEFAULT '',
    threshold REAL,
    -- 'open' | 'done'
    status TEXT NOT NULL DEFAULT 'open',
    last_checked TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX followup_items_contract ON followup_items(contract_id);
CREATE INDEX followup_items_due ON followup_items(org_id, status, next_due);

-- A supplier's report for a period, entered in a form or uploaded.
CREATE TABLE supplier_reports (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    -- 'form' | 'upload'
    source TEXT NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    entered_by INTEGER,
    received_at INTEGER NOT NULL
);
CREATE INDEX supplier_reports_contract ON supplier_reports(contract_id);
-- One measured quantity of a report, e.g. ('hvo100_l', 8400.0).
CREATE TABLE report_values (
    report_id INTEGER NOT NULL REFERENCES supplier_reports(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (report_id, metric)
);

-- A deviation found in follow-up: what, the action demanded, its deadline,
-- the sanction and its amount, and the status until it is closed.
CREATE TABLE deviations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    item_id INTEGER REFERENCES followup_items(id) ON DELETE SET NULL,
    report_id INTEGER REFERENCES supplier_reports(id) ON DELETE SET NULL,
    found_on TEXT NOT NULL,
    description TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    -- '' | 'rattelse' | 'prisavdrag' | 'vite' | 'uppsagning' | 'havning' | 'skadestand'
    sanction TEXT NOT NULL DEFAULT '',
    -- the advantage the supplier gained by not meeting the requirement, and the sanction amount
    advantage_ore INTEGER,
    sanction_ore INTEGER,
    -- 'oppen' | 'atgardas' | 'stangd'
    status TEXT NOT NULL DEFAULT 'oppen',
    closed_on TEXT,
    closing_note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX deviations_contract ON deviations(contract_id);
CREATE INDEX deviations_org_status ON deviations(org_id, status);

-- A goal of an organisation (kommun, region) or of a coordinating body for
-- its region: a measured quantity, its base year value and the target.
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- e.g. 'fossilfri_fordonsbransle', 'minskning_inkop_co2e', 'minskning_energi'
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    base_year INTEGER NOT NULL,
    base_value REAL NOT NULL,
    target_year INTEGER NOT NULL,
    target_value REAL NOT NULL,
    unit TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    shared INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX goals_org ON goals(org_id);

-- A completed procurement published as a good example to every organisation,
-- named or anonymised. Only what is written here and the procurement's
-- criteria, LCC and measured results are shown.
CREATE TABLE good_examples (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    procurement_id INTEGER NOT NULL UNIQUE REFERENCES procurements(id) ON DELETE CASCADE,
    anonymised INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    -- a criteria product group id (fordon, belysning, ...)
    product_group TEXT NOT NULL,
    summary TEXT NOT NULL,
    lessons TEXT NOT NULL DEFAULT '',
    published_by INTEGER,
    published_at INTEGER NOT NULL
);
CREATE INDEX good_examples_group ON good_examples(product_group);
