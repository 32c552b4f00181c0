-- Weekly report target achievement (issue 7): goals' target nodes as field needs them, fed by
-- salesflow.goals.target.v1. A row only moves forward in goals' version (it bumps on every
-- edit and every change of `achieved`), so a replayed older event never undoes a newer one.
CREATE TABLE "target_replica" (
  "id"               uuid           NOT NULL PRIMARY KEY,
  "tenant_id"        uuid           NOT NULL,
  -- CONTRACT_AMOUNT, PAYMENT_AMOUNT, GROSS_MARGIN, NEW_CUSTOMERS, VISITS, EFFECTIVE_VISITS, NEW_OUTLETS.
  "metric"           text           NOT NULL,
  -- TENANT, DEPARTMENT or EMPLOYEE; scope_id is the department or employee id ('' for TENANT).
  "scope"            text           NOT NULL,
  "scope_id"         text           NOT NULL DEFAULT '',
  -- Inclusive first day, exclusive end day.
  "period_start"     date           NOT NULL,
  "period_end"       date           NOT NULL,
  "product_line"     text           NOT NULL DEFAULT '',
  "region"           text           NOT NULL DEFAULT '',
  "customer_segment" text           NOT NULL DEFAULT '',
  -- Money in minor units, counts otherwise.
  "value"            bigint         NOT NULL,
  "achieved"         bigint         NOT NULL DEFAULT 0,
  "version"          bigint         NOT NULL,
  "updated_at"       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "target_replica_scope_period_idx" ON "target_replica" ("tenant_id", "scope", "scope_id", "period_start");
