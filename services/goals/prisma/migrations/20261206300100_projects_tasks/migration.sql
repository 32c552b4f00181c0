-- Projects, tasks, task comments and history, task settings (DOMAIN §1: targets become
-- projects with tasks; 评价和反馈; 消息提醒).
CREATE TYPE "ProjectStatus" AS ENUM ('ACTIVE', 'ARCHIVED');
CREATE TYPE "TaskStatus" AS ENUM ('TODO', 'IN_PROGRESS', 'DONE', 'CANCELLED');
CREATE TYPE "TaskPriority" AS ENUM ('P0', 'P1', 'P2', 'P3');

CREATE TABLE "projects" (
  "id"          uuid            NOT NULL PRIMARY KEY,
  "tenant_id"   uuid            NOT NULL,
  "name"        text            NOT NULL,
  "description" text            NOT NULL DEFAULT '',
  "target_id"   text            NOT NULL DEFAULT '',
  "owner_id"    uuid            NOT NULL,
  "member_ids"  uuid[]          NOT NULL DEFAULT '{}',
  "status"      "ProjectStatus" NOT NULL DEFAULT 'ACTIVE',
  "start_date"  date,
  "end_date"    date,
  "version"     integer         NOT NULL DEFAULT 1,
  "created_by"  uuid            NOT NULL,
  "created_at"  timestamptz(3)  NOT NULL DEFAULT now(),
  "updated_at"  timestamptz(3)  NOT NULL DEFAULT now()
);
CREATE INDEX "projects_tenant_id_created_at_idx" ON "projects" ("tenant_id", "created_at");
CREATE INDEX "projects_member_ids_idx" ON "projects" USING GIN ("member_ids");

CREATE TABLE "tasks" (
  "id"                 uuid           NOT NULL PRIMARY KEY,
  "tenant_id"          uuid           NOT NULL,
  "title"              text           NOT NULL,
  "description"        text           NOT NULL DEFAULT '',
  "assignee_id"        uuid           NOT NULL,
  "creator_id"         uuid           NOT NULL,
  "due_at"             timestamptz(3),
  "priority"           "TaskPriority" NOT NULL DEFAULT 'P2',
  "status"             "TaskStatus"   NOT NULL DEFAULT 'TODO',
  "parent_id"          uuid,
  "project_id"         uuid,
  "customer_id"        uuid,
  "opportunity_id"     uuid,
  "completed_at"       timestamptz(3),
  -- When goals.task.due_soon / overdue went out for the current due time; a new due time clears them.
  "due_soon_sent_at"   timestamptz(3),
  "overdue_sent_at"    timestamptz(3),
  "version"            integer        NOT NULL DEFAULT 1,
  "created_at"         timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"         timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "tasks_tenant_id_assignee_id_status_idx" ON "tasks" ("tenant_id", "assignee_id", "status");
CREATE INDEX "tasks_tenant_id_due_at_idx" ON "tasks" ("tenant_id", "due_at");
CREATE INDEX "tasks_project_id_idx" ON "tasks" ("project_id");
CREATE INDEX "tasks_parent_id_idx" ON "tasks" ("parent_id");
-- The reminder job's scan: open tasks with a due time and a reminder still to send.
CREATE INDEX "tasks_open_due_idx" ON "tasks" ("due_at")
  WHERE "status" IN ('TODO', 'IN_PROGRESS') AND "due_at" IS NOT NULL AND "overdue_sent_at" IS NULL;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_fkey"
  FOREIGN KEY ("parent_id") REFERENCES "tasks" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_project_id_fkey"
  FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "task_comments" (
  "id"         uuid           NOT NULL PRIMARY KEY,
  "tenant_id"  uuid           NOT NULL,
  "task_id"    uuid           NOT NULL REFERENCES "tasks" ("id") ON DELETE CASCADE,
  "author_id"  uuid           NOT NULL,
  "body"       text           NOT NULL,
  "rating"     smallint       CHECK ("rating" BETWEEN 1 AND 5),
  "created_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "task_comments_task_id_created_at_idx" ON "task_comments" ("task_id", "created_at");

CREATE TABLE "task_history" (
  "id"         uuid           NOT NULL PRIMARY KEY,
  "tenant_id"  uuid           NOT NULL,
  "task_id"    uuid           NOT NULL REFERENCES "tasks" ("id") ON DELETE CASCADE,
  "action"     text           NOT NULL,
  "actor_id"   uuid,
  "before"     jsonb          NOT NULL DEFAULT '{}',
  "after"      jsonb          NOT NULL DEFAULT '{}',
  "created_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "task_history_task_id_created_at_idx" ON "task_history" ("task_id", "created_at");

CREATE TABLE "task_settings" (
  "tenant_id"             uuid           NOT NULL PRIMARY KEY,
  "due_soon_lead_minutes" integer        NOT NULL DEFAULT 1440,
  "updated_at"            timestamptz(3) NOT NULL DEFAULT now()
);
