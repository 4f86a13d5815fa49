package io.beep.python.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A Python script shipped as a classpath resource and written to disk to be run. Its file is named
 * by a hash of its text ({@code <prefix><hash>.py}), so a changed script is written anew, and a file
 * that already holds the same text is reused.
 */
public final class BundledScript {

    private final String text;
    private final String prefix;
    private final String fileName;

    private BundledScript(String text, String prefix) {
        this.text = text;
        this.prefix = prefix;
        this.fileName = prefix + Integer.toHexString(text.hashCode()) + ".py";
    }

    /** Reads {@code resource} from {@code owner}'s package; its files are named {@code <prefix><hash>.py}. */
    public static BundledScript load(Class<?> owner, String resource, String prefix) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the " + owner.getPackageName() + " resources");
            }
            return new BundledScript(new String(in.readAllBytes(), StandardCharsets.UTF_8), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's file name, {@code <prefix><hash>.py}. */
    public String fileName() {
        return fileName;
    }

    /**
     * The script in a directory of this user's own (under the home): reused while it holds this text,
     * else written atomically over whatever is there.
     */
    public Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve(fileName);
        if (Files.isRegularFile(file)) {
            try {
                if (holdsText(file)) {
                    return file;
                }
            } catch (IOException unreadable) {
                // Not this script's text: written anew below.
            }
        }
        // A lost copy only costs writing it again: no wait for the disk.
        AtomicFiles.writeWithoutSync(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /**
     * The script in a directory other users share (the temporary directory): the file of its name
     * when this user owns it and it holds this text, or written atomically when absent. Empty when
     * that name is taken by a link, another user's file or another text, or was taken meanwhile:
     * then {@link #writePrivate(Path)}.
     */
    public Optional<Path> shareIn(Path dir) throws IOException {
        Path shared = dir.resolve(fileName);
        if (Files.isRegularFile(shared, LinkOption.NOFOLLOW_LINKS)) {
            return ownedByUs(shared) && holdsText(shared) ? Optional.of(shared) : Optional.empty();
        }
        if (Files.exists(shared, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path temp = Files.createTempFile(dir, prefix, ".tmp");
        Files.writeString(temp, text);
        try {
            // No replace: a file that appeared meanwhile may be another user's.
            Files.move(temp, shared, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(shared);
        } catch (IOException raced) {
            Files.deleteIfExists(temp);
            return Optional.empty();
        }
    }

    /** A new file of the script's own in {@code dir} ({@code <prefix>*.py}), for the caller to delete. */
    public Path writePrivate(Path dir) throws IOException {
        Path own = Files.createTempFile(dir, prefix, ".py");
        Files.writeString(own, text);
        return own;
    }

    private boolean holdsText(Path file) throws IOException {
        return Files.readString(file).equals(text);
    }

    private static boolean ownedByUs(Path file) {
        try {
            return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
