"""An installed package has its site profiles: the wheel built from the source holds
``cleaners/core/profiles/*.toml``, and ``cleaners`` imported from the unpacked wheel (not from
the source tree) loads them."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

from .conftest import PYTHON, REPO


def test_the_wheel_ships_the_site_profiles_and_loads_them(tmp_path):
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for package in ("cleaners", "crawler"):
        shutil.copytree(REPO / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [
            PYTHON,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = wheels.glob("*.whl")
    shipped = sorted(
        name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("cleaners/core/profiles/")
    )
    assert shipped == sorted(
        f"cleaners/core/profiles/{p.name}" for p in (REPO / "cleaners" / "core" / "profiles").glob("*.toml")
    )
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    code = (
        f"import sys; sys.path.insert(0, {str(installed)!r}); "
        "import cleaners, cleaners.core.sites as s; "
        "print(cleaners.__file__); print(sorted(s.load_profiles())); print(s.profile_for('https://znews.vn/a.html').name)"
    )
    loaded = subprocess.run([PYTHON, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    where, domains, name = loaded.stdout.splitlines()
    assert where.startswith(str(installed)), where
    assert "znews.vn" in domains and name == "znews.vn"
