"""Beep Python worker: runs functions for the JVM over length-prefixed JSON frames.

The protocol channel is the process's original stdin/stdout, moved to private file descriptors
before anything else is imported: fd 0 then reads /dev/null and fd 1 writes to stderr, so neither a
`print` nor a C library writing straight to fd 1 can corrupt a frame. Every frame is a 4-byte
big-endian length N of what follows (at most the pool's max-message-size), a 4-byte length H, H bytes
of UTF-8 JSON, then the raw segments its "arrays" list describes (arrays travel as their bytes). The worker
exits when its channel from the JVM closes (or its parent process goes away), and takes the processes
its calls started with it: it leads a process group of its own.
"""
import os
import sys


def _widen_pipes(*fds):
    """1 MiB pipes instead of Linux's 64 KiB: an 8 MB array then crosses in 8 wake-ups each way, not 128."""
    try:
        import fcntl
        for fd in fds:
            fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass  # not Linux, or above /proc/sys/fs/pipe-max-size: the default pipe works, only slower for big arrays


def _take_channel():
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    _widen_pipes(proto_in.fileno(), proto_out.fileno())
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
_PREFIX = struct.Struct(">II")
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


def _read_exactly(length):
    buffer = bytearray(length)
    view = memoryview(buffer)
    done = 0
    while done < length:
        n = _IN.readinto(view[done:])
        if not n:
            return None
        done += n
    return buffer


def _read_frame():
    """The next frame's JSON header and its segments (writeable bytearrays); None when the channel closed."""
    prefix = _IN.read(8)
    if len(prefix) < 8:
        return None
    length, header_length = _PREFIX.unpack(prefix)
    header = _IN.read(header_length)
    if len(header) < header_length:
        return None
    message = json.loads(header)
    segments = []
    for array in message.get("arrays", ()):
        segment = _read_exactly(array["length"])
        if segment is None:
            return None
        segments.append(segment)
    return message, segments


_numpy_module = None
# The rules shared with the in-process engine (rules.py), from the start frame's text: see _load_rules.
_rules = None


def _load_rules(source):
    """The module _beep_python_rules from the text the JVM sends (the worker has only its own script on disk)."""
    import types
    module = types.ModuleType("_beep_python_rules")
    exec(compile(source, "beep-python/rules.py", "exec"), module.__dict__)
    sys.modules[module.__name__] = module
    return module


def _numpy():
    """numpy when importable (imported on the first array argument only: it costs a start-up nobody else should pay)."""
    global _numpy_module
    if _numpy_module is None:
        try:
            import numpy
            _numpy_module = numpy
        except ImportError:
            _numpy_module = False
    return _numpy_module or None


def _array_argument(descriptor, segment):
    """A numpy array over the received bytearray (writeable, no copy), else a memoryview cast to the item format."""
    return _rules.array_argument(_numpy(), descriptor["dtype"], segment)


def _arguments(request, segments):
    args = list(request.get("args", ()))
    for index, descriptor in enumerate(request.get("arrays", ())):
        args[descriptor["arg"]] = _array_argument(descriptor, segments[index])
    return args


def _dtype_of_format(view):
    """numpy's dtype name of a memoryview's items ('d' -> float64, 'l' of 8 bytes -> int64), or the format itself."""
    code = view.format.lstrip("@=<")
    bits = view.itemsize * 8
    if code in ("f", "d", "e"):
        return f"float{bits}"
    if code in ("b", "h", "i", "l", "q", "n"):
        return f"int{bits}"
    if code in ("B", "H", "I", "L", "Q", "N"):
        return f"uint{bits}"
    return view.format


def _raw_result(value):
    """(descriptor, bytes) of a result that travels raw when the caller asked for a Java array, or None: it goes as JSON."""
    kind = type(value)
    if kind.__module__ == "numpy" and kind.__name__ == "ndarray":
        array = value.astype(value.dtype.newbyteorder("<"), order="C", copy=False) if value.dtype.byteorder == ">" else value
        if not array.flags.c_contiguous:
            array = array.copy(order="C")
        try:
            data = memoryview(array.reshape(-1)).cast("B") if array.size else b""
        except (TypeError, ValueError):
            data = b""  # a dtype with no buffer format (object, datetime64): no Java array takes it, the JVM names both
        return {"type": "numpy.ndarray", "dtype": array.dtype.name, "shape": list(array.shape), "length": len(data)}, data
    if isinstance(value, (bytes, bytearray, memoryview)) or (kind.__module__ == "array" and kind.__name__ == "array"):
        view = memoryview(value)
        if not view.c_contiguous:
            view = memoryview(view.tobytes()).cast(view.format, view.shape)
        dtype = "uint8" if isinstance(value, (bytes, bytearray)) else _dtype_of_format(view)
        name = f"{kind.__qualname__} object" if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        return {"type": name, "dtype": dtype, "shape": list(view.shape or ()), "length": view.nbytes}, view.cast("B") if view.ndim else view
    return None


def _dumps(message):
    return _rules.dumps(message).encode("utf-8")


def _write(header, segments=()):
    _OUT.write(_PREFIX.pack(_length(header, segments), len(header)))
    _OUT.write(header)
    for segment in segments:
        _OUT.write(segment)
    _OUT.flush()


def _length(header, segments):
    return 4 + len(header) + sum(memoryview(s).nbytes for s in segments)


def _failure(request_id, error, message=None):
    return {"id": request_id, "ok": False, "type": _rules.exception_type(error),
            "message": str(error) if message is None else message, "traceback": traceback.format_exc()}


_callables = {}


def _call(request, segments):
    """The answer frame (header, segments), and what it carries ("result" or "exception") for a message about its size."""
    request_id = request.get("id")
    name = request.get("callable")
    try:
        result = _rules.resolve(name, _callables)(*_arguments(request, segments))
    except BaseException as error:  # SystemExit too: a function must not end its worker
        return (_dumps(_failure(request_id, error)), ()), "exception"
    try:
        raw = _raw_result(result) if request.get("want") else None
        if raw is not None:
            descriptor, data = raw
            return (_dumps({"id": request_id, "ok": True, "array": 0, "arrays": [descriptor]}), (data,)), "result"
        return (_dumps({"id": request_id, "ok": True, "result": result}), ()), "result"
    except BaseException as error:
        return (_dumps(_failure(request_id, error, f"the result of {name} cannot be converted to JSON: {error}")), ()), "exception"


def _answer(request, segments):
    """An answer over the limit is not sent: the JVM would refuse it unread; it is told the size instead, and replaces this worker."""
    # Set for the call's duration only: the next call, traced or not, must not see this one's trace.
    token = _rules.TRACEPARENT.set(request.get("traceparent"))
    try:
        (header, data), what = _call(request, segments)
    finally:
        _rules.TRACEPARENT.reset(token)
    length = _length(header, data)
    if length > _limit:
        return _dumps({"id": request.get("id"), "ok": False, "too_large": length, "what": what}), ()
    return header, data


def _start(init):
    global _limit, _rules
    _rules = _load_rules(init["rules"])
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
    frame = _read_frame()
    if frame is None:
        _exit()
    _write(_start(frame[0]))
    while True:
        frame = _read_frame()
        if frame is None:
            _exit()
        _write(*_answer(*frame))


main()
