-- A tenant's visits by local day (ListVisitsByDateRange, analytics' reconciliation) without
-- walking every rep's (tenant, employee, day) index.
CREATE INDEX "visits_tenant_id_local_date_idx" ON "visits"("tenant_id", "local_date");
