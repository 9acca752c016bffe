-- Activity baselines from quantities (issue 6 follow-up): the previous
-- contract's quantities per year (litres, Nm³, kWh of a core::metrics
-- Fuel/Energy key) a baseline was computed from, and the baseline's CO2e
-- range (low/high kg over the baseline's period) from the same activity
-- factors as follow-up. Older baselines have no quantities and NULL low/high;
-- they are shown as before (a point, or the spend import's range).
-- Written together with the baseline columns on `procurements` in one
-- transaction; replacing or clearing the baseline removes them.

ALTER TABLE procurements ADD COLUMN baseline_kg_low DOUBLE PRECISION;
ALTER TABLE procurements ADD COLUMN baseline_kg_high DOUBLE PRECISION;

CREATE TABLE baseline_quantities (
    procurement_id BIGINT NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
    -- a core::metrics key, e.g. 'diesel_l'
    metric TEXT NOT NULL,
    quantity_per_year DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (procurement_id, metric)
);
