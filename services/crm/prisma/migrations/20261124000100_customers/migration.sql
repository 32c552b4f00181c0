-- Customers (客户), their contacts (联系人) and the tenant's custom field definitions.
CREATE TYPE "CustomerLifecycle" AS ENUM ('PROSPECT', 'ACTIVE', 'DORMANT', 'CHURNED');
CREATE TYPE "CustomFieldType" AS ENUM ('TEXT', 'NUMBER', 'DATE', 'SINGLE_SELECT', 'MULTI_SELECT');

CREATE TABLE "custom_fields" (
  "id"         uuid              NOT NULL PRIMARY KEY,
  "tenant_id"  uuid              NOT NULL,
  "key"        text              NOT NULL,
  "label"      text              NOT NULL,
  "type"       "CustomFieldType" NOT NULL,
  "options"    text[]            NOT NULL DEFAULT '{}',
  "required"   boolean           NOT NULL DEFAULT false,
  "version"    integer           NOT NULL DEFAULT 1,
  "created_at" timestamptz(3)    NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "custom_fields_tenant_id_key_key" ON "custom_fields" ("tenant_id", "key");

CREATE TABLE "customers" (
  "id"            uuid                NOT NULL PRIMARY KEY,
  "tenant_id"     uuid                NOT NULL,
  "name"          text                NOT NULL,
  "industry"      text                NOT NULL DEFAULT '',
  "region"        text                NOT NULL DEFAULT '',
  "address"       text                NOT NULL DEFAULT '',
  "latitude"      double precision,
  "longitude"     double precision,
  "tier"          text                NOT NULL DEFAULT '',
  "lifecycle"     "CustomerLifecycle" NOT NULL DEFAULT 'PROSPECT',
  "tags"          text[]              NOT NULL DEFAULT '{}',
  "groups"        text[]              NOT NULL DEFAULT '{}',
  "owner_id"      uuid                NOT NULL,
  "custom_fields" jsonb               NOT NULL DEFAULT '{}',
  "version"       integer             NOT NULL DEFAULT 1,
  "created_at"    timestamptz(3)      NOT NULL DEFAULT now(),
  "updated_at"    timestamptz(3)      NOT NULL DEFAULT now(),
  -- Both coordinates or neither.
  CONSTRAINT "customers_location_check" CHECK (("latitude" IS NULL) = ("longitude" IS NULL))
);
CREATE INDEX "customers_tenant_id_created_at_id_idx" ON "customers" ("tenant_id", "created_at" DESC, "id");
CREATE INDEX "customers_tenant_id_owner_id_idx" ON "customers" ("tenant_id", "owner_id");
CREATE INDEX "customers_custom_fields_idx" ON "customers" USING gin ("custom_fields" jsonb_path_ops);

CREATE TABLE "contacts" (
  "id"          uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "customer_id" uuid           NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
  "name"        text           NOT NULL,
  "title"       text           NOT NULL DEFAULT '',
  "phones"      text[]         NOT NULL DEFAULT '{}',
  "email"       text           NOT NULL DEFAULT '',
  "wechat"      text           NOT NULL DEFAULT '',
  "birthday"    date,
  "is_primary"  boolean        NOT NULL DEFAULT false,
  "version"     integer        NOT NULL DEFAULT 1,
  "created_at"  timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "contacts_customer_id_created_at_idx" ON "contacts" ("customer_id", "created_at");
-- At most one primary per customer in the database; the service keeps it exactly one.
CREATE UNIQUE INDEX "contacts_one_primary_idx" ON "contacts" ("customer_id") WHERE "is_primary";
CREATE INDEX "contacts_tenant_id_birthday_idx" ON "contacts" ("tenant_id") WHERE "birthday" IS NOT NULL;
