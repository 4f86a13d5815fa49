package io.beep.python.provision;

import io.beep.python.Secrets;
import io.beep.python.fs.Platform;
import java.net.URI;
import java.util.Optional;

/**
 * One concrete archive that holds an interpreter, and where it comes from.
 *
 * @param version  the interpreter version inside, when known before download (not for {@code source=url})
 * @param platform the platform it is built for
 * @param format   the archive format
 * @param origin   a Maven artifact or a remote archive with its SHA-256
 */
record Distribution(Optional<PythonVersion> version, Platform platform, ArchiveFormat format, Origin origin) {

    /** The origin as messages and the provenance file name it: the artifact's coordinates, or the URL (masked). */
    String describe() {
        if (origin instanceof RemoteArchive archive) {
            return Secrets.mask(archive.uri().toString());
        }
        return origin.toString();
    }

    /** Where the archive comes from. */
    sealed interface Origin permits MavenArtifact, RemoteArchive {
    }

    /** A Maven artifact; its checksums come from the repository that serves it. */
    record MavenArtifact(String groupId, String artifactId, String version, String classifier, String extension) implements Origin {

        String fileName() {
            return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        }

        /** The path inside a repository: {@code org/bytedeco/cpython/3.13.5-1.5.12/cpython-3.13.5-1.5.12-linux-x86_64.jar}. */
        String repositoryPath() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version + ":" + extension + ":" + classifier;
        }
    }

    /** An archive at a URL whose SHA-256 is known before download. */
    record RemoteArchive(URI uri, String sha256) implements Origin {
    }
}
