// Compile pure-Python packages with Pyodide's own Python, for the book's answer boxes.
//
//   node compile_for_pyodide.mjs PYODIDE_DIR NAME... SOURCE.zip OUT.zip [SOURCE.zip OUT.zip]...
//
// Each SOURCE.zip holds a package's files as its wheel installs them. The packages NAME... are
// imported together; every module that importing them loads is written to its OUT.zip as
// bytecode of Pyodide's Python version, in place of its source (a .pyc beside where the .py
// was, which Python imports without the source), and every other file is kept as it is. A
// browser then compiles none of the hundreds of modules `import sympy` loads, which is most
// of the time a first check takes. Run by book/_ext/selfcheck_page.py; needs Node.js >= 18.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, ...rest] = process.argv.slice(2);
const zips = rest.filter((arg) => arg.endsWith(".zip"));
const names = rest.filter((arg) => !arg.endsWith(".zip"));
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
const site = pyodide.runPython("import site; site.getsitepackages()[0]");
for (let i = 0; i < zips.length; i += 2) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(zips[i])), "zip", { extractDir: site });
}
pyodide.globals.set("names", pyodide.toPy(names));
pyodide.globals.set("site", site);
pyodide.runPython(`
import importlib, sys

for name in names:
    importlib.import_module(name)
loaded = {
    module.__file__
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(site + "/")
}
`);
for (let i = 0; i < zips.length; i += 2) {
  pyodide.FS.writeFile("/tmp/source.zip", new Uint8Array(readFileSync(zips[i])));
  pyodide.runPython(`
import py_compile, zipfile

with zipfile.ZipFile("/tmp/source.zip") as source, zipfile.ZipFile(
    "/tmp/out.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9
) as out:
    for member in source.namelist():
        installed = f"{site}/{member}"
        if installed in loaded:
            py_compile.compile(installed, cfile="/tmp/module.pyc", doraise=True)
            out.write("/tmp/module.pyc", member + "c")
        else:
            out.writestr(member, source.read(member))
`);
  writeFileSync(zips[i + 1], pyodide.FS.readFile("/tmp/out.zip"));
}
