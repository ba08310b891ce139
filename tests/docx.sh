#!/usr/bin/env bash
# The printed registration form opens in an office suite as it should: a sample of N forms (default 3) is written by
# the DocumentsTests sample test, converted to PDF by headless LibreOffice Writer, and the PDF must have exactly one
# page per form, the title "BẢN ĐĂNG KÝ" once per form and the members' names with their diacritics.
# Installs LibreOffice Writer when missing (Debian). Usage: tests/docx.sh [N]
# DOCX_PACKAGE_PATH points `swift test` at another package holding the Documents targets (a small one builds in
# a minute instead of the whole server); KEEP_DOCX_OUTPUT=1 keeps the .docx, .pdf and page images.
set -uo pipefail
forms=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
package=${DOCX_PACKAGE_PATH:-$root}
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null || ! command -v libreoffice >/dev/null \
   || ! ls /usr/lib/libreoffice/program/libswlo.so >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq libreoffice-writer-nogui poppler-utils >/dev/null
fi
dir=$(mktemp -d)
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }

DOCX_SAMPLE_OUT="$dir/ban-dang-ky.docx" DOCX_SAMPLE_FORMS="$forms" \
  swift test --package-path "$package" --filter 'RegistrationFormTests/writeSample' > "$dir/build.log" 2>&1
check "the sample .docx is written" '[ -s "$dir/ban-dang-ky.docx" ]'

# Its own profile: a second LibreOffice on the machine (another test, a desktop session) would hold the default one.
(cd "$dir" && timeout 180 libreoffice -env:UserInstallation="file://$dir/profile" --headless \
  --convert-to pdf ban-dang-ky.docx > "$dir/convert.log" 2>&1)
check "LibreOffice Writer opens it" '[ -s "$dir/ban-dang-ky.pdf" ]'
pages=$(pdfinfo "$dir/ban-dang-ky.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
check "one A4 page per form ($forms forms, ${pages:-no} pages)" '[ "${pages:-0}" -eq "$forms" ]'
check "A4 portrait" 'pdfinfo "$dir/ban-dang-ky.pdf" | grep -q "595.* x 841.* pts (A4)"'
pdftotext -layout "$dir/ban-dang-ky.pdf" "$dir/text.txt" 2>/dev/null
titles=$(grep -c "BẢN ĐĂNG KÝ" "$dir/text.txt" 2>/dev/null)
check "\"BẢN ĐĂNG KÝ\" once per form (${titles:-0})" '[ "${titles:-0}" -eq "$forms" ]'
check "the national name and motto" 'grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$dir/text.txt" && grep -q "Độc lập - Tự do - Hạnh phúc" "$dir/text.txt"'
check "the date as Nghị định 30 writes it" 'grep -q "Hà Nội, ngày 05 tháng 3 năm 2026" "$dir/text.txt"'
check "names keep their diacritics" 'grep -q "Nguyễn Thị Đào" "$dir/text.txt"'
check "the actions table" 'grep -q "Kết quả đo được" "$dir/text.txt" && grep -q "Thời hạn" "$dir/text.txt" && grep -q "STT" "$dir/text.txt"'
pdftoppm -png -r 60 "$dir/ban-dang-ky.pdf" "$dir/page" 2>/dev/null

if [ "$failed" -ne 0 ] || [ -n "${KEEP_DOCX_OUTPUT:-}" ]; then echo "kept: $dir"; tail -5 "$dir/build.log"; else rm -rf "$dir"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
