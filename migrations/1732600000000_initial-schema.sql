-- Up Migration
-- The work and the data of the collector. PostgreSQL is the source of truth for tasks (the outbox the
-- operator publishes from); articles and comments are keyed by their identity so reruns add nothing.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- Mirror of every CollectionJob (spec + status) for the gateway, which never reads the apiserver.
CREATE TABLE jobs (
  uid            uuid PRIMARY KEY,
  namespace      text NOT NULL,
  name           text NOT NULL,
  request_id     text UNIQUE,
  department     text,
  type           text NOT NULL CHECK (type IN ('Metadata', 'Comments')),
  method         text,
  source         text NOT NULL DEFAULT 'naver',
  keywords       text[] NOT NULL DEFAULT '{}',
  priority       smallint,
  phase          text NOT NULL DEFAULT 'Pending',
  suspended      boolean NOT NULL DEFAULT false,
  tasks_total    integer NOT NULL DEFAULT 0,
  tasks_pending  integer NOT NULL DEFAULT 0,
  tasks_queued   integer NOT NULL DEFAULT 0,
  tasks_running  integer NOT NULL DEFAULT 0,
  tasks_succeeded integer NOT NULL DEFAULT 0,
  tasks_failed   integer NOT NULL DEFAULT 0,
  tasks_cancelled integer NOT NULL DEFAULT 0,
  articles       bigint NOT NULL DEFAULT 0,
  comments       bigint NOT NULL DEFAULT 0,
  progress       smallint NOT NULL DEFAULT 0,
  message        text,
  spec           jsonb NOT NULL,
  status         jsonb NOT NULL DEFAULT '{}',
  is_test        boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  admitted_at    timestamptz,
  started_at     timestamptz,
  completed_at   timestamptz,
  deleted_at     timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (namespace, name)
);
CREATE INDEX jobs_department_created ON jobs (department, created_at DESC, uid);
CREATE INDEX jobs_type_created ON jobs (type, created_at DESC, uid);
CREATE INDEX jobs_created ON jobs (created_at DESC, uid);
CREATE INDEX jobs_phase ON jobs (phase) WHERE phase NOT IN ('Complete', 'Failed');

-- Mirror of the Departments, for the gateway's authorisation and status pages.
CREATE TABLE departments (
  name        text PRIMARY KEY,
  namespaces  text[] NOT NULL,
  spec        jsonb NOT NULL,
  status      jsonb NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Every task of every job. Ids are deterministic (UUIDv5 of job uid + shard key), so planning twice
-- inserts nothing new.
CREATE TABLE tasks (
  id               uuid PRIMARY KEY,
  job_uid          uuid NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('metadata', 'comments')),
  shard_key        text NOT NULL,
  shard            jsonb NOT NULL,
  department       text,
  priority         smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9),
  state            text NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts         integer NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_expires_at timestamptz,
  not_before       timestamptz,
  last_error       text,
  error_kind       text,
  articles         integer NOT NULL DEFAULT 0,
  comments         integer NOT NULL DEFAULT 0,
  pages            integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  queued_at        timestamptz,
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (job_uid, shard_key)
);
CREATE INDEX tasks_job_state ON tasks (job_uid, state);
CREATE INDEX tasks_pending ON tasks (department, priority DESC, created_at) WHERE state = 'pending';
CREATE INDEX tasks_in_flight ON tasks (department, state) WHERE state IN ('queued', 'running');
CREATE INDEX tasks_lease ON tasks (lease_expires_at) WHERE state = 'running';

-- Articles, once each, by their identity on the source: (oid, aid) for portal articles, else the
-- canonical URL.
CREATE TABLE articles (
  id                 bigserial PRIMARY KEY,
  source             text NOT NULL,
  identity           text NOT NULL,
  oid                text,
  aid                text,
  portal_url         text,
  original_url       text,
  title              text NOT NULL,
  description        text,
  publisher          text,
  publisher_domain   text,
  section            text,
  byline             text,
  published_at       timestamptz,
  first_collected_at timestamptz NOT NULL DEFAULT now(),
  last_collected_at  timestamptz NOT NULL DEFAULT now(),
  is_test            boolean NOT NULL DEFAULT false,
  raw                jsonb,
  UNIQUE (source, identity)
);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);
CREATE INDEX articles_publisher ON articles (publisher, published_at DESC);
CREATE INDEX articles_title_trgm ON articles USING gin (title gin_trgm_ops);

-- Which job (and keyword) found or asked for which article.
CREATE TABLE job_articles (
  job_uid    uuid NOT NULL REFERENCES jobs (uid) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  keyword    text NOT NULL DEFAULT '',
  task_id    uuid,
  found_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_uid, article_id, keyword)
);
CREATE INDEX job_articles_article ON job_articles (article_id);
CREATE INDEX job_articles_keyword ON job_articles (keyword, article_id);

-- Comments, once each per article, replies pointing at their parent.
CREATE TABLE comments (
  id                bigserial PRIMARY KEY,
  article_id        bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  comment_no        bigint NOT NULL,
  parent_comment_no bigint,
  author            text,
  text              text,
  written_at        timestamptz,
  modified_at       timestamptz,
  likes             integer NOT NULL DEFAULT 0,
  dislikes          integer NOT NULL DEFAULT 0,
  reply_count       integer NOT NULL DEFAULT 0,
  is_reply          boolean NOT NULL DEFAULT false,
  is_deleted        boolean NOT NULL DEFAULT false,
  collected_at      timestamptz NOT NULL DEFAULT now(),
  raw               jsonb,
  UNIQUE (article_id, comment_no)
);
CREATE INDEX comments_article_written ON comments (article_id, written_at, id);
CREATE INDEX comments_written ON comments (written_at DESC, id DESC);

-- Job-scoped log lines a user needs (started, pages read, retries and their reasons, finished).
CREATE TABLE job_logs (
  id        bigserial PRIMARY KEY,
  job_uid   uuid,
  task_id   uuid,
  time      timestamptz NOT NULL DEFAULT now(),
  level     smallint NOT NULL,
  component text NOT NULL,
  message   text NOT NULL,
  fields    jsonb
);
CREATE INDEX job_logs_job ON job_logs (job_uid, id);
CREATE INDEX job_logs_time ON job_logs (time, id);

-- The operator's latest view of the fleet (queues, Grid, workers), served by /resources/usage.
CREATE TABLE resource_snapshots (
  pool      text PRIMARY KEY,
  taken_at  timestamptz NOT NULL DEFAULT now(),
  data      jsonb NOT NULL
);

-- Down Migration
DROP TABLE resource_snapshots, job_logs, comments, job_articles, articles, tasks, departments, jobs;
