package io.beep.python.provision;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the local Maven repository the way Maven does: the {@code maven.repo.local} system
 * property, else {@code <localRepository>} in {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
 */
final class LocalMavenRepository {

    private LocalMavenRepository() {
    }

    static Path locate() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path userHome = Path.of(System.getProperty("user.home"));
        return fromSettings(userHome.resolve(".m2/settings.xml"), userHome).orElse(userHome.resolve(".m2/repository"));
    }

    /** The {@code <localRepository>} of a settings file, with {@code ${user.home}} expanded. */
    static Optional<Path> fromSettings(Path settings, Path userHome) {
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
            Document document = builder.parse(settings.toFile());
            NodeList nodes = document.getElementsByTagName("localRepository");
            if (nodes.getLength() == 0) {
                return Optional.empty();
            }
            String value = nodes.item(0).getTextContent().trim().replace("${user.home}", userHome.toString());
            return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
        } catch (Exception e) {
            // Maven itself would refuse a broken settings file; we fall back to the default location.
            return Optional.empty();
        }
    }
}
