-- Targets grow a period key, dimensions, a lock and their achieved amount; the tenant's goals
-- settings; the facts progress is computed from and each fact's contribution to each node.

ALTER TABLE "targets"
  ADD COLUMN "period_kind"      text,
  ADD COLUMN "period_key"       text,
  ADD COLUMN "product_line"     text,
  ADD COLUMN "region"           text,
  ADD COLUMN "customer_segment" text,
  -- The department path of the scope at creation ("/d1/d7/"; an employee's department's),
  -- for data-scope checks and org decomposition; '' for the tenant scope or when unknown.
  ADD COLUMN "scope_path"       text           NOT NULL DEFAULT '',
  -- Employees this employee target belonged to before a handover: their facts keep counting.
  ADD COLUMN "former_scope_ids" text[]         NOT NULL DEFAULT '{}',
  ADD COLUMN "locked"           boolean        NOT NULL DEFAULT false,
  ADD COLUMN "achieved"         bigint         NOT NULL DEFAULT 0,
  ADD COLUMN "completed_at"     timestamptz(3),
  ADD COLUMN "updated_at"       timestamptz(3) NOT NULL DEFAULT now();
CREATE INDEX "targets_tenant_id_metric_period_start_idx" ON "targets" ("tenant_id", "metric", "period_start");

-- One row per tenant once someone changed a default.
CREATE TABLE "goals_settings" (
  "tenant_id"                  uuid           NOT NULL PRIMARY KEY,
  -- Children may sum to more than their parent (stretch targets); never to less.
  "allow_over_allocation"      boolean        NOT NULL DEFAULT false,
  -- goals.target.behind_pace fires when completion < expected-by-now minus this many points.
  "behind_pace_margin_percent" integer        NOT NULL DEFAULT 10,
  -- Everyone sees sibling leaderboards; otherwise only managers (DEPARTMENT scope or wider).
  "leaderboard_visible_to_all" boolean        NOT NULL DEFAULT false,
  "version"                    integer        NOT NULL DEFAULT 1,
  "updated_at"                 timestamptz(3) NOT NULL DEFAULT now()
);

-- A business fact as it counts for one metric (a signed contract's amount, a payment, a
-- visit), with its attribution frozen at the fact. Amend replaces the row, cancel/reverse
-- sets amount 0 (kept, so a late older version cannot bring it back).
CREATE TABLE "progress_facts" (
  "tenant_id"            uuid        NOT NULL,
  "fact_id"              text        NOT NULL,
  "metric"               "TargetMetric" NOT NULL,
  "fact_date"            date        NOT NULL,
  "owner_id"             text        NOT NULL,
  "department_path"      text        NOT NULL,
  "region"               text        NOT NULL DEFAULT '',
  "customer_segment"     text        NOT NULL DEFAULT '',
  "amount"               bigint      NOT NULL,
  -- {"<product line>": amount}: what a product-line target counts.
  "product_line_amounts" jsonb       NOT NULL DEFAULT '{}',
  "source_version"       bigint      NOT NULL,
  "updated_at"           timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "fact_id", "metric")
);
CREATE INDEX "progress_facts_tenant_metric_date_idx" ON "progress_facts" ("tenant_id", "metric", "fact_date");

-- What one fact adds to one target node: achieved = the sum of its node's rows.
CREATE TABLE "target_contributions" (
  "target_id" uuid   NOT NULL REFERENCES "targets" ("id") ON DELETE CASCADE,
  "tenant_id" uuid   NOT NULL,
  "fact_id"   text   NOT NULL,
  "owner_id"  text   NOT NULL,
  "amount"    bigint NOT NULL,
  PRIMARY KEY ("target_id", "fact_id")
);
CREATE INDEX "target_contributions_fact_idx" ON "target_contributions" ("tenant_id", "fact_id");

-- goals.target.behind_pace goes out at most once per target and day.
CREATE TABLE "behind_pace_notices" (
  "target_id" uuid NOT NULL REFERENCES "targets" ("id") ON DELETE CASCADE,
  "day"       date NOT NULL,
  PRIMARY KEY ("target_id", "day")
);
