// helm-java's lint takes no values files, so scripts/check-deploy.sh lints each scenario on a
// copy of the chart whose values.yaml is the chart's own deep-merged with the scenario's.
//   node merge-values.mjs <yaml node_modules dir> <values.yaml> <scenario.yaml> > merged.yaml
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [modules, base, overlay] = process.argv.slice(2);
const YAML = createRequire(join(resolve(modules), 'noop.js'))('yaml');
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const merge = (a, b) => {
  if (!isMap(a) || !isMap(b)) return b === undefined ? a : b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
  return out;
};
const read = (file) => YAML.parse(readFileSync(file, 'utf8')) ?? {};
process.stdout.write(YAML.stringify(merge(read(base), read(overlay))));
