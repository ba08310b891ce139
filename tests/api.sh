#!/usr/bin/env bash
# The API against its own description: /api/v1/openapi.json is validated (openapi-spec-validator), then schemathesis
# drives every operation from it with generated input, as an administrator holding an API token, on a fresh demo
# database. Every 5xx, and every status or body the document does not declare, fails. Usage: tests/api.sh BINARY
set -euo pipefail
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
python3 -c "import schemathesis, openapi_spec_validator" 2>/dev/null || pip install -q schemathesis openapi-spec-validator >/dev/null 2>&1
dir=$(mktemp -d)
db="$dir/api.sqlite"
export NOIGUONG_BCRYPT_COST=4
unset DATABASE_URL NOIGUONG_TODAY
(cd "$root" && "$bin" demo --db "$db" --members 150 >/dev/null)
token="ng_apitest_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
python3 - "$db" "$token" <<'PY'
import hashlib, sqlite3, sys
db, token = sys.argv[1], sys.argv[2]
with sqlite3.connect(db) as c:
    admin = c.execute("SELECT id FROM users WHERE username = 'admin'").fetchone()[0]
    c.execute("INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, 'api test', ?, ?, '2026-01-01T00:00:00Z')",
              (admin, hashlib.sha256(token.encode()).hexdigest(), token[:8]))
PY
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
(cd "$root" && exec "$bin" serve --db "$db" --hostname 127.0.0.1 --port "$port" > "$dir/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/api/v1/openapi.json" > "$dir/openapi.json"
python3 -c "
import json, sys
from openapi_spec_validator import validate
spec = json.load(open('$dir/openapi.json'))
validate(spec)
print('ok   openapi.json is a valid OpenAPI 3.0 document with', len(spec['paths']), 'paths')"
st run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${API_EXAMPLES:-30}" --request-timeout 30 --no-color 2>&1 | tail -60
