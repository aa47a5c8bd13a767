"""Browser tests (headless Chromium) of the built book and of the chapters in JupyterLab.

This file makes ``tests/browser`` a package so that its ``conftest.py`` is imported as
``browser.conftest`` and does not replace ``tests/conftest.py`` in ``sys.modules["conftest"]``:
without it, pytest would import both as ``conftest`` and ``from conftest import toc_files``
in the tests collected after this directory would find the wrong module.
"""
