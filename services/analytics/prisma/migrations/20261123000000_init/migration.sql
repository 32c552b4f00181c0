CREATE TABLE "lead_facts" (
  "lead_id"    uuid           NOT NULL PRIMARY KEY,
  "tenant_id"  uuid           NOT NULL,
  "source"     text           NOT NULL,
  "owner_id"   uuid,
  "created_at" timestamptz(3) NOT NULL
);
CREATE INDEX "lead_facts_tenant_id_source_idx" ON "lead_facts" ("tenant_id", "source");
