package io.beep.python.inprocess;

import io.beep.python.registry.PythonRuntimeInfo;

import org.bytedeco.cpython.PyConfig;
import org.bytedeco.cpython.PyObject;
import org.bytedeco.cpython.PyStatus;
import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.bytedeco.cpython.global.python.*;

/**
 * The one CPython of this JVM: found in the provisioned (or baked) bytedeco interpreter's own files, loaded
 * through JavaCPP's Loader pointed at that directory, initialised once, and its helper module
 * ({@code engine.py}). CPython cannot be initialised twice in a process, and a dev-mode restart may find it
 * already running under an earlier class loader: then it is adopted, not initialised again.
 */
final class Interpreter {

    private static final String BINDINGS_POM = "/META-INF/maven/org.bytedeco/cpython/pom.properties";
    /** The libraries of the bytedeco build, at the root of its prefix (where the provisioner unpacks the platform jar). */
    private static final List<String> LIBRARIES = List.of("libpython3.13.so.1.0", "libjnipython.so");

    private static Interpreter current;

    final Path prefix;
    final PyObject helper;
    final PyObject resolve;
    final PyObject dumps;
    final PyObject loads;
    final PyObject failure;
    final PyObject array;
    final PyObject contiguous;
    final PyObject describe;
    final PyObject timedOut;
    final PyObject preload;
    final PyObject reloadChanged;
    final PyObject setup;
    /** engine.py's enter_trace/leave_trace: beep_python.traceparent around a traced call. */
    final PyObject enterTrace;
    final PyObject leaveTrace;
    final long noneAddress;
    final long trueAddress;
    final long falseAddress;
    final long intType;
    final long floatType;
    final long strType;
    final Output output;
    /** The write end of the pipe that sys.stdout and sys.stderr write into (engine.py). */
    final int outputFd;

    private Interpreter(Path prefix, PyObject helper) {
        this.prefix = prefix;
        this.helper = helper;
        this.resolve = attribute("resolve");
        this.dumps = attribute("dumps");
        this.loads = attribute("loads");
        this.failure = attribute("failure");
        this.array = attribute("array");
        this.contiguous = attribute("contiguous");
        this.describe = attribute("describe");
        this.timedOut = attribute("CallTimedOut");
        this.preload = attribute("preload");
        this.reloadChanged = attribute("reload_changed");
        this.setup = attribute("setup");
        this.enterTrace = attribute("enter_trace");
        this.leaveTrace = attribute("leave_trace");
        this.noneAddress = Py_GetConstantBorrowed(Py_CONSTANT_NONE).address();
        this.trueAddress = Py_GetConstantBorrowed(Py_CONSTANT_TRUE).address();
        this.falseAddress = Py_GetConstantBorrowed(Py_CONSTANT_FALSE).address();
        this.intType = PyLong_Type().address();
        this.floatType = PyFloat_Type().address();
        this.strType = PyUnicode_Type().address();
        PyObject pipe = PyObject_CallNoArgs(attribute("make_pipe"));
        if (pipe == null || pipe.isNull()) {
            throw new IllegalStateException("engine.py could not make its output pipe: " + Calls.pendingErrorText());
        }
        int readFd = (int) PyLong_AsLong(PyTuple_GetItem(pipe, 0));
        this.outputFd = (int) PyLong_AsLong(PyTuple_GetItem(pipe, 1));
        Py_DecRef(pipe);
        try {
            this.output = Output.start(readFd);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("The output pipe of the in-process interpreter cannot be read", e);
        }
    }

    private PyObject attribute(String name) {
        PyObject value = PyObject_GetAttrString(helper, name);
        if (value == null || value.isNull()) {
            PyErr_Clear();
            throw new IllegalStateException("engine.py has no " + name);
        }
        return value;
    }

