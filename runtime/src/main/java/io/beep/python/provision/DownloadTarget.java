package io.beep.python.provision;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where downloaded bytes go: a {@link FileTarget} for archives, a {@link MemoryTarget} for published checksums. */
interface DownloadTarget {
    long size() throws IOException;

    /** Drops what was written: the server is sending the whole file again. */
    void reset() throws IOException;

    void write(ByteBuffer buffer) throws IOException;

    void close() throws IOException;
}
