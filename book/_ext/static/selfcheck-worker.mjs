// The answer boxes' worker (selfcheck.js starts one per page): Pyodide with sympy, mpmath and the
// course's engine, all from the book's own _static/selfcheck/ (runtime.json lists them; see
// book/_ext/selfcheck_page.py). Messages in: {id, problem, text}. Out: {type: "progress",
// loaded, total} while loading, {type: "ready", stages}, then per check {type: "started", id} and
// {type: "verdict", id, text, ms}, text being str(check(problem, text)); {type: "failed", message}
// if the runtime cannot load. A check that runs too long is ended by terminating this worker.
import { loadPyodide } from "./selfcheck/pyodide/pyodide.mjs";

const here = new URL("./selfcheck/", import.meta.url);
const plainFetch = self.fetch.bind(self);
let loaded = 0;
let total = 0;
let reported = 0;

function progress() {
  if (loaded - reported > 250000 || loaded >= total) {
    reported = loaded;
    self.postMessage({ type: "progress", loaded, total });
  }
}

// Count the bytes of every file Pyodide and this worker fetch, for the page's progress bar.
self.fetch = async (resource, options) => {
  const response = await plainFetch(resource, options);
  if (!response.ok || !response.body) return response;
  const reader = response.body.getReader();
  const counted = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      loaded += value.byteLength;
      progress();
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const { status, statusText, headers } = response;
  return new Response(counted, { status, statusText, headers });
};

async function fetched(name) {
  const response = await self.fetch(new URL(name, here));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

// How long each stage took, in ms since the worker started: `make bench` prints them.
const stages = {};
const stage = (name) => {
  stages[name] = Math.round(performance.now());
};

async function boot() {
  const runtime = await (await plainFetch(new URL("runtime.json", here))).json();
  total = runtime.bytes;
  // The archives download while Python starts.
  const archives = runtime.archives.map(fetched);
  const pyodide = await loadPyodide({
    indexURL: new URL(runtime.pyodide, here).href,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  stage("python");
  const site = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const [i, archive] of archives.entries()) {
    const format = runtime.archives[i].endsWith(".whl") ? "wheel" : "zip";
    pyodide.unpackArchive(await archive, format, { extractDir: site });
  }
  stage("unpacked");
  pyodide.runPython(runtime.warmup);
  stage("warm");
  // The manifest's entry (statements, then the expression whose value is the verdict),
  // compiled once and run with the problem's name and the typed text as its variables.
  const runner = pyodide.runPython(`
import ast

def runner(source):
    tree = ast.parse(source)
    verdict = compile(ast.Expression(tree.body.pop().value), "<entry>", "eval")
    statements = compile(tree, "<entry>", "exec")

    def run(name, text):
        scope = {"name": name, "text": text}
        exec(statements, scope)
        return eval(verdict, scope)

    return run

runner
`);
  return runner(runtime.entry);
}

const checker = boot().then(
  (check) => {
    self.postMessage({ type: "ready", stages });
    return check;
  },
  (error) => {
    self.postMessage({ type: "failed", message: String(error.message || error) });
    throw error;
  },
);

self.onmessage = async ({ data }) => {
  const check = await checker;
  self.postMessage({ type: "started", id: data.id });
  const start = performance.now();
  let text;
  try {
    text = check(data.problem, data.text);
  } catch (error) {
    // check() raises only for an unknown problem name: the page's mistake, not the reader's.
    text = `This box could not be checked (${String(error.message).split("\n").at(-2)}).`;
  }
  self.postMessage({ type: "verdict", id: data.id, text, ms: performance.now() - start });
};
