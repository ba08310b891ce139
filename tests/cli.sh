#!/usr/bin/env bash
# The command line as an administrator meets it on a fresh install: first user, imports that fail with the
# list of bad rows and a non-zero exit, imports that succeed, and a re-import that changes nothing.
set -uo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
db="$dir/cli.sqlite"
export NOIGUONG_BCRYPT_COST=4
unset DATABASE_URL
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }

"$bin" user create --username admin --password 'mat-khau-dai-du' --role admin --db "$db" > "$dir/out" 2>&1
check "first administrator is created" 'grep -q "Đã tạo tài khoản admin" "$dir/out"'
"$bin" user create --username thu.nghiem --password 'ngan' --role admin --db "$db" > "$dir/out" 2>&1
status=$?
check "a short password is refused with a Vietnamese reason and a non-zero exit" '[ $status -ne 0 ] && grep -q "ít nhất 8 ký tự" "$dir/out"'

# A Party cell is created only when the file says so: without "Tạo chi bộ mới" an unknown cell is a bad row.
printf '\xef\xbb\xbfMã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ\r\nTN;LĐLĐ tỉnh Thái Nguyên;LĐLĐ tỉnh;;\r\nCS1;Công đoàn Trường THPT Chu Văn An;CĐCS;TN;Chi bộ Chu Văn An\r\n' > "$dir/units.csv"
"$bin" import units "$dir/units.csv" --db "$db" > "$dir/out" 2>&1
status=$?
check "an unknown Party cell is refused, saying how to create it" '[ $status -ne 0 ] && grep -q "Dòng 3: Chi bộ" "$dir/out" && grep -q "Tạo chi bộ mới" "$dir/out"'
printf '\xef\xbb\xbfMã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ;Tạo chi bộ mới\r\nTN;LĐLĐ tỉnh Thái Nguyên;LĐLĐ tỉnh;;;\r\nCS1;Công đoàn Trường THPT Chu Văn An;CĐCS;TN;Chi bộ Chu Văn An;x\r\n' > "$dir/units.csv"
"$bin" import units "$dir/units.csv" --db "$db" > "$dir/out" 2>&1
status=$?
check "units import" '[ $status -eq 0 ] && grep -q "2 mới" "$dir/out"'

header='Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số CCCD;Mã đơn vị;Ngày vào Công đoàn;Số thẻ đoàn viên;Chức vụ;Nhiệm vụ được giao;Trình độ chuyên môn;Lý luận chính trị;Ngày vào Đảng;Số điện thoại;Email'
printf '%s\nNguyễn Thị Đào;15/03/1990;Nữ;Kinh;019190000001;CS1;01/09/2015;;Giáo viên;Dạy Toán;Đại học;;;;\nTrần Văn Bình;31/02/1990;Nam;Kinh;019090000002;XX;01/09/2015;;;;Đại học;;;;\n' "$header" > "$dir/bad.csv"
"$bin" import members "$dir/bad.csv" --db "$db" > "$dir/out" 2>&1
status=$?
check "a bad file exits non-zero" '[ $status -ne 0 ]'
check "and lists each bad row with its line" 'grep -q "Dòng 3: Ngày sinh" "$dir/out" && grep -q "Dòng 3: Mã đơn vị" "$dir/out"'
check "and writes nothing" '[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM members")" = 0 ]'

head -n 2 "$dir/bad.csv" > "$dir/good.csv"
"$bin" import members "$dir/good.csv" --db "$db" > "$dir/out" 2>&1
status=$?
check "a good file is written" '[ $status -eq 0 ] && [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM members")" = 1 ]'
"$bin" import members "$dir/good.csv" --db "$db" > "$dir/out" 2>&1
check "importing it again changes nothing" 'grep -q "1 không đổi" "$dir/out" && [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM member_periods")" = 1 ]'
# Progress goes to standard error (redrawn on a terminal; --progress: as lines), the report alone to standard output.
"$bin" import members "$dir/good.csv" --db "$db" --dry-run --progress > "$dir/out" 2> "$dir/err"
check "import --progress prints the rows read on standard error" 'grep -q "Đang kiểm tra: 1 / 1 dòng (100,0%)" "$dir/err" && ! grep -q "Đang kiểm tra" "$dir/out" && grep -q "Kiểm tra xong 1 dòng" "$dir/out"'

# The daily digest from the command line: an address is checked; without NOIGUONG_SMTP_URL it says so and exits
# non-zero; --dry-run writes nothing (nothing awaits this administrator on a fresh install: no message).
"$bin" user create --username thu.dien --password 'mat-khau-dai-du' --role admin --email 'khong hop le' --db "$db" > "$dir/out" 2>&1
status=$?
check "user create refuses a bad e-mail address" '[ $status -ne 0 ] && grep -q "Địa chỉ thư điện tử" "$dir/out"'
"$bin" user create --username thu.dien --password 'mat-khau-dai-du' --role admin --email 'Thu.Dien@CongDoan.VN' --db "$db" > "$dir/out" 2>&1
check "and keeps a good one" '[ "$(sqlite3 "$db" "SELECT email FROM users WHERE username = '"'"'thu.dien'"'"'")" = "Thu.Dien@congdoan.vn" ]'
(unset NOIGUONG_SMTP_URL; "$bin" digest --db "$db" > "$dir/out" 2>&1)
status=$?
check "digest without a mail server says so" '[ $status -ne 0 ] && grep -q "NOIGUONG_SMTP_URL" "$dir/out"'
"$bin" digest --dry-run --db "$db" > "$dir/out" 2>&1
check "digest --dry-run writes nothing" 'grep -q "0 thư (chưa gửi)" "$dir/out" && [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM digest_sends")" = 0 ]'

# The registration check's contract: one JSON object on standard output, exit code 0, no database touched.
(cd "$dir" && echo "Hoàn thành tốt nhiệm vụ được giao" | "$bin" check-registration --duties "Giảng dạy môn Toán khối 10" > "$dir/flags.json" 2> "$dir/err")
status=$?
check "check-registration flags a vague action as JSON" '[ $status -eq 0 ] && python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [f[\"code\"] for f in d[\"flags\"]] == [\"vague\"]; assert \"chung chung\" in d[\"flags\"][0][\"message\"]" "$dir/flags.json" && [ ! -e "$dir/noiguong.sqlite" ]'
(cd "$dir" && echo "Mỗi tuần soạn 1 đề kiểm tra 15 phút cho khối 10, hết học kỳ I" | "$bin" check-registration --duties "Giảng dạy môn Toán khối 10" > "$dir/flags.json")
check "and prints an empty list for a concrete, tied one" '[ "$(cat "$dir/flags.json")" = "{\"flags\":[]}" ]'
# Words tried from a file before an administrator adds them in the app: a trade the seed does not know.
echo '{"fields": [{"name": "Thủ công mỹ nghệ", "sector": true, "words": ["mây tre"]}]}' > "$dir/words.json"
(cd "$dir" && echo "Mỗi tháng đan 30 chiếc giỏ mây tre" | "$bin" check-registration --duties "Kế toán thu chi" > "$dir/before.json"
 echo "Mỗi tháng đan 30 chiếc giỏ mây tre" | "$bin" check-registration --duties "Kế toán thu chi" --vocabulary "$dir/words.json" > "$dir/after.json")
check "check-registration reads added words from --vocabulary" '[ "$(cat "$dir/before.json")" = "{\"flags\":[]}" ] && grep -q "\"untied\"" "$dir/after.json" && grep -q "Thủ công mỹ nghệ" "$dir/after.json"'

rm -rf "$dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
