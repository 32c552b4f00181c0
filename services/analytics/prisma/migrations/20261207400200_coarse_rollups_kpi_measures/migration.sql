-- The weekly and monthly rollups (20261207300100) were written beside the KPI-source measures
-- (20261207400100), which added their columns to daily_rollups only and emptied the daily rows
-- for a replay. Here the coarse grains get the same measures, and are rebuilt from the daily
-- rows, so all three agree whatever the daily table holds (nothing, after that migration's
-- truncate; the replay then fills all three together).
SELECT add_rollup_measure('sales_cost_minor', 'bigint');
SELECT add_rollup_measure('expenses', 'int');
SELECT add_rollup_measure('reports_submitted', 'int');
SELECT add_rollup_measure('reports_on_time', 'int');
SELECT add_rollup_measure('tasks_due', 'int');
SELECT add_rollup_measure('tasks_done_on_time', 'int');

TRUNCATE "weekly_rollups", "monthly_rollups";
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
