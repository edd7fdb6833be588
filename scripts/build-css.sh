#!/usr/bin/env bash
# Trim Bootstrap's CSS and the icon font's CSS to what the portal's pages use (issue 20.8: 315 KiB of CSS,
# mostly unused, blocked the first paint on a phone). Run after adding a Bootstrap class or an icon to a
# template or to Python code, and commit the two .used.min.css files it writes:
#   scripts/build-css.sh
# PurgeCSS (pinned in scripts/css/package.json, installed with npm ci) keeps every selector whose class
# names appear in the templates, the Python code (classes written in format_html, workflow styles) and the
# Bootstrap and portal scripts (classes they add: show, collapsing, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd scripts/css && npm ci --no-audit --no-fund --silent)
PURGE=scripts/css/node_modules/.bin/purgecss
CONTENT=(templates/ congress_portal/ proposals/ deputies/ supervision/ appointments/ static/js/
         static/vendor/bootstrap/bootstrap.bundle.min.js static/vendor/chartjs/)
files=()
for dir in "${CONTENT[@]}"; do
  if [ -f "$dir" ]; then files+=("$dir"); else
    while IFS= read -r f; do files+=("$f"); done < <(find "$dir" \( -name "*.html" -o -name "*.py" -o -name "*.js" \) -not -path "*/migrations/*" -not -path "*/locale/*")
  fi
done
# Classes built from parts at run time: btn-{{ move.style }}, alert-{{ message.tags }}, text-bg-..., bg-...
SAFE=(--safelist "/^btn-/" "/^alert-/" "/^text-bg-/" "/^bg-/" "/^text-/" "/^badge/" "/^border-/")
"$PURGE" --css static/vendor/bootstrap/bootstrap.min.css --content "${files[@]}" "${SAFE[@]}" \
  --output static/vendor/bootstrap/bootstrap.used.min.css
"$PURGE" --css static/vendor/bootstrap-icons/bootstrap-icons.min.css --content "${files[@]}" --font-face \
  --output static/vendor/bootstrap-icons/bootstrap-icons.used.min.css
ls -l static/vendor/bootstrap/bootstrap.used.min.css static/vendor/bootstrap-icons/bootstrap-icons.used.min.css
.venv/bin/python scripts/subset_icons.py static/vendor/bootstrap-icons
