-- Up Migration
-- The comment statistics the site shows for an article (current, deleted by author, removed by
-- moderators, writers by gender and age: whatever its profile names), as last read, and when.
ALTER TABLE articles ADD COLUMN comment_stats jsonb, ADD COLUMN comment_stats_at timestamptz;

-- Down Migration
ALTER TABLE articles DROP COLUMN comment_stats, DROP COLUMN comment_stats_at;
