package io.beep.python.venv;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.ManifestLines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An unpacked, compiled wheel in the seed cache, ready to be linked into a venv's site-packages:
 * which directories to make, which files to link, the RECORD lines they come with, and the
 * console scripts to write. Persisted as a line-oriented manifest beside the unpacked files so a
 * new process reads one small file instead of walking the tree.
 *
 * @param root        the unpacked wheel (its entries are relative to it)
 * @param distInfo    e.g. {@code pip-24.2.dist-info}
 * @param directories directories below {@code root}, parents first
 * @param files       files to link, including the {@code __pycache__} entries of one Python version
 * @param record      the RECORD lines of those files (the venv's own lines are added on install)
 * @param scripts     console scripts, {@code name=module:function}, already named for the Python version
 */
record SeedImage(Path root, String distInfo, List<String> directories, List<String> files, List<String> record, List<String> scripts) {

    void writeManifest(Path manifest) throws IOException {
        List<String> lines = new ArrayList<>();
        // Relative to the manifest, so a home that is moved or mounted elsewhere stays valid.
        lines.add("root " + manifest.getParent().relativize(root).toString().replace('\\', '/'));
        lines.add("dist-info " + distInfo);
        directories.forEach(d -> lines.add("d " + d));
        files.forEach(f -> lines.add("f " + f));
        record.forEach(r -> lines.add("r " + r));
        scripts.forEach(s -> lines.add("s " + s));
        AtomicFiles.write(manifest, String.join("\n", lines) + "\n");
    }

    static SeedImage readManifest(Path manifest) throws IOException {
        ManifestLines lines = ManifestLines.read(manifest);
        Path root = lines.last("root").map(value -> manifest.getParent().resolve(value)).orElse(null);
        String distInfo = lines.last("dist-info").orElse(null);
        if (root == null || distInfo == null) {
            throw new IOException("Seed manifest " + manifest + " is incomplete");
        }
        return new SeedImage(root, distInfo, lines.all("d"), lines.all("f"), lines.all("r"), lines.all("s"));
    }
}
