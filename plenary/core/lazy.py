"""Modules imported on first use, for the heavy libraries that few requests need.

A web worker imports every view module when it reads the URLs, and with them what they import. Altair (and the
jsonschema and narwhals it brings), vl-convert, the analysis engine with numpy, and python-docx added ~90 MB to
each worker before it answered anything, though only charts, analysis runs and Word reports use them. A name
bound to `lazy_module("altair")` imports the library the first time one of its attributes is read.
"""

import importlib
from types import ModuleType


class LazyModule:
    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def _module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __getattr__(self, attr: str):
        return getattr(self._module(), attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> LazyModule:
    return LazyModule(name)
