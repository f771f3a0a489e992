-- Up Migration
-- What a task was shown and did not store: search results that did not read, comments shown but not
-- stored, article pages that did not read (their articles kept as the search result showed them), and
-- the first of those items in detail (field, selector, what was found, what was expected). The job's
-- DataComplete condition is read from these beside the failed tasks.
ALTER TABLE tasks
  ADD COLUMN results_shown integer NOT NULL DEFAULT 0,
  ADD COLUMN results_unread integer NOT NULL DEFAULT 0,
  ADD COLUMN comments_unread integer NOT NULL DEFAULT 0,
  ADD COLUMN pages_unread integer NOT NULL DEFAULT 0,
  ADD COLUMN unread jsonb;

-- Down Migration
ALTER TABLE tasks
  DROP COLUMN results_shown,
  DROP COLUMN results_unread,
  DROP COLUMN comments_unread,
  DROP COLUMN pages_unread,
  DROP COLUMN unread;
