package io.beep.python.venv;

import java.util.Locale;

/** The operating-system families whose venv layouts differ. */
enum Platform {
    LINUX, MACOS, WINDOWS, OTHER_POSIX;

    static Platform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MACOS;
        }
        return os.startsWith("linux") ? LINUX : OTHER_POSIX;
    }

    boolean isWindows() {
        return this == WINDOWS;
    }
}
