# The Sigmoid: `make book` builds the course, `make test` checks it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt whenever the pins or the package metadata change.
INSTALLED := $(VENV)/.installed
# The answer boxes' runtime (Pyodide, pinned in package.json and package-lock.json): npm ci
# writes this file, so it reruns when the pins change or node_modules is gone.
NODE_MODULES := node_modules/.package-lock.json
BUILD_FLAGS := -W -n --keep-going

.PHONY: book pdf test lab bench lint clean serve fold assignments grade

book: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "The book is built. Open it in a browser:"
	@echo "  file://$(CURDIR)/_build/html/index.html"
	@echo "(the search box and the answer boxes work only over http: make serve)"

# The whole course as one PDF, solutions at the back: _build/pdf/the-sigmoid.pdf. The only
# target that needs TeX Live (xelatex, latexmk; the README lists Debian's packages). It reuses
# the notebooks' execution cache and Sphinx's environment of `make book`, and copies the PDF
# into the HTML book too, where its download button links to it.
pdf: $(INSTALLED)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || \
		{ echo "make pdf needs xelatex and latexmk: see README.md (TeX Live)"; exit 1; }
	$(BIN)/jupyter-book build . --builder latex $(BUILD_FLAGS)
	$(MAKE) -C _build/latex all-pdf LATEXMKOPTS="-silent -interaction=nonstopmode -halt-on-error"
	mkdir -p _build/pdf
	cp _build/latex/the-sigmoid.pdf _build/pdf/the-sigmoid.pdf
	@if [ -d _build/html ]; then cp _build/pdf/the-sigmoid.pdf _build/html/the-sigmoid.pdf; fi
	@echo
	@echo "The PDF is built: $(CURDIR)/_build/pdf/the-sigmoid.pdf"

test: $(INSTALLED) $(NODE_MODULES)
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

bench: $(INSTALLED) $(NODE_MODULES)
	$(BIN)/python tests/bench.py

lint: $(INSTALLED)
	$(BIN)/ruff check src tests book templates tools

clean:
	rm -rf _build

$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null || \
		{ echo "The book's answer boxes need Node.js and npm (e.g. apt-get install nodejs npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

$(INSTALLED): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "The Sigmoid needs Python 3.11 or newer; set PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)
