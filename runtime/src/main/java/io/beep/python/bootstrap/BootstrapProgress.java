package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;

/**
 * One progress event of a bootstrap.
 *
 * @param environment the environment's name
 * @param stage       the stage now running (or finished, for COMPLETE and FAILED)
 * @param percent     0-100, never decreasing within one bootstrap
 * @param message     what is happening, for people
 * @param bytesDone   bytes downloaded so far while provisioning, or written out of the archive while unpacking it, or
 *                    downloaded by the installer while installing packages (as far as it reports them), else 0
 * @param bytesTotal  the total of those bytes, -1 when unknown, else 0
 * @param itemsDone   while installing packages: the packages the installer has handled (collected while resolving,
 *                    installed once it writes), else 0
 * @param itemsTotal  while installing packages: the packages it installs, -1 until it has said, else 0
 */
public record BootstrapProgress(String environment, BootstrapStage stage, int percent, String message, long bytesDone,
        long bytesTotal, int itemsDone, int itemsTotal) {

    /** An event that counts no packages. */
    public BootstrapProgress(String environment, BootstrapStage stage, int percent, String message, long bytesDone, long bytesTotal) {
        this(environment, stage, percent, message, bytesDone, bytesTotal, 0, 0);
    }
}
