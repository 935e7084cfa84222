"""greendiag: 绿色诊断 case workbooks, Excel functions and official annexes.

One import package.  Its subpackages live in the repository's top-level folders (the design
card's layout) and are mapped into ``greendiag`` at install time (``[tool.setuptools.package-dir]``
in pyproject.toml): ``greendiag.rules`` ← ``rules/``, ``greendiag.workbooks`` ← ``workbooks/``,
``greendiag.forms`` ← ``forms/``, ``greendiag.generator`` ← ``generator/``, ``greendiag.addin`` ←
``addin/``.  See docs/design.md for the layers.

The Excel add-in's button runs ``greendiag.addin.ribbon.main()`` directly (its VBA callback
``GreendiagGenerate``, see greendiag.addin.build).  This module imports nothing of greendiag at
module level, so no layer below can import a face through it.
"""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("greendiag")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

# In a source checkout (python -m pytest or a benchmark run from the repository root puts this
# folder's parent first on sys.path), the mapped folders are this package's siblings: search
# there too, so ``greendiag.rules`` is this checkout's rules/ and never another copy's.
# An installed wheel has the subpackages inside greendiag/ and no pyproject.toml beside it.
_checkout = Path(__file__).resolve().parent.parent
if (_checkout / "pyproject.toml").is_file() and (_checkout / "rules" / "__init__.py").is_file():
    __path__.append(str(_checkout))

