package io.beep.python.provision;

import java.util.Locale;
import java.util.Optional;

/** The archive kinds an interpreter arrives in, recognised by file name. */
enum ArchiveFormat {
    ZIP(".zip"),
    JAR(".jar"),
    TAR_GZ(".tar.gz"),
    TGZ(".tgz"),
    TAR_ZST(".tar.zst"),
    TAR_XZ(".tar.xz");

    private final String suffix;

    ArchiveFormat(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    boolean isZip() {
        return this == ZIP || this == JAR;
    }

    static Optional<ArchiveFormat> fromFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ArchiveFormat format : values()) {
            if (lower.endsWith(format.suffix)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
