CREATE TYPE "CheckInKind" AS ENUM ('CHECK_IN', 'CHECK_OUT');

CREATE TABLE "check_ins" (
  "id"              uuid             NOT NULL PRIMARY KEY,
  "tenant_id"       uuid             NOT NULL,
  "employee_id"     uuid             NOT NULL,
  "kind"            "CheckInKind"    NOT NULL,
  "occurred_at"     timestamptz(3)   NOT NULL,
  "latitude"        double precision NOT NULL,
  "longitude"       double precision NOT NULL,
  "accuracy_meters" double precision NOT NULL,
  "customer_id"     uuid,
  "notes"           text             NOT NULL DEFAULT '',
  "version"         integer          NOT NULL DEFAULT 1,
  "created_at"      timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE INDEX "check_ins_tenant_id_employee_id_occurred_at_idx" ON "check_ins" ("tenant_id", "employee_id", "occurred_at" DESC);

