# Describes the interpreter that runs it as one JSON object on stdout. The one probe for every room:
# the registry interrogates with it, provisioning verifies a new interpreter with it, the bootstrap's
# VERIFYING stage checks the environment with it.
#
# Arguments: "--import NAME,NAME" adds "imports": NAME -> "ok", "absent" (the build lacks it) or
# "broken: ..." (present but failing to load: a missing system library). Off by default: importing
# ssl alone costs more than the rest of the probe.
#
# Must run unchanged on Python 2.7 and every 3.x: old interpreters are listed (not selectable), so no
# f-strings, no pathlib, no importlib.metadata. Every interpreter on the machine runs it on a cold
# start, so it imports as little as it can: not json, re or platform (together about 10 ms), never pip
# (100+ ms; pip's version is read from its dist-info directory name instead). sysconfig stays: PEP 668
# puts the EXTERNALLY-MANAGED marker in sysconfig's "stdlib" directory, and only sysconfig knows it.
import os
import sys

try:
    import sysconfig
except ImportError:  # Python 2.6 and older: reported with what we can find
    sysconfig = None


def encode(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(encode(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(encode(key) + ": " + encode(item) for key, item in value.items()) + "}"
    out = []
    for char in value:
        if char in "\"\\":
            out.append("\\" + char)
        elif ord(char) < 0x20:
            out.append("\\u%04x" % ord(char))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def path(name):
    if sysconfig is None:
        return None
    try:
        return sysconfig.get_path(name)
    except Exception:
        return None


def version():
    info = sys.version_info
    suffix = {"alpha": "a", "beta": "b", "candidate": "rc"}.get(info[3])
    return "%d.%d.%d" % tuple(info[:3]) + (suffix + str(info[4]) if suffix else "")


def implementation():
    impl = getattr(sys, "implementation", None)
    if impl is not None:
        return impl.name
    return "pypy" if "__pypy__" in sys.builtin_module_names else "cpython"


def machine():
    if hasattr(os, "uname"):
        return os.uname()[4]
    import platform  # Windows: only platform knows, and it is cheap there next to process start-up
    return platform.machine()


def pip_version(site_dirs):
    for directory in site_dirs:
        if not directory or not os.path.isdir(directory):
            continue
        for entry in os.listdir(directory):
            lower = entry.lower()
            if lower.startswith("pip-") and (lower.endswith(".dist-info") or lower.endswith(".egg-info")):
                return entry[4:].rsplit(".", 1)[0]
    return None


def import_state(name):
    try:
        __import__(name)
        return "ok"
    except Exception as e:
        # Only "this module (or its C part) does not exist" means a leaner build; any other failure is breakage.
        if type(e).__name__ == "ModuleNotFoundError" and getattr(e, "name", None) in (name, "_" + name):
            return "absent"
        if type(e).__name__ == "ModuleNotFoundError":
            return "broken: %s" % e
        return "broken: %s: %s" % (type(e).__name__, e)


def requested_imports(argv):
    for index, arg in enumerate(argv):
        if arg == "--import" and index + 1 < len(argv):
            return [name for name in argv[index + 1].split(",") if name]
    return []


base_prefix = getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix))
stdlib = path("stdlib")
purelib = path("purelib")
in_venv = sys.prefix != base_prefix
marker = os.path.join(stdlib, "EXTERNALLY-MANAGED") if stdlib else None
freethreaded = False
if sysconfig is not None and sys.version_info >= (3, 13):
    freethreaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
site_dirs = [purelib, path("platlib")] + [entry for entry in sys.path
                                          if entry.endswith("site-packages") or entry.endswith("dist-packages")]

fields = [
    ("probe", 1),
    ("version", version()),
    ("version_info", list(sys.version_info[:3])),
    ("implementation", implementation()),
    ("architecture", machine()),
    ("pointer_bits", 64 if sys.maxsize > 2 ** 32 else 32),
    ("platform", sys.platform),
    ("executable", sys.executable),
    ("prefix", sys.prefix),
    ("base_prefix", base_prefix),
    ("in_venv", in_venv),
    ("stdlib", stdlib),
    ("purelib", purelib),
    # PEP 668: the marker lives in the stdlib directory; a venv ignores its base's marker.
    ("externally_managed", bool(marker and os.path.isfile(marker)) and not in_venv),
    ("pip_version", pip_version(site_dirs)),
    ("ensurepip", bool(stdlib and os.path.isdir(os.path.join(stdlib, "ensurepip")))),
    ("freethreaded", freethreaded),
]
imports = requested_imports(sys.argv[1:])
if imports:
    fields.append(("imports", dict((name, import_state(name)) for name in imports)))
sys.stdout.write("{" + ", ".join(encode(key) + ": " + encode(value) for key, value in fields) + "}\n")
