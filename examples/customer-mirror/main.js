#!/usr/bin/env node
// Runs the mirror until Ctrl-C:
//   KAFKA_BROKERS=127.0.0.1:19092 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/mirror node main.js
// MIRROR_FROM_HISTORY=1 replays the event topics from the beginning instead of reading snapshots.
const { startMirror } = require('./mirror');

async function main() {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required (the database the mirror writes to)');
  const mirror = await startMirror({
    brokers,
    databaseUrl,
    groupId: process.env.MIRROR_GROUP_ID ?? 'example-customer-mirror',
    fromSnapshots: process.env.MIRROR_FROM_HISTORY !== '1',
    log: (line) => console.log(line),
  });
  console.log('mirroring customers and opportunities; Ctrl-C stops');
  const stop = () => mirror.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
