package io.beep.python.provision;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Keeps a small download (a published checksum) in memory. */
final class MemoryTarget implements DownloadTarget {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public void reset() {
        bytes.reset();
    }

    @Override
    public void write(ByteBuffer buffer) {
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
    }

    @Override
    public void close() {
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
