-- Coarser copies of daily_rollups for the dashboards: a quarter or a year of a tenant is a
-- few ten thousand monthly rows instead of a million daily ones, and a weekly time series reads
-- one row per week and employee. The projector upserts all three from the same deltas in the
-- same statement (src/projections/rollup.ts, ROLLUP_GRAINS); queries read the coarse rows for
-- whole months/weeks and daily rows only for the partial edges.
--
-- The dashboards slice by employee and department only, so the coarse grains keep just those
-- of the daily key (product line, region and segment stay in daily_rollups): four times fewer
-- rows than a copy of the full key on the bench's data set.
--
-- The tables copy daily_rollups' columns (LIKE), so every measure column there today is here.
-- A later migration that adds a measure must add it to all three tables: call
-- add_rollup_measure('<column>', '<type>') below instead of ALTER TABLE daily_rollups; the
-- projector refuses to start when a table lacks a measure of ROLLUP_MEASURES.
CREATE TABLE "monthly_rollups" (LIKE "daily_rollups" INCLUDING DEFAULTS);
ALTER TABLE "monthly_rollups" RENAME COLUMN "day" TO "month";
ALTER TABLE "monthly_rollups" DROP COLUMN "product_line", DROP COLUMN "region", DROP COLUMN "segment",
  ADD PRIMARY KEY ("tenant_id", "month", "employee_id", "department_path");

CREATE TABLE "weekly_rollups" (LIKE "daily_rollups" INCLUDING DEFAULTS);
-- Weeks start on Monday (date_trunc('week')), as the time series buckets do.
ALTER TABLE "weekly_rollups" RENAME COLUMN "day" TO "week";
ALTER TABLE "weekly_rollups" DROP COLUMN "product_line", DROP COLUMN "region", DROP COLUMN "segment",
  ADD PRIMARY KEY ("tenant_id", "week", "employee_id", "department_path");

ALTER TABLE "monthly_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE "weekly_rollups" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- Fill both from the daily rows projected so far (every non-key column is a summed measure).
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
    'INSERT INTO monthly_rollups (tenant_id, month, employee_id, department_path, %s)
     SELECT tenant_id, date_trunc(''month'', day::timestamp)::date, employee_id, department_path, %s
     FROM daily_rollups GROUP BY 1, 2, 3, 4', columns, sums);
  EXECUTE format(
    'INSERT INTO weekly_rollups (tenant_id, week, employee_id, department_path, %s)
     SELECT tenant_id, date_trunc(''week'', day::timestamp)::date, employee_id, department_path, %s
     FROM daily_rollups GROUP BY 1, 2, 3, 4', columns, sums);
END
$$;

-- For the migrations that add a measure: one column, the same type and default 0, in every
-- rollup table (daily, weekly, monthly).
CREATE FUNCTION add_rollup_measure(measure text, sql_type text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  rollup text;
BEGIN
  FOREACH rollup IN ARRAY ARRAY['daily_rollups', 'weekly_rollups', 'monthly_rollups'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS %I %s NOT NULL DEFAULT 0', rollup, measure, sql_type);
  END LOOP;
END
$$;
