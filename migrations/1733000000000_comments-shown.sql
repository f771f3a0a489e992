-- Up Migration
-- What the site said an article has, beside what a comments task stored: a shortfall is visible in
-- the task, the job's status ("stored of shown") and its log. NULL: the site shows no count.
ALTER TABLE tasks ADD COLUMN comments_shown integer;

-- Down Migration
ALTER TABLE tasks DROP COLUMN comments_shown;
