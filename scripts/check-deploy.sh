#!/usr/bin/env bash
# Checks what Kubernetes would run, without a cluster or a container engine:
#   1. the production bundle of crm and the gateway (deploy/docker/bundle.sh, as the Dockerfile
#      builds it) starts with plain node, answers /readyz, stops on SIGTERM; the migrate CLI
#      runs from the bundle;
#   2. helm lint --strict and helm template (Helm through Maven Central: deploy/helm-check);
#   3. kubectl kustomize on each overlay;
#   4. the deploy tests (tests/deploy, jest): every rendered object against the Kubernetes
#      schemas, components on/off, required env, values.schema.json, topics.json up to date.
# Rendered YAML is left in .local/deploy/rendered. Needs a built workspace (./salesflow does it),
# PostgreSQL on 127.0.0.1:5432, Java 17+ and Maven; installs the rest into .local on first use.
#   scripts/check-deploy.sh           everything
#   scripts/check-deploy.sh --tools   only install the tools (the deploy tests call this)
#   KEEP_BUNDLES=1 scripts/check-deploy.sh   leave the bundles in .local/deploy/<service>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/.local/deploy"
TOOLS="$OUT/tools"
HELM_LIBS="$OUT/helm-check/libs"
RENDERED="$OUT/rendered"
# Pinned: the validator's schemas are those of the Kubernetes release kubernetes-models follows.
NPM_TOOLS=(kubernetes-models@5.1.0 @kubernetes-models/validate@5.0.2 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1)
PG_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
started=$SECONDS

say() { printf '\033[1m[check-deploy]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[check-deploy] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

find_pnpm() {
  if [[ -x "$ROOT/.local/tools/node_modules/.bin/pnpm" ]]; then echo "$ROOT/.local/tools/node_modules/.bin/pnpm"
  elif command -v pnpm >/dev/null; then command -v pnpm
  else fail "pnpm not found: run ./salesflow test (it installs pnpm into .local/tools)"; fi
}

install_tools() {
  command -v java >/dev/null || fail "java (17+) is needed for Helm (helm-java)"
  # Helm: helm-java and its linux-amd64 native library, from Maven Central.
  if ! compgen -G "$HELM_LIBS/linux-amd64-*.jar" >/dev/null || [[ deploy/helm-check/pom.xml -nt "$HELM_LIBS/.stamp" ]]; then
    command -v mvn >/dev/null || fail "mvn is needed once to fetch helm-java from Maven Central"
    say "fetching helm-java into .local/deploy/helm-check/libs"
    rm -rf "$HELM_LIBS"
    mvn -q -B -f deploy/helm-check/pom.xml dependency:copy-dependencies -DoutputDirectory="$HELM_LIBS" >/dev/null
    touch "$HELM_LIBS/.stamp"
  fi
  # The schema validator and a YAML parser, from the npm registry (kept out of the workspace
  # lockfile: see docs/deploy.md).
  local wanted="${NPM_TOOLS[*]}"
  if [[ "$(cat "$TOOLS/.stamp" 2>/dev/null)" != "$wanted" ]]; then
    say "installing ${wanted} into .local/deploy/tools"
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --no-save --prefix "$TOOLS" "${NPM_TOOLS[@]}" >/dev/null
    echo "$wanted" >"$TOOLS/.stamp"
  fi
  # kubectl: the machine's, else Debian's (kubernetes-client).
  if ! command -v kubectl >/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      say "installing kubectl (Debian: kubernetes-client)"
      apt-get install -y -qq kubernetes-client >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && apt-get install -y -qq kubernetes-client >/dev/null; }
    fi
    command -v kubectl >/dev/null || fail "kubectl is needed (Debian: apt-get install kubernetes-client)"
  fi
}

