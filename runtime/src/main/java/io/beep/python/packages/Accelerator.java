package io.beep.python.packages;


import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The compute device deep-learning packages are built for ({@code beep.python.accelerator}).
 * {@link #AUTO} detects it: CUDA when an NVIDIA driver is present, ROCm when {@code /opt/rocm}
 * exists, else CPU.
 */
public enum Accelerator {
    AUTO,
    CPU,
    CUDA,
    ROCM;

    /** Parses {@code auto|cpu|cuda|rocm} (any case); anything else is an error naming the value. */
    public static Accelerator parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new PackagesException(PackagesException.Reason.UNKNOWN_ACCELERATOR, value, "Unknown accelerator '" + value + "'; known: "
                    + Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    /** The lower-case name used in configuration and in {@code package-requirements.json}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