    /** The bindings' version on the class path, e.g. {@code 3.13.5-1.5.12}; read from their jar, loading nothing native. */
    static String bindingsVersion() {
        try (InputStream in = PyObject.class.getResourceAsStream(BINDINGS_POM)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        String version = PyObject.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /** Why {@code base} is not the bytedeco build of the bindings' version, or empty. */
    static Optional<String> refusal(PythonRuntimeInfo base) {
        String bindings = bindingsVersion();
        String pythonVersion = bindings.contains("-") ? bindings.substring(0, bindings.indexOf('-')) : bindings;
        Path prefix = prefixOf(base);
        String what = " In-process mode needs the bytedeco CPython build " + bindings
                + " (an interpreter provisioned with source=maven at version " + pythonVersion
                + ", or a baked copy of one); process mode works with any interpreter.";
        if (!pythonVersion.equals(base.version())) {
            return Optional.of("Interpreter " + base.executable() + " is CPython " + base.version() + ", but the C API bindings on the class path are "
                    + bindings + "." + what);
        }
        for (String library : LIBRARIES) {
            if (!Files.isRegularFile(prefix.resolve(library))) {
                return Optional.of("Interpreter " + base.executable() + " is not the bytedeco build: " + prefix.resolve(library)
                        + " does not exist." + what);
            }
        }
        Optional<String> origin = origin(prefix);
        if (origin.isPresent() && !origin.get().startsWith("org.bytedeco:cpython:" + bindings + ":")) {
            return Optional.of("Interpreter " + base.executable() + " was provisioned from " + origin.get() + ", not from the bindings' "
                    + "org.bytedeco:cpython:" + bindings + "." + what);
        }
        return Optional.empty();
    }

    /** The installation's root: the base of a venv, the interpreter's own prefix otherwise. */
    static Path prefixOf(PythonRuntimeInfo base) {
        return (base.basePrefix() != null ? base.basePrefix() : base.prefix()).toAbsolutePath().normalize();
    }

    /** The provisioner's marker (.beep-python.json) names the artifact the interpreter was unpacked from. */
    private static Optional<String> origin(Path prefix) {
        Path marker = prefix.resolve(".beep-python.json");
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(marker, StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.JsonNode origin = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).get("origin");
            return origin == null || !origin.isTextual() ? Optional.empty() : Optional.of(origin.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The loaded interpreter, or empty. */
    static synchronized Optional<Interpreter> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Loads and initialises CPython from {@code prefix} (once per JVM), or adopts the one already running.
     * The caller holds no GIL; on return none is held.
     */
    static synchronized Interpreter load(Path prefix) {
        if (current != null) {
            return current;
        }
        loadLibraries(prefix);
        boolean adopted = Py_IsInitialized() != 0;
        if (!adopted) {
            initialise(prefix);
        }
        int gil = PyGILState_Ensure();
        try {
            current = new Interpreter(prefix, importHelper());
            return current;
        } finally {
            PyGILState_Release(gil);
        }
    }

    /**
     * JavaCPP's Loader looks for the libraries in the prefix first (pathsFirst, preload and link paths) instead of
     * a platform jar: the interpreter we provisioned carries them. libjnijavacpp is not needed: libjnipython
     * holds JavaCPP's own natives (Pointer ...), and the Loader only logs its absence at debug level.
     */
    private static void loadLibraries(Path prefix) {
        String[] keys = {"org.bytedeco.javacpp.platform.preloadpath", "org.bytedeco.javacpp.platform.linkpath", "org.bytedeco.javacpp.pathsFirst"};
        String[] values = {prefix.toString(), prefix.toString(), "true"};
        String[] before = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            before[i] = System.getProperty(keys[i]);
            System.setProperty(keys[i], values[i]);
        }
        try {
            String loaded = Loader.load(org.bytedeco.cpython.global.python.class);
            if (loaded == null || !Path.of(loaded).toAbsolutePath().normalize().startsWith(prefix)) {
                throw new IllegalStateException("JavaCPP loaded the CPython bindings from " + loaded + ", not from " + prefix);
            }
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) {
                    System.clearProperty(keys[i]);
                } else {
                    System.setProperty(keys[i], before[i]);
                }
            }
        }
    }

    /** Isolated (no PYTHON* variables, no user site), no signal handlers (the JVM owns the signals), no site import (engine.py adds the venv's). */
    private static void initialise(Path prefix) {
        PyConfig config = new PyConfig();
        PyConfig_InitIsolatedConfig(config);
        config.install_signal_handlers(0);
        config.site_import(0);
        config.parse_argv(0);
        config.configure_c_stdio(0);
        config.home(Py_DecodeLocale(prefix.toString(), null));
        config.program_name(Py_DecodeLocale(prefix.resolve("bin").resolve("python3").toString(), null));
        PyStatus status = Py_InitializeFromConfig(config);
        PyConfig_Clear(config);
        if (PyStatus_Exception(status) != 0) {
            String message = status.err_msg() == null || status.err_msg().isNull() ? "unknown" : status.err_msg().getString();
            throw new IllegalStateException("CPython did not initialise from " + prefix + ": " + message);
        }
        // The GIL is free from now on: each call takes it (PyGILState_Ensure / PyEval_RestoreThread) on its own thread.
        PyEval_SaveThread();
    }

    /**
     * engine.py as module {@code _beep_python_engine}, after worker.py's call rules ({@code workers/rules.py}) as module
     * {@code _beep_python_rules}, which engine.py imports: the same text the worker processes get in their start frame.
     */
    private static PyObject importHelper() {
        PyObject existing = PyImport_AddModule("_beep_python_engine");
        PyObject dict = PyModule_GetDict(existing);
        if (PyDict_GetItemString(dict, "setup") != null && !PyDict_GetItemString(dict, "setup").isNull()) {
            Py_IncRef(existing);
            return existing;
        }
        run("_beep_python_rules", "/io/beep/python/workers/rules.py");
        run("_beep_python_engine", "engine.py");
        Py_IncRef(existing);
        return existing;
    }

    /** Runs the extension's resource {@code resource} as the body of module {@code name} (made and put in sys.modules). */
    private static void run(String name, String resource) {
        String source;
        try (InputStream in = Interpreter.class.getResourceAsStream(resource)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(resource + " is missing from the extension's jar", e);
        }
        PyObject dict = PyModule_GetDict(PyImport_AddModule(name));
        PyDict_SetItemString(dict, "__builtins__", PyEval_GetBuiltins());
        PyObject result = PyRun_String(source, Py_file_input, dict, dict);
        if (result == null || result.isNull()) {
            String error = Calls.pendingErrorText();
            throw new IllegalStateException(resource + " failed: " + error);
        }
        Py_DecRef(result);
    }

    /** The environment the interpreter serves now (engine.py remembers it across class loaders), or null. */
    String environment() {
        PyObject value = PyObject_GetAttrString(helper, "ENVIRONMENT");
        try {
            return value == null || value.isNull() || value.address() == noneAddress ? null : Calls.string(value);
        } finally {
            Py_DecRef(value);
        }
    }
}
