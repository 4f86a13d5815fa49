package io.beep.python.process;

import io.beep.python.ProcessResult;

/**
 * A JVM started by {@link CleanChildEnvironmentTest} with hostile variables in its own environment:
 * runs {@code args[0]} (a Python) through {@link ProcessRunner} and prints what that Python saw.
 */
public final class ChildEnvironmentMain {

    private ChildEnvironmentMain() {
    }

    public static void main(String[] args) {
        String code = "import os, sys, json\n"
                + "print(json.dumps({'env': {k: v for k, v in os.environ.items() if k.startswith(('PYTHON', 'PIP_', 'UV_'))},"
                + " 'path': sys.path, 'hijacked': 'hijack' in sys.modules}))";
        ProcessResult result = new ProcessRunner().run(ProcessSpec.of(args[0], "-c", code));
        System.out.println(result.stdout().strip());
        System.err.println(result.stderr());
    }
}
