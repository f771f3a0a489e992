-- Up Migration
-- The gateway reads CollectionSchedules as it reads CollectionJobs: from a mirror the operator keeps
-- (spec + status), never from the apiserver. A schedule deleted and created again under the same name
-- is a new row (new uid); the name is unique among the live ones.
CREATE TABLE schedules (
  uid        uuid PRIMARY KEY,
  namespace  text NOT NULL,
  name       text NOT NULL,
  spec       jsonb NOT NULL,
  status     jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  deleted_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX schedules_namespace_name_live ON schedules (namespace, name) WHERE deleted_at IS NULL;
CREATE INDEX schedules_created ON schedules (created_at DESC, uid);

-- The schedule a job was created by (its collection.newsroom.dev/schedule label), for the job views.
ALTER TABLE jobs ADD COLUMN schedule text;
CREATE INDEX jobs_schedule ON jobs (namespace, schedule, created_at DESC) WHERE schedule IS NOT NULL;

-- Down Migration
DROP INDEX jobs_schedule;
ALTER TABLE jobs DROP COLUMN schedule;
DROP TABLE schedules;
