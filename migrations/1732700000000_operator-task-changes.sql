-- Up Migration
-- The operator follows task outcomes without polling: every change of a task's state or counts
-- notifies channel newsroom_tasks with the job uid (PostgreSQL delivers identical notifications of one
-- transaction once), and updated_at is kept current on every update.
CREATE FUNCTION newsroom_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  IF TG_OP = 'UPDATE' AND (OLD.state IS DISTINCT FROM NEW.state OR OLD.articles IS DISTINCT FROM NEW.articles OR OLD.comments IS DISTINCT FROM NEW.comments) THEN
    PERFORM pg_notify('newsroom_tasks', NEW.job_uid::text);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_changed BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION newsroom_task_changed();

-- A CollectionJob deleted and created again under the same name is a new job (new uid): the name is
-- unique only among jobs that still exist.
ALTER TABLE jobs DROP CONSTRAINT jobs_namespace_name_key;
CREATE UNIQUE INDEX jobs_namespace_name_live ON jobs (namespace, name) WHERE deleted_at IS NULL;
CREATE INDEX jobs_namespace_name ON jobs (namespace, name);

-- Down Migration
DROP INDEX jobs_namespace_name;
DROP INDEX jobs_namespace_name_live;
ALTER TABLE jobs ADD CONSTRAINT jobs_namespace_name_key UNIQUE (namespace, name);
DROP TRIGGER tasks_changed ON tasks;
DROP FUNCTION newsroom_task_changed();
