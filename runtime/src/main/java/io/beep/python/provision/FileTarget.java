package io.beep.python.provision;

import io.beep.python.fs.Digests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends to a {@code .part} file that survives a failed attempt, so the next one resumes, and digests what it
 * holds: bytes a former attempt or process left are read once, the rest are digested on their way to the disk.
 */
final class FileTarget implements DownloadTarget {
    private static final String[] ALGORITHMS = {Digests.SHA_1, Digests.SHA_256};

    private final Path file;
    private FileChannel channel;
    private Digests.Several digests;
    private long digested;

    FileTarget(Path file) {
        this.file = file;
        resetDigests();
    }

    @Override
    public long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    @Override
    public void reset() throws IOException {
        close();
        Files.deleteIfExists(file);
        resetDigests();
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            catchUp(channel.size());
        }
        ByteBuffer written = buffer.duplicate();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        // Only bytes that reached the file count: a failed write leaves the digests matching what the next attempt resumes.
        digests.update(written);
        digested += written.remaining();
    }

    /** The digests of the whole file, in hex by algorithm. */
    Map<String, String> digests() throws IOException {
        catchUp(size());
        return digests.hex();
    }

    /** Digests the bytes from {@code digested} to {@code end} that reached the file before this target wrote any. */
    private void catchUp(long end) throws IOException {
        if (digested >= end) {
            return;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            in.position(digested);
            while (digested < end && in.read(chunk) > 0) {
                chunk.flip();
                if (chunk.remaining() > end - digested) {
                    chunk.limit((int) (end - digested));
                }
                digests.update(chunk);
                digested += chunk.remaining();
                chunk.clear();
            }
        }
    }

    private void resetDigests() {
        digests = new Digests.Several(ALGORITHMS);
        digested = 0;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
