#!/usr/bin/env bash
# The embedded default: SQLite and the filesystem Celery broker under var/, no servers needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# PORT=8080 scripts/run.sh serves on another port (8000 may be taken).
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-1}" HTTPS_ONLY="${HTTPS_ONLY:-0}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo

.venv/bin/celery -A config worker --beat --loglevel=INFO --concurrency=1 \
  --schedule var/celerybeat-schedule > var/celery.log 2>&1 &
celery_pid=$!
trap 'kill "$celery_pid" 2>/dev/null; wait "$celery_pid" 2>/dev/null' EXIT

cat <<BANNER

  巡察通 is running at http://127.0.0.1:${PORT}/  (Celery worker + beat: var/celery.log)
  Log in with one of the demo accounts above. Ctrl-C stops both.

BANNER
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
