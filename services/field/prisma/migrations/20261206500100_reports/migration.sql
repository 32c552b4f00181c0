-- Reports, attendance and expenses (DOMAIN §5): daily, market and weekly reports, the crm facts
-- that pre-fill them, clock-in/out, leave and trips, expenses, and the tenant's field settings.

-- What crm told us about a rep's day (follow-ups, payments, contracts, new customers), one row
-- per crm record, keyed by kind and record id so that a redelivered event lands on the same row.
CREATE TABLE "report_facts" (
  "tenant_id"    uuid           NOT NULL,
  "kind"         text           NOT NULL,
  "source_id"    text           NOT NULL,
  "employee_id"  uuid,
  "department_path" text        NOT NULL DEFAULT '',
  "customer_id"  uuid,
  "local_date"   date           NOT NULL,
  "amount_minor" bigint         NOT NULL DEFAULT 0,
  "currency"     text           NOT NULL DEFAULT '',
  -- False once crm reversed it (a reversed payment no longer counts).
  "counted"      boolean        NOT NULL DEFAULT true,
  "version"      bigint         NOT NULL DEFAULT 0,
  "occurred_at"  timestamptz(3) NOT NULL,
  "updated_at"   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "kind", "source_id")
);
CREATE INDEX "report_facts_employee_day_idx" ON "report_facts" ("tenant_id", "employee_id", "local_date");

