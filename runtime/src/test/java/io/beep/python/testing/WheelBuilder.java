package io.beep.python.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real, installable wheels (PEP 427) for tests: a zip with the project's modules and a
 * {@code {name}-{version}.dist-info/} holding {@code METADATA}, {@code WHEEL} and a {@code RECORD}
 * with correct sha256 hashes. Optional {@code Requires-Dist} lines make dependency chains and
 * version conflicts; {@link #failing(Failure)} makes a wheel that an installer rejects part-way,
 * for rollback tests.
 *
 * <pre>{@code
 * byte[] alpha = WheelBuilder.wheel("alpha", "1.0").requires("beta>=2").module("alpha/__init__.py", "X = 1").build();
 * }</pre>
 * The bytes are deterministic (fixed entry times), so building the same wheel twice gives the same sha256.
 * Without any {@link #module} call the wheel gets one module, {@code {name}/__init__.py}, defining
 * {@code __version__}, so {@code import name} works after installation.
 */
public final class WheelBuilder {

    /** Ways to make a wheel that an installer refuses. */
    public enum Failure {
        /**
         * A file whose path leaves the installation directory ({@code ../../escaped.py}). pip refuses
         * it while installing, after the wheels before it in the batch are in: a partial install.
         * uv silently skips the entry and succeeds, so use {@link #UNSUPPORTED_WHEEL_VERSION} for uv.
         */
        PATH_OUTSIDE_TARGET,
        /**
         * {@code Wheel-Version: 9.0} in {@code WHEEL}: a major version no installer supports. uv
         * refuses it while installing, after other wheels of the batch are in: a partial install.
         * pip refuses it before installing anything.
         */
        UNSUPPORTED_WHEEL_VERSION,
        /**
         * A {@code RECORD} hash that does not match the file. Note: pip does not verify RECORD
         * hashes on install; use it to test tools that do, not to make pip fail.
         */
        RECORD_HASH_MISMATCH
    }

    private static final java.time.LocalDateTime FIXED_TIME = java.time.LocalDateTime.of(2024, 1, 1, 0, 0);

    private final String name;
    private final String version;
    private final List<String> requiresDist = new ArrayList<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private String requiresPython;
    private Failure failure;

    private WheelBuilder(String name, String version) {
        this.name = name;
        this.version = version;
    }

    public static WheelBuilder wheel(String name, String version) {
        return new WheelBuilder(name, version);
    }

    /** Adds {@code Requires-Dist} lines, e.g. {@code "beta>=2"} or {@code "gamma; python_version >= '3.8'"}. */
    public WheelBuilder requires(String... requirements) {
        requiresDist.addAll(List.of(requirements));
        return this;
    }

    public WheelBuilder requiresPython(String specifier) {
        this.requiresPython = specifier;
        return this;
    }

    /** Adds a file at {@code path} inside the wheel (relative to site-packages), e.g. {@code alpha/__init__.py}. */
    public WheelBuilder module(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Makes the wheel fail to install in the given way. */
    public WheelBuilder failing(Failure how) {
        this.failure = how;
        return this;
    }

    /** Makes the wheel fail to install part-way with pip ({@link Failure#PATH_OUTSIDE_TARGET}); see {@link Failure} for uv. */
    public WheelBuilder failing() {
        return failing(Failure.PATH_OUTSIDE_TARGET);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The wheel's file name, {@code {name}-{version}-py3-none-any.whl} with the name escaped as the spec says. */
    public String fileName() {
        return distributionPart() + "-" + version + "-py3-none-any.whl";
    }

    /** The import name of the default module: the project name with {@code -} and {@code .} as {@code _}. */
    public String importName() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-.]+", "_");
    }

    public byte[] build() {
        String distInfo = distributionPart() + "-" + version + ".dist-info";
        Map<String, byte[]> content = new LinkedHashMap<>();
        if (files.isEmpty()) {
            content.put(importName() + "/__init__.py",
                    ("__version__ = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
        } else {
            content.putAll(files);
        }
        if (failure == Failure.PATH_OUTSIDE_TARGET) {
            content.put("../../escaped_" + importName() + ".py", "ESCAPED = True\n".getBytes(StandardCharsets.UTF_8));
        }
        content.put(distInfo + "/METADATA", metadata().getBytes(StandardCharsets.UTF_8));
        String wheelVersion = failure == Failure.UNSUPPORTED_WHEEL_VERSION ? "9.0" : "1.0";
        content.put(distInfo + "/WHEEL", ("Wheel-Version: " + wheelVersion + "\nGenerator: beep-python-tests (1.0)\n"
                + "Root-Is-Purelib: true\nTag: py3-none-any\n").getBytes(StandardCharsets.UTF_8));

        StringBuilder record = new StringBuilder();
        content.forEach((path, bytes) -> {
            String hash = recordHash(bytes);
            if (failure == Failure.RECORD_HASH_MISMATCH && !path.startsWith(distInfo)) {
                hash = recordHash("tampered".getBytes(StandardCharsets.UTF_8));
            }
            record.append(path).append(",sha256=").append(hash).append(',').append(bytes.length).append('\n');
        });
        record.append(distInfo).append("/RECORD,,\n");
        content.put(distInfo + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : content.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                // A fixed time makes the bytes, and so the sha256 a test expects, the same on every build.
                zipEntry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Builds the wheel into {@code directory} (a find-links directory, say) and returns its path. */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(fileName());
            Files.write(file, build());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex sha256 of {@code bytes}, as indexes and lock files write it. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    private String metadata() {
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.1\nName: ").append(name)
                .append("\nVersion: ").append(version).append('\n')
                .append("Summary: Test wheel ").append(name).append(' ').append(version).append('\n');
        if (requiresPython != null) {
            metadata.append("Requires-Python: ").append(requiresPython).append('\n');
        }
        requiresDist.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        return metadata.append('\n').toString();
    }

    /** The distribution name as it appears in file names: normalized, with {@code _} for runs of {@code -_.}. */
    private String distributionPart() {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "_");
    }

    private static String recordHash(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(bytes));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
