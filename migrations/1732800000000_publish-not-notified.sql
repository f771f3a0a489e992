-- Up Migration
-- The dispatcher's own publish (pending -> queued) no longer notifies newsroom_tasks: the dispatcher
-- tells the job and pool controllers itself, and a notification would only wake the dispatcher for a
-- round with nothing new (at a steady arrival rate every new job then waited for that empty round).
CREATE OR REPLACE FUNCTION newsroom_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF TG_OP = 'UPDATE'
     AND (OLD.state IS DISTINCT FROM NEW.state OR OLD.articles IS DISTINCT FROM NEW.articles OR OLD.comments IS DISTINCT FROM NEW.comments)
     AND NOT (OLD.state = 'pending' AND NEW.state = 'queued' AND OLD.articles IS NOT DISTINCT FROM NEW.articles AND OLD.comments IS NOT DISTINCT FROM NEW.comments) THEN
    PERFORM pg_notify('newsroom_tasks', NEW.job_uid::text);
  END IF;
  RETURN NEW;
END $$;

-- Down Migration
CREATE OR REPLACE FUNCTION newsroom_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF TG_OP = 'UPDATE' AND (OLD.state IS DISTINCT FROM NEW.state OR OLD.articles IS DISTINCT FROM NEW.articles OR OLD.comments IS DISTINCT FROM NEW.comments) THEN
    PERFORM pg_notify('newsroom_tasks', NEW.job_uid::text);
  END IF;
  RETURN NEW;
END $$;
