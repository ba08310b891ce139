# Shared by scripts/bench-list, bench-registrations and bench-cycle (sourced, not run): a database of a million members,
# the 100 000 of scripts/bench-import (or of a fresh import into PostgreSQL) copied nine more times by SQL, with
# their name-index rows and their history periods (the on-date figures count members through member_periods).
# Expects $bin (the release binary) and runs from the repository root.

million_cols="full_name, family_name, given_name, sort_key, search_name, birth_date, gender, ethnicity, nationality, cccd, passport_no, unit_id, union_joined_on, card_no, position, duties, education, political_theory, party_joined_on, phone, email, status, data_hash, created_at, updated_at"
million_period_cols="unit_id, status, position, duties, valid_from, valid_to, reason"

# The statements that copy the first $1 members nine times (without citizen ids), with their name words and
# periods. Copy k of member i is member i + k × $1: the members are inserted in id order after ids 1…$1.
million_copies() {
  for k in 1 2 3 4 5 6 7 8 9; do
    echo "INSERT INTO members ($million_cols) SELECT ${million_cols/cccd, passport_no/NULL, NULL} FROM members WHERE id <= $1 ORDER BY id;"
    echo "INSERT INTO member_name_words (word, member_id) SELECT word, member_id + $k * $1 FROM member_name_words WHERE member_id <= $1;"
    echo "INSERT INTO member_periods (member_id, $million_period_cols) SELECT member_id + $k * $1, $million_period_cols FROM member_periods WHERE member_id <= $1;"
  done
}

# million_sqlite SRC DB: DB becomes a copy of SRC (a bench-import database) with ten times its members.
million_sqlite() {
  local src=$1 db=$2 base
  [ -f "$src" ] || { echo "run scripts/bench-import first ($src is missing)"; exit 1; }
  rm -f "$db"*
  cp "$src" "$db"
  base=$(sqlite3 "$db" "SELECT MAX(id) FROM members")
  [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM members")" = "$base" ] || { echo "$src: member ids are not 1…$base"; exit 1; }
  { echo "BEGIN;"; million_copies "$base"; echo "COMMIT;"; } | sqlite3 "$db"
  sqlite3 "$db" "ANALYZE"
  echo "members: $(sqlite3 "$db" "SELECT COUNT(*) FROM members") (SQLite)"
}

# million_postgres OUT [NAME]: a new database NAME (default noiguong_bench) on the server of scripts/postgres.sh,
# 100 000 members generated into OUT and imported, then copied. Exports DATABASE_URL.
million_postgres() {
  local out=$1 name=${2:-noiguong_bench} url base
  url=$(bash scripts/postgres.sh)
  su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $name'" >/dev/null
  su postgres -c "createdb -O noiguong $name"
  export DATABASE_URL=${url%/*}/$name
  mkdir -p "$out"
  "$bin" generate --members 100000 --out "$out" >/dev/null
  "$bin" import units "$out/units.csv" --date 01/01/2015 >/dev/null
  /usr/bin/time -f "import of 100 000 members into PostgreSQL: %e s, peak %M KB" "$bin" import members "$out/members.csv" --date 01/01/2015 >/dev/null
  base=$(psql "$DATABASE_URL" -qAt -c "SELECT MAX(id) FROM members")
  { echo "BEGIN;"; million_copies "$base"; echo "COMMIT;"; } | psql "$DATABASE_URL" -q
  psql "$DATABASE_URL" -q -c "ANALYZE" 2>/dev/null  # warns about the system catalogues it may not analyse
  echo "members: $(psql "$DATABASE_URL" -qAt -c "SELECT COUNT(*) FROM members") (PostgreSQL)"
}

# bench_serve PORT [serve options…]: a release server on 127.0.0.1:PORT in the background, its pid in $server,
# ready when this returns. The caller stops it (trap 'kill $server' EXIT).
bench_serve() {
  local port=$1; shift
  "$bin" serve "$@" --hostname 127.0.0.1 --port "$port" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "the server on port $port did not start"; exit 1
}

# bench_login PORT USER PASSWORD JAR: signs in through the login form, the session cookie into JAR.
bench_login() {
  local token
  token=$(curl -s -c "$4" -b "$4" "http://127.0.0.1:$1/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -s -c "$4" -b "$4" -o /dev/null -d "_csrf=$token&username=$2&password=$3" "http://127.0.0.1:$1/login"
}

# Timing, shared by the bench-* scripts. The caller declares `declare -A best median` and sets $runs, $out and
# $engine (sqlite: $db; postgres: $DATABASE_URL); times are in ms.

# bench_page LABEL PATH JAR: one warm-up, then $runs timed requests to the server on $port with the cookies in JAR;
# the best and the median into best/median[LABEL]. The warm-up's page is kept in $out/bench-page.html.
bench_page() {
  local label=$1 path=$2 jar=$3 code times
  code=$(curl -s -b "$jar" -o "$out/bench-page.html" -w "%{http_code}" "http://127.0.0.1:$port$path")
  [ "$code" = 200 ] || { echo "$path: HTTP $code"; exit 1; }
  times=$(for _ in $(seq 1 "$runs"); do curl -s -b "$jar" -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$port$path"; done |
    awk '{ printf "%.1f\n", $1 * 1000 }' | sort -n)
  best[$label]=$(echo "$times" | head -1)
  median[$label]=$(echo "$times" | sed -n "$(( (runs + 1) / 2 ))p")
}

# bench_sql LABEL QUERY…: the queries one after another in the engine (psql, or sqlite3's library through python3),
# one warm-up and $runs timed runs; the best and the median (ms, two decimals) into best/median[LABEL].
bench_sql() {
  local label=$1; shift
  local times
  if [ "$engine" = postgres ]; then
    times=$(for _ in $(seq 0 "$runs"); do
        { echo '\timing on'; for s in "$@"; do echo "$s;"; done; } | psql "$DATABASE_URL" -qAt -o /dev/null |
          awk '/^Time:/ { t += $2 } END { printf "%.2f\n", t }'
      done | tail -n +2 | sort -n)
  else
    times=$(PREPARE_EACH=${PREPARE_EACH:-} python3 - "$db" "$runs" "$@" <<'PY'
import os, sqlite3, sys, time
# PREPARE_EACH=1: every statement parsed and planned on each run, as the app's first read of a figure is; by default
# Python's cache of prepared statements serves the runs after the first, as the app's reader (SQLiteReader) does.
con = sqlite3.connect(sys.argv[1], cached_statements=0 if os.environ.get("PREPARE_EACH") else 128)
runs, queries = int(sys.argv[2]), sys.argv[3:]
for i in range(runs + 1):
    t = time.perf_counter()
    for q in queries: con.execute(q).fetchall()
    if i: print("%.2f" % ((time.perf_counter() - t) * 1000))
PY
    )
    times=$(echo "$times" | sort -n)
  fi
  best[$label]=$(echo "$times" | head -1)
  median[$label]=$(echo "$times" | sed -n "$(( (runs + 1) / 2 ))p")
}

# bench_ratio A B: A ÷ B to one decimal ("—" when B rounds to nothing).
bench_ratio() { if [ "$(echo "$2 < 0.01" | bc -l)" = 1 ]; then echo "—"; else echo "$1 / $2" | bc -l | xargs printf '%.1f'; fi; }
