-- SQLite stores blobs uncompressed already; the migration exists so both
-- backends share version numbers.
SELECT 1;
