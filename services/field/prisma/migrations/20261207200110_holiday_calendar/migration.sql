-- A tenant's holiday calendar (issue 7): public holidays (节假日) that fall on weekdays, and
-- weekend days made working days (调休). Any other day is a working day when it is Mon-Fri.
-- Read by the attendance summary (a holiday is not an absence) and by the missing daily
-- reports (none is expected on a holiday); set one year at a time by an admin.
CREATE TABLE "holiday_calendar_days" (
  "tenant_id"  uuid           NOT NULL,
  "day"        date           NOT NULL,
  "kind"       text           NOT NULL CHECK ("kind" IN ('HOLIDAY', 'WORKING_DAY')),
  "name"       text           NOT NULL DEFAULT '',
  "updated_at" timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "day")
);
