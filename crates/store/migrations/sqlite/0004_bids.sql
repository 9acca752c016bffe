-- Bids and sealing (issue 5): one tender call per procurement (deadline,
-- award method, linked LCC model, the submission link's token hash, the
-- opening record), the bids received through that link, the latest
-- evaluation and the award decision. Timestamps unix seconds, money öre,
-- dates 'YYYY-MM-DD'. Bid contents are read only through Store::bids, which
-- refuses until the opening is recorded.
CREATE TABLE tender_calls (
    procurement_id INTEGER PRIMARY KEY REFERENCES procurements(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    deadline INTEGER NOT NULL,
    award_method TEXT NOT NULL,
    lcc_model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
    -- The model as it was when the call was set up: the evaluation uses this copy.
    lcc_model_name TEXT NOT NULL DEFAULT '',
    lcc_model_text TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    token_set_at INTEGER NOT NULL,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    opened_at INTEGER,
    opened_by INTEGER
);
CREATE INDEX tender_calls_org ON tender_calls(org_id);
CREATE TABLE bids (
    id INTEGER PRIMARY KEY,
    procurement_id INTEGER NOT NULL REFERENCES tender_calls(procurement_id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    receipt TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    supplier_name TEXT NOT NULL,
    supplier_orgnr TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    price_ore INTEGER NOT NULL,
    investment_ore INTEGER,
    carrier_id TEXT,
    consumption REAL,
    maintenance_ore INTEGER,
    residual_ore INTEGER,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (procurement_id, receipt)
);
CREATE INDEX bids_procurement ON bids(org_id, procurement_id);
CREATE TABLE bid_evaluations (
    procurement_id INTEGER PRIMARY KEY REFERENCES tender_calls(procurement_id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    tender_toml TEXT NOT NULL,
    lcc_toml TEXT NOT NULL DEFAULT '',
    result_json TEXT NOT NULL,
    first_bid_id INTEGER,
    computed_at INTEGER NOT NULL,
    computed_by INTEGER
);
CREATE TABLE awards (
    procurement_id INTEGER PRIMARY KEY REFERENCES tender_calls(procurement_id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    bid_id INTEGER NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
    reasons TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    decided_by INTEGER,
    evaluation_json TEXT NOT NULL DEFAULT '',
    winner_kg_co2e REAL,
    winner_kwh REAL,
    reference_kg_co2e REAL,
    reference_kwh REAL,
    notice_sent TEXT,
    standstill_end TEXT,
    contract_signed TEXT
);
