-- Notifications: one row per (recipient, source event), so a redelivered event cannot notify twice.
-- The id is a global bigint sequence, hence increasing per recipient too: it is the SSE event id.
CREATE TABLE "notifications" (
  "id"              bigserial      PRIMARY KEY,
  "tenant_id"       uuid           NOT NULL,
  "recipient_id"    uuid           NOT NULL,
  "kind"            text           NOT NULL,
  "title"           text           NOT NULL,
  "body"            text           NOT NULL,
  "subject_type"    text           NOT NULL,
  "subject_id"      text           NOT NULL,
  "source_event_id" uuid           NOT NULL,
  "created_at"      timestamptz(3) NOT NULL DEFAULT now(),
  "read_at"         timestamptz(3)
);
CREATE UNIQUE INDEX "notifications_recipient_id_source_event_id_key" ON "notifications" ("recipient_id", "source_event_id");
CREATE INDEX "notifications_tenant_id_recipient_id_id_idx" ON "notifications" ("tenant_id", "recipient_id", "id");
CREATE INDEX "notifications_unread_idx" ON "notifications" ("tenant_id", "recipient_id", "id") WHERE "read_at" IS NULL;

-- Every replica's stream listens on this channel; the notification is sent when the inserting
-- transaction commits, so a listener never sees a row it cannot read yet.
CREATE FUNCTION "notifications_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('salesflow_notifications',
    json_build_object('tenantId', NEW.tenant_id, 'recipientId', NEW.recipient_id, 'id', NEW.id)::text);
  RETURN NEW;
END $$;
CREATE TRIGGER "notifications_announce" AFTER INSERT ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION "notifications_announce"();

-- The last owner seen per lead/opportunity/contract/ticket: a recycled lead's event no longer
-- names its previous owner, who is the one to tell.
CREATE TABLE "subject_owners" (
  "tenant_id"    uuid           NOT NULL,
  "subject_type" text           NOT NULL,
  "subject_id"   text           NOT NULL,
  "owner_id"     text           NOT NULL,
  "version"      bigint         NOT NULL,
  "updated_at"   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("tenant_id", "subject_type", "subject_id")
);

-- Outbound webhooks of a tenant.
CREATE TABLE "webhook_subscriptions" (
  "id"                   uuid           PRIMARY KEY,
  "tenant_id"            uuid           NOT NULL,
  "event_patterns"       text[]         NOT NULL,
  "url"                  text           NOT NULL,
  "secret"               text           NOT NULL,
  "active"               boolean        NOT NULL DEFAULT true,
  "disabled_reason"      text           NOT NULL DEFAULT '',
  "consecutive_failures" integer        NOT NULL DEFAULT 0,
  "created_by"           uuid           NOT NULL,
  "version"              integer        NOT NULL DEFAULT 1,
  "created_at"           timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"           timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "webhook_subscriptions_tenant_id_active_idx" ON "webhook_subscriptions" ("tenant_id", "active");

-- One delivery per (subscription, event); the body is fixed when the event is matched.
CREATE TABLE "webhook_deliveries" (
  "id"              uuid           PRIMARY KEY,
  "tenant_id"       uuid           NOT NULL,
  "subscription_id" uuid           NOT NULL REFERENCES "webhook_subscriptions" ("id") ON DELETE CASCADE,
  "event_id"        uuid           NOT NULL,
  "event_type"      text           NOT NULL,
  "body"            text           NOT NULL,
  "status"          text           NOT NULL DEFAULT 'PENDING',
  "attempts"        integer        NOT NULL DEFAULT 0,
  "next_attempt_at" timestamptz(3) NOT NULL DEFAULT now(),
  "created_at"      timestamptz(3) NOT NULL DEFAULT now(),
  "delivered_at"    timestamptz(3)
);
CREATE UNIQUE INDEX "webhook_deliveries_subscription_id_event_id_key" ON "webhook_deliveries" ("subscription_id", "event_id");
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'PENDING';
CREATE INDEX "webhook_deliveries_subscription_id_created_at_idx" ON "webhook_deliveries" ("subscription_id", "created_at", "id");

-- Each HTTP attempt of a delivery, for the delivery log.
CREATE TABLE "webhook_delivery_attempts" (
  "id"           bigserial      PRIMARY KEY,
  "delivery_id"  uuid           NOT NULL REFERENCES "webhook_deliveries" ("id") ON DELETE CASCADE,
  "attempt"      integer        NOT NULL,
  "status_code"  integer        NOT NULL DEFAULT 0,
  "error"        text           NOT NULL DEFAULT '',
  "duration_ms"  integer        NOT NULL,
  "attempted_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "webhook_delivery_attempts_delivery_id_idx" ON "webhook_delivery_attempts" ("delivery_id", "attempt");
