"""Builds cwlog._cwlog with the project's CMake (the parent directory), the
way pybind/cmake_example does: setuptools asks for one extension, CMake
builds it into the directory setuptools will package."""
import fcntl
import os
import pathlib
import shutil
import subprocess
import sys
from contextlib import contextmanager

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
PROJECT = HERE.parent  # the cwlog checkout: CMakeLists.txt, include/, src/


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


@contextmanager
def build_lock():
    """Serialises with the checkout's other builds when CWLOG_BUILD_LOCK names
    the lock file scripts/build.sh uses (a small shared machine)."""
    path = os.environ.get("CWLOG_BUILD_LOCK")
    if not path:
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (PROJECT / "CMakeLists.txt").exists():
            sys.exit(f"cwlog: {PROJECT} is not a cwlog checkout; build from python/ inside it")
        package_dir = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        args = [
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCWLOG_PYTHON_PACKAGE_DIR={package_dir}",
            "-DCMAKE_BUILD_TYPE=Release",
            "-DCWLOG_BUILD_PYTHON=ON",
            "-DCWLOG_BUILD_TESTS=OFF",
            "-DCWLOG_BUILD_BENCH=OFF",
            "-DCWLOG_BUILD_EXAMPLES=OFF",
        ]
        # Extra CMake options, as pybind/cmake_example and scikit-build take
        # them: e.g. CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Debug" (python/README.md).
        args += [a for a in os.environ.get("CMAKE_ARGS", "").split(" ") if a]
        env = dict(os.environ)
        if shutil.which("ninja"):
            args += ["-G", "Ninja"]
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            env.setdefault("CCACHE_BASEDIR", str(PROJECT))
            env.setdefault("CCACHE_NOHASHDIR", "1")
        with build_lock():
            subprocess.run(["cmake", "-S", str(PROJECT), "-B", str(build_dir), *args], check=True, env=env)
            subprocess.run(
                ["cmake", "--build", str(build_dir), "--target", "cwlog_python", "--parallel", "2"],
                check=True,
                env=env,
            )


setup(ext_modules=[CMakeExtension("cwlog._cwlog")], cmdclass={"build_ext": CMakeBuild})
