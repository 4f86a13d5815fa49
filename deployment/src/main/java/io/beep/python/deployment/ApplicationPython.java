package io.beep.python.deployment;

import java.nio.file.Path;

/** Which files of {@code src/main/python} are the application's Python code. */
final class ApplicationPython {

    private ApplicationPython() {
    }

    /** Everything but byte-code caches and editor or VCS litter ({@code relative} to {@code src/main/python}). */
    static boolean isSource(Path file) {
        for (Path part : file) {
            String name = part.toString();
            if (name.equals("__pycache__") || name.startsWith(".")) {
                return false;
            }
        }
        return !file.getFileName().toString().endsWith(".pyc");
    }
}
