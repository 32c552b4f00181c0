-- Customer value (Pareto + RFM) ranks every paying customer of the period in the viewer's
-- scope three times: ~0.4 s on an idle machine for a month of 83,000 paying customers, and
-- nothing of it can be ranked ahead (it depends on the period and the scope). A dashboard asks
-- the same question again and again while payments of the period change rarely, so the answer
-- is kept per tenant, scope and period and reused while no payment of the period's months has
-- changed since (src/modules/customer-value/customer-value-cache.ts).

-- How often the payment facts of a tenant's month have changed: the projector adds 1 to the
-- month of a payment's old and new received day in the batch that changes it (a receipt, a
-- reversal, a re-dating, a new owner). Only ever grows, so the sum over a period's months
-- grows with every change of the period's payments.
CREATE TABLE "payment_month_epochs" (
  "tenant_id" uuid   NOT NULL,
  "month"     date   NOT NULL,
  "epoch"     bigint NOT NULL,
  PRIMARY KEY ("tenant_id", "month")
);
-- Few rows, updated by every batch with payments: vacuum them often.
ALTER TABLE "payment_month_epochs" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- One computed answer (the aggregates the service maps to its response) per tenant, scope
-- (`tenant` or a hash of the visible owners) and period, with the sum of the period's month
-- epochs it was computed at (read in the same snapshot as the payments).
CREATE TABLE "customer_value_results" (
  "tenant_id"      uuid        NOT NULL,
  "scope_key"      text        NOT NULL,
  "period_from"    date        NOT NULL,
  "period_to"      date        NOT NULL,
  "payments_epoch" bigint      NOT NULL,
  "result"         jsonb       NOT NULL,
  "computed_at"    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "scope_key", "period_from", "period_to")
);
CREATE INDEX "customer_value_results_computed_idx" ON "customer_value_results" ("tenant_id", "computed_at");
