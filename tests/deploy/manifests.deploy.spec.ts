// Every object Helm and kustomize render, against the Kubernetes schemas, plus the rules every
// workload here follows (non-root, read-only root filesystem, no capabilities, probes).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, helmTemplate, type K8sObject, kustomize, RENDERED, ROOT, validateFiles } from './support/tools';

interface Rendered {
  name: string;
  file: string;
  objects: K8sObject[];
}

/** The scenarios scripts/check-deploy.sh renders (deploy/helm-check/scenarios.tsv). */
function scenarios(): { name: string; release: string; namespace: string; valuesFiles: string[] }[] {
  return readFileSync(join(ROOT, 'deploy', 'helm-check', 'scenarios.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [out = '', release = '', namespace = '', values = ''] = line.split('\t');
      return {
        name:
          out
            .split('/')
            .pop()
            ?.replace(/\.yaml$/, '') ?? out,
        release,
        namespace,
        valuesFiles: values
          .split(',')
          .filter(Boolean)
          .map((f) => join(ROOT, f)),
      };
    });
}

const rendered: Rendered[] = [];

beforeAll(() => {
  const runs = scenarios();
  const results = helmTemplate(runs);
  for (const run of runs) {
    const result = results[run.name];
    if (!result || result.error) throw new Error(`helm template ${run.name}: ${result?.error}`);
    rendered.push({ name: run.name, file: result.file, objects: result.objects });
  }
  for (const overlay of ['dev', 'prod']) rendered.push({ name: `kustomize-${overlay}`, ...kustomize(overlay) });
});

function podSpecs(objects: K8sObject[]): { owner: string; spec: Record<string, unknown> }[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({
      owner: `${o.kind}/${o.metadata.name}`,
      spec: at(o, 'spec', 'template', 'spec') as Record<string, unknown>,
    }));
}

