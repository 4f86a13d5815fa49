package io.beep.python.cli;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Maven repositories the CLI downloads from when none is named: {@code $BEEP_PYTHON_MAVEN_REPOSITORY}
 * (comma-separated), else the mirror of {@code central} (or {@code *}) in {@code ~/.m2/settings.xml}, as a
 * Maven build there would use, else Maven Central as in Maven's own super POM. The extension records its
 * build's repositories instead; a CLI has no build of the user's to read them from.
 */
final class MavenRepositories {

    static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    private MavenRepositories() {
    }

    static List<URI> defaults() {
        String env = System.getenv("BEEP_PYTHON_MAVEN_REPOSITORY");
        if (env != null && !env.isBlank()) {
            return Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList();
        }
        return settingsMirror(Path.of(System.getProperty("user.home"), ".m2", "settings.xml")).map(List::of).orElse(List.of(MAVEN_CENTRAL));
    }

    /** The URL of the first mirror of {@code central} or {@code *} in a settings file. */
    static Optional<URI> settingsMirror(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList mirrors = factory.newDocumentBuilder().parse(settings.toFile()).getElementsByTagName("mirror");
            for (int i = 0; i < mirrors.getLength(); i++) {
                Element mirror = (Element) mirrors.item(i);
                String of = text(mirror, "mirrorOf");
                String url = text(mirror, "url");
                if (url != null && of != null && Arrays.stream(of.split(",")).map(String::strip).anyMatch(s -> s.equals("*") || s.equals("central"))) {
                    return Optional.of(URI.create(url.endsWith("/") ? url : url + "/"));
                }
            }
        } catch (Exception e) {
            // An unreadable settings file: Maven Central, as Maven would fail to build anyway.
        }
        return Optional.empty();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
