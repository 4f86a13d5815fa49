"""The demo's own Python code: on every worker's sys.path (src/main/python)."""
import sys


def hello(name):
    print("greeting", name)  # goes to the application's log, never into the result
    return {"greeting": "hello " + name, "python": "%d.%d" % sys.version_info[:2]}
