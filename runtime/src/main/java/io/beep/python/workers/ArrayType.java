package io.beep.python.workers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The binary data plane's type rules, in one place for both worker modes: which Java array travels to
 * Python as which numpy dtype, and which Python result binds to which Java array. Bytes are always
 * little-endian (numpy's native order on every platform the extension runs on), C order, one dimension.
 *
 * <p>Arguments: {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code byte[]} and a
 * {@link ByteBuffer} (its remaining bytes, as {@code uint8}) reach Python as numpy arrays when numpy is
 * importable, as a {@code memoryview} otherwise. Results: a numpy array, {@code bytes},
 * {@code bytearray} or {@code memoryview} binds to the Java array type asked for when the dtype is the
 * one below ({@code bytes} and friends are {@code uint8}; {@code int8} also binds to {@code byte[]}); a
 * multi-dimensional array binds flattened in C order; any other dtype is refused, naming both.
 */
public enum ArrayType {
    FLOAT64(double[].class, "float64", 8),
    FLOAT32(float[].class, "float32", 4),
    INT64(long[].class, "int64", 8),
    INT32(int[].class, "int32", 4),
    UINT8(byte[].class, "uint8", 1);

    private final Class<?> javaType;
    private final String dtype;
    private final int itemSize;

    ArrayType(Class<?> javaType, String dtype, int itemSize) {
        this.javaType = javaType;
        this.dtype = dtype;
        this.itemSize = itemSize;
    }

    /** The Java array type ({@code double[].class} ...). */
    public Class<?> javaType() {
        return javaType;
    }

    /** numpy's name of the dtype ({@code float64} ...); the Python side reads it with {@code numpy.dtype(name).newbyteorder('<')}. */
    public String dtype() {
        return dtype;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The type of an argument that travels as an array, or empty when it travels as JSON. */
    public static Optional<ArrayType> ofArgument(Object argument) {
        if (argument instanceof ByteBuffer) {
            return Optional.of(UINT8);
        }
        return argument == null ? Optional.empty() : ofResultType(argument.getClass());
    }

    /** The type a result is bound to without JSON, or empty when {@code resultType} is bound with Jackson. */
    public static Optional<ArrayType> ofResultType(Class<?> resultType) {
        return Arrays.stream(values()).filter(t -> t.javaType == resultType).findFirst();
    }

    /** Whether a result of numpy dtype {@code pythonDtype} (its name, e.g. {@code float64}) binds to this type. */
    public boolean accepts(String pythonDtype) {
        return dtype.equals(pythonDtype) || (this == UINT8 && "int8".equals(pythonDtype));
    }

    /** An argument's elements as little-endian bytes (a {@link ByteBuffer}'s remaining bytes, its position untouched). */
    public ByteBuffer toBytes(Object array) {
        if (array instanceof ByteBuffer buffer) {
            return buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        int length = java.lang.reflect.Array.getLength(array);
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(length, itemSize)).order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case FLOAT64 -> bytes.asDoubleBuffer().put((double[]) array);
            case FLOAT32 -> bytes.asFloatBuffer().put((float[]) array);
            case INT64 -> bytes.asLongBuffer().put((long[]) array);
            case INT32 -> bytes.asIntBuffer().put((int[]) array);
            case UINT8 -> bytes.put((byte[]) array).flip();
        }
        return bytes;
    }

    /** A new Java array of this type holding {@code bytes} (little-endian, remaining bytes; a whole number of elements). */
    public Object fromBytes(ByteBuffer bytes) {
        ByteBuffer le = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (le.remaining() % itemSize != 0) {
            throw new IllegalArgumentException(le.remaining() + " bytes are not a whole number of " + dtype + " elements");
        }
        int n = le.remaining() / itemSize;
        return switch (this) {
            case FLOAT64 -> { double[] a = new double[n]; le.asDoubleBuffer().get(a); yield a; }
            case FLOAT32 -> { float[] a = new float[n]; le.asFloatBuffer().get(a); yield a; }
            case INT64 -> { long[] a = new long[n]; le.asLongBuffer().get(a); yield a; }
            case INT32 -> { int[] a = new int[n]; le.asIntBuffer().get(a); yield a; }
            case UINT8 -> { byte[] a = new byte[n]; le.get(a); yield a; }
        };
    }

    /**
     * Copies {@code bytes} (little-endian, remaining bytes) into the caller's array {@code into} of this type, from its
     * start, and returns the number of elements copied; {@code into} is left untouched when they do not fit.
     *
     * @throws io.beep.python.PythonCallException naming {@code callable} when the result holds more elements than {@code into}
     */
    public int copyInto(String callable, ByteBuffer bytes, Object into) {
        ByteBuffer le = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (le.remaining() % itemSize != 0) {
            throw new IllegalArgumentException(le.remaining() + " bytes are not a whole number of " + dtype + " elements");
        }
        int n = le.remaining() / itemSize;
        checkFits(callable, n, into);
        switch (this) {
            case FLOAT64 -> le.asDoubleBuffer().get((double[]) into, 0, n);
            case FLOAT32 -> le.asFloatBuffer().get((float[]) into, 0, n);
            case INT64 -> le.asLongBuffer().get((long[]) into, 0, n);
            case INT32 -> le.asIntBuffer().get((int[]) into, 0, n);
            case UINT8 -> le.get((byte[]) into, 0, n);
        }
        return n;
    }

    /**
     * Refuses a result of {@code elements} items for the caller's array {@code into} when it is longer; both worker modes
     * check with this before copying anything, so the message is the same in both.
     */
    public void checkFits(String callable, long elements, Object into) {
        int capacity = java.lang.reflect.Array.getLength(into);
        if (elements > capacity) {
            throw new io.beep.python.PythonCallException(callable, callable + " returned " + elements + " " + dtype + " elements, more than the "
                    + capacity + " of the " + javaType.getSimpleName() + " given to callInto; nothing was copied", null, null, null, null);
        }
    }

    /**
     * What a result that came back as JSON was, in Python's words ({@code a list}, {@code a dict} ...), for {@link #mismatch}:
     * the process mode's equivalent of the in-process engine's description of a result that has no buffer.
     */
    public static String describeJson(com.fasterxml.jackson.databind.JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return "a NoneType";
        }
        if (result.isArray()) {
            return "a list";
        }
        if (result.isObject()) {
            return "a dict";
        }
        if (result.isTextual()) {
            return "a str";
        }
        if (result.isBoolean()) {
            return "a bool";
        }
        return result.isIntegralNumber() ? "an int" : "a float";
    }

    /**
     * The message of a result that does not bind: names the callable, what Python returned and what Java asked for, e.g.
     * "scoring:predict returned a numpy array of dtype int16, shape (3, 4); double[] needs dtype float64".
     * Both worker modes raise it as a {@code PythonCallException} (no Python type: the call itself succeeded).
     */
    public String mismatch(String callable, String returned) {
        return callable + " returned " + returned + "; " + javaType.getSimpleName() + " needs dtype " + dtype
                + (this == UINT8 ? " (or int8, bytes, bytearray, memoryview)" : "");
    }
}