helm_java() { java -cp "$HELM_LIBS/*" "$ROOT/deploy/helm-check/HelmCheck.java" "$@"; }
# Lint renders with the chart's defaults, where kafka.brokers and the database are unset on
# purpose (an install must name them): Helm logs each such `required` at INFO; drop that noise.
helm_lint() {
  local out rc=0
  out="$(helm_java lint "$1" 2>&1)" || rc=$?
  grep -v 'Missing required value' <<<"$out" || true
  return "$rc"
}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# psql may be absent: the workspace's pg does the admin work.
pg_admin() { node -e 'const {Client}=require("pg");const c=new Client({connectionString:process.argv[1]});c.connect().then(()=>c.query(process.argv[2])).then(()=>c.end(),e=>{console.error(e.message);process.exit(1)})' "$PG_ADMIN_URL" "$1"; }

KAFKA_STARTED_HERE=""
# The tests' broker of this checkout (tests/support/test-kafka.js picks its port).
test_kafka() {
  local env
  env="$(node -e 'const k=require("./tests/support/test-kafka.js"); for (const [a,b] of Object.entries(k.scriptEnv())) console.log(`${a}=${b}`)')"
  env $env bash deploy/local/kafka/kafka.sh "$@"
}
ensure_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then return; fi
  KAFKA_BROKERS="127.0.0.1:$(node -p 'require("./tests/support/test-kafka.js").port')"
  export KAFKA_BROKERS
  if ! test_kafka status >/dev/null 2>&1; then
    say "starting the test Kafka broker ($KAFKA_BROKERS)"
    test_kafka start >/dev/null
    KAFKA_STARTED_HERE=1
  fi
}

PIDS=()
DATABASES=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do pg_admin "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" 2>/dev/null || true; done
  # The bundles repeat the services' package names, which jest's module map (rootDir = the
  # repository) reports as collisions in every later test run: keep them only when asked.
  if [[ -z "${KEEP_BUNDLES:-}" ]]; then rm -rf "$OUT/crm" "$OUT/gateway"; fi
  if [[ -n "$KAFKA_STARTED_HERE" ]]; then test_kafka stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# Starts a bundle with plain node (cwd = the bundle, as WORKDIR /app in the image), waits for
