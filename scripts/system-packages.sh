#!/usr/bin/env bash
# Install the Debian packages the portal needs, when we can (root, or sudo without a password).
# Otherwise print the exact command and go on: the portal runs, and what lacks a package says so.
#   scripts/system-packages.sh run    packages to serve the portal (PDF fonts and libraries)
#   scripts/system-packages.sh test   plus what the tests use (Chromium, poppler)
set -u
need=(python3 python3-venv fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext)
if [ "${1:-run}" = "test" ]; then
  need+=(chromium poppler-utils)
fi

missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "!! Not a Debian system: install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "!! Missing Debian packages: ${missing[*]}" >&2
    echo "!! Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 0
  fi
fi
echo ">> Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq || true
if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/congress-portal-apt.log 2>&1; then
  echo "!! apt-get install failed (see /tmp/congress-portal-apt.log); install by hand: apt-get install -y ${missing[*]}" >&2
fi
exit 0
