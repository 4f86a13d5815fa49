package io.beep.python.packages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * pip's own configuration (pip.conf files and {@code PIP_*} variables), read in Java so it can be
 * handed to uv, which does not read pip.conf: an index mirror, a find-links directory or a
 * corporate CA certificate configured for pip then works the same with uv. Reading the files here
 * costs no process, unlike {@code pip config list}.
 * <p>
 * Precedence is pip's: files in order (global, user, site, {@code PIP_CONFIG_FILE}), within a file
 * {@code [install]} over {@code [global]}, and {@code PIP_*} variables over all files.
 */
final class PipConfiguration {

    private final Map<String, String> values;

    private PipConfiguration(Map<String, String> values) {
        this.values = values;
    }

    static PipConfiguration load(Map<String, String> env, Path userHome, Optional<Path> venvRoot) {
        Map<String, String> merged = new LinkedHashMap<>();
        String configFile = env.get("PIP_CONFIG_FILE");
        boolean filesDisabled = configFile != null && (configFile.equals("/dev/null") || configFile.equalsIgnoreCase("nul"));
        if (!filesDisabled) {
            List<Path> files = new ArrayList<>();
            String xdgDirs = env.getOrDefault("XDG_CONFIG_DIRS", "/etc/xdg");
            for (String dir : xdgDirs.split(":")) {
                if (!dir.isEmpty()) {
                    files.add(Path.of(dir, "pip", "pip.conf"));
                }
            }
            files.add(Path.of("/etc/pip.conf"));
            files.add(userHome.resolve(".pip").resolve("pip.conf"));
            String xdgHome = env.get("XDG_CONFIG_HOME");
            files.add((xdgHome == null ? userHome.resolve(".config") : Path.of(xdgHome)).resolve("pip").resolve("pip.conf"));
            venvRoot.ifPresent(root -> files.add(root.resolve("pip.conf")));
            if (configFile != null) {
                files.add(Path.of(configFile));
            }
            for (Path file : files) {
                merged.putAll(readIni(file));
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("PIP_") && !name.equals("PIP_CONFIG_FILE")) {
                merged.put(name.substring(4).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        return new PipConfiguration(merged);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A multi-valued option (pip separates values by whitespace or newlines). */
    List<String> list(String key) {
        return get(key).map(v -> List.of(v.split("\\s+"))).orElse(List.of());
    }

    /**
     * The environment that gives uv the same sources and TLS settings as pip, for the values the
     * caller did not set explicitly.
     */
    Map<String, String> toUvEnvironment() {
        Map<String, String> uv = new LinkedHashMap<>();
        get("index-url").ifPresent(v -> uv.put("UV_INDEX_URL", v));
        List<String> extra = list("extra-index-url");
        if (!extra.isEmpty()) {
            uv.put("UV_EXTRA_INDEX_URL", String.join(" ", extra));
        }
        List<String> links = list("find-links");
        if (!links.isEmpty()) {
            uv.put("UV_FIND_LINKS", String.join(",", links));
        }
        if (get("no-index").map(PipConfiguration::truthy).orElse(false)) {
            uv.put("UV_NO_INDEX", "1");
        }
        get("cert").ifPresent(v -> uv.put("SSL_CERT_FILE", v));
        get("client-cert").ifPresent(v -> uv.put("SSL_CLIENT_CERT", v));
        List<String> trusted = list("trusted-host");
        if (!trusted.isEmpty()) {
            uv.put("UV_INSECURE_HOST", String.join(" ", trusted));
        }
        get("timeout").or(() -> get("default-timeout")).ifPresent(v -> uv.put("UV_HTTP_TIMEOUT", v.replaceAll("\\.0+$", "")));
        get("proxy").ifPresent(v -> {
            uv.put("HTTPS_PROXY", v);
            uv.put("HTTP_PROXY", v);
        });
        return uv;
    }

    private static boolean truthy(String v) {
        return v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
    }

    /** {@code [global]} then {@code [install]} keys of one INI file (install wins); continuation lines joined. */
    private static Map<String, String> readIni(Path file) {
        Map<String, String> global = new LinkedHashMap<>();
        Map<String, String> install = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return global;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return global;
        }
        Map<String, String> section = null;
        String lastKey = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                String name = trimmed.substring(1, trimmed.length() - 1).strip().toLowerCase(Locale.ROOT);
                section = name.equals("global") ? global : name.equals("install") ? install : null;
                lastKey = null;
                continue;
            }
            if (section == null) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && lastKey != null) {
                section.merge(lastKey, trimmed, (a, b) -> a + " " + b);
                continue;
            }
            int eq = indexOfSeparator(trimmed);
            if (eq > 0) {
                lastKey = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
                section.put(lastKey, trimmed.substring(eq + 1).strip());
            }
        }
        global.putAll(install);
        return global;
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }
}
