// The book's answer boxes: <form class="selfcheck" data-problem="NAME"> (book/_ext/selfcheck_page.py
// writes them; CONTRIBUTING.md, "Answer boxes", is their contract). Nothing of the checker loads
// with the page: the first focus of a box, or the first check, starts one Web Worker for the page
// (selfcheck-worker.mjs), which fetches Pyodide and the course's engine from the book itself; the
// browser's cache serves them to every later page. Each verdict is str(check(NAME, text)).
(() => {
  "use strict";
  const forms = [...document.querySelectorAll("form.selfcheck[data-problem]")];
  if (!forms.length || typeof WebAssembly !== "object" || typeof Worker !== "function") {
    return; // the forms stay hidden: the page reads as it does without JavaScript
  }
  const workerURL = new URL("selfcheck-worker.mjs", document.currentScript.src);

  const parts = (form) => ({
    input: form.querySelector("input"),
    button: form.querySelector("button"),
    verdict: form.querySelector("[role=status]"),
    loading: form.querySelector(".selfcheck-loading"),
    progress: form.querySelector("progress"),
  });

  // A verdict as the notebook renders it: `...` is code. Built from text nodes, never HTML, so
  // that nothing a reader typed (and the verdict quotes) can become markup.
  function say(verdict, text) {
    const pieces = text.split("`");
    if (pieces.length % 2 === 0) {
      verdict.textContent = text; // an unmatched backtick: show the text as it is
      return;
    }
    verdict.replaceChildren(
      ...pieces.map((piece, i) => {
        if (i % 2 === 0) return document.createTextNode(piece);
        const code = document.createElement("code");
        code.textContent = piece;
        return code;
      }),
    );
  }

  for (const form of forms) form.hidden = false;
  if (location.protocol === "file:") {
    for (const form of forms) {
      const { input, button, verdict } = parts(form);
      input.disabled = button.disabled = true;
      verdict.textContent =
        "Browsers do not run the checker on a page opened from a file: run `make serve` " +
        "and open the book at http://127.0.0.1:8000/.";
    }
    return;
  }

  let worker = null; // one per page
  let ready = null; // resolves when the worker has loaded the engine
  let running = null; // {id, text, resolve, timer} of the check the worker is doing
  let serial = 0;
  let chain = Promise.resolve(); // checks run one after another

  function showProgress(loaded, total) {
    for (const form of forms) {
      const { loading, progress } = parts(form);
      if (!form.dataset.used) continue;
      loading.hidden = loaded >= total;
      progress.max = total;
      progress.value = Math.min(loaded, total);
    }
  }

  function start() {
    if (ready) return ready;
    worker = new Worker(workerURL, { type: "module" });
    ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === "progress") showProgress(data.loaded, data.total);
        else if (data.type === "ready") {
          document.documentElement.dataset.selfcheckStages = JSON.stringify(data.stages);
          showProgress(1, 1);
          resolve();
        } else if (data.type === "failed") reject(new Error(data.message));
        else if (data.type === "started" && running && running.id === data.id) {
          running.timer = setTimeout(stop, running.seconds * 1000);
        } else if (data.type === "verdict" && running && running.id === data.id) {
          clearTimeout(running.timer);
          const { resolve: done } = running;
          running = null;
          done(data);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || "the checker's worker did not start"));
      };
    });
    ready.catch(() => {
      showProgress(1, 1);
      worker.terminate();
      ready = null; // the next check tries again
    });
    return ready;
  }

  // A check past the engine's time limit: end the worker (Python cannot be interrupted from
  // here), report the engine's own words for it, and start a fresh worker for the next check.
  function stop() {
    const { resolve, timeout } = running;
    running = null;
    worker.terminate();
    ready = null;
    resolve({ text: timeout });
    start();
  }

  function check(form, text) {
    const run = async () => {
      await start();
      return new Promise((resolve) => {
        serial += 1;
        running = {
          id: serial,
          resolve,
          seconds: Number(form.dataset.seconds),
          timeout: form.dataset.timeout,
        };
        worker.postMessage({ id: serial, problem: form.dataset.problem, text });
      });
    };
    const result = chain.then(run, run);
    chain = result.catch(() => {});
    return result;
  }

  for (const form of forms) {
    const { input, button, verdict, loading } = parts(form);
    const use = () => {
      if (!form.dataset.used) {
        form.dataset.used = "yes";
        if (!ready) loading.hidden = false;
      }
      start().catch(() => {});
    };
    input.addEventListener("focus", use, { once: true });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      use();
      const text = input.value;
      form.setAttribute("aria-busy", "true");
      button.disabled = true;
      delete verdict.dataset.verdict;
      verdict.textContent = "Checking…";
      try {
        const answer = await check(form, text);
        say(verdict, answer.text);
        // How long the engine took in the worker, for `make bench`.
        verdict.dataset.ms = answer.ms === undefined ? "" : answer.ms.toFixed(2);
      } catch (error) {
        verdict.textContent = `The checker could not start (${error.message}); reload the page to try again.`;
      } finally {
        form.removeAttribute("aria-busy");
        button.disabled = false;
      }
      const said = verdict.textContent;
      if (said.startsWith("Right.")) verdict.dataset.verdict = "right";
      else if (said.startsWith("Not yet.")) verdict.dataset.verdict = "not-yet";
      else delete verdict.dataset.verdict;
    });
  }
})();
