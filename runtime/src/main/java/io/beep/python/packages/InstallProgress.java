package io.beep.python.packages;

/**
 * What an installer has said so far about the install it is running, read from its own output (pip's
 * {@code Collecting}/{@code Downloading}/{@code Progress}/{@code Installing collected packages} lines, uv's
 * {@code Resolved}/{@code Prepared}/{@code Installed} summary), never estimated.
 *
 * @param itemsDone  packages handled: collected (resolved and fetched) while resolving, all of them once installed
 * @param itemsTotal packages to install, -1 until the installer has said
 * @param bytesDone  bytes downloaded so far, as the installer reports them (uv reports none: 0)
 * @param bytesTotal -1: an installer learns the size of each file only as it reaches it
 * @param message    the installer's latest line worth showing a person
 * @param installing whether the installer has finished resolving and fetching and is writing into the environment
 */
public record InstallProgress(int itemsDone, int itemsTotal, long bytesDone, long bytesTotal, String message, boolean installing) {
}
