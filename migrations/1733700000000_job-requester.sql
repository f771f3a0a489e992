-- Up Migration
-- Who submitted a job (the gateway's token name, its collection.newsroom.dev/requested-by annotation),
-- mirrored beside it so lists can show it; null for a job applied with kubectl.
ALTER TABLE jobs ADD COLUMN requested_by text;

-- Down Migration
ALTER TABLE jobs DROP COLUMN requested_by;
