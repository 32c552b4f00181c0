-- Follow-up records (联系记录), the last/next follow-up of leads and customers, and the
-- customer 360 timeline.
CREATE TYPE "ActivitySubjectType" AS ENUM ('LEAD', 'CUSTOMER', 'OPPORTUNITY');
CREATE TYPE "FollowUpMethod" AS ENUM ('PHONE', 'VISIT', 'WECHAT', 'EMAIL', 'MEETING');

ALTER TABLE "leads" ADD COLUMN "last_follow_up_at" timestamptz(3), ADD COLUMN "next_follow_up_on" date;
ALTER TABLE "customers" ADD COLUMN "last_follow_up_at" timestamptz(3), ADD COLUMN "next_follow_up_on" date;
CREATE INDEX "leads_tenant_id_next_follow_up_on_idx" ON "leads" ("tenant_id", "next_follow_up_on") WHERE "next_follow_up_on" IS NOT NULL;
CREATE INDEX "customers_tenant_id_next_follow_up_on_idx" ON "customers" ("tenant_id", "next_follow_up_on") WHERE "next_follow_up_on" IS NOT NULL;

CREATE TABLE "activities" (
  "id"                uuid                  NOT NULL PRIMARY KEY,
  "tenant_id"         uuid                  NOT NULL,
  "subject_type"      "ActivitySubjectType" NOT NULL,
  "subject_id"        uuid                  NOT NULL,
  "method"            "FollowUpMethod"      NOT NULL,
  "contact_id"        uuid,
  "content"           text                  NOT NULL,
  "result"            text                  NOT NULL DEFAULT '',
  "next_step"         text                  NOT NULL DEFAULT '',
  "next_follow_up_on" date,
  "occurred_at"       timestamptz(3)        NOT NULL,
  "owner_id"          uuid                  NOT NULL,
  "created_at"        timestamptz(3)        NOT NULL DEFAULT now()
);
CREATE INDEX "activities_subject_idx" ON "activities" ("tenant_id", "subject_type", "subject_id", "occurred_at" DESC, "id");

-- One row per thing shown on a customer's timeline, whatever produced it: follow-ups now;
-- opportunities, contracts, tickets and visits (from field events) write rows of their kind.
CREATE TABLE "timeline_entries" (
  "id"          uuid           NOT NULL PRIMARY KEY,
  "tenant_id"   uuid           NOT NULL,
  "customer_id" uuid           NOT NULL,
  "kind"        text           NOT NULL,
  "source_id"   uuid           NOT NULL,
  "occurred_at" timestamptz(3) NOT NULL,
  "title"       text           NOT NULL,
  "summary"     text           NOT NULL DEFAULT '',
  "actor_id"    uuid,
  "details"     jsonb          NOT NULL DEFAULT '{}'
);
-- A source record appears once per kind: replaying its event is harmless.
CREATE UNIQUE INDEX "timeline_entries_kind_source_id_key" ON "timeline_entries" ("kind", "source_id");
CREATE INDEX "timeline_entries_customer_idx" ON "timeline_entries" ("tenant_id", "customer_id", "occurred_at" DESC, "id");
