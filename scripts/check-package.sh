#!/usr/bin/env bash
# Proves the package works as a user gets it: `npm pack`, the tarball installed into an empty
# folder from the registry, then `udn` run there — version, demo, kpi, and `serve` answering the web
# app's page and /healthz. Any failed step fails the script (CI: .ci/run). ~1–3 min.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/udn-package-XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "check-package: FAILED: $*" >&2; [ -f "$WORK/serve.log" ] && cat "$WORK/serve.log" >&2; exit 1; }
step() { echo "== package: $*"; }
started=$SECONDS

step "npm pack (prepack builds dist/ and the web app)"
npm pack --pack-destination "$WORK" --silent >"$WORK/pack.txt" || fail "npm pack"
TARBALL="$WORK/$(tail -n 1 "$WORK/pack.txt")"
[ -f "$TARBALL" ] || fail "no tarball at $TARBALL"
LISTING=$(tar -tzf "$TARBALL")
for must in package/bin/udn.js package/dist/cli/main.js package/dist/kpis.d.ts package/web/dist/index.html \
  package/docs/import.md package/conformance/KPI-SPEC.md; do
  grep -qx "$must" <<<"$LISTING" || fail "the tarball lacks $must"
done
if grep -E '\.test\.|/src/|\.sqlite|\.ts$' <<<"$LISTING" | grep -v '\.d\.ts$'; then
  fail "the tarball holds tests, TypeScript sources or databases (listed above)"
fi
echo "$(wc -l <<<"$LISTING") files, $(du -k "$TARBALL" | cut -f1) kB"

# Without GitHub's prebuilt better-sqlite3 (unreachable from some CI machines, this one included) npm
# compiles SQLite: minutes. This clone's `npm ci` compiled the same version for this Node and
# platform: offered to the install as a local prebuild (prebuild-install reads .prebuild-installrc).
mkdir "$WORK/app"
BS3="$ROOT/node_modules/better-sqlite3"
if [ -f "$BS3/build/Release/better_sqlite3.node" ]; then
  mkdir "$WORK/prebuilds"
  name=$(node -p "'better-sqlite3-v' + require('$BS3/package.json').version + '-node-v' + process.versions.modules + '-' + process.platform + '-' + process.arch")
  tar -czf "$WORK/prebuilds/$name.tar.gz" -C "$BS3" build/Release/better_sqlite3.node
  echo "local-prebuilds=$WORK/prebuilds" >"$WORK/app/.prebuild-installrc"
fi

step "npm install <tarball> into an empty folder"
cd "$WORK/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$TARBALL" || fail "npm install $TARBALL"
[ ! -e node_modules/tsx ] || fail "tsx was installed: it must be a development dependency only"

step "npx udn --version"
version=$(npx --no-install udn --version) || fail "udn --version"
expected=$(node -p "require('$ROOT/package.json').version")
[ "$version" = "$expected" ] || fail "udn --version printed '$version', expected '$expected'"

export UDN_DB="$WORK/app/udn.sqlite"
step "npx udn demo"
npx --no-install udn demo || fail "udn demo"
step "npx udn kpi --period 2026-Q1"
npx --no-install udn kpi --period 2026-Q1 >"$WORK/kpi.txt" || fail "udn kpi"
grep -q 'Sales vs target' "$WORK/kpi.txt" || fail "udn kpi printed no 'Sales vs target' row: $(head -c 400 "$WORK/kpi.txt")"
npx --no-install udn kpi --period 2026-Q1 --json | node -e \
  'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const r=JSON.parse(s);if(!r.org)process.exit(1)})' \
  || fail "udn kpi --json is not a report"

step "the library entry: import { KPIS, computeScope } from 'udn'"
node --input-type=module -e \
  "import { KPIS, computeScope } from 'udn'; if (!(KPIS.length > 0 && typeof computeScope === 'function')) process.exit(1);" \
  || fail "import from 'udn'"

step "npx udn serve: the web app and /healthz"
port=$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
npx --no-install udn serve --port "$port" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "$url/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "udn serve exited"
  sleep 0.2
done
curl -sf "$url/healthz" >/dev/null || fail "GET /healthz"
curl -sf "$url/" >"$WORK/index.html" || fail "GET /"
grep -q '<div id="root"' "$WORK/index.html" || fail "GET / is not the built web app: $(head -c 300 "$WORK/index.html")"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

echo "== package: all steps passed in $((SECONDS - started)) s"
