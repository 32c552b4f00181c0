-- Indexes for the dashboard queries that read facts rather than rollups (measured with
-- EXPLAIN ANALYZE on bench/query.bench.js's data set; see the service README).

-- Customer value (Pareto, RFM) reads a period's payments: a range on received_on answered
-- from the index alone, instead of a scan of every payment of the tenant.
CREATE INDEX "payment_facts_tenant_received_idx" ON "payment_facts" ("tenant_id", "received_on")
  INCLUDE ("customer_id", "owner_id", "status", "amount_minor");

-- Churn risk reads each customer's contracts up to a day (last order, the two windows): with
-- status and amount in the index that is one index-only probe per customer.
CREATE INDEX "contract_facts_tenant_customer_covering_idx" ON "contract_facts" ("tenant_id", "customer_id", "signed_on")
  INCLUDE ("status", "amount_minor");
DROP INDEX "contract_facts_tenant_customer_idx";

-- Funnel: "did this entry into a stage later move forward out of it" is one index-only probe
-- on the opportunity's moves out of that stage.
CREATE INDEX "stage_move_facts_exit_idx" ON "stage_move_facts" ("tenant_id", "opportunity_id", "from_stage_id", "changed_at")
  INCLUDE ("backwards", "to_kind");
