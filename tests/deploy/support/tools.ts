import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHART = join(ROOT, 'charts', 'salesflow');
export const RENDERED = join(ROOT, '.local', 'deploy', 'rendered');
const TOOLS = join(ROOT, '.local', 'deploy', 'tools', 'node_modules');
const HELM_LIBS = join(ROOT, '.local', 'deploy', 'helm-check', 'libs');

export const COMPONENTS = [
  'identity',
  'crm',
  'goals',
  'field',
  'analytics',
  'notifications',
  'gateway',
  'web',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** A Kubernetes object as rendered; fields beyond these are read through `at`. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

interface YamlModule {
  parseAllDocuments(source: string, options?: { uniqueKeys?: boolean }): { toJS(): unknown; errors: Error[] }[];
}

let toolsChecked = false;
/** helm-java, kubectl and the validator, installed by check-deploy.sh on first use. */
export function ensureTools(): void {
  if (toolsChecked) return;
  if (!existsSync(join(TOOLS, 'kubernetes-models')) || !existsSync(HELM_LIBS)) {
    execFileSync('bash', [join(ROOT, 'scripts', 'check-deploy.sh'), '--tools'], { stdio: 'inherit' });
  }
  toolsChecked = true;
}

export function parseYaml(file: string): K8sObject[] {
  ensureTools();
  const yaml = createRequire(join(TOOLS, 'noop.js'))('yaml') as YamlModule;
  return yaml
    .parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true })
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

export interface HelmRun {
  /** File name under .local/deploy/rendered/cases. */
  name: string;
  release?: string;
  namespace?: string;
  valuesFiles?: string[];
  set?: Record<string, string | number | boolean>;
}

export interface HelmResult {
  file: string;
  objects: K8sObject[];
  error?: string;
}

/** `helm template` for every run in one JVM (helm-java); an error is returned, not thrown. */
export function helmTemplate(runs: readonly HelmRun[]): Record<string, HelmResult> {
  ensureTools();
  const dir = join(RENDERED, 'cases');
  mkdirSync(dir, { recursive: true });
  const plan = runs.map((run) =>
    [
      join(dir, `${run.name}.yaml`),
      run.release ?? 'salesflow',
      run.namespace ?? 'salesflow',
      (run.valuesFiles ?? []).join(','),
      Object.entries(run.set ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
    ].join('\t'),
  );
  const planFile = join(dir, 'plan.tsv');
  writeFileSync(planFile, `${plan.join('\n')}\n`);
  try {
    execFileSync(
      'java',
      ['-cp', `${HELM_LIBS}/*`, join(ROOT, 'deploy', 'helm-check', 'HelmCheck.java'), 'template', CHART, planFile],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  } catch {
    // Failed runs leave <name>.yaml.error, read below; the exit status only says that some did.
  }
  return Object.fromEntries(
    runs.map((run) => {
      const file = join(dir, `${run.name}.yaml`);
      if (existsSync(`${file}.error`))
        return [run.name, { file, objects: [], error: readFileSync(`${file}.error`, 'utf8') }];
      if (!existsSync(file)) return [run.name, { file, objects: [], error: 'helm template wrote nothing' }];
      return [run.name, { file, objects: parseYaml(file) }];
    }),
  );
}

export function kustomize(overlay: string): { file: string; objects: K8sObject[] } {
  ensureTools();
  mkdirSync(RENDERED, { recursive: true });
  const file = join(RENDERED, `kustomize-${overlay}.yaml`);
  writeFileSync(
    file,
    execFileSync('kubectl', ['kustomize', join(ROOT, 'deploy', 'k8s', 'overlays', overlay)], { stdio: 'pipe' }),
  );
  return { file, objects: parseYaml(file) };
}

export interface ValidationResult {
  file: string;
  index: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  errors: string[];
}

/** Every object of the files against the Kubernetes schemas (support/validate.mjs, native ESM). */
export function validateFiles(files: readonly string[]): ValidationResult[] {
  ensureTools();
  const out = execFileSync(process.execPath, [join(__dirname, 'validate.mjs'), TOOLS, ...files], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString()) as ValidationResult[];
}

/** A field deep in an object: at(o, 'spec', 'template', 'spec'). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Every string inside a value (keys included), for "does anything still refer to X". */
export function allStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      allStrings(v, into);
    }
  }
  return into;
}
