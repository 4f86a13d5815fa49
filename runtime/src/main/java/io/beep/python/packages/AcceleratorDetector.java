package io.beep.python.packages;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the machine's accelerator with a few file-system checks and no process: an NVIDIA driver
 * ({@code nvidia-smi} on the PATH or {@code /proc/driver/nvidia}) means CUDA, {@code /opt/rocm}
 * means ROCm, anything else CPU. The root and PATH are parameters so tests can stage a machine.
 */
final class AcceleratorDetector {

    private final Path root;
    private final String searchPath;

    AcceleratorDetector(Path root, String searchPath) {
        this.root = root;
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    static AcceleratorDetector forThisMachine() {
        return new AcceleratorDetector(Path.of("/"), System.getenv("PATH"));
    }

    /** {@code wanted} itself unless it is {@link Accelerator#AUTO}, which is detected. */
    Accelerator resolve(Accelerator wanted) {
        return wanted == Accelerator.AUTO ? detect() : wanted;
    }

    Accelerator detect() {
        if (Files.isDirectory(root.resolve("proc/driver/nvidia")) || onPath("nvidia-smi")) {
            return Accelerator.CUDA;
        }
        if (Files.isDirectory(root.resolve("opt/rocm"))) {
            return Accelerator.ROCM;
        }
        return Accelerator.CPU;
    }

    private boolean onPath(String program) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}
