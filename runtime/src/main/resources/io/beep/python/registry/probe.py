# Describes the interpreter that runs it as one JSON object on stdout.
# Must run unchanged on Python 2.7 and every 3.x: old interpreters are listed (not selectable),
# so no f-strings, no pathlib, no importlib.metadata. It never imports pip (that costs 100+ ms);
# pip's version is read from its dist-info directory name instead.
import json
import os
import platform
import struct
import sys

try:
    import sysconfig
except ImportError:  # Python 2.6 and older: reported with what we can find
    sysconfig = None


def path(name):
    if sysconfig is None:
        return None
    try:
        return sysconfig.get_path(name)
    except Exception:
        return None


def pip_version(site_dirs):
    for directory in site_dirs:
        if not directory or not os.path.isdir(directory):
            continue
        for entry in os.listdir(directory):
            lower = entry.lower()
            if lower.startswith("pip-") and (lower.endswith(".dist-info") or lower.endswith(".egg-info")):
                return entry[4:].rsplit(".", 1)[0]
    return None


base_prefix = getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix))
stdlib = path("stdlib")
purelib = path("purelib")
platlib = path("platlib")
in_venv = sys.prefix != base_prefix
marker = os.path.join(stdlib, "EXTERNALLY-MANAGED") if stdlib else None
gil_disabled = False
if sysconfig is not None:
    gil_disabled = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))

print(json.dumps({
    "probe": 1,
    "version": platform.python_version(),
    "version_info": list(sys.version_info[:3]),
    "implementation": platform.python_implementation().lower(),
    "architecture": platform.machine(),
    "pointer_bits": struct.calcsize("P") * 8,
    "platform": sys.platform,
    "executable": sys.executable,
    "prefix": sys.prefix,
    "base_prefix": base_prefix,
    "in_venv": in_venv,
    "stdlib": stdlib,
    "purelib": purelib,
    # PEP 668: the marker lives in the stdlib directory; a venv ignores its base's marker.
    "externally_managed": bool(marker and os.path.isfile(marker)) and not in_venv,
    "pip_version": pip_version([purelib, platlib] + [entry for entry in sys.path
                                                    if entry.endswith(("site-packages", "dist-packages"))]),
    "freethreaded": gil_disabled,
}))
