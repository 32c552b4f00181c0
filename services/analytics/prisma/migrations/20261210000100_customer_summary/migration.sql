-- One row per customer that churn risk reads instead of probing activities and contracts per
-- customer (issue 8: 250,000 scoped customers took seconds). The projector recomputes a
-- customer's row from its facts in the same transaction as every batch that changes the
-- customer, one of its activities or one of its contracts (src/projections/customer-summary.ts),
-- so the row is a function of the facts: arrival order, redelivery, amendments, cancellations
-- and handovers give the same row as the facts they come from.
CREATE TABLE "customer_summaries" (
  "customer_id"       text   NOT NULL PRIMARY KEY,
  "tenant_id"         uuid   NOT NULL,
  -- Copied from customer_facts: data scope (current owner, path frozen at creation) and the list.
  "name"              text   NOT NULL,
  "owner_id"          text   NOT NULL,
  "department_path"   text   NOT NULL,
  "lifecycle"         text   NOT NULL,
  -- Days in the reporting time zone (ANALYTICS_TIME_ZONE, as the projector's other days).
  "last_follow_up_on" date,
  -- The latest activity about the customer (subject) and the latest SIGNED contract, of all time.
  "last_activity_on"  date,
  "last_order_on"     date,
  -- The last touch churn risk sorts by (greatest ignores NULLs; NULL = never touched).
  "last_touch_on"     date GENERATED ALWAYS AS (greatest("last_follow_up_on", "last_activity_on")) STORED
);
-- Churn risk walks the tenant's live customers from the longest-silent one (never touched
-- first), ties by customer id as the list orders them, and stops after a page.
CREATE INDEX "customer_summaries_churn_idx" ON "customer_summaries"
  ("tenant_id", "last_touch_on" NULLS FIRST, "customer_id" COLLATE "C") WHERE "lifecycle" <> 'CHURNED';
-- Customers with an activity or order after the asked day (asOf in the past) are computed the
-- old way, from the facts up to that day: these find them.
CREATE INDEX "customer_summaries_tenant_activity_idx" ON "customer_summaries" ("tenant_id", "last_activity_on");
CREATE INDEX "customer_summaries_tenant_order_idx" ON "customer_summaries" ("tenant_id", "last_order_on");

-- A database that has projected anything starts a new generation (as a rebuild does), so the
-- running service replays every topic into the emptied projections and fills the summaries
-- (their days depend on ANALYTICS_TIME_ZONE, which only the service knows). A fresh database,
-- or one filled by SQL without the consumer (the query benchmark), is left as it is.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "salesflow_inbox" WHERE starts_with("consumer_group", 'analytics.projections')) THEN
    UPDATE "projection_generation" SET "generation" = "generation" + 1, "rebuilt_at" = now() WHERE "id" = 1;
    TRUNCATE "lead_facts", "customer_facts", "activity_facts", "opportunity_facts", "stage_move_facts", "contract_facts",
             "payment_facts", "rating_facts", "visit_facts", "expense_facts", "daily_report_facts", "task_facts",
             "target_facts", "daily_rollups", "weekly_rollups", "monthly_rollups";
    DELETE FROM "salesflow_inbox" WHERE starts_with("consumer_group", 'analytics.projections');
  END IF;
END $$;
