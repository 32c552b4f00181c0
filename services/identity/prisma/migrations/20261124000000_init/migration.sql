-- identity: tenants, the org tree, employees, roles and signing keys (schema.prisma, in step).
CREATE TYPE "EmployeeStatus" AS ENUM ('ACTIVE', 'INACTIVE', 'DEPARTED');
CREATE TYPE "DataScope" AS ENUM ('SELF', 'DEPARTMENT', 'DEPARTMENT_TREE', 'TENANT');

CREATE TABLE "tenants" (
  "id"         uuid           NOT NULL,
  "code"       text           NOT NULL,
  "name"       text           NOT NULL,
  "time_zone"  text           NOT NULL DEFAULT 'Asia/Shanghai',
  "currency"   text           NOT NULL DEFAULT 'CNY',
  "version"    integer        NOT NULL DEFAULT 1,
  "created_at" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
  "id"            uuid             NOT NULL,
  "tenant_id"     uuid             NOT NULL,
  "department_id" uuid             NOT NULL,
  "name"          text             NOT NULL,
  "email"         text             NOT NULL,
  "password_hash" text             NOT NULL,
  "title"         text             NOT NULL DEFAULT '',
  "status"        "EmployeeStatus" NOT NULL DEFAULT 'ACTIVE',
  "version"       integer          NOT NULL DEFAULT 1,
  "created_at"    timestamptz(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "employees_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "employees_tenant_id_email_key" ON "employees" ("tenant_id", "email");
CREATE INDEX "employees_tenant_id_department_id_idx" ON "employees" ("tenant_id", "department_id");

CREATE TABLE "roles" (
  "id"          uuid        NOT NULL,
  "tenant_id"   uuid        NOT NULL,
  "code"        text        NOT NULL,
  "name"        text        NOT NULL,
  "permissions" text[]      DEFAULT ARRAY[]::text[],
  "data_scope"  "DataScope" NOT NULL,
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
