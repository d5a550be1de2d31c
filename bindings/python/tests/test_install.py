#!/usr/bin/env python3
"""Installs the binding with pip, offline, and uses the installed copy.

For Debian 12's /usr/bin/python3 (and the interpreter running this test, if different) that has
pip, setuptools and wheel: copies bindings/python to a temporary directory (so nothing is written
into the source tree), runs
    python3 -m pip install --no-build-isolation --no-index --no-deps --target SITE SRC
and, when the venv module works,
    python3 -m venv --system-site-packages VENV && VENV/bin/pip install --no-build-isolation --no-index SRC
then imports purdah from there (PURDAH_LIBRARY from the environment names the library) and checks
a draft. Exits 77 (skip) when no interpreter has pip, setuptools and wheel
(apt-get install -y python3-pip python3-setuptools python3-wheel python3-venv).
Prints "N passed, N failed".
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)

if os.environ.get("PURDAH_SKIP_REASON"):
    print("SKIP: " + os.environ["PURDAH_SKIP_REASON"])
    sys.exit(77)

SMOKE = r"""
import datetime, os, sys, purdah
here = os.path.dirname(purdah.__file__)
assert here.startswith(sys.argv[1]), (here, sys.argv[1])
policy = purdah.Policy.default(elections=["local:2027-05-06"])
report = policy.check("Vote Labour on Thursday!", date=datetime.date(2027, 4, 12))
assert report.verdict == "block", report.to_json()
print(here, purdah.library_found_by, purdah.library_version, report.verdict)
"""

# pip and its build backend run without the sanitizer preload; the smoke test keeps it.
BUILD_ENV = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "ASAN_OPTIONS")}
BUILD_ENV.update(PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INDEX="1",
                 PYTHONDONTWRITEBYTECODE="1")
# Debian's pip refuses to install into the system interpreter's own environment (PEP 668), but
# --target and venvs are fine; make sure a user's pip.conf cannot point elsewhere.
BUILD_ENV.pop("PIP_REQUIRE_VIRTUALENV", None)


def usable(python):
    if not os.path.exists(python):
        return False
    p = subprocess.run([python, "-c", "import setuptools, wheel, pip"], env=BUILD_ENV,
                       capture_output=True)
    return p.returncode == 0


def run(cmd, env, what):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("%s failed (%d):\n$ %s\n%s%s" % (what, p.returncode, " ".join(cmd),
                                                              p.stdout[-3000:], p.stderr[-3000:]))
    return p.stdout


def main():
    pythons = []
    for python in ("/usr/bin/python3", sys.executable):
        if python not in pythons and usable(python):
            pythons.append(python)
    if not pythons:
        print("SKIP: no python3 with pip, setuptools and wheel "
              "(apt-get install -y python3-pip python3-setuptools python3-wheel python3-venv)")
        return 77
    passed = failed = 0
    for python in pythons:
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "src")
            shutil.copytree(PACKAGE_ROOT, src, ignore=shutil.ignore_patterns(
                "__pycache__", "build", "*.egg-info", "libpurdah.so*", "tests"))
            routes = [("pip --target", None)]
            venv_ok = subprocess.run([python, "-c", "import venv, ensurepip"], env=BUILD_ENV,
                                     capture_output=True).returncode == 0
            if venv_ok:
                routes.append(("venv", os.path.join(tmp, "venv")))
            for name, venv in routes:
                label = "%s: %s" % (python, name)
                try:
                    if venv is None:
                        site = os.path.join(tmp, "site")
                        run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index",
                             "--no-deps", "--target", site, src], BUILD_ENV, "pip install --target")
                        smoke_python, env = python, dict(os.environ, PYTHONPATH=site)
                        prefix = site
                    else:
                        run([python, "-m", "venv", "--system-site-packages", venv], BUILD_ENV,
                            "python3 -m venv")
                        run([os.path.join(venv, "bin", "pip"), "install", "--no-build-isolation",
                             "--no-index", src], BUILD_ENV, "pip install into a venv")
                        smoke_python, env = os.path.join(venv, "bin", "python"), dict(os.environ)
                        prefix = venv
                    env.pop("PYTHONDONTWRITEBYTECODE", None)
                    out = run([smoke_python, "-c", SMOKE, prefix], env, "importing the installed copy")
                    print("ok   %s -> %s" % (label, out.strip()))
                    passed += 1
                except AssertionError as e:
                    print("FAIL %s\n%s" % (label, e))
                    failed += 1
            # the source copy must not have been polluted by an in-tree build
            leftovers = [n for n in os.listdir(PACKAGE_ROOT) if n == "build" or n.endswith(".egg-info")]
            if leftovers:
                print("note: %s has build leftovers: %s" % (PACKAGE_ROOT, leftovers))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
