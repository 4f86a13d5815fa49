package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;

/**
 * One progress event of a bootstrap.
 *
 * @param environment the environment's name
 * @param stage       the stage now running (or finished, for COMPLETE and FAILED)
 * @param percent     0-100, never decreasing within one bootstrap
 * @param message     what is happening, for people
 * @param bytesDone   bytes downloaded so far while provisioning, else 0
 * @param bytesTotal  bytes to download while provisioning, -1 when unknown, else 0
 */
public record BootstrapProgress(String environment, BootstrapStage stage, int percent, String message, long bytesDone,
        long bytesTotal) {
}
