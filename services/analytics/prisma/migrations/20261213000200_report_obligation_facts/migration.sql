-- Report timeliness against reports EXPECTED (issue 8): field settles each person's daily-report
-- obligation once the day's deadline has passed (field.report_obligation.settled, on the report
-- topic analytics already reads); one fact per obligation, the latest version.
CREATE TABLE "report_obligation_facts" (
  "obligation_id"   text    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "version"         bigint  NOT NULL,
  "employee_id"     text    NOT NULL,
  -- Field's, frozen when the day was settled.
  "department_path" text    NOT NULL,
  "report_date"     date    NOT NULL,
  -- False when approved leave or a trip excused the day: it then counts nowhere.
  "expected"        boolean NOT NULL,
  -- A report was submitted by the deadline.
  "on_time"         boolean NOT NULL
);

-- Every rollup grain (daily, weekly, monthly, and the tenant ones) gets both measures.
SELECT add_rollup_measure('reports_expected', 'int');
SELECT add_rollup_measure('reports_expected_on_time', 'int');
