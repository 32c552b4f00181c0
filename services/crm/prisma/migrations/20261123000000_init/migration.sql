CREATE TYPE "LeadSource" AS ENUM ('EXHIBITION', 'WEB', 'REFERRAL', 'CAMPAIGN', 'COLD_CALL', 'OTHER');
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONTACTED', 'QUALIFIED', 'UNQUALIFIED', 'CONVERTED', 'RECYCLED');

CREATE TABLE "leads" (
  "id"         uuid          NOT NULL PRIMARY KEY,
  "tenant_id"  uuid          NOT NULL,
  "name"       text          NOT NULL,
  "company"    text          NOT NULL DEFAULT '',
  "phone"      text          NOT NULL DEFAULT '',
  "email"      text          NOT NULL DEFAULT '',
  "source"     "LeadSource"  NOT NULL,
  "status"     "LeadStatus"  NOT NULL DEFAULT 'NEW',
  "owner_id"   uuid,
  "notes"      text          NOT NULL DEFAULT '',
  "version"    integer       NOT NULL DEFAULT 1,
  "created_at" timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "leads_tenant_id_created_at_id_idx" ON "leads" ("tenant_id", "created_at" DESC, "id");
CREATE INDEX "leads_tenant_id_owner_id_idx" ON "leads" ("tenant_id", "owner_id");

