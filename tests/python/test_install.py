"""`cmake --install` of the Python component gives an importable package, in a folder that
/usr/bin/python3 searches by itself when the prefix is the default one (scripts/install)."""

import os
import subprocess
import sys

import pytest


def test_installed_package_imports(tmp_path):
    build = os.environ.get("NEARDUP_BUILD_DIR")
    if not build:
        pytest.skip("NEARDUP_BUILD_DIR not set (ctest sets it)")
    subprocess.run(["cmake", "--install", build, "--component", "python", "--prefix",
                    str(tmp_path)], check=True, capture_output=True)
    site = os.path.join(str(tmp_path), os.path.relpath(os.environ["NEARDUP_INSTALL_CHECK"],
                                                       _prefix(build)))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = site
    out = subprocess.run(
        [sys.executable, "-c", "import neardup; print(neardup.__file__); "
         "t = 'one two three four five'; "
         "print(len(neardup.scan([('a', t), ('b', t)], mode='lexical').pairs))"],
        env=env, cwd=str(tmp_path), capture_output=True, text=True, check=True).stdout.split()
    assert out[0].startswith(site) and out[1] == "1"
    # The folder of the real install (PREFIX/...) is on the interpreter's own path, no PYTHONPATH.
    env.pop("PYTHONPATH")
    path = subprocess.run([sys.executable, "-c", "import sys; print('\\n'.join(sys.path))"],
                          env=env, capture_output=True, text=True, check=True).stdout.split("\n")
    if _prefix(build) == "/usr/local":
        assert os.environ["NEARDUP_INSTALL_CHECK"] in path


def _prefix(build):
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            if line.startswith("CMAKE_INSTALL_PREFIX:"):
                return line.split("=", 1)[1].strip()
    raise AssertionError("no CMAKE_INSTALL_PREFIX in the cache")
