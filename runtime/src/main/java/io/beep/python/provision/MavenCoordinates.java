package io.beep.python.provision;

/**
 * The Maven coordinates of a CPython artifact, for a build that resolves it with its own resolver first.
 * {@link #toString()} gives them as {@code groupId:artifactId:extension:classifier:version}.
 */
public record MavenCoordinates(String groupId, String artifactId, String extension, String classifier, String version) {

    /** {@code groupId:artifactId:extension:classifier:version}, as Maven's resolver and its log messages spell them. */
    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + extension + ":" + classifier + ":" + version;
    }
}
