"""Python code of the application: src/main/python is on every worker's sys.path.

Java calls this function as "hello:greet" (module:function); the arguments and the result travel as JSON.
"""
import sys


def greet(name):
    return "Hello %s, from Python %d.%d" % (name, sys.version_info[0], sys.version_info[1])
