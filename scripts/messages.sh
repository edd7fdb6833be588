#!/usr/bin/env bash
# Regenerate and compile the zh_Hans catalogues: locale/ for congress_portal/ and templates/,
# <app>/locale/ for each domain app (its code and its own templates).
# Usage: scripts/messages.sh [PYTHON]   (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY_ARG="${1:-.venv/bin/python}"
# An absolute path that keeps the venv symlink (realpath would leave the virtual environment).
PY="$(cd "$(dirname "$PY_ARG")" && pwd)/$(basename "$PY_ARG")"
APPS=(deputies proposals supervision supervision/livelihood supervision/deliberation appointments congress_portal/notifications congress_portal/reports congress_portal/dashboard congress_portal/public congress_portal/meetings congress_portal/annual_report)
ignores=(-i ".venv/*" -i "var/*" -i "tests/*" -i "bench/*" -i "test-artifacts/*")
for app in "${APPS[@]}"; do ignores+=(-i "$app/*"); done
"$PY" manage.py makemessages -l zh_Hans --no-obsolete "${ignores[@]}" -v 0
for app in "${APPS[@]}"; do
  mkdir -p "$app/locale"
  # An app nested in another (supervision/livelihood) keeps its strings out of the outer app's catalogue.
  nested=()
  for other in "${APPS[@]}"; do [[ $other == "$app"/* ]] && nested+=(-i "${other#"$app"/}/*"); done
  (cd "$app" && "$PY" "$OLDPWD/manage.py" makemessages -l zh_Hans --no-obsolete -v 0 "${nested[@]}")
done
"$PY" manage.py compilemessages -l zh_Hans -i ".venv/*" -v 0
