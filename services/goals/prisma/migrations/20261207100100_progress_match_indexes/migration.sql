-- Attribution finds a fact's nodes by index instead of scanning every node of the metric whose
-- period started before the fact: the tenant-wide nodes, the nodes whose scope id is the owner
-- or a department on the owner's path, and the (few) handed-over employee nodes.
CREATE INDEX "targets_tenant_scope_match_idx" ON "targets" ("tenant_id", "metric", "period_start") WHERE "scope" = 'TENANT';
CREATE INDEX "targets_scope_id_match_idx" ON "targets" ("tenant_id", "metric", "scope_id", "period_start");
CREATE INDEX "targets_former_scope_match_idx" ON "targets" ("tenant_id") WHERE "former_scope_ids" <> '{}';

-- Every batch rewrites the achieved of the nodes it touched: room on each page lets those
-- updates stay HOT (no new index entries; achieved is in no index).
ALTER TABLE "targets" SET (fillfactor = 70);

-- The scope ids a fact can count for: its owner and every department on the owner's path
-- ("/d1/d7/"), the ones that are uuids. Used as `scope_id = ANY (...)` against the index above.
CREATE FUNCTION goals_fact_scope_ids(owner_id text, department_path text) RETURNS uuid[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(DISTINCT k::uuid), '{}')
  FROM unnest(string_to_array(department_path, '/') || owner_id) AS k
  WHERE k ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
$$;
