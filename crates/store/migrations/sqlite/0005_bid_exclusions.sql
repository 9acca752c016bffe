-- Bids left out of the evaluation after the opening (not qualified, not
-- compliant, withdrawn or replaced by the bidder), with the reason, when and
-- by whom. The bid itself is kept: it was received and is part of the record.
ALTER TABLE bids ADD COLUMN excluded_reason TEXT;
ALTER TABLE bids ADD COLUMN excluded_at INTEGER;
ALTER TABLE bids ADD COLUMN excluded_by INTEGER;
