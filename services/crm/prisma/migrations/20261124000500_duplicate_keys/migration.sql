-- Normalized names for duplicate detection (phones and emails are stored normalized already).
-- The service computes the keys (see modules/duplicate/duplicate-keys.ts); this backfill is the
-- same rule in SQL for rows written before it: lower case, no spaces or punctuation, without a
-- trailing legal-form suffix.
ALTER TABLE "leads" ADD COLUMN "company_key" text NOT NULL DEFAULT '';
ALTER TABLE "customers" ADD COLUMN "name_key" text NOT NULL DEFAULT '';

UPDATE "leads" SET "company_key" = regexp_replace(
  regexp_replace(lower("company"), '[[:space:][:punct:]（）()·]+', '', 'g'),
  '(股份有限公司|有限责任公司|有限公司|公司|coltd|ltd|inc|llc|corp|corporation|company|co)$', '');
UPDATE "customers" SET "name_key" = regexp_replace(
  regexp_replace(lower("name"), '[[:space:][:punct:]（）()·]+', '', 'g'),
  '(股份有限公司|有限责任公司|有限公司|公司|coltd|ltd|inc|llc|corp|corporation|company|co)$', '');

CREATE INDEX "leads_tenant_id_phone_idx" ON "leads" ("tenant_id", "phone") WHERE "phone" <> '';
CREATE INDEX "leads_tenant_id_email_idx" ON "leads" ("tenant_id", "email") WHERE "email" <> '';
CREATE INDEX "leads_tenant_id_company_key_idx" ON "leads" ("tenant_id", "company_key") WHERE "company_key" <> '';
CREATE INDEX "customers_tenant_id_name_key_idx" ON "customers" ("tenant_id", "name_key") WHERE "name_key" <> '';
CREATE INDEX "contacts_phones_idx" ON "contacts" USING gin ("phones");
CREATE INDEX "contacts_tenant_id_email_idx" ON "contacts" ("tenant_id", "email") WHERE "email" <> '';
