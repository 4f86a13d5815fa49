package io.beep.python.provision;

import java.util.List;
import java.util.Optional;

/**
 * What a look for a newer patch of a managed interpreter found ({@link PythonProvisioner#newerPatch}).
 *
 * @param current  the version in use, e.g. {@code 3.13.5}
 * @param newer    the newest later patch of the same minor the source offers for this platform, e.g. {@code 3.13.6}
 * @param where    where it was looked for, for the log and the CLI: the metadata URLs (credentials masked), the bundled
 *                 catalog, or why a source has nowhere to look ({@code source=url})
 * @param releases the source's own release names to provision {@link #newer} with ({@code 3.13.6-1.5.12} for Maven;
 *                 empty for a catalog the runtime bundles)
 */
public record PatchLookup(String current, Optional<String> newer, String where, List<String> releases) {

    public PatchLookup {
        releases = List.copyOf(releases);
    }
}
