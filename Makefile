.PHONY: run test ci lint
run:
	scripts/run.sh
test:
	scripts/test.sh
ci:
	.ci/run
lint:
	.venv/bin/ruff check .
