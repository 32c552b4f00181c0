-- The mirror's own tables. Each row keeps the aggregate version it was written from, so an
-- older or repeated event never overwrites a newer state.
CREATE TABLE IF NOT EXISTS mirror_customers (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  name       text        NOT NULL,
  owner_id   text        NOT NULL,
  lifecycle  text        NOT NULL,
  version    bigint      NOT NULL,
  state      jsonb       NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE IF NOT EXISTS mirror_opportunities (
  tenant_id    text   NOT NULL,
  id           text   NOT NULL,
  customer_id  text   NOT NULL,
  name         text   NOT NULL,
  stage_id     text   NOT NULL,
  status       text   NOT NULL,
  amount_minor bigint NOT NULL,
  currency     text   NOT NULL,
  version      bigint NOT NULL,
  state        jsonb  NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
