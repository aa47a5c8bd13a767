# The Sigmoid: `make book` builds the course, `make test` checks it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt whenever the pins or the package metadata change.
INSTALLED := $(VENV)/.installed
BUILD_FLAGS := -W -n --keep-going

.PHONY: book test lab bench lint clean serve fold assignments grade

book: $(INSTALLED)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "The book is built. Open it in a browser:"
	@echo "  file://$(CURDIR)/_build/html/index.html"

test: $(INSTALLED)
	$(BIN)/python -m pytest

# The built book on http://127.0.0.1:$(PORT)/ : search works there (browsers block it on file://).
PORT ?= 8000
serve: book
	@echo "Serving the book on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# Puts a collapsed heading before every solution, so that JupyterLab and Colab keep it folded.
fold: $(INSTALLED)
	$(BIN)/python tools/fold_solutions.py book/*.ipynb

# Every chapter as an assignment: the student notebook and otter-grader's autograder.zip.
assignments: $(INSTALLED)
	$(BIN)/python tools/assignments.py _build/assignments

# Grades every notebook in SUBMISSIONS with otter-grader; writes SUBMISSIONS/grades.csv.
grade: assignments
	@test -n "$(SUBMISSIONS)" || { echo "Usage: make grade SUBMISSIONS=<folder of notebooks>"; exit 2; }
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)" --assignments _build/assignments

lab: $(INSTALLED)
	$(BIN)/jupyter lab book

bench: $(INSTALLED)
	$(BIN)/python tests/bench.py

lint: $(INSTALLED)
	$(BIN)/ruff check src tests book templates tools

clean:
	rm -rf _build

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "The Sigmoid needs Python 3.11 or newer; set PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)
