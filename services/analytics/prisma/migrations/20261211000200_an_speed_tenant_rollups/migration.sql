-- Tenant-wide copies of the rollups: the same sums per tenant x day, week or month, with no
-- employee or department in the key. A director's (TENANT scope) time series of a year reads
-- ~60 rows from them instead of ~100,000 weekly employee rows plus ~20,000 daily rows for the
-- partial weeks at its edges, and the tenant's KPIs of a year 24 instead of ~48,000 monthly
-- rows. The projector upserts them in the same statement and from the same deltas as the
-- employee grains (ROLLUP_GRAINS in src/projections/rollup.ts), so they cannot drift apart.
-- What they cannot answer: anything scoped to owners or a department, and the count of
-- distinct reps (read from the employee grains' keys).
CREATE TABLE "tenant_daily_rollups" (LIKE "daily_rollups" INCLUDING DEFAULTS);
ALTER TABLE "tenant_daily_rollups" DROP COLUMN "employee_id", DROP COLUMN "department_path",
  DROP COLUMN "product_line", DROP COLUMN "region", DROP COLUMN "segment",
  ADD PRIMARY KEY ("tenant_id", "day");

CREATE TABLE "tenant_weekly_rollups" (LIKE "tenant_daily_rollups" INCLUDING DEFAULTS);
ALTER TABLE "tenant_weekly_rollups" RENAME COLUMN "day" TO "week";
ALTER TABLE "tenant_weekly_rollups" ADD PRIMARY KEY ("tenant_id", "week");

CREATE TABLE "tenant_monthly_rollups" (LIKE "tenant_daily_rollups" INCLUDING DEFAULTS);
ALTER TABLE "tenant_monthly_rollups" RENAME COLUMN "day" TO "month";
ALTER TABLE "tenant_monthly_rollups" ADD PRIMARY KEY ("tenant_id", "month");

-- Few rows, each updated by every batch of its tenant: vacuum them often.
ALTER TABLE "tenant_daily_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE "tenant_weekly_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE "tenant_monthly_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- Fill them from the daily rows projected so far (every non-key column is a summed measure).
DO $$
DECLARE
  columns text;
  sums text;
BEGIN
  SELECT string_agg(format('%I', column_name), ', ' ORDER BY ordinal_position),
         string_agg(format('sum(%I)', column_name), ', ' ORDER BY ordinal_position)
    INTO columns, sums
    FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = 'daily_rollups'
     AND column_name NOT IN ('tenant_id', 'day', 'employee_id', 'department_path', 'product_line', 'region', 'segment');
  EXECUTE format(
    'INSERT INTO tenant_daily_rollups (tenant_id, day, %s)
     SELECT tenant_id, day, %s FROM daily_rollups GROUP BY 1, 2', columns, sums);
  EXECUTE format(
    'INSERT INTO tenant_weekly_rollups (tenant_id, week, %s)
     SELECT tenant_id, date_trunc(''week'', day::timestamp)::date, %s FROM tenant_daily_rollups GROUP BY 1, 2', columns, sums);
  EXECUTE format(
    'INSERT INTO tenant_monthly_rollups (tenant_id, month, %s)
     SELECT tenant_id, date_trunc(''month'', day::timestamp)::date, %s FROM tenant_daily_rollups GROUP BY 1, 2', columns, sums);
END
$$;

-- A measure added later goes into every rollup table, the tenant grains included.
CREATE OR REPLACE FUNCTION add_rollup_measure(measure text, sql_type text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  rollup text;
BEGIN
  FOREACH rollup IN ARRAY ARRAY['daily_rollups', 'weekly_rollups', 'monthly_rollups',
                                'tenant_daily_rollups', 'tenant_weekly_rollups', 'tenant_monthly_rollups'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS %I %s NOT NULL DEFAULT 0', rollup, measure, sql_type);
  END LOOP;
END
$$;
