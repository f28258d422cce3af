#!/usr/bin/env bash
# Sets up and runs the whole suite. With DATABASE_URL / REDIS_URL set the tests use PostgreSQL /
# Redis; unset, SQLite and in-process. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

export DEBUG=0 HTTPS_ONLY=0 STATIC_MANIFEST=0
export SECRET_KEY="${SECRET_KEY:-test-only-secret-key-not-for-production-use-0123456789}"
.venv/bin/ruff check --quiet .
# Security lint: any finding of medium or high severity fails the run (docs/security.md).
.venv/bin/bandit --quiet -c pyproject.toml -r . --severity-level medium
.venv/bin/python manage.py makemigrations --check --dry-run -v0
# pytest exits 5 when nothing ran; set -e turns that into a failure.
# Two workers on the two cores (TEST_WORKERS=0 runs in one process, e.g. to debug).
.venv/bin/pytest -n "${TEST_WORKERS:-2}" "$@"
