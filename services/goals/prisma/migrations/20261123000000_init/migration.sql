CREATE TYPE "TargetMetric" AS ENUM ('CONTRACT_AMOUNT', 'PAYMENT_AMOUNT', 'GROSS_MARGIN', 'NEW_CUSTOMERS', 'VISITS', 'EFFECTIVE_VISITS', 'NEW_OUTLETS');
CREATE TYPE "TargetScope" AS ENUM ('TENANT', 'DEPARTMENT', 'EMPLOYEE');

CREATE TABLE "targets" (
  "id"           uuid           NOT NULL PRIMARY KEY,
  "tenant_id"    uuid           NOT NULL,
  "metric"       "TargetMetric" NOT NULL,
  "period_start" date           NOT NULL,
  "period_end"   date           NOT NULL,
  "scope"        "TargetScope"  NOT NULL,
  "scope_id"     uuid,
  "value"        bigint         NOT NULL,
  "parent_id"    uuid,
  "version"      integer        NOT NULL DEFAULT 1,
  "created_by"   uuid           NOT NULL,
  "created_at"   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "targets_tenant_id_period_start_period_end_idx" ON "targets" ("tenant_id", "period_start", "period_end");
CREATE INDEX "targets_tenant_id_scope_scope_id_idx" ON "targets" ("tenant_id", "scope", "scope_id");
CREATE INDEX "targets_parent_id_idx" ON "targets" ("parent_id");
ALTER TABLE "targets" ADD CONSTRAINT "targets_parent_id_fkey"
  FOREIGN KEY ("parent_id") REFERENCES "targets" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

