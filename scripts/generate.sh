#!/usr/bin/env bash
# Regenerates every piece of generated code: protobuf bindings into packages/contracts
# and each service's Prisma client. Nothing it writes is edited by hand or committed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rm -rf packages/contracts/src/gen
(cd proto && ../node_modules/.bin/buf generate && ../node_modules/.bin/buf build -o ../packages/contracts/src/gen/descriptors.binpb)

# `prisma generate` runs no schema engine (Prisma 7 clients are Rust-free), yet the CLI
# insists on finding one and tries to download it from a host this machine cannot reach.
# Pointing it at a stand-in skips the download; migrations never use it (see
# packages/platform/src/database/migrator.ts).
# No network but loopback here: the Prisma CLI must not try to phone home.
export CHECKPOINT_DISABLE=1
export PRISMA_HIDE_UPDATE_MESSAGE=1
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}"
for schema in services/*/prisma/schema.prisma; do
  [ -f "$schema" ] || continue
  service_dir="$(dirname "$(dirname "$schema")")"
  (cd "$service_dir" && DATABASE_URL="${DATABASE_URL:-postgresql://localhost/unused}" "$root/node_modules/.bin/prisma" generate >/dev/null 2>&1) \
    || { echo "prisma generate failed in $service_dir" >&2; (cd "$service_dir" && "$root/node_modules/.bin/prisma" generate); exit 1; }
  echo "generated prisma client for $(basename "$service_dir")"
done
