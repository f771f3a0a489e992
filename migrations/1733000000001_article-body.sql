-- Up Migration
-- What the predecessor kept and this schema did not: the article's body text as its page shows it
-- (paragraphs joined by a blank line) and the time the site says it was last modified.
ALTER TABLE articles ADD COLUMN body text, ADD COLUMN modified_at timestamptz;

-- Down Migration
ALTER TABLE articles DROP COLUMN body, DROP COLUMN modified_at;
