-- Up Migration
-- Comment refreshes: collecting an article's comments again updates the rows it finds and adds the new
-- ones, and each row says when it was first seen, last seen and last changed (likes, dislikes, replies,
-- deleted or text different from what was stored). collected_at was already the time of the latest
-- write, so it becomes last_seen_at. Existing rows were seen once as far as anyone can tell: first seen,
-- last seen and changed all take that time.
ALTER TABLE comments RENAME COLUMN collected_at TO last_seen_at;
ALTER TABLE comments ADD COLUMN first_seen_at timestamptz, ADD COLUMN changed_at timestamptz;
UPDATE comments SET first_seen_at = last_seen_at, changed_at = last_seen_at;
ALTER TABLE comments ALTER COLUMN first_seen_at SET NOT NULL, ALTER COLUMN first_seen_at SET DEFAULT now(),
                     ALTER COLUMN changed_at SET NOT NULL, ALTER COLUMN changed_at SET DEFAULT now();
-- "What a run added": the data filters first_seen_after / changed_after.
CREATE INDEX comments_first_seen ON comments (first_seen_at, id);
CREATE INDEX comments_changed ON comments (changed_at, id);

-- Each comments task counts the rows it added and the rows whose content it changed.
ALTER TABLE tasks ADD COLUMN comments_new integer NOT NULL DEFAULT 0, ADD COLUMN comments_changed integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE tasks DROP COLUMN comments_new, DROP COLUMN comments_changed;
DROP INDEX comments_changed;
DROP INDEX comments_first_seen;
ALTER TABLE comments DROP COLUMN first_seen_at, DROP COLUMN changed_at;
ALTER TABLE comments RENAME COLUMN last_seen_at TO collected_at;