CREATE TABLE "report_settings" (
  "tenant_id"                  uuid           NOT NULL PRIMARY KEY,
  "report_deadline_time"       text           NOT NULL DEFAULT '09:00',
  "report_deadline_days_after" integer        NOT NULL DEFAULT 1,
  "work_start_time"            text           NOT NULL DEFAULT '09:00',
  "updated_at"                 timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TYPE "DailyReportStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'REVIEWED', 'RETURNED');

CREATE TABLE "daily_reports" (
  "id"                 uuid                NOT NULL PRIMARY KEY,
  "tenant_id"          uuid                NOT NULL,
  "employee_id"        uuid                NOT NULL,
  "report_date"        date                NOT NULL,
  "status"             "DailyReportStatus" NOT NULL DEFAULT 'DRAFT',
  "figures"            jsonb               NOT NULL,
  "complaints_handled" text                NOT NULL DEFAULT '',
  "competitor_news"    text                NOT NULL DEFAULT '',
  "customer_feedback"  text                NOT NULL DEFAULT '',
  "lessons"            text                NOT NULL DEFAULT '',
  "submitted_at"       timestamptz(3),
  "late"               boolean             NOT NULL DEFAULT false,
  "reviewer_id"        uuid,
  "review_comment"     text                NOT NULL DEFAULT '',
  "reviewed_at"        timestamptz(3),
  "version"            integer             NOT NULL DEFAULT 1,
  "created_at"         timestamptz(3)      NOT NULL DEFAULT now(),
  "updated_at"         timestamptz(3)      NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "daily_reports_tenant_id_employee_id_report_date_key" ON "daily_reports" ("tenant_id", "employee_id", "report_date");

CREATE TABLE "market_reports" (
  "id"            uuid           NOT NULL PRIMARY KEY,
  "tenant_id"     uuid           NOT NULL,
  "employee_id"   uuid           NOT NULL,
  "type"          text           NOT NULL,
  "severity"      text           NOT NULL,
  "customer_id"   uuid,
  "competitor"    text           NOT NULL DEFAULT '',
  "title"         text           NOT NULL,
  "description"   text           NOT NULL DEFAULT '',
  "supervisor_id" uuid,
  "report_date"   date           NOT NULL,
  "version"       integer        NOT NULL DEFAULT 1,
  "created_at"    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "market_reports_tenant_id_report_date_idx" ON "market_reports" ("tenant_id", "report_date");

CREATE TYPE "WeeklyReportStatus" AS ENUM ('DRAFT', 'SUBMITTED');

CREATE TABLE "weekly_reports" (
  "id"             uuid                 NOT NULL PRIMARY KEY,
  "tenant_id"      uuid                 NOT NULL,
  "department_id"  text                 NOT NULL,
  "week"           text                 NOT NULL,
  "week_start"     date                 NOT NULL,
  "status"         "WeeklyReportStatus" NOT NULL DEFAULT 'DRAFT',
  "figures"        jsonb                NOT NULL,
  "next_week_plan" text                 NOT NULL DEFAULT '',
  "author_id"      uuid                 NOT NULL,
  "generated_at"   timestamptz(3)       NOT NULL,
  "submitted_at"   timestamptz(3),
  "version"        integer              NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX "weekly_reports_tenant_id_department_id_week_key" ON "weekly_reports" ("tenant_id", "department_id", "week");

CREATE TYPE "AttendanceKind" AS ENUM ('CLOCK_IN', 'CLOCK_OUT');

CREATE TABLE "attendance_records" (
  "id"          uuid             NOT NULL PRIMARY KEY,
  "tenant_id"   uuid             NOT NULL,
  "employee_id" uuid             NOT NULL,
  "kind"        "AttendanceKind" NOT NULL,
  "occurred_at" timestamptz(3)   NOT NULL,
  "latitude"    double precision,
  "longitude"   double precision,
  "notes"       text             NOT NULL DEFAULT '',
  "late"        boolean          NOT NULL DEFAULT false,
  "created_at"  timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE INDEX "attendance_records_employee_idx" ON "attendance_records" ("tenant_id", "employee_id", "occurred_at");

CREATE TYPE "AbsenceKind" AS ENUM ('LEAVE', 'TRIP');
CREATE TYPE "ApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

CREATE TABLE "absence_requests" (
  "id"               uuid             NOT NULL PRIMARY KEY,
  "tenant_id"        uuid             NOT NULL,
  "employee_id"      uuid             NOT NULL,
  "kind"             "AbsenceKind"    NOT NULL,
  "start_date"       date             NOT NULL,
  "end_date"         date             NOT NULL,
  "leave_type"       text             NOT NULL DEFAULT '',
  "destination"      text             NOT NULL DEFAULT '',
  "reason"           text             NOT NULL DEFAULT '',
  "status"           "ApprovalStatus" NOT NULL DEFAULT 'PENDING',
  "approver_id"      uuid,
  "decision_comment" text             NOT NULL DEFAULT '',
  "decided_at"       timestamptz(3),
  "version"          integer          NOT NULL DEFAULT 1,
  "created_at"       timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE INDEX "absence_requests_employee_idx" ON "absence_requests" ("tenant_id", "employee_id", "start_date");
CREATE INDEX "absence_requests_approver_idx" ON "absence_requests" ("tenant_id", "approver_id", "status");

CREATE TYPE "ExpenseCategory" AS ENUM ('TRAVEL', 'MEAL', 'LODGING', 'GIFT', 'OTHER');

CREATE TABLE "expenses" (
  "id"               uuid              NOT NULL PRIMARY KEY,
  "tenant_id"        uuid              NOT NULL,
  "employee_id"      uuid              NOT NULL,
  "department_id"    text              NOT NULL DEFAULT '',
  "department_path"  text              NOT NULL DEFAULT '',
  "expense_date"     date              NOT NULL,
  "category"         "ExpenseCategory" NOT NULL,
  "amount_minor"     bigint            NOT NULL,
  "currency"         text              NOT NULL,
  "customer_id"      uuid,
  "notes"            text              NOT NULL DEFAULT '',
  "status"           "ApprovalStatus"  NOT NULL DEFAULT 'PENDING',
  "approver_id"      uuid,
  "decision_comment" text              NOT NULL DEFAULT '',
  "decided_at"       timestamptz(3),
  "version"          integer           NOT NULL DEFAULT 1,
  "created_at"       timestamptz(3)    NOT NULL DEFAULT now()
);
CREATE INDEX "expenses_employee_idx" ON "expenses" ("tenant_id", "employee_id", "expense_date");
CREATE INDEX "expenses_approver_idx" ON "expenses" ("tenant_id", "approver_id", "status");
