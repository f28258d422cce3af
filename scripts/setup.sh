#!/usr/bin/env bash
# Prepares a fresh Debian machine: system packages, a Python >= 3.12 virtualenv, dependencies.
# Usage: scripts/setup.sh [--test]   (--test adds what only the test suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."

APP_PACKAGES=(fonts-noto-cjk fonts-arphic-gkai00mp libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0)
TEST_PACKAGES=(poppler-utils chromium gettext)

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

install_system_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]} (install them as root with apt-get)." >&2
    return 1
  fi
  log "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidates=("${PYTHON:-}" python3.14 python3.13 python3.12)
  candidates+=($(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV))
  candidates+=(python3)
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "No Python >= 3.12 found (Django 6 needs it). Set PYTHON=/path/to/python3.12." >&2
  return 1
}

packages=("${APP_PACKAGES[@]}")
[ "${1:-}" = "--test" ] && packages+=("${TEST_PACKAGES[@]}")
install_system_packages "${packages[@]}"

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  python=$(find_python)
  log "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

# Reinstall only when the declared or pinned dependencies change.
stamp=.venv/.xuncha-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "Installing Python dependencies"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi
