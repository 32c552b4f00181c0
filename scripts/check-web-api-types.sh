#!/usr/bin/env bash
# The web console's API types (services/web/src/api/schema.d.ts) must be generated from the
# gateway's current OpenAPI document (after a build); regenerate with
#   pnpm --filter @salesflow/web run generate:api
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node services/gateway/dist/openapi/print-document.js > "$tmp/openapi.json"
services/web/node_modules/.bin/openapi-typescript "$tmp/openapi.json" -o "$tmp/schema.d.ts" >/dev/null 2>&1
if ! diff -q "$tmp/schema.d.ts" services/web/src/api/schema.d.ts >/dev/null; then
  echo "services/web/src/api/schema.d.ts is stale: run pnpm --filter @salesflow/web run generate:api" >&2
  exit 1
fi
echo "web console API types match the OpenAPI document"
