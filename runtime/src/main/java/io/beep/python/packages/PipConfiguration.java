package io.beep.python.packages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * For each variable derived from pip's configuration, the variables of the user's own environment that say the
     * same thing to uv or to the TLS and proxy layers (names compared ignoring case: proxies go by either). When the user
     * set any of them, the derived one is left out, so the child sees exactly what the user set: a variable in the
     * child's spec would otherwise replace the inherited one. uv reads {@code UV_DEFAULT_INDEX} over {@code UV_INDEX_URL}
     * and {@code UV_INDEX} beside it, and a user's proxy of one scheme is a proxy choice for both.
     */
    private static final Map<String, List<String>> SAME_SETTING = Map.ofEntries(
            Map.entry("UV_INDEX_URL", List.of("UV_INDEX_URL", "UV_DEFAULT_INDEX")),
            Map.entry("UV_EXTRA_INDEX_URL", List.of("UV_EXTRA_INDEX_URL", "UV_INDEX")),
            Map.entry("UV_FIND_LINKS", List.of("UV_FIND_LINKS")),
            Map.entry("UV_NO_INDEX", List.of("UV_NO_INDEX")),
            Map.entry("SSL_CERT_FILE", List.of("SSL_CERT_FILE")),
            Map.entry("SSL_CLIENT_CERT", List.of("SSL_CLIENT_CERT")),
            Map.entry("UV_INSECURE_HOST", List.of("UV_INSECURE_HOST")),
            Map.entry("UV_HTTP_TIMEOUT", List.of("UV_HTTP_TIMEOUT", "UV_REQUEST_TIMEOUT")),
            Map.entry("HTTPS_PROXY", List.of("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")),
            Map.entry("HTTP_PROXY", List.of("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")));

    private final Map<String, String> values;
    private final Set<String> userVariables;

    private PipConfiguration(Map<String, String> values, Set<String> userVariables) {
        this.values = values;
        this.userVariables = userVariables;
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
            // The XDG spec: an empty XDG_CONFIG_HOME counts as unset.
            files.add((xdgHome == null || xdgHome.isBlank() ? userHome.resolve(".config") : Path.of(xdgHome)).resolve("pip").resolve("pip.conf"));
            venvRoot.ifPresent(root -> files.add(root.resolve("pip.conf")));
            if (configFile != null) {
                files.add(Path.of(configFile));
            }
            for (Path file : files) {
                readIni(file).forEach((key, value) -> put(merged, key, value));
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("PIP_") && !name.equals("PIP_CONFIG_FILE") && value != null && !value.isBlank()) {
                merged.put(name.substring(4).toLowerCase(Locale.ROOT).replace('_', '-'), value);
            }
        });
        Set<String> names = new HashSet<>();
        env.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                names.add(name.toUpperCase(Locale.ROOT));
            }
        });
        return new PipConfiguration(merged, names);
    }

    /** pip ignores an empty value (it says so in its debug log): it does not hide a value from an earlier file. */
    private static void put(Map<String, String> merged, String key, String value) {
        if (!value.isBlank()) {
            merged.put(key, value);
        }
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A multi-valued option (pip separates values by whitespace or newlines). */
    List<String> list(String key) {
        return get(key).map(v -> List.of(v.split("\\s+"))).orElse(List.of());
    }

    /** True when the user's own environment sets {@code name} (ignoring case), which then wins over anything derived. */
    boolean userSet(String name) {
        return userVariables.contains(name.toUpperCase(Locale.ROOT));
    }

    /**
     * The environment that gives uv the same sources and TLS settings as pip, for the values the
     * caller did not set explicitly: never a variable the user set in their own environment ({@link #SAME_SETTING}).
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
        uv.keySet().removeIf(name -> SAME_SETTING.getOrDefault(name, List.of(name)).stream().anyMatch(this::userSet));
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
