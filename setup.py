"""Build hook: the wheel (and so every pip install, Dask workers included) carries the repository's
language data, `patterns/`, inside the package as `extractor/_patterns/`. Everything else is in
pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithPatterns(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads patterns/ from the checkout
        target = Path(self.build_lib) / "extractor" / "_patterns"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(ROOT / "patterns", target)


setup(cmdclass={"build_py": BuildPyWithPatterns})
