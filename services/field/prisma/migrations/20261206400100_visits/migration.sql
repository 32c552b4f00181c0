-- Visits (issue 7, items 1-3): check-ins gain distance, geofence, plan item, jump flags and
-- photos; a replica of crm customers (coordinates, region, tier) and of their follow-ups;
-- visits with the effective-visit rule; field settings and per-customer geofences; visit plans.

ALTER TABLE "check_ins"
  ADD COLUMN "distance_meters"        double precision,
  ADD COLUMN "inside_geofence"        boolean          NOT NULL DEFAULT false,
  ADD COLUMN "geofence_radius_meters" double precision NOT NULL DEFAULT 0,
  ADD COLUMN "plan_item_id"           uuid,
  ADD COLUMN "flags"                  text[]           NOT NULL DEFAULT '{}';

CREATE TABLE "check_in_photos" (
  "id"           uuid           NOT NULL PRIMARY KEY,
  "tenant_id"    uuid           NOT NULL,
  "check_in_id"  uuid           NOT NULL REFERENCES "check_ins" ("id") ON DELETE CASCADE,
  "content_type" text           NOT NULL,
  "size_bytes"   integer        NOT NULL,
  "storage_key"  text           NOT NULL,
  "created_at"   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "check_in_photos_check_in_id_idx" ON "check_in_photos" ("check_in_id");

-- crm customers as field needs them, fed by salesflow.crm.customer.v1.
CREATE TABLE "customer_replica" (
  "id"         uuid             NOT NULL PRIMARY KEY,
  "tenant_id"  uuid             NOT NULL,
  "name"       text             NOT NULL DEFAULT '',
  "owner_id"   text             NOT NULL DEFAULT '',
  "region"     text             NOT NULL DEFAULT '',
  "tier"       text             NOT NULL DEFAULT '',
  "latitude"   double precision,
  "longitude"  double precision,
  "deleted"    boolean          NOT NULL DEFAULT false,
  "version"    bigint           NOT NULL,
  "updated_at" timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE INDEX "customer_replica_tenant_id_idx" ON "customer_replica" ("tenant_id");

-- crm follow-up records (联系记录) on customers, fed by salesflow.crm.activity.v1.
CREATE TABLE "customer_follow_ups" (
  "activity_id" uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "customer_id" uuid           NOT NULL,
  "owner_id"    uuid           NOT NULL,
  "occurred_at" timestamptz(3) NOT NULL
);
CREATE INDEX "customer_follow_ups_lookup_idx" ON "customer_follow_ups" ("tenant_id", "customer_id", "owner_id", "occurred_at");

CREATE TABLE "field_settings" (
  "tenant_id"                   uuid             NOT NULL PRIMARY KEY,
  "geofence_radius_meters"      double precision NOT NULL DEFAULT 200,
  "min_effective_visit_minutes" integer          NOT NULL DEFAULT 10,
  "version"                     integer          NOT NULL DEFAULT 1,
  "updated_at"                  timestamptz(3)   NOT NULL DEFAULT now()
);

CREATE TABLE "customer_geofences" (
  "tenant_id"     uuid             NOT NULL,
  "customer_id"   uuid             NOT NULL,
  "radius_meters" double precision NOT NULL,
  "updated_at"    timestamptz(3)   NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "customer_id")
);

CREATE TABLE "visits" (
  "id"                      uuid             NOT NULL PRIMARY KEY,
  "tenant_id"               uuid             NOT NULL,
  "employee_id"             uuid             NOT NULL,
  "customer_id"             uuid             NOT NULL,
  "check_in_id"             uuid             NOT NULL UNIQUE REFERENCES "check_ins" ("id"),
  "check_out_id"            uuid             NOT NULL UNIQUE REFERENCES "check_ins" ("id"),
  "started_at"              timestamptz(3)   NOT NULL,
  "ended_at"                timestamptz(3)   NOT NULL,
  "duration_minutes"        integer          NOT NULL,
  "local_date"              date             NOT NULL,
  "day_end"                 timestamptz(3)   NOT NULL,
  "distance_meters"         double precision,
  "inside_geofence"         boolean          NOT NULL,
  "long_enough"             boolean          NOT NULL,
  "effective"               boolean          NOT NULL DEFAULT false,
  "effective_at"            timestamptz(3),
  "plan_item_id"            uuid,
  "first_visit_to_customer" boolean          NOT NULL DEFAULT false,
  -- Attribution frozen at the visit (owner's department, customer's region and segment).
  "department_id"           text             NOT NULL DEFAULT '',
  "department_path"         text             NOT NULL DEFAULT '',
  "region"                  text             NOT NULL DEFAULT '',
  "customer_segment"        text             NOT NULL DEFAULT '',
  "version"                 integer          NOT NULL DEFAULT 1,
  "created_at"              timestamptz(3)   NOT NULL DEFAULT now()
);
CREATE INDEX "visits_tenant_id_employee_id_local_date_idx" ON "visits" ("tenant_id", "employee_id", "local_date");
CREATE INDEX "visits_pending_effective_idx" ON "visits" ("tenant_id", "customer_id", "employee_id") WHERE NOT "effective";

CREATE TYPE "VisitPlanStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED');
CREATE TYPE "VisitPurpose" AS ENUM ('NEW_CUSTOMER', 'MARKET_RESEARCH', 'COLLECTION', 'SERVICE', 'COMPLAINT', 'ORDER', 'OTHER');

CREATE TABLE "visit_plans" (
  "id"               uuid              NOT NULL PRIMARY KEY,
  "tenant_id"        uuid              NOT NULL,
  "employee_id"      uuid              NOT NULL,
  "plan_date"        date              NOT NULL,
  "status"           "VisitPlanStatus" NOT NULL DEFAULT 'DRAFT',
  "approver_id"      uuid,
  "submitted_at"     timestamptz(3),
  "decided_at"       timestamptz(3),
  "decided_by"       uuid,
  "decision_comment" text              NOT NULL DEFAULT '',
  "version"          integer           NOT NULL DEFAULT 1,
  "created_at"       timestamptz(3)    NOT NULL DEFAULT now(),
  "updated_at"       timestamptz(3)    NOT NULL DEFAULT now(),
  UNIQUE ("tenant_id", "employee_id", "plan_date")
);
CREATE INDEX "visit_plans_tenant_id_approver_id_status_idx" ON "visit_plans" ("tenant_id", "approver_id", "status");

CREATE TABLE "visit_plan_items" (
  "id"           uuid           NOT NULL PRIMARY KEY,
  "plan_id"      uuid           NOT NULL REFERENCES "visit_plans" ("id") ON DELETE CASCADE,
  "tenant_id"    uuid           NOT NULL,
  "position"     integer        NOT NULL,
  "customer_id"  uuid           NOT NULL,
  "planned_time" text           NOT NULL,
  "purpose"      "VisitPurpose" NOT NULL,
  "notes"        text           NOT NULL DEFAULT ''
);
CREATE INDEX "visit_plan_items_plan_id_idx" ON "visit_plan_items" ("plan_id");
