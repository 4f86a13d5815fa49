"""Beep Python worker: runs functions for the JVM over length-prefixed JSON frames.

The protocol channel is the process's original stdin/stdout, moved to private file descriptors
before anything else is imported: fd 0 then reads /dev/null and fd 1 writes to stderr, so neither a
`print` nor a C library writing straight to fd 1 can corrupt a frame. Every frame is a 4-byte
big-endian length and that many bytes of UTF-8 JSON, at most the pool's max-message-size. The worker
exits when its channel from the JVM closes (or its parent process goes away), and takes the processes
its calls started with it: it leads a process group of its own.
"""
import os
import sys


def _take_channel():
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull, "r")
    sys.stdout = sys.stderr
    return proto_in, proto_out


_IN, _OUT = _take_channel()

import faulthandler  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

faulthandler.enable()
_HEADER = struct.Struct(">I")
# The JVM sends the pool's limit in the start frame; until then, its default.
_limit = 64 * 1024 * 1024


def _lead_a_group():
    """A session (and so a process group) of its own: a subprocess a call starts joins it and can be stopped with the worker."""
    try:
        os.setsid()
        return True
    except (AttributeError, OSError):  # not on this platform, or already a group leader
        return False


_GROUP = _lead_a_group()


def _stop_group(sig):
    """Signals every process of the worker's group: what its calls started, and their children, as exec's are stopped."""
    if not _GROUP:
        return
    if sig != signal.SIGKILL:
        signal.signal(sig, signal.SIG_IGN)  # the worker itself goes on to exit in order
    try:
        os.killpg(os.getpid(), sig)
    except OSError:
        pass


def _read_frame():
    header = _IN.read(4)
    if len(header) < 4:
        return None
    (length,) = _HEADER.unpack(header)
    body = _IN.read(length)
    if len(body) < length:
        return None
    return json.loads(body)


def _convert(value):
    """Values json cannot write: sets, numpy-like scalars and arrays; anything else names its type."""
    if isinstance(value, (set, frozenset)):
        try:
            return sorted(value)
        except TypeError:
            return list(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable (decode it to str, or base64-encode it)")
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return tolist()
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    kind = type(value)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    raise TypeError(f"Object of type {name} is not JSON serializable")


def _dumps(message):
    return json.dumps(message, allow_nan=False, default=_convert, separators=(",", ":")).encode("utf-8")


def _write(payload):
    _OUT.write(_HEADER.pack(len(payload)) + payload)
    _OUT.flush()


def _type_name(error):
    kind = type(error)
    return f"{kind.__module__}.{kind.__qualname__}"


def _failure(request_id, error, message=None):
    return {"id": request_id, "ok": False, "type": _type_name(error),
            "message": str(error) if message is None else message, "traceback": traceback.format_exc()}


_callables = {}


def _resolve(name):
    target = _callables.get(name)
    if target is None:
        module_name, sep, attribute = name.partition(":")
        if not sep or not module_name or not attribute:
            raise ValueError(f"callable {name!r} must be 'package.module:function'")
        target = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
        if not callable(target):
            raise TypeError(f"{name} is a {type(target).__qualname__}, not a callable")
        _callables[name] = target
    return target


def _call(request):
    """The answer frame's body, and what it carries ("result" or "exception") for a message about its size."""
    request_id = request.get("id")
    name = request.get("callable")
    try:
        result = _resolve(name)(*request.get("args", ()))
    except BaseException as error:  # SystemExit too: a function must not end its worker
        return _dumps(_failure(request_id, error)), "exception"
    try:
        return _dumps({"id": request_id, "ok": True, "result": result}), "result"
    except BaseException as error:
        text = str(error)
        if isinstance(error, ValueError) and "Out of range float" in text:
            text += " (the result holds NaN or Infinity, which JSON cannot represent)"
        return _dumps(_failure(request_id, error, f"the result of {name} cannot be converted to JSON: {text}")), "exception"


def _answer(request):
    """An answer over the limit is not sent: the JVM would refuse it unread; it is told the size instead, and replaces this worker."""
    payload, what = _call(request)
    if len(payload) > _limit:
        payload = _dumps({"id": request.get("id"), "ok": False, "too_large": len(payload), "what": what})
    return payload


def _start(init):
    global _limit
    _limit = int(init.get("max_message", _limit))
    for entry in reversed(init.get("path", [])):
        sys.path.insert(0, entry)
    for module in init.get("preload", []):
        try:
            importlib.import_module(module)
        except BaseException as error:
            failure = _failure(None, error)
            failure["module"] = module
            return _dumps(failure)
    return _dumps({"ok": True, "pid": os.getpid(), "python": sys.version})


def _watch_parent(parent):
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            # The JVM is gone without closing the pool (kill -9): nobody else will stop what the calls started.
            _stop_group(signal.SIGKILL)
            os._exit(70)


def _force_exit():
    _stop_group(signal.SIGKILL)
    os._exit(0)


def _exit():
    _stop_group(signal.SIGTERM)
    sys.stderr.flush()
    # A non-daemon thread of user code must not keep the worker alive once the JVM is gone.
    stopper = threading.Timer(5.0, _force_exit)
    stopper.daemon = True
    stopper.start()
    sys.exit(0)


def main():
    script_dir = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or ".") == script_dir:
        del sys.path[0]
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="beep-parent-watch", daemon=True).start()
    init = _read_frame()
    if init is None:
        _exit()
    _write(_start(init))
    while True:
        request = _read_frame()
        if request is None:
            _exit()
        _write(_answer(request))


main()
