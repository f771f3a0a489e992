-- Up Migration
-- Why a task's last attempt failed, as codes the programs act on (lib/task-errors.ts), beside the
-- plain-words last_error: error_code is what went wrong (layout-changed, blocked, throttled, ...),
-- error_page where it was met (search-page, article-page, ...; NULL when not at a page). No CHECK
-- constraint: the closed set has one home in the code, and a new code needs no migration.
-- Rows written before these columns existed keep NULL: their code is not known.
ALTER TABLE tasks ADD COLUMN error_code text, ADD COLUMN error_page text;

-- Down Migration
ALTER TABLE tasks DROP COLUMN error_code, DROP COLUMN error_page;
