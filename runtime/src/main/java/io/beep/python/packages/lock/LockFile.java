package io.beep.python.packages.lock;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.packages.PackagesException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A PEP 751 lock file, {@code pylock.toml}: what is installed, each package with its version and
 * where its bytes came from with their hashes. Written into the venv after every successful
 * install; read back by {@code requirements-file=pylock.toml} to reproduce the same versions.
 * URLs are stored without credentials (PEP 751: lockers should not record them).
 */
public final class LockFile {

    public static final String FILE_NAME = "pylock.toml";
    static final String LOCK_VERSION = "1.0";

    /** A file a package can be installed from: a wheel, an sdist or a direct archive. */
    public record Artifact(String name, String url, Map<String, String> hashes) {
        public Artifact {
            hashes = Map.copyOf(new TreeMap<>(hashes));
        }
    }

    /**
     * One locked package.
     *
     * @param kind      {@code wheels}, {@code sdist}, {@code archive}, {@code directory} or {@code vcs}
     * @param artifacts the wheel(s), the sdist or the archive; for directory and vcs one entry whose url is the location
     * @param commit    the VCS commit, for {@code vcs}
     */
    public record Package(String name, String version, Optional<String> marker, String kind, List<Artifact> artifacts, Optional<String> commit) {
        public Package {
            artifacts = List.copyOf(artifacts);
        }

        public boolean hasHashes() {
            return !artifacts.isEmpty() && artifacts.stream().allMatch(a -> a.hashes().containsKey("sha256"));
        }
    }

    private static final TomlMapper TOML = new TomlMapper();

    private LockFile() {
    }

    /** The packages {@code file} locks; a file that is not a PEP 751 lock is a {@code REQUIREMENTS_FILE} error naming it. */
    public static List<Package> read(Path file) {
        JsonNode root;
        try {
            root = TOML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(),
                    "Cannot read the lock file " + file + ": " + e.getMessage() + ". Expected a PEP 751 pylock.toml.", e);
        }
        String version = root.path("lock-version").asText("");
        if (!version.startsWith("1.")) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), "The lock file " + file + " has lock-version '"
                    + version + "'; this version reads PEP 751 lock-version 1.x.");
        }
        List<Package> packages = new ArrayList<>();
        for (JsonNode p : root.path("packages")) {
            String name = p.path("name").asText(null);
            if (name == null) {
                throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), "A package in " + file + " has no name.");
            }
            Optional<String> marker = Optional.ofNullable(p.path("marker").textValue());
            String version1 = p.path("version").asText(null);
            if (p.has("wheels")) {
                List<Artifact> wheels = new ArrayList<>();
                p.get("wheels").forEach(w -> wheels.add(artifact(w)));
                packages.add(new Package(name, version1, marker, "wheels", wheels, Optional.empty()));
            } else if (p.has("sdist")) {
                packages.add(new Package(name, version1, marker, "sdist", List.of(artifact(p.get("sdist"))), Optional.empty()));
            } else if (p.has("archive")) {
                packages.add(new Package(name, version1, marker, "archive", List.of(artifact(p.get("archive"))), Optional.empty()));
            } else if (p.has("directory")) {
                packages.add(new Package(name, version1, marker, "directory",
                        List.of(new Artifact(null, p.get("directory").path("path").asText(), Map.of())), Optional.empty()));
            } else if (p.has("vcs")) {
                JsonNode vcs = p.get("vcs");
                packages.add(new Package(name, version1, marker, "vcs", List.of(new Artifact(vcs.path("type").asText("git"),
                        vcs.path("url").asText(), Map.of())), Optional.ofNullable(vcs.path("commit-id").textValue())));
            } else {
                packages.add(new Package(name, version1, marker, "wheels", List.of(), Optional.empty()));
            }
        }
        return packages;
    }

    /** Writes {@code packages} sorted by name, atomically, with URLs stripped of credentials. */
    public static void write(Path file, Collection<Package> packages, String requiresPython) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("lock-version", LOCK_VERSION);
        root.put("created-by", "beep-python");
        if (requiresPython != null) {
            root.put("requires-python", requiresPython);
        }
        ArrayNode list = root.putArray("packages");
        for (Package p : packages.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            ObjectNode node = list.addObject();
            node.put("name", p.name());
            if (p.version() != null) {
                node.put("version", p.version());
            }
            p.marker().ifPresent(m -> node.put("marker", m));
            switch (p.kind()) {
                case "wheels" -> {
                    ArrayNode wheels = node.putArray("wheels");
                    p.artifacts().forEach(a -> wheels.add(artifactNode(a)));
                }
                case "sdist", "archive" -> node.set(p.kind(), artifactNode(p.artifacts().get(0)));
                case "directory" -> node.putObject("directory").put("path", p.artifacts().get(0).url());
                case "vcs" -> {
                    ObjectNode vcs = node.putObject("vcs");
                    vcs.put("type", p.artifacts().get(0).name());
                    vcs.put("url", p.artifacts().get(0).url());
                    p.commit().ifPresent(c -> vcs.put("commit-id", c));
                }
                default -> throw new IllegalStateException(p.kind());
            }
        }
        AtomicFiles.write(file, "# PEP 751 lock file written by Beep Python after each install. Reproduce the environment\n"
                + "# by naming " + file.getFileName() + " as its requirements file (or: pip install -r after converting).\n"
                + TOML.writeValueAsString(root));
    }

    /** {@code url} without the user-info part, which may hold a password or token. */
    static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.replaceAll("://[^/@\\s]+@", "://");
        }
    }

    private static Artifact artifact(JsonNode node) {
        Map<String, String> hashes = new LinkedHashMap<>();
        node.path("hashes").fields().forEachRemaining(e -> hashes.put(e.getKey(), e.getValue().asText()));
        String url = node.path("url").asText(node.path("path").asText(null));
        String name = node.path("name").asText(url == null ? null : url.substring(url.lastIndexOf('/') + 1));
        return new Artifact(name, url, hashes);
    }

    private static ObjectNode artifactNode(Artifact a) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (a.name() != null) {
            node.put("name", a.name());
        }
        node.put("url", withoutCredentials(a.url()));
        ObjectNode hashes = node.putObject("hashes");
        a.hashes().forEach(hashes::put);
        return node;
    }
}
