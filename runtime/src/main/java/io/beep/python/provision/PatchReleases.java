package io.beep.python.provision;

import io.beep.python.Secrets;
import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The releases of {@code org.bytedeco:cpython} a Maven repository publishes, read from the artifact's
 * {@code maven-metadata.xml}: how a patch update learns of a build newer than the releases this version of the
 * extension was built with. Only {@code <version>} elements are read (with a pattern, not an XML parser: nothing
 * in the document is resolved or expanded), and only names shaped as releases are kept.
 */
final class PatchReleases {

    private static final Pattern VERSION = Pattern.compile("<version>\\s*([^<\\s]{1,60})\\s*</version>");

    private PatchReleases() {
    }

    /** Where the metadata of the CPython artifact lives in {@code repository}. */
    static URI metadata(URI repository) {
        String base = repository.toString().endsWith("/") ? repository.toString() : repository + "/";
        return URI.create(base + MavenCatalog.GROUP_ID.replace('.', '/') + "/" + MavenCatalog.ARTIFACT_ID + "/maven-metadata.xml");
    }

    /**
     * The releases every repository lists, in order; a repository without the metadata (404) adds none.
     *
     * @throws IOException naming the repository (masked) that could not be read
     */
    static List<String> published(HttpDownloader downloader, List<URI> repositories, Cancellation cancellation) throws IOException {
        Set<String> releases = new LinkedHashSet<>();
        for (URI repository : repositories) {
            URI uri = metadata(repository);
            try {
                downloader.fetchText(uri, cancellation).ifPresent(text -> releases.addAll(parse(text)));
            } catch (IOException e) {
                throw new IOException("cannot read " + Secrets.mask(uri.toString()) + ": " + Secrets.mask(e.getMessage()), e);
            }
        }
        return List.copyOf(releases);
    }

    static List<String> parse(String metadata) {
        List<String> found = new ArrayList<>();
        Matcher matcher = VERSION.matcher(metadata);
        while (matcher.find()) {
            if (MavenCatalog.RELEASE.matcher(matcher.group(1)).matches()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }
}
