-- Coarser copies of daily_rollups for the dashboards: a month or a quarter or a year of a
-- tenant is a few thousand monthly rows instead of hundreds of thousands of daily ones, and a
-- weekly time series reads one row per week and cell. The projector upserts all three from the
-- same deltas in the same transaction (src/projections/rollup.ts, ROLLUP_GRAINS); queries read
-- the coarse rows for whole months/weeks and daily rows only for the partial edges.
--
-- The tables copy daily_rollups' columns (LIKE), so every measure column there today is here.
-- A later migration that adds a measure must add it to all three tables: call
-- add_rollup_measure('<column>', '<type>') below instead of ALTER TABLE daily_rollups, and the
-- projector refuses to start when a table lacks a measure of ROLLUP_MEASURES.
CREATE TABLE "monthly_rollups" (LIKE "daily_rollups" INCLUDING DEFAULTS);
ALTER TABLE "monthly_rollups" RENAME COLUMN "day" TO "month";
ALTER TABLE "monthly_rollups"
  ADD PRIMARY KEY ("tenant_id", "month", "employee_id", "department_path", "product_line", "region", "segment");

CREATE TABLE "weekly_rollups" (LIKE "daily_rollups" INCLUDING DEFAULTS);
-- Weeks start on Monday (date_trunc('week')), as the time series buckets do.
ALTER TABLE "weekly_rollups" RENAME COLUMN "day" TO "week";
ALTER TABLE "weekly_rollups"
  ADD PRIMARY KEY ("tenant_id", "week", "employee_id", "department_path", "product_line", "region", "segment");

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
    'INSERT INTO monthly_rollups (tenant_id, month, employee_id, department_path, product_line, region, segment, %s)
     SELECT tenant_id, date_trunc(''month'', day)::date, employee_id, department_path, product_line, region, segment, %s
     FROM daily_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7', columns, sums);
  EXECUTE format(
    'INSERT INTO weekly_rollups (tenant_id, week, employee_id, department_path, product_line, region, segment, %s)
     SELECT tenant_id, date_trunc(''week'', day)::date, employee_id, department_path, product_line, region, segment, %s
     FROM daily_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7', columns, sums);
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
