#!/usr/bin/env node
// Writes charts/salesflow/files/topics.json from the topic catalog (packages/contracts, built),
// the list the chart's Strimzi KafkaTopic resources come from. Run after changing the catalog:
//   node deploy/generate-topics.js          (writes the file)
//   node deploy/generate-topics.js --check  (exits 1 when the file is out of date)
// The same topics and settings the services create at start-up (platform's catalogTopics).
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const target = join(root, 'charts', 'salesflow', 'files', 'topics.json');

function render() {
  const { ALL_TOPICS } = require(join(root, 'packages', 'contracts', 'dist', 'topics.js'));
  const topics = ALL_TOPICS.flatMap((t) => [
    { name: t.name, service: t.service, partitions: t.partitions, config: {} },
    { name: t.snapshotName, service: t.service, partitions: t.partitions, config: { 'cleanup.policy': 'compact' } },
  ]);
  return `${JSON.stringify({ generatedFrom: 'packages/contracts/src/topics.ts', topics }, null, 2)}\n`;
}

const wanted = render();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== wanted) {
    console.error('charts/salesflow/files/topics.json is out of date: run node deploy/generate-topics.js');
    process.exit(1);
  }
} else {
  writeFileSync(target, wanted);
}
