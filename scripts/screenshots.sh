#!/usr/bin/env bash
# Refreshes docs/screenshots/ from the whole-round browser journey: runs it (which writes every
# role's home page and the key pages to var/screenshots/) and copies the curated set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export DEBUG=0 HTTPS_ONLY=0 STATIC_MANIFEST=0
export SECRET_KEY="${SECRET_KEY:-test-only-secret-key-not-for-production-use-0123456789}"
.venv/bin/pytest -q -p no:randomly tests/browser/test_whole_round.py
mkdir -p docs/screenshots
for name in home-office home-leadership home-team-leader home-unit-contact home-organ-handler \
            home-party-member team-formed entry-notice finding-signed report-versions \
            item-closed notifications-overdue proposal-decided dashboard; do
  cp "var/screenshots/$name.png" "docs/screenshots/$name.png"
done
echo "docs/screenshots/ refreshed"