# /readyz 200, stops it with SIGTERM and expects exit 0; nothing may be written in the bundle.
run_bundle() {
  local service="$1" dir="$OUT/$service" http_port pid code="" marker
  shift
  http_port="$(free_port)"
  marker="$OUT/.started-$service"
  touch "$marker"
  say "$service: node dist/main.js from the bundle (ops port $http_port)"
  (cd "$dir" && exec env -i PATH="$PATH" HOME=/nonexistent NODE_ENV=production HTTP_PORT="$http_port" \
    KAFKA_BROKERS="$KAFKA_BROKERS" LOG_LEVEL=warn "$@" node dist/main.js) >"$OUT/$service.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  for _ in $(seq 1 120); do
    code="$(node -e 'require("http").get(process.argv[1],r=>{console.log(r.statusCode);r.resume()}).on("error",()=>console.log(0))' \
      "http://127.0.0.1:$http_port/readyz")"
    [[ "$code" == 200 ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$OUT/$service.log" >&2; fail "$service exited before it was ready"; }
    sleep 0.5
  done
  [[ "$code" == 200 ]] || { cat "$OUT/$service.log" >&2; fail "$service: /readyz never answered 200"; }
  if [[ "$service" == gateway ]]; then
    # The console rides in the gateway's bundle (web/): / must answer with its index.html.
    node -e 'require("http").get(process.argv[1],r=>{let b="";r.on("data",c=>b+=c);r.on("end",()=>{const ok=r.statusCode===200&&b.includes("id=\"root\"");if(!ok)console.error(r.statusCode,b.slice(0,300));process.exit(ok?0:1)})}).on("error",e=>{console.error(e.message);process.exit(1)})' \
      "http://127.0.0.1:$http_port/" || fail "gateway: the bundle does not serve the web console at /"
  fi
  kill -TERM "$pid"
  local rc=0
  wait "$pid" || rc=$?
  PIDS=() # reaped: its pid may be reused, so cleanup must not signal it
  [[ "$rc" == 0 ]] || { cat "$OUT/$service.log" >&2; fail "$service exited $rc after SIGTERM"; }
  local written
  written="$(find "$dir" -newer "$marker" -print -quit)"
  [[ -z "$written" ]] || fail "$service wrote into its bundle ($written): the image's root filesystem is read-only"
  say "$service: ready, stopped cleanly on SIGTERM, wrote nothing into its bundle"
}

install_tools
[[ "${1:-}" == "--tools" ]] && exit 0

PNPM="$(find_pnpm)"
for need in services/crm/dist/main.js services/gateway/dist/main.js packages/platform/dist/cli/migrate.js; do
  [[ -f "$need" ]] || fail "$need is missing: build the workspace first (pnpm run build)"
done

say "production bundles (deploy/docker/bundle.sh: pnpm deploy --prod)"
for service in crm gateway; do PNPM="$PNPM" bash deploy/docker/bundle.sh "$service" "$OUT/$service"; done

ensure_kafka
db="sf_deploy_check_$$"
DATABASES+=("$db")
crm_url="${PG_ADMIN_URL%/*}/$db"
run_bundle crm DATABASE_URL="$crm_url" GRPC_PORT="$(free_port)"
run_bundle gateway DATABASE_URL="${PG_ADMIN_URL%/*}/${db}_gateway"
DATABASES+=("${db}_gateway")

say "migrate CLI from the bundle"
(cd "$OUT/crm" && DATABASE_URL="$crm_url" LOG_LEVEL=warn node node_modules/@salesflow/platform/dist/cli/migrate.js crm) \
  || fail "migrate.js crm failed"
fresh="${db}_fresh"
DATABASES+=("$fresh")
(cd "$OUT/crm" && DATABASE_URL="${PG_ADMIN_URL%/*}/$fresh" LOG_LEVEL=warn node node_modules/@salesflow/platform/dist/cli/migrate.js crm) \
  || fail "migrate.js crm on a new database failed"
(cd "$OUT/gateway" && DATABASE_URL="${PG_ADMIN_URL%/*}/${db}_gateway" LOG_LEVEL=warn node node_modules/@salesflow/platform/dist/cli/migrate.js gateway) \
  || fail "migrate.js gateway failed"
if message="$(cd "$OUT/crm" && DATABASE_URL=not-a-url node node_modules/@salesflow/platform/dist/cli/migrate.js crm 2>&1)"; then
  fail "migrate.js should refuse a bad DATABASE_URL"
fi
[[ "$(wc -l <<<"$message")" == 1 ]] || fail "migrate.js must fail with one line, got: $message"
say "migrate: crm on an existing and a new database, the gateway; a bad URL fails with one line ($message)"

say "helm lint --strict (helm-java)"
helm_lint charts/salesflow || fail "helm lint --strict charts/salesflow"
for scenario in charts/salesflow/ci/*-values.yaml; do
  name="$(basename "$scenario" -values.yaml)"
  copy="$OUT/lint/$name/salesflow"
  rm -rf "$copy" && mkdir -p "$copy" && cp -r charts/salesflow/. "$copy/"
  node deploy/helm-check/merge-values.mjs "$TOOLS/node_modules" charts/salesflow/values.yaml "$scenario" >"$copy/values.yaml"
  helm_lint "$copy" || fail "helm lint --strict with $scenario"
done

say "helm template (deploy/helm-check/scenarios.tsv)"
mkdir -p "$RENDERED"
helm_java template charts/salesflow deploy/helm-check/scenarios.tsv || fail "helm template"

say "kubectl kustomize ($(kubectl version --client 2>/dev/null | head -1))"
for overlay in deploy/k8s/overlays/*/; do
  name="$(basename "$overlay")"
  kubectl kustomize "$overlay" >"$RENDERED/kustomize-$name.yaml" 2>"$OUT/kustomize-$name.log" \
    || { cat "$OUT/kustomize-$name.log" >&2; fail "kubectl kustomize $overlay"; }
done

say "deploy tests (jest, tests/deploy)"
node_modules/.bin/jest --config tests/deploy/jest.config.js --ci

say "all deploy checks passed in $((SECONDS - started)) s; rendered YAML in .local/deploy/rendered"
