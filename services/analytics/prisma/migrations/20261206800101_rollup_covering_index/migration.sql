-- Dashboard queries read a tenant's rollups over a range of days: with every measure in the
-- index they are answered by an index-only scan in (tenant, day) order instead of visiting
-- heap pages scattered by the upserts.
CREATE INDEX "daily_rollups_tenant_day_covering_idx" ON "daily_rollups" ("tenant_id", "day")
  INCLUDE ("employee_id", "department_path", "contract_amount_minor", "contracts", "payment_amount_minor", "payments",
           "new_customers", "leads", "converted_leads", "visits", "effective_visits", "ratings", "satisfied_ratings",
           "won", "lost");
-- Rollups churn under upserts; vacuum them often so the visibility map stays current and the
-- scans above stay index-only.
ALTER TABLE "daily_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
-- Churn risk looks up each customer's latest and recent contracts.
CREATE INDEX "contract_facts_tenant_customer_idx" ON "contract_facts" ("tenant_id", "customer_id", "signed_on");