describe('rendered manifests', () => {
  it('renders every scenario and overlay', () => {
    expect(rendered.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'helm-all-on',
        'helm-crm-department',
        'helm-analytics-hpa',
        'kustomize-dev',
        'kustomize-prod',
      ]),
    );
    for (const r of rendered) expect(r.objects.length).toBeGreaterThan(10);
  });

  it('validates every object against the Kubernetes schemas', () => {
    const results = validateFiles(rendered.map((r) => r.file));
    expect(results.length).toBe(rendered.reduce((n, r) => n + r.objects.length, 0));
    const invalid = results
      .filter((r) => r.errors.length > 0)
      .map((r) => `${r.file}#${r.index} ${r.kind}/${r.name}: ${r.errors.join('; ')}`);
    expect(invalid).toEqual([]);
  });

  it('the validator does reject a broken object', () => {
    const file = join(RENDERED, 'cases', 'broken.yaml');
    mkdirSync(join(RENDERED, 'cases'), { recursive: true });
    writeFileSync(
      file,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: two, template: {} }\n---\napiVersion: v1\nkind: NoSuchKind\nmetadata: { name: y }\n',
    );
    const [deployment, unknown] = validateFiles([file]);
    expect(deployment?.errors.join(' ')).toMatch(/selector|replicas/);
    expect(unknown?.errors.join(' ')).toMatch(/no schema/);
  });

  it('runs every pod as non-root, read-only, without capabilities, under RuntimeDefault seccomp', () => {
    for (const r of rendered) {
      for (const { owner, spec } of podSpecs(r.objects)) {
        const where = `${r.name} ${owner}`;
        expect([where, at(spec, 'securityContext', 'runAsNonRoot')]).toEqual([where, true]);
        expect([where, at(spec, 'securityContext', 'seccompProfile', 'type')]).toEqual([where, 'RuntimeDefault']);
        expect([where, at(spec, 'automountServiceAccountToken')]).toEqual([where, false]);
        for (const container of at(spec, 'containers') as Record<string, unknown>[]) {
          expect([where, at(container, 'securityContext', 'readOnlyRootFilesystem')]).toEqual([where, true]);
          expect([where, at(container, 'securityContext', 'allowPrivilegeEscalation')]).toEqual([where, false]);
          expect([where, at(container, 'securityContext', 'capabilities', 'drop')]).toEqual([where, ['ALL']]);
          expect([where, at(container, 'resources', 'requests')]).toEqual([where, expect.any(Object)]);
          // The only writable place: an emptyDir on /tmp.
          expect([where, at(container, 'volumeMounts')]).toEqual([
            where,
            expect.arrayContaining([{ name: 'tmp', mountPath: '/tmp' }]),
          ]);
        }
      }
    }
  });

  it('probes the services on /healthz (liveness) and /readyz (readiness)', () => {
    for (const r of rendered) {
      for (const d of r.objects.filter(
        (o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/name'] !== 'web',
      )) {
        const container = at(d, 'spec', 'template', 'spec', 'containers', 0);
        expect([d.metadata.name, at(container, 'livenessProbe', 'httpGet', 'path')]).toEqual([
          d.metadata.name,
          '/healthz',
        ]);
        expect([d.metadata.name, at(container, 'readinessProbe', 'httpGet', 'path')]).toEqual([
          d.metadata.name,
          '/readyz',
        ]);
      }
    }
  });

  it('kustomize prod: HPAs for analytics and the gateway, a PDB per module, network policies', () => {
    const prod = rendered.find((r) => r.name === 'kustomize-prod')?.objects ?? [];
    const hpas = prod.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => at(h, 'spec', 'scaleTargetRef', 'name')).sort()).toEqual(['analytics', 'gateway']);
    const analytics = hpas.find((h) => h.metadata.name === 'analytics');
    expect([at(analytics, 'spec', 'minReplicas'), at(analytics, 'spec', 'maxReplicas')]).toEqual([2, 10]);
    expect(prod.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(7);
    for (const d of prod.filter((o) => o.kind === 'Deployment')) expect(at(d, 'spec', 'replicas')).toBe(2);
    expect(prod.every((o) => o.metadata.namespace === 'salesflow')).toBe(true);
  });

  it('field keeps photos on a persistent volume mounted at FIELD_PHOTO_DIR, unless they go to s3', () => {
    for (const r of rendered) {
      const field = r.objects.find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('field'));
      if (!field) continue;
      const pod = at(field, 'spec', 'template', 'spec') as {
        containers: {
          env?: { name: string; value?: string }[];
          envFrom?: { configMapRef?: { name: string } }[];
          volumeMounts?: { name: string; mountPath: string }[];
        }[];
        volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
      };
      const [container] = pod.containers;
      if (!container) throw new Error(`${r.name}: field has no container`);
      // The environment as the process sees it: the ConfigMaps it loads, then its own env.
      const env = new Map<string, string>();
      for (const source of container.envFrom ?? []) {
        const map = r.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name);
        for (const [k, v] of Object.entries((at(map, 'data') as Record<string, string> | undefined) ?? {}))
          env.set(k, v);
      }
      for (const e of container.env ?? []) if (e.value !== undefined) env.set(e.name, e.value);
      if (env.get('FIELD_PHOTO_STORE') === 's3') continue;
      const dir = env.get('FIELD_PHOTO_DIR') ?? '';
      const mount = container.volumeMounts?.find((m) => m.mountPath === dir);
      const volume = pod.volumes?.find((v) => v.name === mount?.name);
      expect([r.name, dir.startsWith('/'), volume?.persistentVolumeClaim?.claimName !== undefined]).toEqual([
        r.name,
        true,
        true,
      ]);
    }
  });

  it('network policies: only the gateway admits traffic from anywhere; services admit peers on gRPC ports', () => {
    for (const r of rendered) {
      const policies = r.objects.filter((o) => o.kind === 'NetworkPolicy');
      expect([r.name, policies.length > 0]).toEqual([r.name, true]);
      for (const policy of policies) {
        const target = at(policy, 'spec', 'podSelector', 'matchLabels', 'app.kubernetes.io/name') as string | undefined;
        const rules = (at(policy, 'spec', 'ingress') as Record<string, unknown>[] | undefined) ?? [];
        const open = rules.filter((rule) => rule.from === undefined);
        if (target === 'gateway' || target === 'web') continue;
        // Every other pod: no rule open to all sources.
        expect([r.name, policy.metadata.name, open]).toEqual([r.name, policy.metadata.name, []]);
      }
      const deployments = r.objects.filter((o) => o.kind === 'Deployment');
      const defaultDeny = policies.find((p) => (at(p, 'spec', 'policyTypes') as string[]).includes('Egress'));
      expect([r.name, defaultDeny !== undefined || deployments.length === 0]).toEqual([r.name, true]);
    }
  });
});

describe('image', () => {
  const dockerfile = readFileSync(join(ROOT, 'deploy', 'docker', 'Dockerfile'), 'utf8');
  const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');

  it('builds on a pinned Node 24 slim base, with the bundle check-deploy.sh starts', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-[a-z]+-slim$/m);
    expect(dockerfile).toMatch(/bash deploy\/docker\/bundle\.sh "\$\{SERVICE\}" \/out/);
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
  });

  it('runs as a numeric non-root user, with no HEALTHCHECK (Kubernetes probes instead)', () => {
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users).toEqual(['10001:10001']);
    expect(dockerfile).not.toMatch(/^HEALTHCHECK/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  it('keeps installed and generated files out of the build context', () => {
    expect(dockerignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.local', '.git']));
  });
});
