# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PY ?= python3.11
# `make run PORT=8080` (or PORT in the environment) serves on another port.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint worker beat serve setup messages eval-import

$(STAMP): requirements.txt
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PY) not found)."; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

# For developers after changing UI strings (needs gettext); the compiled .mo is committed
# so a fresh machine shows English without gettext installed.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --no-location --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed_plan
	$(BIN)/python manage.py create_demo_users
	$(BIN)/python manage.py create_demo_reports
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/pytest -n auto --dist loadgroup

# Score the plan reader on the corpus of real plans with hand-made truth (tests/data/plans/corpus), on the
# registry `make run` leaves; EVAL_ARGS=--misses lists every task read wrong.
eval-import: setup
	$(BIN)/python manage.py migrate --noinput >/dev/null
	$(BIN)/python manage.py load_seed_plan >/dev/null
	$(BIN)/python manage.py evaluate_import $(EVAL_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: setup
	$(BIN)/celery -A plan_portal worker --loglevel=info

beat: setup
	$(BIN)/celery -A plan_portal beat --loglevel=info

serve: setup
	mkdir -p var
	bin/serve

# Province-scale ×1, ×10 and ×30 benchmark on the machine's PostgreSQL (not part of `make test`); see bench/run.py.
.PHONY: bench
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)
