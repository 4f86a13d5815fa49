package io.beep.python.provision;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a Maven {@code settings.xml} says about where artifacts are: the local repository and the mirror of
 * Maven Central. Read with external entities and doctypes refused; a missing or broken file says nothing (Maven
 * itself would refuse to build with it).
 */
public final class MavenSettings {

    private MavenSettings() {
    }

    /** The {@code <localRepository>} of a settings file, with {@code ${user.home}} expanded. */
    public static Optional<Path> localRepository(Path settings, Path userHome) {
        return read(settings).flatMap(document -> {
            NodeList nodes = document.getElementsByTagName("localRepository");
            if (nodes.getLength() == 0) {
                return Optional.empty();
            }
            String value = nodes.item(0).getTextContent().trim().replace("${user.home}", userHome.toString());
            return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
        });
    }

    /** The URL of the first mirror of {@code central} or {@code *}, ending in {@code /}. */
    public static Optional<URI> centralMirror(Path settings) {
        return read(settings).flatMap(document -> {
            NodeList mirrors = document.getElementsByTagName("mirror");
            for (int i = 0; i < mirrors.getLength(); i++) {
                Element mirror = (Element) mirrors.item(i);
                String of = text(mirror, "mirrorOf");
                String url = text(mirror, "url");
                if (url != null && of != null && Arrays.stream(of.split(",")).map(String::strip).anyMatch(s -> s.equals("*") || s.equals("central"))) {
                    return Optional.of(URI.create(url.endsWith("/") ? url : url + "/"));
                }
            }
            return Optional.empty();
        });
    }

    private static Optional<Document> read(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // settings.xml is the user's own file, but an XML parser reading files never needs external entities.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // Fail quietly: the default handler prints to stderr.
            return Optional.of(builder.parse(settings.toFile()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
