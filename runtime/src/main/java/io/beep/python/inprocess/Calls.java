package io.beep.python.inprocess;

import io.beep.python.PythonCallException;
import io.beep.python.workers.ArrayType;
import io.beep.python.workers.WorkerException;

import org.bytedeco.cpython.PyObject;
import org.bytedeco.cpython.Py_buffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.bytedeco.cpython.global.python.*;

/**
 * Java values to Python objects and back, with the GIL held by the caller. Scalars (null, Boolean, Integer,
 * Long, Double, String) go straight through the C API; arrays through one copy into a Python-owned
 * bytearray (numpy.frombuffer over it, so Python owns the memory however long it keeps the array); anything
 * else through JSON, with worker.py's rules (engine.py), NaN and Infinity included.
 */
final class Calls {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private Calls() {
    }

    /** A new reference to {@code value} as a Python object; null with a Python error set when Python refused it. */
    static PyObject toPython(Interpreter python, String callable, Object value) {
        if (value == null) {
            return Py_GetConstant(Py_CONSTANT_NONE);
        }
        if (value instanceof Boolean b) {
            return PyBool_FromLong(b ? 1 : 0);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return PyLong_FromLongLong(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return PyFloat_FromDouble(((Number) value).doubleValue());
        }
        if (value instanceof String s) {
            return fromUtf8(s.getBytes(StandardCharsets.UTF_8));
        }
        var arrayType = ArrayType.ofArgument(value);
        if (arrayType.isPresent()) {
            return array(python, arrayType.get(), value);
        }
        String text;
        try {
            text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.ARGUMENTS_NOT_JSON, callable,
                    "The arguments of " + callable + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        PyObject json = fromUtf8(text.getBytes(StandardCharsets.UTF_8));
        try {
            return PyObject_CallOneArg(python.loads, json);
        } finally {
            Py_DecRef(json);
        }
    }

    private static PyObject fromUtf8(byte[] utf8) {
        try (BytePointer bytes = new BytePointer(utf8)) {
            return PyUnicode_FromStringAndSize(bytes, utf8.length);
        }
    }

    /** One copy: the Java array into a new bytearray, which numpy (or a memoryview) then views without copying. */
    private static PyObject array(Interpreter python, ArrayType type, Object value) {
        long bytes = value instanceof ByteBuffer buffer ? buffer.remaining() : (long) java.lang.reflect.Array.getLength(value) * type.itemSize();
        PyObject data = PyByteArray_FromStringAndSize((BytePointer) null, bytes);
        if (data == null || data.isNull()) {
            return data;
        }
        if (bytes > 0) {
            Pointer target = PyByteArray_AsString(data);
            switch (type) {
                case FLOAT64 -> new DoublePointer(target).put((double[]) value, 0, ((double[]) value).length);
                case FLOAT32 -> new FloatPointer(target).put((float[]) value, 0, ((float[]) value).length);
                case INT64 -> new LongPointer(target).put((long[]) value, 0, ((long[]) value).length);
                case INT32 -> new IntPointer(target).put((int[]) value, 0, ((int[]) value).length);
                case UINT8 -> {
                    if (value instanceof byte[] array) {
                        new BytePointer(target).put(array, 0, array.length);
                    } else {
                        // One copy, heap or direct: the bytearray's memory seen as a direct buffer takes the remaining bytes in bulk.
                        new BytePointer(target).capacity(bytes).asByteBuffer().put(((ByteBuffer) value).slice());
                    }
                }
            }
        }
        PyObject dtype = fromUtf8(type.dtype().getBytes(StandardCharsets.US_ASCII));
        try {
            return call(python.array, data, dtype);
        } finally {
            Py_DecRef(dtype);
            Py_DecRef(data);
        }
    }

    /** {@code function(arguments...)}: a new reference, or null with the Python error set. The arguments stay the caller's. */
    static PyObject call(PyObject function, PyObject... arguments) {
        PyObject tuple = PyTuple_New(arguments.length);
        for (int i = 0; i < arguments.length; i++) {
            Py_IncRef(arguments[i]);
            PyTuple_SetItem(tuple, i, arguments[i]);
        }
        try {
            return PyObject_Call(function, tuple, null);
        } finally {
            Py_DecRef(tuple);
        }
    }

    /** A result as JSON: scalars straight from the C API, anything else through engine.py's dumps. */
    static JsonNode toJson(Interpreter python, String callable, PyObject result) {
        long address = result.address();
        if (address == python.noneAddress) {
            return NullNode.getInstance();
        }
        if (address == python.trueAddress || address == python.falseAddress) {
            return BooleanNode.valueOf(address == python.trueAddress);
        }
        long type = new LongPointer(result).get(1); // ob_type, after ob_refcnt (the default, GIL build)
        if (type == python.intType) {
            int[] overflow = new int[1];
            long value = PyLong_AsLongLongAndOverflow(result, overflow);
            if (overflow[0] == 0 && !(value == -1 && PyErr_Occurred() != null && !PyErr_Occurred().isNull())) {
                return LongNode.valueOf(value);
            }
            PyErr_Clear();
        } else if (type == python.floatType) {
            return DoubleNode.valueOf(PyFloat_AsDouble(result));
        } else if (type == python.strType) {
            return TextNode.valueOf(string(result));
        }
        PyObject text = PyObject_CallOneArg(python.dumps, result);
        if (text == null || text.isNull()) {
            PythonCallException failure = pendingFailure(python, callable, "the result of " + callable + " cannot be converted to JSON: ");
            throw failure;
        }
        try {
            return JSON.readTree(string(text));
        } catch (JsonProcessingException e) {
            throw new WorkerException(WorkerException.Reason.RESULT_NOT_BOUND, callable, "The result of " + callable + " is not JSON: "
                    + e.getOriginalMessage(), e);
        } finally {
            Py_DecRef(text);
        }
    }

    /**
     * A numpy array, bytes, bytearray or memoryview result as the Java array {@code type}, through the buffer protocol (one
     * copy): a new array, or, when {@code into} is not null, copied into that one and the count returned (an Integer).
     */
    static Object toArray(Interpreter python, String callable, ArrayType type, PyObject result, Object into) {
        Py_buffer view = new Py_buffer();
        try {
            PyObject source = result;
            boolean copied = false;
            if (PyObject_GetBuffer(source, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) != 0) {
                PyErr_Clear();
                source = PyObject_CallOneArg(python.contiguous, result);
                copied = true;
                if (source == null || source.isNull() || PyObject_GetBuffer(source, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) != 0) {
                    PyErr_Clear();
                    if (source != null && !source.isNull()) {
                        Py_DecRef(source);
                    }
                    throw mismatch(python, callable, type, result);
                }
            }
            try {
                String format = view.format() == null || view.format().isNull() ? "B" : view.format().getString();
                String dtype = dtypeOf(format, view.itemsize());
                if (dtype == null || !type.accepts(dtype)) {
                    throw mismatch(python, callable, type, result);
                }
                int n = Math.toIntExact(view.len() / view.itemsize());
                Pointer data = view.buf();
                if (into != null) {
                    type.checkFits(callable, n, into);
                    switch (type) {
                        case FLOAT64 -> new DoublePointer(data).get((double[]) into, 0, n);
                        case FLOAT32 -> new FloatPointer(data).get((float[]) into, 0, n);
                        case INT64 -> new LongPointer(data).get((long[]) into, 0, n);
                        case INT32 -> new IntPointer(data).get((int[]) into, 0, n);
                        case UINT8 -> new BytePointer(data).get((byte[]) into, 0, n);
                    }
                    return n;
                }
                return switch (type) {
                    case FLOAT64 -> { double[] a = new double[n]; new DoublePointer(data).get(a, 0, n); yield a; }
                    case FLOAT32 -> { float[] a = new float[n]; new FloatPointer(data).get(a, 0, n); yield a; }
                    case INT64 -> { long[] a = new long[n]; new LongPointer(data).get(a, 0, n); yield a; }
                    case INT32 -> { int[] a = new int[n]; new IntPointer(data).get(a, 0, n); yield a; }
                    case UINT8 -> { byte[] a = new byte[n]; new BytePointer(data).get(a, 0, n); yield a; }
                };
            } finally {
                PyBuffer_Release(view);
                if (copied) {
                    Py_DecRef(source);
                }
            }
        } finally {
            view.close();
        }
    }

    /** numpy's dtype name of a buffer's struct format (native order, the only one on the platforms served), or null. */
    private static String dtypeOf(String format, long itemSize) {
        String code = format.startsWith("<") || format.startsWith("@") || format.startsWith("=") ? format.substring(1) : format;
        return switch (code) {
            case "d" -> "float64";
            case "f" -> "float32";
            case "q", "l" -> itemSize == 8 ? "int64" : "int32";
            case "i" -> "int32";
            case "B", "c" -> "uint8";
            case "b" -> "int8";
            default -> null;
        };
    }

    private static PythonCallException mismatch(Interpreter python, String callable, ArrayType type, PyObject result) {
        PyObject text = PyObject_CallOneArg(python.describe, result);
        String described = text == null || text.isNull() ? "an object" : string(text);
        if (text == null || text.isNull()) {
            PyErr_Clear();
        } else {
            Py_DecRef(text);
        }
        return new PythonCallException(callable, type.mismatch(callable, described), null, null, null, null);
    }

    /** A str's UTF-8 text. */
    static String string(PyObject text) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            BytePointer utf8 = PyUnicode_AsUTF8AndSize(text, size);
            if (utf8 == null || utf8.isNull()) {
                PyErr_Clear();
                return "?";
            }
            byte[] bytes = new byte[Math.toIntExact(size.get())];
            utf8.get(bytes, 0, bytes.length);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The pending Python exception as a PythonCallException (type, message, traceback), cleared. */
    static PythonCallException pendingFailure(Interpreter python, String callable, String prefix) {
        PyObject error = PyErr_GetRaisedException();
        if (error == null || error.isNull()) {
            return new PythonCallException(callable, prefix + "failed without a Python exception", null, null, null, null);
        }
        try {
            PyObject text = PyObject_CallOneArg(python.failure, error);
            if (text == null || text.isNull()) {
                PyErr_Clear();
                return new PythonCallException(callable, prefix + "failed, and its exception could not be described", null, null, null, null);
            }
            String[] parts = string(text).split("\0", 3);
            Py_DecRef(text);
            String type = parts[0];
            String message = parts.length > 1 ? parts[1] : "";
            String traceback = parts.length > 2 ? parts[2] : null;
            return new PythonCallException(callable, prefix + type + ": " + message, type, message, traceback, null);
        } finally {
            Py_DecRef(error);
        }
    }

    /** The pending error as text, for failures before engine.py is there; cleared. */
    static String pendingErrorText() {
        PyObject error = PyErr_GetRaisedException();
        if (error == null || error.isNull()) {
            return "no Python exception";
        }
        PyObject text = PyObject_Str(error);
        Py_DecRef(error);
        if (text == null || text.isNull()) {
            PyErr_Clear();
            return "an exception that cannot be printed";
        }
        String result = string(text);
        Py_DecRef(text);
        return result;
    }
}
