-- crm part 2, sales: products, pipelines and lost reasons, opportunities with their stage
-- history and competitive analysis, contracts with lines, payment plans and payments received.
-- Money is integer minor units with its currency. Customer ids carry no foreign key so that a
-- customer merge can move them (as it does for follow-ups).

CREATE TABLE "products" (
  "id"               uuid           NOT NULL PRIMARY KEY,
  "tenant_id"        uuid           NOT NULL,
  "name"             text           NOT NULL,
  "product_line"     text           NOT NULL,
  "list_price_minor" bigint         NOT NULL CHECK ("list_price_minor" >= 0),
  "cost_minor"       bigint         NOT NULL CHECK ("cost_minor" >= 0),
  "currency"         text           NOT NULL,
  "active"           boolean        NOT NULL DEFAULT true,
  "version"          integer        NOT NULL DEFAULT 1,
  "created_at"       timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "products_tenant_id_name_key" ON "products" ("tenant_id", "name");

CREATE TABLE "pipelines" (
  "id"         uuid           NOT NULL PRIMARY KEY,
  "tenant_id"  uuid           NOT NULL,
  "name"       text           NOT NULL,
  "is_default" boolean        NOT NULL DEFAULT false,
  "version"    integer        NOT NULL DEFAULT 1,
  "created_at" timestamptz(3) NOT NULL DEFAULT now()
);
-- One default pipeline per tenant, created lazily: a second concurrent creator loses here.
CREATE UNIQUE INDEX "pipelines_one_default_per_tenant" ON "pipelines" ("tenant_id") WHERE "is_default";

CREATE TABLE "pipeline_stages" (
  "id"              uuid    NOT NULL PRIMARY KEY,
  "tenant_id"       uuid    NOT NULL,
  "pipeline_id"     uuid    NOT NULL REFERENCES "pipelines" ("id") ON DELETE CASCADE,
  "key"             text    NOT NULL,
  "name"            text    NOT NULL,
  "position"        integer NOT NULL,
  "kind"            text    NOT NULL CHECK ("kind" IN ('OPEN', 'WON', 'LOST')),
  "probability"     integer NOT NULL CHECK ("probability" BETWEEN 0 AND 100),
  "required_fields" text[]  NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX "pipeline_stages_pipeline_id_key_key" ON "pipeline_stages" ("pipeline_id", "key");

CREATE TABLE "lost_reasons" (
  "id"        uuid    NOT NULL PRIMARY KEY,
  "tenant_id" uuid    NOT NULL,
  "label"     text    NOT NULL,
  "position"  integer NOT NULL
);
CREATE UNIQUE INDEX "lost_reasons_tenant_id_label_key" ON "lost_reasons" ("tenant_id", "label");

CREATE TABLE "opportunities" (
  "id"                uuid           NOT NULL PRIMARY KEY,
  "tenant_id"         uuid           NOT NULL,
  "name"              text           NOT NULL,
  "customer_id"       uuid           NOT NULL,
  -- NULL while the amount is unknown (a stage's required fields can demand it).
  "amount_minor"      bigint         CHECK ("amount_minor" >= 0),
  "currency"          text           NOT NULL DEFAULT 'CNY',
  "expected_close_on" date,
  "probability"       integer        NOT NULL CHECK ("probability" BETWEEN 0 AND 100),
  "product_line"      text           NOT NULL DEFAULT '',
  "owner_id"          uuid           NOT NULL,
  "source_lead_id"    uuid,
  "pipeline_id"       uuid           NOT NULL REFERENCES "pipelines" ("id"),
  "stage_id"          uuid           NOT NULL REFERENCES "pipeline_stages" ("id"),
  "status"            text           NOT NULL DEFAULT 'OPEN' CHECK ("status" IN ('OPEN', 'WON', 'LOST')),
  "lost_reason"       text           NOT NULL DEFAULT '',
  "stage_entered_at"  timestamptz(3) NOT NULL DEFAULT now(),
  "closed_at"         timestamptz(3),
  "version"           integer        NOT NULL DEFAULT 1,
  "created_at"        timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"        timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "opportunities_tenant_id_created_at_id_idx" ON "opportunities" ("tenant_id", "created_at" DESC, "id");
CREATE INDEX "opportunities_tenant_id_owner_id_idx" ON "opportunities" ("tenant_id", "owner_id");
CREATE INDEX "opportunities_tenant_id_stage_id_idx" ON "opportunities" ("tenant_id", "stage_id");
CREATE INDEX "opportunities_customer_id_idx" ON "opportunities" ("customer_id");

CREATE TABLE "opportunity_stage_changes" (
  "id"             uuid           NOT NULL PRIMARY KEY,
  "tenant_id"      uuid           NOT NULL,
  "opportunity_id" uuid           NOT NULL REFERENCES "opportunities" ("id") ON DELETE CASCADE,
  -- NULL for the stage it was created in.
  "from_stage_id"  uuid,
  "to_stage_id"    uuid           NOT NULL,
  "reason"         text           NOT NULL DEFAULT '',
  "backwards"      boolean        NOT NULL DEFAULT false,
  "changed_by"     uuid,
  "changed_at"     timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "opportunity_stage_changes_opportunity_id_idx" ON "opportunity_stage_changes" ("opportunity_id", "changed_at", "id");

CREATE TABLE "competitors" (
  "id"         uuid           NOT NULL PRIMARY KEY,
  "tenant_id"  uuid           NOT NULL,
  "name"       text           NOT NULL,
  "website"    text           NOT NULL DEFAULT '',
  "strengths"  text           NOT NULL DEFAULT '',
  "weaknesses" text           NOT NULL DEFAULT '',
  "notes"      text           NOT NULL DEFAULT '',
  "created_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "competitors_tenant_id_name_key" ON "competitors" ("tenant_id", "name");

-- 竞争分析: one row per competitor in an opportunity.
CREATE TABLE "competitive_analyses" (
  "id"             uuid           NOT NULL PRIMARY KEY,
  "tenant_id"      uuid           NOT NULL,
  "opportunity_id" uuid           NOT NULL REFERENCES "opportunities" ("id") ON DELETE CASCADE,
  "competitor_id"  uuid           NOT NULL REFERENCES "competitors" ("id"),
  "offer_minor"    bigint         CHECK ("offer_minor" >= 0),
  "currency"       text           NOT NULL DEFAULT 'CNY',
  "strengths"      text           NOT NULL DEFAULT '',
  "weaknesses"     text           NOT NULL DEFAULT '',
  "status"         text           NOT NULL DEFAULT 'ACTIVE' CHECK ("status" IN ('ACTIVE', 'BEATEN', 'LOST_TO')),
  "updated_at"     timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "competitive_analyses_opportunity_id_competitor_id_key" ON "competitive_analyses" ("opportunity_id", "competitor_id");

CREATE TABLE "contracts" (
  "id"                   uuid           NOT NULL PRIMARY KEY,
  "tenant_id"            uuid           NOT NULL,
  "number"               text           NOT NULL,
  "title"                text           NOT NULL DEFAULT '',
  "customer_id"          uuid           NOT NULL,
  "opportunity_id"       uuid           REFERENCES "opportunities" ("id"),
  "owner_id"             uuid           NOT NULL,
  "status"               text           NOT NULL DEFAULT 'DRAFT' CHECK ("status" IN ('DRAFT', 'SIGNED', 'CANCELLED')),
  "signed_on"            date,
  "currency"             text           NOT NULL,
  "total_amount_minor"   bigint         NOT NULL DEFAULT 0,
  "total_cost_minor"     bigint         NOT NULL DEFAULT 0,
  "cancel_reason"        text           NOT NULL DEFAULT '',
  -- Attribution frozen at signing: amend/cancel/payment events carry the signing's.
  "attr_owner_id"        uuid,
  "attr_department_id"   text           NOT NULL DEFAULT '',
  "attr_department_path" text           NOT NULL DEFAULT '',
  "attr_region"          text           NOT NULL DEFAULT '',
  "attr_segment"         text           NOT NULL DEFAULT '',
  "version"              integer        NOT NULL DEFAULT 1,
  "created_at"           timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at"           timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "contracts_tenant_id_number_key" ON "contracts" ("tenant_id", "number");
CREATE INDEX "contracts_tenant_id_created_at_id_idx" ON "contracts" ("tenant_id", "created_at" DESC, "id");
CREATE INDEX "contracts_tenant_id_owner_id_idx" ON "contracts" ("tenant_id", "owner_id");
CREATE INDEX "contracts_customer_id_idx" ON "contracts" ("customer_id");

CREATE TABLE "contract_lines" (
  "id"             uuid    NOT NULL PRIMARY KEY,
  "tenant_id"      uuid    NOT NULL,
  "contract_id"    uuid    NOT NULL REFERENCES "contracts" ("id") ON DELETE CASCADE,
  "position"       integer NOT NULL,
  "product_id"     uuid    REFERENCES "products" ("id"),
  "product_line"   text    NOT NULL,
  "quantity_milli" bigint  NOT NULL CHECK ("quantity_milli" > 0),
  "amount_minor"   bigint  NOT NULL CHECK ("amount_minor" >= 0),
  "cost_minor"     bigint  NOT NULL CHECK ("cost_minor" >= 0),
  "description"    text    NOT NULL DEFAULT ''
);
CREATE INDEX "contract_lines_contract_id_idx" ON "contract_lines" ("contract_id", "position");

CREATE TABLE "payment_installments" (
  "id"           uuid    NOT NULL PRIMARY KEY,
  "tenant_id"    uuid    NOT NULL,
  "contract_id"  uuid    NOT NULL REFERENCES "contracts" ("id") ON DELETE CASCADE,
  "sequence"     integer NOT NULL,
  "due_on"       date    NOT NULL,
  "amount_minor" bigint  NOT NULL CHECK ("amount_minor" > 0)
);
CREATE UNIQUE INDEX "payment_installments_contract_id_sequence_key" ON "payment_installments" ("contract_id", "sequence");

CREATE TABLE "payments" (
  "id"                   uuid           NOT NULL PRIMARY KEY,
  "tenant_id"            uuid           NOT NULL,
  "contract_id"          uuid           NOT NULL REFERENCES "contracts" ("id"),
  "customer_id"          uuid           NOT NULL,
  "owner_id"             uuid           NOT NULL,
  "amount_minor"         bigint         NOT NULL CHECK ("amount_minor" > 0),
  "currency"             text           NOT NULL,
  "received_on"          date           NOT NULL,
  "method"               text           NOT NULL DEFAULT '',
  "reference"            text           NOT NULL DEFAULT '',
  -- Cleared when the plan is replaced; the payment itself stays.
  "installment_id"       uuid,
  "status"               text           NOT NULL DEFAULT 'RECEIVED' CHECK ("status" IN ('RECEIVED', 'REVERSED')),
  "reversal_reason"      text           NOT NULL DEFAULT '',
  "reversed_at"          timestamptz(3),
  "attr_owner_id"        uuid,
  "attr_department_id"   text           NOT NULL DEFAULT '',
  "attr_department_path" text           NOT NULL DEFAULT '',
  "attr_region"          text           NOT NULL DEFAULT '',
  "attr_segment"         text           NOT NULL DEFAULT '',
  "version"              integer        NOT NULL DEFAULT 1,
  "created_at"           timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "payments_contract_id_idx" ON "payments" ("contract_id");
CREATE INDEX "payments_tenant_id_created_at_id_idx" ON "payments" ("tenant_id", "created_at" DESC, "id");
