-- Attribution finds a fact's nodes by index instead of scanning every node of the metric whose
-- period started before the fact: the tenant-wide nodes, the nodes whose scope id is the owner
-- or a department on the owner's path, and the (few) handed-over employee nodes.
CREATE INDEX "targets_tenant_scope_match_idx" ON "targets" ("tenant_id", "metric") WHERE "scope" = 'TENANT';
CREATE INDEX "targets_scope_id_match_idx" ON "targets" ("tenant_id", "metric", "scope_id");
CREATE INDEX "targets_former_scope_match_idx" ON "targets" ("tenant_id") WHERE "former_scope_ids" <> '{}';
