#!/usr/bin/env bash
# Exports open in an office suite: a member list exported by the command line (.xlsx and .csv) is converted to
# PDF by headless LibreOffice, and the PDF's text must show the Vietnamese headers, names with their diacritics
# and the birth date as dd/mm/yyyy (a real date cell with its format, not text). Installs LibreOffice Calc when
# missing (Debian). Usage: tests/office.sh path/to/noiguong
set -uo pipefail
bin=$1
if ! command -v libreoffice >/dev/null || ! command -v pdftotext >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq libreoffice-calc-nogui poppler-utils >/dev/null
fi
dir=$(mktemp -d)
db="$dir/office.sqlite"
export NOIGUONG_BCRYPT_COST=4 HOME="$dir"
unset DATABASE_URL
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }

printf '\xef\xbb\xbfMã đơn vị;Tên đơn vị;Loại đơn vị;Mã đơn vị cấp trên;Chi bộ\r\nTN;LĐLĐ tỉnh Thái Nguyên;LĐLĐ tỉnh;;\r\nCS1;Công đoàn Trường THPT Chu Văn An;CĐCS;TN;\r\n' > "$dir/units.csv"
"$bin" import units "$dir/units.csv" --db "$db" > "$dir/out" 2>&1
check "units import" 'grep -q "2 mới" "$dir/out"'
header='Họ và tên;Ngày sinh;Giới tính;Dân tộc;Số CCCD;Mã đơn vị;Ngày vào Công đoàn;Số thẻ đoàn viên;Chức vụ;Nhiệm vụ được giao;Trình độ chuyên môn;Lý luận chính trị;Ngày vào Đảng;Số điện thoại;Email'
printf '%s\nNguyễn Thị Đào;15/03/1990;Nữ;Kinh;019190000001;CS1;01/09/2015;;Giáo viên;Dạy Toán;Đại học;;;;\nTrần Văn Bình;02/11/1985;Nam;Kinh;019085000002;CS1;01/09/2015;;;;Thạc sĩ;;20/05/2010;;\n' "$header" > "$dir/members.csv"
"$bin" import members "$dir/members.csv" --db "$db" > "$dir/out" 2>&1
check "members import" 'grep -q "2 mới" "$dir/out"'
"$bin" export members --format xlsx --out "$dir/doan-vien.xlsx" --db "$db" > "$dir/out" 2>&1
check "the command line exports the members" 'grep -q "Đã xuất 2 dòng" "$dir/out"'
"$bin" export members --format csv --out "$dir/doan-vien.csv" --db "$db" > /dev/null 2>&1

(cd "$dir" && timeout 180 libreoffice --headless --convert-to pdf doan-vien.xlsx > /dev/null 2>&1)
pdftotext -layout "$dir/doan-vien.pdf" "$dir/xlsx.txt" 2>/dev/null
check "LibreOffice opens the .xlsx: Vietnamese headers" 'grep -q "Họ và tên" "$dir/xlsx.txt" && grep -q "Ngày sinh" "$dir/xlsx.txt" && grep -q "Trình độ chuyên môn" "$dir/xlsx.txt"'
check "names keep their diacritics" 'grep -q "Nguyễn Thị Đào" "$dir/xlsx.txt" && grep -q "Trần Văn Bình" "$dir/xlsx.txt"'
check "dates show as dd/mm/yyyy" 'grep -q "15/03/1990" "$dir/xlsx.txt" && grep -q "20/05/2010" "$dir/xlsx.txt"'

# The CSV as Excel in Vietnam reads it: ';' between fields, UTF-8 (the BOM says so).
mkdir -p "$dir/csv" && cp "$dir/doan-vien.csv" "$dir/csv/"
(cd "$dir/csv" && timeout 180 libreoffice --headless --infilter="CSV:59,34,76,1" --convert-to pdf doan-vien.csv > /dev/null 2>&1)
pdftotext -layout "$dir/csv/doan-vien.pdf" "$dir/csv.txt" 2>/dev/null
check "LibreOffice opens the .csv with its Vietnamese intact" 'grep -q "Họ và tên" "$dir/csv.txt" && grep -q "Nguyễn Thị Đào" "$dir/csv.txt" && grep -q "Công đoàn Trường THPT Chu Văn An" "$dir/csv.txt"'

[ -n "${KEEP_OFFICE_OUTPUT:-}" ] && echo "kept: $dir" || rm -rf "$dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
