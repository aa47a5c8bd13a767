"""The chapters' answer keys, one module per chapter.

Importing this package imports every module in it, and each registers its problems with
:func:`sigmoid_course.selfcheck.register`: a new chapter's key registers itself by being here
(modules whose names start with ``_`` are left alone). The self-check imports this package
through the entry point ``course`` of the group ``sigmoid_course.answer_keys`` declared in
``pyproject.toml``, so that the engine names no chapter. A key imports without numpy (the
book's page has none): numpy is imported inside the functions that need it, and values that
need it to be computed come through :func:`sigmoid_course.selfcheck.computed`.
"""

from importlib import import_module
from pkgutil import iter_modules

__all__ = sorted(info.name for info in iter_modules(__path__) if not info.name.startswith("_"))

for _name in __all__:
    import_module(f"{__name__}.{_name}")
