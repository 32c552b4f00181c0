-- Service tickets (客户投诉 / 售后服务), their transition history, satisfaction surveys, and the
-- per-tenant service settings (response time per severity, dormancy period).

CREATE TYPE "TicketType" AS ENUM ('COMPLAINT', 'SERVICE', 'INQUIRY');
CREATE TYPE "TicketSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');
CREATE TYPE "TicketStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED');

-- Absent row = the defaults (CRITICAL 4 h, HIGH 24 h, MEDIUM 72 h, LOW 168 h; dormant after 90 days).
CREATE TABLE "service_settings" (
    "tenant_id" UUID NOT NULL,
    "critical_hours" INTEGER NOT NULL DEFAULT 4,
    "high_hours" INTEGER NOT NULL DEFAULT 24,
    "medium_hours" INTEGER NOT NULL DEFAULT 72,
    "low_hours" INTEGER NOT NULL DEFAULT 168,
    "dormancy_days" INTEGER NOT NULL DEFAULT 90,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "service_settings_pkey" PRIMARY KEY ("tenant_id")
);

CREATE TABLE "tickets" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "type" "TicketType" NOT NULL,
    "severity" "TicketSeverity" NOT NULL,
    "customer_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "assignee_id" UUID NOT NULL,
    "status" "TicketStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT NOT NULL DEFAULT '',
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "satisfaction_rating" INTEGER NOT NULL DEFAULT 0,
    "satisfaction_comment" TEXT NOT NULL DEFAULT '',
    "rated_at" TIMESTAMPTZ(3),
    "reopen_count" INTEGER NOT NULL DEFAULT 0,
    "opened_by" TEXT NOT NULL DEFAULT '',
    -- Who the ticket counts for, frozen when it was opened (see modules/attribution).
    "attribution" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tickets_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "tickets_rating_check" CHECK ("satisfaction_rating" BETWEEN 0 AND 5)
);
CREATE INDEX "tickets_tenant_id_created_at_id_idx" ON "tickets"("tenant_id", "created_at" DESC, "id");
CREATE INDEX "tickets_tenant_id_assignee_id_idx" ON "tickets"("tenant_id", "assignee_id");
CREATE INDEX "tickets_customer_id_idx" ON "tickets"("customer_id");
-- The overdue list: unresolved tickets by due time.
CREATE INDEX "tickets_open_due_idx" ON "tickets"("tenant_id", "due_at") WHERE "status" IN ('OPEN', 'IN_PROGRESS');

-- Every move of a ticket: opened, assigned, each status change (who, when, from, to, comment).
CREATE TABLE "ticket_transitions" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "from_status" "TicketStatus",
    "to_status" "TicketStatus" NOT NULL,
    "actor_id" TEXT NOT NULL DEFAULT '',
    "comment" TEXT NOT NULL DEFAULT '',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ticket_transitions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ticket_transitions_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ticket_transitions_ticket_id_occurred_at_id_idx" ON "ticket_transitions"("ticket_id", "occurred_at", "id");

-- 满意度调查: standalone surveys of a customer.
CREATE TABLE "satisfaction_surveys" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "recorded_by" TEXT NOT NULL DEFAULT '',
    "surveyed_at" TIMESTAMPTZ(3) NOT NULL,
    "attribution" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "satisfaction_surveys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "satisfaction_surveys_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "satisfaction_surveys_score_check" CHECK ("score" BETWEEN 1 AND 5)
);
CREATE INDEX "satisfaction_surveys_tenant_id_surveyed_at_id_idx" ON "satisfaction_surveys"("tenant_id", "surveyed_at" DESC, "id");
CREATE INDEX "satisfaction_surveys_customer_id_idx" ON "satisfaction_surveys"("customer_id");
