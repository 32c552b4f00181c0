// Removes from a pnpm-deployed bundle every package that the service cannot reach at run time.
// `pnpm deploy --prod` keeps the packages that satisfy *optional* peer dependencies too: the
// workspace's Prisma CLI (a devDependency) is @prisma/client's optional peer, and with it come
// Prisma Studio, TypeScript, PGlite, effect and React: well over half of the bundle's size and
// nothing a running service loads. This walks dependencies, optional dependencies and required
// peers from the bundle's own package.json, the way Node resolves them, and deletes the rest.
//   node prune-unreachable.js <bundle-dir>
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.resolve(process.argv[2] ?? '');
const store = path.join(bundle, 'node_modules', '.pnpm');
if (!fs.existsSync(store)) {
  console.error(`prune-unreachable: ${store} does not exist`);
  process.exit(1);
}

function manifest(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
}

function runtimeDependencies(pkg) {
  const optionalPeers = new Set(
    Object.entries(pkg.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional)
      .map(([name]) => name),
  );
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name));
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}), ...peers];
}

/** Where Node finds `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function resolvePackage(fromDir, name) {
  for (let dir = fromDir; dir.startsWith(bundle); dir = path.dirname(dir)) {
    const candidate = path.join(dir, path.basename(dir) === 'node_modules' ? '' : 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (dir === bundle) break;
  }
  return undefined;
}

const reached = new Set();
const pending = [bundle];
while (pending.length > 0) {
  const dir = pending.pop();
  if (reached.has(dir)) continue;
  reached.add(dir);
  for (const name of runtimeDependencies(manifest(dir))) {
    const found = resolvePackage(dir, name);
    if (found && !reached.has(found)) pending.push(found);
  }
}

// A store entry (.pnpm/<id>) stays when any package in it was reached.
const keptEntries = new Set(
  [...reached]
    .filter((dir) => dir.startsWith(store + path.sep))
    .map((dir) => path.relative(store, dir).split(path.sep)[0]),
);
let removed = 0;
for (const entry of fs.readdirSync(store)) {
  if (entry === 'node_modules' || entry.startsWith('.') || keptEntries.has(entry)) continue;
  fs.rmSync(path.join(store, entry), { recursive: true, force: true });
  removed++;
}

// Links that pointed at what was removed (pnpm's links beside each package, its hoisted ones).
function removeDanglingLinks(dir) {
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isSymbolicLink()) {
      if (!fs.existsSync(full)) fs.unlinkSync(full);
    } else if (
      item.isDirectory() &&
      (item.name === 'node_modules' ||
        item.name.startsWith('@') ||
        dir.endsWith('.pnpm') ||
        path.basename(dir) === 'node_modules')
    ) {
      removeDanglingLinks(full);
    }
  }
}
removeDanglingLinks(path.join(bundle, 'node_modules'));
console.log(`prune-unreachable: kept ${keptEntries.size} packages, removed ${removed}`);
