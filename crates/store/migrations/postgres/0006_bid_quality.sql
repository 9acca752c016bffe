-- Quality criteria of a call (value deduction, relative scoring: the
-- criteria, the price's weight and whether the price part is the LCC) as
-- JSON, and the buyer's points on them per bid, set after the opening.
ALTER TABLE tender_calls ADD COLUMN quality_json TEXT NOT NULL DEFAULT '';
ALTER TABLE bids ADD COLUMN scores_json TEXT NOT NULL DEFAULT '';
