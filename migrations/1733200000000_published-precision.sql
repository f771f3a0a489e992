-- Up Migration
-- How exact published_at is. published_at holds the start of the interval the site's words allow, in
-- Asia/Seoul at that precision (midnight for a day); only second and minute are exact times. A time
-- known only to the day used to be stored as a made-up 00:00:00 or 23:59:59 (a relative "2주 전" pinned
-- to an edge of the day searched): such rows become that day at day precision.
ALTER TABLE articles ADD COLUMN published_precision text
  CHECK (published_precision IN ('second', 'minute', 'hour', 'day', 'week', 'month'));

UPDATE articles SET published_precision = CASE raw->>'datePrecision'
    WHEN 'exact' THEN 'second'
    WHEN 'second' THEN 'second'
    WHEN 'minute' THEN 'minute'
    WHEN 'hour' THEN 'hour'
    ELSE 'day' END
  WHERE published_at IS NOT NULL;

-- Relative readings were pinned inside the day searched (raw.day); an hour or a minute pinned to the
-- day's edge says only the day.
UPDATE articles SET published_precision = 'day'
  WHERE published_precision IN ('hour', 'minute')
    AND to_char(published_at AT TIME ZONE 'Asia/Seoul', 'HH24:MI:SS') IN ('23:59:59', '00:00:00');
UPDATE articles
  SET published_at = (coalesce(raw->>'day', to_char(published_at AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD'))::date)::timestamp AT TIME ZONE 'Asia/Seoul'
  WHERE published_precision = 'day';

-- Down Migration
ALTER TABLE articles DROP COLUMN published_precision;
