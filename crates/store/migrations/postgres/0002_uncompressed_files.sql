-- Uploaded ledgers are stored as they came: compressing a 100 MB file with
-- pglz on every import costs seconds of CPU and saves little on CSV that is
-- read back rarely (only to classify again).
ALTER TABLE import_files ALTER COLUMN content SET STORAGE EXTERNAL;
