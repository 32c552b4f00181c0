-- Lead pools (线索池 / 公海), pooled leads and the lead operation log (操作日志).
CREATE TYPE "PoolAssignment" AS ENUM ('MANUAL', 'ROUND_ROBIN', 'BY_REGION');

CREATE TABLE "lead_pools" (
  "id"                 uuid             NOT NULL PRIMARY KEY,
  "tenant_id"          uuid             NOT NULL,
  "name"               text             NOT NULL,
  "is_public"          boolean          NOT NULL DEFAULT false,
  "assignment"         "PoolAssignment" NOT NULL DEFAULT 'MANUAL',
  "member_ids"         uuid[]           NOT NULL DEFAULT '{}',
  "region_assignees"   jsonb            NOT NULL DEFAULT '{}',
  "claim_limit"        integer          NOT NULL DEFAULT 0 CHECK ("claim_limit" >= 0),
  "recycle_after_days" integer          NOT NULL DEFAULT 0 CHECK ("recycle_after_days" >= 0),
  -- Index into member_ids of the next round-robin assignee.
  "round_robin_next"   integer          NOT NULL DEFAULT 0,
  "version"            integer          NOT NULL DEFAULT 1,
  "created_at"         timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "lead_pools_tenant_id_name_key" ON "lead_pools" ("tenant_id", "name");

ALTER TABLE "leads"
  ADD COLUMN "pool_id" uuid REFERENCES "lead_pools" ("id"),
  ADD COLUMN "region" text NOT NULL DEFAULT '',
  ADD COLUMN "owner_since" timestamptz(3);
UPDATE "leads" SET "owner_since" = "created_at" WHERE "owner_id" IS NOT NULL;
CREATE INDEX "leads_tenant_id_pool_id_owner_id_idx" ON "leads" ("tenant_id", "pool_id", "owner_id");

CREATE TABLE "lead_operations" (
  "id"          uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "lead_id"     uuid           NOT NULL REFERENCES "leads" ("id") ON DELETE CASCADE,
  "action"      text           NOT NULL,
  "actor_id"    uuid,
  "occurred_at" timestamptz(3) NOT NULL DEFAULT now(),
  "before"      jsonb          NOT NULL DEFAULT '{}',
  "after"       jsonb          NOT NULL DEFAULT '{}'
);
CREATE INDEX "lead_operations_lead_id_occurred_at_idx" ON "lead_operations" ("lead_id", "occurred_at" DESC, "id" DESC);
