#!/usr/bin/env bash
# buf breaking (FILE rules) against the protos on main, and the topic catalog against main's
# published AsyncAPI document (packages/contracts/src/catalog-compat.ts). On main itself, and before main
# has protos, it compares with the previous commit so a landed change is still checked.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
buf="$root/node_modules/.bin/buf"
against_ref=""
if git rev-parse --verify -q refs/heads/main >/dev/null && [ "$(git rev-parse HEAD)" != "$(git rev-parse main)" ]; then
  against_ref="main"
elif git rev-parse --verify -q HEAD~1 >/dev/null; then
  against_ref="HEAD~1"
fi
if [ -z "$against_ref" ] || ! git cat-file -e "$against_ref:proto/buf.yaml" 2>/dev/null; then
  echo "no earlier protos to compare with; skipping buf breaking"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git archive "$against_ref" proto | tar -x -C "$tmp"
(cd proto && "$buf" breaking --against "$tmp/proto")
echo "buf breaking: no breaking change against $against_ref"
# The topic catalog: no topic, event type or payload of a published topic may change or go.
if git cat-file -e "$against_ref:docs/asyncapi.json" 2>/dev/null; then
  git show "$against_ref:docs/asyncapi.json" > "$tmp/asyncapi.json"
  node packages/contracts/dist/catalog-compat.js "$tmp/asyncapi.json"
  echo "event catalog: no breaking change against $against_ref"
fi
