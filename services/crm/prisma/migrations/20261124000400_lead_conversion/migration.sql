-- Lead conversion (转客户): what a lead became, and the tenant's mapping rules.
ALTER TABLE "leads"
  ADD COLUMN "converted_customer_id" uuid REFERENCES "customers" ("id"),
  ADD COLUMN "converted_contact_id" uuid REFERENCES "contacts" ("id"),
  ADD COLUMN "converted_at" timestamptz(3);

-- One row per tenant that changed the built-in rules.
CREATE TABLE "conversion_rules" (
  "tenant_id"  uuid           NOT NULL PRIMARY KEY,
  "mappings"   jsonb          NOT NULL,
  "version"    integer        NOT NULL DEFAULT 1,
  "updated_at" timestamptz(3) NOT NULL DEFAULT now()
);
