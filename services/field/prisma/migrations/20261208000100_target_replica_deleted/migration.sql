-- goals.target.deleted: a deleted node stays as a tombstone (its version one past the node's
-- last), so that an older event of the node arriving afterwards cannot bring it back.
ALTER TABLE target_replica ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;
