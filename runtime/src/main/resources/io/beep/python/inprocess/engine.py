"""Beep Python in-process engine: the Python half of InProcessWorkers (CPython loaded into the JVM).

The JVM calls these functions through the C API. The rules are worker.py's, so that user code sees
the same sys.path, the same callables and the same JSON results in both worker modes.
"""
import importlib
import io
import os
import sys
import traceback

import _beep_python_rules as _rules  # put in sys.modules by the JVM from workers/rules.py, worker.py's rules

ENVIRONMENT = None
_added = []
_roots = []
_callables = {}
_mtimes = {}


class CallTimedOut(BaseException):
    """Raised in a call's thread by the JVM's watchdog; a BaseException so that `except Exception` does not swallow it."""


class _LineWriter(io.TextIOBase):
    """sys.stdout/sys.stderr: whole lines to the JVM's log through a pipe (the JVM's own fd 1 and 2 stay untouched)."""

    def __init__(self, fd, name):
        self._fd = fd
        self._name = name
        self._buffer = ""

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._buffer += text
        if "\n" in self._buffer:
            lines, _, self._buffer = self._buffer.rpartition("\n")
            self._send(lines + "\n")
        return len(text)

    def flush(self):
        if self._buffer:
            text, self._buffer = self._buffer, ""
            self._send(text + "\n")

    def _send(self, text):
        data = text.encode("utf-8", "replace")
        while data:
            data = data[os.write(self._fd, data):]

    @property
    def encoding(self):
        return "utf-8"

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation(f"{self._name} of an in-process environment has no file descriptor")


def make_pipe():
    """A pipe for sys.stdout/sys.stderr: the JVM reads its end through /proc/self/fd; the write end is returned too."""
    return os.pipe()


def setup(environment, site_packages, python_path, output_fd):
    """sys.path as a worker of the environment sees it: the venv's site-packages (with its .pth files), then python_path first."""
    global ENVIRONMENT
    import site
    for entry in _added:
        while entry in sys.path:
            sys.path.remove(entry)
    _added.clear()
    before = list(sys.path)
    site.addsitedir(site_packages)
    _added.extend(entry for entry in sys.path if entry not in before)
    for entry in reversed(python_path):
        sys.path.insert(0, entry)
        _added.append(entry)
    _roots[:] = [os.path.realpath(entry) for entry in python_path]
    venv = os.path.dirname(os.path.dirname(os.path.dirname(site_packages)))
    if os.path.isfile(os.path.join(venv, "pyvenv.cfg")):
        sys.prefix = sys.exec_prefix = venv
        sys.executable = os.path.join(venv, "bin", "python")
    if output_fd >= 0:
        sys.stdout = _LineWriter(output_fd, "stdout")
        sys.stderr = _LineWriter(output_fd, "stderr")
    _callables.clear()
    _find_numpy()
    ENVIRONMENT = environment
    return environment


def _find_numpy():
    """numpy from the environment's own sys.path, when it has it: arrays then arrive as numpy arrays, else as memoryviews."""
    global _numpy
    try:
        import numpy
        _numpy = numpy
    except Exception:
        _numpy = None


def _track():
    """Remembers the mtime of each application module (a file under python_path) the first time it is seen."""
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name in _mtimes or not path or not _roots:
            continue
        real = os.path.realpath(path)
        if any(real.startswith(root + os.sep) for root in _roots):
            try:
                _mtimes[name] = (real, os.stat(real).st_mtime_ns)
            except OSError:
                pass


def resolve(name):
    """worker.py's callable rules (rules.resolve); a newly imported module's files are tracked for dev-mode reloads."""
    known = name in _callables
    target = _rules.resolve(name, _callables)
    if not known:
        _track()
    return target


def enter_trace(traceparent):
    """Sets beep_python.traceparent for the call about to run on this thread; the token for leave_trace."""
    return _rules.TRACEPARENT.set(traceparent)


def leave_trace(token):
    _rules.TRACEPARENT.reset(token)


def preload(modules):
    """Imports each module; the name of the one that fails, or None."""
    for module in modules:
        try:
            importlib.import_module(module)
        except BaseException:
            return module
    _track()
    return None


def reload_changed():
    """Re-imports the application modules whose file changed since they were imported; their names."""
    changed = []
    for name, (path, mtime) in list(_mtimes.items()):
        try:
            now = os.stat(path).st_mtime_ns
        except OSError:
            continue
        if now != mtime and name in sys.modules:
            importlib.reload(sys.modules[name])
            _mtimes[name] = (path, now)
            changed.append(name)
    if changed:
        _callables.clear()
    _track()
    return changed


def dumps(value):
    """JSON text of a result, by worker.py's rules (rules.dumps): NaN and Infinity as JSON's non-standard literals."""
    return _rules.dumps(value)


def loads(text):
    return _rules.loads(text)


def failure(error):
    """Type, message and traceback of an exception, joined by NUL."""
    kind = type(error)
    lines = traceback.format_exception(kind, error, error.__traceback__)
    return "\0".join((_rules.exception_type(error), str(error), "".join(lines)))


_numpy = None

def array(data, dtype):
    """An argument array over `data` (a bytearray the JVM filled, little-endian): a numpy array, else a memoryview."""
    return _rules.array_argument(_numpy, dtype, data)


def contiguous(value):
    """A C-contiguous copy of a numpy array (or anything with __array__) whose buffer is not one."""
    if _numpy is not None and hasattr(value, "__array__"):
        return _numpy.ascontiguousarray(value)
    return value


def describe(value):
    """What a result that does not bind to a Java array is, for the message."""
    dtype = getattr(value, "dtype", None)
    shape = getattr(value, "shape", None)
    if dtype is not None and shape is not None:
        return f"a numpy array of dtype {dtype}, shape {tuple(shape)}"
    if isinstance(value, memoryview):
        return f"a memoryview of format {value.format!r}, shape {tuple(value.shape)}"
    kind = type(value)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    return ("an " if name[0].lower() in "aeiou" else "a ") + name
