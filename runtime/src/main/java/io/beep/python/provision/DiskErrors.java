package io.beep.python.provision;

import java.util.Locale;

/** How a full disk shows in an I/O error, for the download and the unpacking, which both stop rather than retry. */
final class DiskErrors {

    private DiskErrors() {
    }

    /** ENOSPC or EDQUOT, as the JDK words them on Linux, macOS and Windows. */
    static boolean noSpaceLeft(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left") || message.contains("quota exceeded") || message.contains("not enough space")) {
                return true;
            }
        }
        return false;
    }
}
