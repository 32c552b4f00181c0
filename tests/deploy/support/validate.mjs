// Validates every object of the given multi-document YAML files against the Kubernetes schemas
// (kubernetes-models + @kubernetes-models/validate; ServiceMonitor from the prometheus-operator
// models; Strimzi KafkaTopic by a small structural check, as no Strimzi model package exists).
// Runs as native ESM because those packages ship only ES modules; tools.ts starts it and reads
// its JSON: [{ file, index, apiVersion, kind, name, errors: [] }].
//   node validate.mjs <node_modules dir> <file.yaml>...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), 'noop.js'));
const YAML = require('yaml');
// The model packages export ES modules only (no "require" condition): import their files directly.
const load = (pkg, path) => import(pathToFileURL(join(resolve(modules), pkg, `${path}.js`)).href);

const CRD_PACKAGES = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const path = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
  const pkg = CRD_PACKAGES[group] ?? 'kubernetes-models';
  const module = await load(pkg, path);
  return module[kind];
}

function kafkaTopicErrors(o) {
  const errors = [];
  if (o.apiVersion !== 'kafka.strimzi.io/v1beta2') errors.push(`apiVersion ${o.apiVersion}`);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata?.name ?? ''))
    errors.push('metadata.name is not a DNS-1123 name');
  if (!o.metadata?.labels?.['strimzi.io/cluster']) errors.push('label strimzi.io/cluster missing');
  const spec = o.spec ?? {};
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1) errors.push('spec.partitions');
  if (!Number.isInteger(spec.replicas) || spec.replicas < 1) errors.push('spec.replicas');
  if (spec.topicName !== undefined && typeof spec.topicName !== 'string') errors.push('spec.topicName');
  if (spec.config !== undefined && (typeof spec.config !== 'object' || Array.isArray(spec.config)))
    errors.push('spec.config');
  const known = new Set(['topicName', 'partitions', 'replicas', 'config']);
  for (const key of Object.keys(spec)) if (!known.has(key)) errors.push(`spec.${key} is not a KafkaTopic field`);
  return errors;
}

const results = [];
for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true });
  let index = 0;
  for (const doc of docs) {
    const errors = doc.errors.map((e) => `YAML: ${e.message}`);
    const o = doc.toJS();
    if (o === null || o === undefined) continue;
    const entry = { file, index: index++, apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, errors };
    results.push(entry);
    if (!o.apiVersion || !o.kind) {
      errors.push('apiVersion and kind are required');
      continue;
    }
    if (o.kind === 'KafkaTopic') {
      errors.push(...kafkaTopicErrors(o));
      continue;
    }
    let Model;
    try {
      Model = await modelFor(o.apiVersion, o.kind);
    } catch {
      errors.push(`no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (error) {
      errors.push(String(error.message ?? error).slice(0, 2000));
    }
  }
}
process.stdout.write(JSON.stringify(results));
