-- The KPI sources analytics did not read before (issue 8): expenses (sales cost), daily
-- reports (timeliness), tasks (task completion), goals targets (target completion), and the
-- day a customer churned (churn analysis). Facts follow the shape of 20261206800100: one row
-- per source fact, the latest state, `version` against late older events.

CREATE TABLE "expense_facts" (
  "expense_id"      text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  -- PENDING, APPROVED or REJECTED: only APPROVED counts as sales cost.
  "status"          text    NOT NULL,
  "owner_id"        text    NOT NULL,
  "department_path" text    NOT NULL,
  "customer_id"     text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "expense_date"    date    NOT NULL,
  "amount_minor"    bigint  NOT NULL,
  "currency"        text    NOT NULL
);

CREATE TABLE "daily_report_facts" (
  "report_id"       text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "employee_id"     text    NOT NULL,
  "department_path" text    NOT NULL,
  "report_date"     date    NOT NULL,
  -- Submitted at least once (reviewed and returned reports were submitted).
  "submitted"       boolean NOT NULL,
  -- The latest submission came after the tenant's deadline.
  "late"            boolean NOT NULL
);

CREATE TABLE "task_facts" (
  "task_id"         text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "assignee_id"     text    NOT NULL,
  "department_path" text    NOT NULL,
  -- TODO, IN_PROGRESS, DONE or CANCELLED.
  "status"          text    NOT NULL,
  "due_at"          timestamptz(3),
  -- The due time's calendar day in the reporting time zone: the day the task counts on.
  "due_on"          date,
  "completed_at"    timestamptz(3)
);

CREATE TABLE "target_facts" (
  "target_id"       text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "metric"          text    NOT NULL,
  -- TENANT, DEPARTMENT or EMPLOYEE, and the department or employee id.
  "scope"           text    NOT NULL,
  "scope_id"        text    NOT NULL,
  "parent_id"       text    NOT NULL,
  -- Inclusive first day, exclusive end day.
  "period_start"    date    NOT NULL,
  "period_end"      date    NOT NULL,
  "period_key"      text    NOT NULL,
  "product_line"    text    NOT NULL,
  "region"          text    NOT NULL,
  "segment"         text    NOT NULL,
  "value"           bigint  NOT NULL,
  "achieved"        bigint  NOT NULL
);
CREATE INDEX "target_facts_tenant_period_idx" ON "target_facts" ("tenant_id", "period_start", "period_end");

-- The day (reporting time zone) a CHURNED customer churned; NULL while not churned.
ALTER TABLE "customer_facts" ADD COLUMN "churned_on" date;
CREATE INDEX "customer_facts_tenant_churned_idx" ON "customer_facts" ("tenant_id", "churned_on")
  WHERE "churned_on" IS NOT NULL;

ALTER TABLE "daily_rollups"
  ADD COLUMN "sales_cost_minor"   bigint NOT NULL DEFAULT 0,
  ADD COLUMN "expenses"           int    NOT NULL DEFAULT 0,
  ADD COLUMN "reports_submitted"  int    NOT NULL DEFAULT 0,
  ADD COLUMN "reports_on_time"    int    NOT NULL DEFAULT 0,
  ADD COLUMN "tasks_due"          int    NOT NULL DEFAULT 0,
  ADD COLUMN "tasks_done_on_time" int    NOT NULL DEFAULT 0;

-- The new families need the expense, report, task and target topics from their beginning and
-- churned_on needs the customer events again. A database that has projected anything starts a
-- new generation (as a rebuild does): the running service then replays every topic into the
-- emptied projections under a new consumer group. A fresh database has nothing to replay.
UPDATE "projection_generation" SET "generation" = "generation" + 1, "rebuilt_at" = now()
WHERE "id" = 1 AND EXISTS (SELECT 1 FROM "salesflow_inbox" WHERE starts_with("consumer_group", 'analytics.projections'));
TRUNCATE "lead_facts", "customer_facts", "activity_facts", "opportunity_facts", "stage_move_facts", "contract_facts",
  "payment_facts", "rating_facts", "visit_facts", "daily_rollups";
DELETE FROM "salesflow_inbox" WHERE starts_with("consumer_group", 'analytics.projections');

-- The KPI queries sum the new measures too: keep them answerable by an index-only scan (built
-- after the truncate, on an empty table).
DROP INDEX "daily_rollups_tenant_day_covering_idx";
CREATE INDEX "daily_rollups_tenant_day_covering_idx" ON "daily_rollups" ("tenant_id", "day")
  INCLUDE ("employee_id", "department_path", "contract_amount_minor", "contracts", "payment_amount_minor", "payments",
           "new_customers", "leads", "converted_leads", "visits", "effective_visits", "ratings", "satisfied_ratings",
           "won", "lost", "sales_cost_minor", "reports_submitted", "reports_on_time", "tasks_due",
           "tasks_done_on_time");
