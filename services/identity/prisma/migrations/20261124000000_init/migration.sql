-- identity: tenants, the org tree, employees, roles, operation log, histories, refresh tokens
-- and signing keys (schema.prisma, in step).
CREATE TYPE "EmployeeStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'DEPARTED');
CREATE TYPE "WorkStatus" AS ENUM ('IN_OFFICE', 'VISITING_CLIENT', 'HANDLING_COMPLAINT', 'TRAINING', 'ON_LEAVE', 'BUSINESS_TRIP', 'SUBMITTING_REQUIREMENTS');
CREATE TYPE "DataScope" AS ENUM ('SELF', 'DEPARTMENT', 'DEPARTMENT_TREE', 'TENANT');

CREATE TABLE "tenants" (
  "id"                             uuid           NOT NULL,
  "code"                           text           NOT NULL,
  "name"                           text           NOT NULL,
  "time_zone"                      text           NOT NULL DEFAULT 'Asia/Shanghai',
  "currency"                       text           NOT NULL DEFAULT 'CNY',
  "week_start"                     integer        NOT NULL DEFAULT 1,
  "fiscal_year_start_month"        integer        NOT NULL DEFAULT 1,
  "leaderboard_visible_to_all"     boolean        NOT NULL DEFAULT true,
  "default_geofence_radius_meters" integer        NOT NULL DEFAULT 200,
  "lead_recycle_days"              integer        NOT NULL DEFAULT 30,
  "version"                        integer        NOT NULL DEFAULT 1,
  "created_at"                     timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "tenants_code_key" ON "tenants" ("code");

CREATE TABLE "departments" (
  "id"         uuid           NOT NULL,
  "tenant_id"  uuid           NOT NULL,
  "name"       text           NOT NULL,
  "parent_id"  uuid,
  "path"       text           NOT NULL,
  "manager_id" uuid,
  "region"     text           NOT NULL DEFAULT '',
  "version"    integer        NOT NULL DEFAULT 1,
  "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "departments_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "departments_tenant_id_path_idx" ON "departments" ("tenant_id", "path");
CREATE INDEX "departments_parent_id_idx" ON "departments" ("parent_id");

CREATE TABLE "employees" (
  "id"                 uuid             NOT NULL,
  "tenant_id"          uuid             NOT NULL,
  "department_id"      uuid             NOT NULL,
  "name"               text             NOT NULL,
  "email"              text             NOT NULL,
  "phone"              text,
  "password_hash"      text,
  "title"              text             NOT NULL DEFAULT '',
  "manager_id"         uuid,
  "status"             "EmployeeStatus" NOT NULL DEFAULT 'ACTIVE',
  "work_status"        "WorkStatus"     NOT NULL DEFAULT 'IN_OFFICE',
  "successor_id"       uuid,
  "departed_on"        date,
  "failed_login_count" integer          NOT NULL DEFAULT 0,
  "locked_until"       timestamptz(3),
  "version"            integer          NOT NULL DEFAULT 1,
  "created_at"         timestamptz(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at"         timestamptz(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "employees_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "employees_tenant_id_email_key" ON "employees" ("tenant_id", "email");
CREATE UNIQUE INDEX "employees_tenant_id_phone_key" ON "employees" ("tenant_id", "phone");
CREATE INDEX "employees_tenant_id_department_id_idx" ON "employees" ("tenant_id", "department_id");
CREATE INDEX "employees_tenant_id_manager_id_idx" ON "employees" ("tenant_id", "manager_id");
CREATE INDEX "employees_tenant_id_created_at_id_idx" ON "employees" ("tenant_id", "created_at", "id");

CREATE TABLE "roles" (
  "id"          uuid        NOT NULL,
  "tenant_id"   uuid        NOT NULL,
  "code"        text        NOT NULL,
  "name"        text        NOT NULL,
  "permissions" text[]      DEFAULT ARRAY[]::text[],
  "data_scope"  "DataScope" NOT NULL,
  "built_in"    boolean     NOT NULL DEFAULT false,
  "version"     integer     NOT NULL DEFAULT 1,
  CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "roles_tenant_id_code_key" ON "roles" ("tenant_id", "code");

CREATE TABLE "employee_roles" (
  "employee_id" uuid NOT NULL,
  "role_id"     uuid NOT NULL,
  CONSTRAINT "employee_roles_pkey" PRIMARY KEY ("employee_id", "role_id")
);
CREATE INDEX "employee_roles_role_id_idx" ON "employee_roles" ("role_id");

CREATE TABLE "change_records" (
  "id"          uuid           NOT NULL,
  "tenant_id"   uuid           NOT NULL,
  "entity_type" text           NOT NULL,
  "entity_id"   uuid           NOT NULL,
  "action"      text           NOT NULL,
  "actor_id"    uuid,
  "occurred_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "before"      jsonb          NOT NULL DEFAULT '{}',
  "after"       jsonb          NOT NULL DEFAULT '{}',
  CONSTRAINT "change_records_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "change_records_tenant_id_entity_type_entity_id_occurred_at_id_idx"
  ON "change_records" ("tenant_id", "entity_type", "entity_id", "occurred_at", "id");

CREATE TABLE "work_status_changes" (
  "id"          uuid           NOT NULL,
  "tenant_id"   uuid           NOT NULL,
  "employee_id" uuid           NOT NULL,
  "from_status" "WorkStatus"   NOT NULL,
  "to_status"   "WorkStatus"   NOT NULL,
  "note"        text           NOT NULL DEFAULT '',
  "actor_id"    uuid,
  "changed_at"  timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "work_status_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "work_status_changes_tenant_id_employee_id_changed_at_idx"
  ON "work_status_changes" ("tenant_id", "employee_id", "changed_at");

CREATE TABLE "transfers" (
  "id"                 uuid           NOT NULL,
  "tenant_id"          uuid           NOT NULL,
  "employee_id"        uuid           NOT NULL,
  "effective_date"     date           NOT NULL,
  "from_department_id" uuid           NOT NULL,
  "to_department_id"   uuid           NOT NULL,
  "from_title"         text           NOT NULL,
  "to_title"           text           NOT NULL,
  "from_manager_id"    uuid,
  "to_manager_id"      uuid,
  "reason"             text           NOT NULL DEFAULT '',
  "actor_id"           uuid,
  "created_at"         timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "transfers_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "transfers_tenant_id_employee_id_effective_date_idx"
  ON "transfers" ("tenant_id", "employee_id", "effective_date");

CREATE TABLE "refresh_tokens" (
  "id"          uuid           NOT NULL,
  "tenant_id"   uuid           NOT NULL,
  "employee_id" uuid           NOT NULL,
  "family_id"   uuid           NOT NULL,
  "token_hash"  text           NOT NULL,
  "expires_at"  timestamptz(3) NOT NULL,
  "used_at"     timestamptz(3),
  "revoked_at"  timestamptz(3),
  "created_at"  timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens" ("family_id");
CREATE INDEX "refresh_tokens_employee_id_idx" ON "refresh_tokens" ("employee_id");

CREATE TABLE "signing_keys" (
  "kid"         text           NOT NULL,
  "private_jwk" jsonb          NOT NULL,
  "public_jwk"  jsonb          NOT NULL,
  "created_at"  timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "retired_at"  timestamptz(3),
  CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);

ALTER TABLE "departments" ADD CONSTRAINT "departments_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_id_fkey"
  FOREIGN KEY ("parent_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "departments" ADD CONSTRAINT "departments_manager_id_fkey"
  FOREIGN KEY ("manager_id") REFERENCES "employees" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "employees" ADD CONSTRAINT "employees_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "employees" ADD CONSTRAINT "employees_department_id_fkey"
  FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "roles" ADD CONSTRAINT "roles_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "employee_roles" ADD CONSTRAINT "employee_roles_employee_id_fkey"
  FOREIGN KEY ("employee_id") REFERENCES "employees" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "employee_roles" ADD CONSTRAINT "employee_roles_role_id_fkey"
  FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
