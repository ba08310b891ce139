#!/usr/bin/env bash
# Exports 1 000 000 members through `noiguong export members` as .xlsx and as .csv (key-set batches of 5 000,
# sheet written to a temporary file, zipped from disk), and in the same run the same rows straight out of
# SQLite: `sqlite3 -csv` (the floor for the CSV) and `sqlite3 -csv | gzip -6` (about the work of the XLSX's
# deflate). Prints wall time, peak memory (max RSS of /usr/bin/time -v) and file size of each.
#   bench/export.sh [DB]   DB defaults to bench/out/export-million.sqlite, built on first use: 100 000 generated
#                          members imported, then copied ten times by SQL (new citizen ids), 1 000 000 in all.
#                          A given DB is copied first: the export writes its audit entry into the database.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
command -v sqlite3 >/dev/null && command -v bc >/dev/null && [ -x /usr/bin/time ] || {
  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq sqlite3 time bc >/dev/null; }

swift build -c release --product noiguong >/dev/null
bin="$(swift build -c release --show-bin-path)/noiguong"
export NOIGUONG_BCRYPT_COST=4
unset DATABASE_URL

db="$out/export-million.sqlite"
if [ -n "${1:-}" ]; then
  cp "$1" "$db"
elif [ ! -f "$db" ]; then
  rm -f "$db"*
  "$bin" generate --members 100000 --out "$out" >/dev/null
  "$bin" import units "$out/units.csv" --db "$db" --date 01/01/2015 >/dev/null
  "$bin" import members "$out/members.csv" --db "$db" --date 01/01/2015 >/dev/null
  cols="full_name, family_name, given_name, sort_key, search_name, birth_date, gender, ethnicity, nationality"
  rest="unit_id, union_joined_on, card_no, position, duties, education, political_theory, party_joined_on, phone, email, status, data_hash, created_at, updated_at"
  sqlite3 "$db" "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 9)
    INSERT INTO members ($cols, cccd, passport_no, $rest)
    SELECT $cols, printf('%03d%09d', 900 + k.n, m.id), NULL, $rest FROM members m, k WHERE m.id <= 100000;"
fi
n=$(sqlite3 "$db" "SELECT COUNT(*) FROM members WHERE status IN ('active', 'suspended')")
echo "database: $db, $n current members"

measure() { # label, output file, command...: prints "label seconds peakKB bytes"
  local label=$1 file=$2; shift 2
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" > /dev/null 2> "$log" || { cat "$log"; exit 1; }
  local wall peak
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  echo "$label $wall $peak $(stat -c %s "$file")"
  rm -f "$log"
}

query="SELECT m.full_name, m.birth_date, m.gender, m.education, m.party_joined_on, m.status, m.position, u.code, u.name
  FROM members m JOIN units u ON u.id = m.unit_id WHERE m.status IN ('active', 'suspended') ORDER BY m.sort_key, m.id"
results=()
results+=("$(measure noiguong-xlsx "$out/members.xlsx" "$bin" export members --format xlsx --out "$out/members.xlsx" --db "$db")")
results+=("$(measure noiguong-csv "$out/members-export.csv" "$bin" export members --format csv --out "$out/members-export.csv" --db "$db")")
results+=("$(measure sqlite3-csv "$out/baseline.csv" sh -c "sqlite3 -csv '$db' \"$query\" > '$out/baseline.csv'")")
results+=("$(measure sqlite3-csv-gzip "$out/baseline.csv.gz" sh -c "sqlite3 -csv '$db' \"$query\" | gzip -6 > '$out/baseline.csv.gz'")")

base=$(echo "${results[2]}" | awk '{print $2}')
printf '%-18s %10s %12s %12s %8s\n' "" seconds "peak MB" "file MB" "× sqlite3"
for r in "${results[@]}"; do
  set -- $r
  printf '%-18s %10.2f %12.1f %12.1f %8.1f\n' "$1" "$2" "$(echo "$3 / 1024" | bc -l)" "$(echo "$4 / 1048576" | bc -l)" "$(echo "$2 / $base" | bc -l)"
done
rows=$(($(wc -l < "$out/members-export.csv") - 1))
echo "rows in the CSV export: $rows (header not counted)"
