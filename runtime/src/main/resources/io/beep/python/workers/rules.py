"""Beep Python's call rules, shared by both worker modes so that user code sees the same in each.

Loaded as the module `_beep_python_rules` by the worker process (worker.py, from the text its start frame
carries: the worker runs as a child process with only its own script on disk) and by the in-process engine
(engine.py, run by the JVM from the extension's resources). It imports nothing the worker would pay for
before its first call: numpy is handed in by the caller.
"""
import contextvars
import importlib
import json
import sys
import types

# A Java array's dtype, and the memoryview format of the same little-endian items when numpy is not importable.
FORMATS = {"float64": "d", "float32": "f", "int64": "q", "int32": "i", "uint8": "B"}


def _call_context():
    """`beep_python.traceparent`: the W3C trace context of the JVM call running now (None outside a call or untraced).

    A module of its own, put in sys.modules, so that user code imports it the same way in both modes
    (`from beep_python import traceparent`) without the extension installing anything into the venv.
    """
    module = sys.modules.get("beep_python")
    if module is None:
        module = types.ModuleType("beep_python", "Beep Python's call context: traceparent, a ContextVar set for each JVM call.")
        sys.modules["beep_python"] = module
    if not isinstance(getattr(module, "traceparent", None), contextvars.ContextVar):
        module.traceparent = contextvars.ContextVar("beep_python.traceparent", default=None)
    return module.traceparent


TRACEPARENT = _call_context()


def resolve(name, cache):
    """The callable `package.module:function` (attributes may be dotted), imported once and kept in `cache`."""
    target = cache.get(name)
    if target is None:
        module_name, sep, attribute = name.partition(":")
        if not sep or not module_name or not attribute:
            raise ValueError(f"callable {name!r} must be 'package.module:function'")
        target = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
        if not callable(target):
            raise TypeError(f"{name} is a {type(target).__qualname__}, not a callable")
        cache[name] = target
    return target


def type_name(kind):
    """`builtins` types by their own name, others as module.qualname."""
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def exception_type(error):
    """An exception's type as the JVM reports it, always module-qualified: builtins.ValueError."""
    kind = type(error)
    return f"{kind.__module__}.{kind.__qualname__}"


def convert(value):
    """Values json cannot write: sets, numpy-like scalars and arrays; anything else names its type."""
    if isinstance(value, (set, frozenset)):
        try:
            return sorted(value)
        except TypeError:
            return list(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable (ask for byte[].class to receive it raw, "
                        "or decode it to str)")
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise TypeError(f"Object of type {type_name(type(value))} is not JSON serializable")


def dumps(value):
    """JSON text; NaN and +-Infinity as the bare tokens NaN, Infinity, -Infinity: the JVM's reader accepts them."""
    return json.dumps(value, allow_nan=True, default=convert, separators=(",", ":"))


def loads(text):
    return json.loads(text)


def array_argument(numpy, dtype, data):
    """A Java array's bytes (`data`, a writeable bytearray, little-endian) as a numpy array without a copy, else a memoryview."""
    if numpy is not None:
        return numpy.frombuffer(data, dtype=numpy.dtype(dtype).newbyteorder("<"))
    return memoryview(data).cast(FORMATS[dtype])
