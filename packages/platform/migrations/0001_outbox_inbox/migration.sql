-- Transactional outbox: written in the same transaction as the change it announces,
-- published by the relay in `seq` order, marked sent afterwards (ARCHITECTURE §2).
CREATE TABLE salesflow_outbox (
  id           uuid        PRIMARY KEY,            -- the event id, also the ce_id header
  seq          bigserial   NOT NULL UNIQUE,        -- publication order
  topic        text        NOT NULL,
  message_key  text        NOT NULL,
  event_type   text        NOT NULL,
  value        bytea       NOT NULL,               -- encoded EventEnvelope
  headers      jsonb       NOT NULL DEFAULT '{}',  -- traceparent captured at write time
  snapshot_topic text,                             -- compacted topic to mirror the state to
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz
);
CREATE INDEX salesflow_outbox_unsent ON salesflow_outbox (seq) WHERE sent_at IS NULL;

-- Idempotent consumers: an event id is recorded in the same transaction as its effect.
CREATE TABLE salesflow_inbox (
  consumer_group text        NOT NULL,
  event_id       uuid        NOT NULL,
  event_type     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
