-- Report obligations (issue 8): who owed a daily report for which day, settled once the day's
-- deadline has passed, so that analytics can count reports EXPECTED (not only submitted).
-- One row per tenant, person and day: settling is INSERT ... ON CONFLICT DO NOTHING, and the
-- event goes into the outbox in the same transaction, so each obligation is published once
-- (and again, version + 1, only when an approved absence changes `expected`).
CREATE TABLE report_obligations (
  id              uuid        PRIMARY KEY,
  tenant_id       uuid        NOT NULL,
  employee_id     uuid        NOT NULL,
  report_date     date        NOT NULL,
  department_path text        NOT NULL DEFAULT '',
  expected        boolean     NOT NULL,
  on_time         boolean     NOT NULL,
  report_id       uuid,
  deadline        timestamptz(3) NOT NULL,
  version         int         NOT NULL DEFAULT 1,
  settled_at      timestamptz(3) NOT NULL,
  updated_at      timestamptz(3) NOT NULL,
  CONSTRAINT report_obligations_day_key UNIQUE (tenant_id, employee_id, report_date)
);

-- The tenant days already settled: the org replica's ACTIVE employees at settling time are
-- the people expected that day (the replica keeps no hire dates), so a day is settled once,
-- and someone hired later is never expected for it.
CREATE TABLE report_obligation_days (
  tenant_id   uuid           NOT NULL,
  report_date date           NOT NULL,
  settled_at  timestamptz(3) NOT NULL,
  employees   int            NOT NULL,
  PRIMARY KEY (tenant_id, report_date)
);
