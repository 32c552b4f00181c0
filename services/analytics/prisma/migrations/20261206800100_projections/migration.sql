-- Projections of the business facts, one table per event family keyed by the source fact id
-- (each row is the latest state of its fact; `version` keeps a late, older event from undoing
-- a newer one), and one daily rollup maintained in the same transaction as the facts.
-- Everything here can be truncated and rebuilt from the topics (see src/cli/rebuild.ts).

-- Which consumer-group generation fills the projections: a rebuild bumps it, so the new
-- group reads every topic from the beginning.
CREATE TABLE "projection_generation" (
  "id"         int         NOT NULL PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
  "generation" int         NOT NULL,
  "rebuilt_at" timestamptz NOT NULL DEFAULT now()
);
INSERT INTO "projection_generation" ("id", "generation") VALUES (1, 1);

ALTER TABLE "lead_facts"
  ADD COLUMN "department_path" text   NOT NULL DEFAULT '',
  ADD COLUMN "converted_at"    timestamptz(3),
  ADD COLUMN "created_on"      date;

CREATE TABLE "contract_facts" (
  "contract_id"     text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "status"          text    NOT NULL,
  "signed_on"       date,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "customer_id"     text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "amount_minor"    bigint  NOT NULL,
  "currency"        text    NOT NULL,
  -- [{productLine, amountMinor}], the contract's lines summed per product line.
  "lines"           jsonb   NOT NULL
);
CREATE INDEX "contract_facts_tenant_signed_idx" ON "contract_facts" ("tenant_id", "signed_on");

CREATE TABLE "payment_facts" (
  "payment_id"      text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "status"          text    NOT NULL,
  "contract_id"     text    NOT NULL,
  "customer_id"     text    NOT NULL,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "received_on"     date    NOT NULL,
  "amount_minor"    bigint  NOT NULL,
  "currency"        text    NOT NULL,
  "split"           jsonb   NOT NULL
);
CREATE INDEX "payment_facts_tenant_customer_idx" ON "payment_facts" ("tenant_id", "customer_id", "received_on");

CREATE TABLE "visit_facts" (
  "visit_id"        text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "employee_id"     text    NOT NULL,
  "department_path" text    NOT NULL,
  "customer_id"     text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "local_date"      date    NOT NULL,
  "effective"       boolean NOT NULL
);
CREATE INDEX "visit_facts_tenant_customer_idx" ON "visit_facts" ("tenant_id", "customer_id", "local_date");

CREATE TABLE "customer_facts" (
  "customer_id"          text    NOT NULL PRIMARY KEY,
  "tenant_id"            uuid    NOT NULL,
  "version"              bigint  NOT NULL,
  -- Frozen at creation: who the new customer counts for.
  "created_on"           date    NOT NULL,
  "created_owner_id"     text    NOT NULL,
  "department_path"      text    NOT NULL,
  "region"               text    NOT NULL,
  "segment"              text    NOT NULL,
  -- Latest state, for churn risk.
  "name"                 text    NOT NULL,
  "owner_id"             text    NOT NULL,
  "lifecycle"            text    NOT NULL,
  "churn_reason"         text    NOT NULL,
  "last_follow_up_at"    timestamptz(3)
);
CREATE INDEX "customer_facts_tenant_owner_idx" ON "customer_facts" ("tenant_id", "owner_id");

CREATE TABLE "activity_facts" (
  "activity_id"     text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "subject_type"    text    NOT NULL,
  "subject_id"      text    NOT NULL,
  "occurred_at"     timestamptz(3) NOT NULL,
  "occurred_on"     date    NOT NULL
);
CREATE INDEX "activity_facts_tenant_subject_idx" ON "activity_facts" ("tenant_id", "subject_id", "occurred_at");

CREATE TABLE "rating_facts" (
  "rating_id"       text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "customer_id"     text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "rated_on"        date    NOT NULL,
  "score"           int     NOT NULL
);

CREATE TABLE "opportunity_facts" (
  "opportunity_id"  text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "product_line"    text    NOT NULL,
  "amount_minor"    bigint  NOT NULL,
  "status"          text    NOT NULL,
  "closed_on"       date,
  "lost_reason"     text    NOT NULL
);
CREATE INDEX "opportunity_facts_tenant_closed_idx" ON "opportunity_facts" ("tenant_id", "closed_on");

-- One row per stage move (keyed by the event id: the move is the fact).
CREATE TABLE "stage_move_facts" (
  "move_id"          text    NOT NULL PRIMARY KEY,
  "tenant_id"        uuid    NOT NULL,
  "opportunity_id"   text    NOT NULL,
  "owner_id"         text    NOT NULL,
  "department_path"  text    NOT NULL,
  "from_stage_id"    text    NOT NULL,
  "from_stage_name"  text    NOT NULL,
  "from_position"    int     NOT NULL,
  "to_stage_id"      text    NOT NULL,
  "to_stage_name"    text    NOT NULL,
  "to_position"      int     NOT NULL,
  "to_kind"          text    NOT NULL,
  "amount_minor"     bigint  NOT NULL,
  "backwards"        boolean NOT NULL,
  "from_entered_at"  timestamptz(3),
  "changed_at"       timestamptz(3) NOT NULL
);
CREATE INDEX "stage_move_facts_tenant_changed_idx" ON "stage_move_facts" ("tenant_id", "changed_at");
CREATE INDEX "stage_move_facts_opportunity_idx" ON "stage_move_facts" ("tenant_id", "opportunity_id", "changed_at");

-- Sums per tenant x day x employee x department path x product line x region x segment.
-- Counts of whole facts (contracts, payments) sit in the product line '' cell; amounts are
-- split over product lines. Empty string, not NULL, so the key is a plain primary key.
CREATE TABLE "daily_rollups" (
  "tenant_id"            uuid   NOT NULL,
  "day"                  date   NOT NULL,
  "employee_id"          text   NOT NULL,
  "department_path"      text   NOT NULL,
  "product_line"         text   NOT NULL,
  "region"               text   NOT NULL,
  "segment"              text   NOT NULL,
  "contract_amount_minor" bigint NOT NULL DEFAULT 0,
  "contracts"            int    NOT NULL DEFAULT 0,
  "payment_amount_minor" bigint NOT NULL DEFAULT 0,
  "payments"             int    NOT NULL DEFAULT 0,
  "new_customers"        int    NOT NULL DEFAULT 0,
  "leads"                int    NOT NULL DEFAULT 0,
  "converted_leads"      int    NOT NULL DEFAULT 0,
  "visits"               int    NOT NULL DEFAULT 0,
  "effective_visits"     int    NOT NULL DEFAULT 0,
  "ratings"              int    NOT NULL DEFAULT 0,
  "satisfied_ratings"    int    NOT NULL DEFAULT 0,
  "won"                  int    NOT NULL DEFAULT 0,
  "won_amount_minor"     bigint NOT NULL DEFAULT 0,
  "lost"                 int    NOT NULL DEFAULT 0,
  "activities"           int    NOT NULL DEFAULT 0,
  PRIMARY KEY ("tenant_id", "day", "employee_id", "department_path", "product_line", "region", "segment")
);
CREATE INDEX "daily_rollups_tenant_employee_day_idx" ON "daily_rollups" ("tenant_id", "employee_id", "day");

-- lead_facts was filled by the first consumer group without the columns above: empty it and
-- let generation 1 (group analytics.projections.g1) replay the lead topic from the start.
TRUNCATE "lead_facts";
DELETE FROM "salesflow_inbox" WHERE "consumer_group" = 'analytics.projections';
