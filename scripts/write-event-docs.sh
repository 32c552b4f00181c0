#!/usr/bin/env bash
# Regenerates the integrator docs of the Kafka contract from the topic catalog (after a build):
# docs/asyncapi.json, the Topics section of docs/events.md and the Helm chart's topic list
# (charts/salesflow/files/topics.json). Tests fail while any of them is stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
node packages/contracts/dist/asyncapi.js > docs/asyncapi.json.new
mv docs/asyncapi.json.new docs/asyncapi.json
node packages/contracts/dist/events-doc.js
node deploy/generate-topics.js
