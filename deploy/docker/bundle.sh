#!/usr/bin/env bash
# The production bundle of one service: what its image copies, and what scripts/check-deploy.sh
# starts with plain node to prove it runs. Expects a built workspace (generate + build done).
#   bash deploy/docker/bundle.sh <service> <out-dir>
# The bundle's root is the service package: `node dist/main.js` starts it, and
# `node node_modules/@salesflow/platform/dist/cli/migrate.js <service>` migrates its database.
set -euo pipefail
service="${1:?usage: bundle.sh <service> <out-dir>}"
out="${2:?usage: bundle.sh <service> <out-dir>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pnpm="${PNPM:-pnpm}"

[[ -f "$root/services/$service/dist/main.js" ]] || { echo "bundle.sh: services/$service is not built" >&2; exit 1; }
[[ -f "$root/packages/platform/dist/cli/migrate.js" ]] || { echo "bundle.sh: packages/platform is not built" >&2; exit 1; }
[[ -f "$root/packages/contracts/dist/gen/descriptors.binpb" ]] || { echo "bundle.sh: packages/contracts/dist/gen/descriptors.binpb is missing" >&2; exit 1; }

rm -rf "$out"
# --legacy: the workspace does not set inject-workspace-packages; the lockfile is used as is.
(cd "$root" && "$pnpm" --filter "@salesflow/$service" deploy --prod --legacy --reporter=silent "$out")

# Without a `files` list in the workspace packages, deploy copies their sources and tests
# too; the image needs only what runs.
prune() {
  local dir="$1"
  rm -rf "$dir/src" "$dir/test" "$dir"/tsconfig*.json "$dir"/*.tsbuildinfo "$dir/node_modules/.cache"
  find "$dir/dist" -name '*.map' -delete 2>/dev/null || true
}
prune "$out"
for pkg in "$out"/node_modules/.pnpm/@salesflow+*/node_modules/@salesflow/*; do
  [[ -d "$pkg" ]] && prune "$pkg"
done
# Optional peers (the Prisma CLI and what it brings: Studio, TypeScript, PGlite) never load.
node "$root/deploy/docker/prune-unreachable.js" "$out" >/dev/null

# What the service cannot run without: fail here rather than in a pod.
for need in \
  dist/main.js \
  node_modules/@salesflow/platform/dist/cli/migrate.js \
  node_modules/@salesflow/platform/migrations \
  node_modules/@salesflow/platform/migrations-org-replica \
  node_modules/@salesflow/contracts/dist/gen/descriptors.binpb; do
  [[ -e "$out/$need" ]] || { echo "bundle.sh: $service bundle lacks $need" >&2; exit 1; }
done
if [[ -d "$root/services/$service/prisma/migrations" && ! -d "$out/prisma/migrations" ]]; then
  echo "bundle.sh: $service bundle lacks prisma/migrations" >&2
  exit 1
fi

# The gateway serves the web console at / from web/ in its bundle (services/gateway/src/http/web-console.ts).
if [[ "$service" == "gateway" ]]; then
  [[ -f "$root/services/web/dist/index.html" ]] || { echo "bundle.sh: services/web is not built" >&2; exit 1; }
  cp -r "$root/services/web/dist" "$out/web"
fi
