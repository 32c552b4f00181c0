-- goals.target.deleted: the node stays as a tombstone (version one past its last), so that an
-- older event of it arriving later cannot revive it; target completion leaves it out. No replay
-- is needed: goals announced no deletion before this event existed.
ALTER TABLE target_facts ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT false;
