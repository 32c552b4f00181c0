-- The customer operation log (操作日志), written by handover (and later by other owner changes).
CREATE TABLE "customer_operations" (
  "id"          uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "customer_id" uuid           NOT NULL REFERENCES "customers" ("id") ON DELETE CASCADE,
  "action"      text           NOT NULL,
  "actor_id"    uuid,
  "occurred_at" timestamptz(3) NOT NULL DEFAULT now(),
  "before"      jsonb          NOT NULL DEFAULT '{}',
  "after"       jsonb          NOT NULL DEFAULT '{}'
);
CREATE INDEX "customer_operations_customer_id_occurred_at_idx" ON "customer_operations" ("customer_id", "occurred_at" DESC, "id" DESC);
