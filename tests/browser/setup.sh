#!/usr/bin/env bash
# Installs what the browser and command-line tests need when it is missing: Debian's chromium and chromium-driver, and
# Selenium from PyPI.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver fonts-noto-core sqlite3 >/dev/null
fi
python3 -c "import selenium" 2>/dev/null || pip install -q selenium
