package io.beep.python.workers;

/**
 * The largest frame a pool's calls may send or receive ({@link WorkerOptions#maxMessageSize()}), and
 * how a call that breaks it is told. The limit is checked on the length prefix, before anything is
 * allocated, so one huge result fails its call instead of the JVM's heap.
 */
final class MessageLimit {

    private final int bytes;

    MessageLimit(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    boolean exceededBy(long length) {
        return length > bytes;
    }

    /** The arguments of a call are too large: nothing was sent, no worker is touched. */
    WorkerException arguments(String callable, long length) {
        return new WorkerException(WorkerException.Reason.MESSAGE_TOO_LARGE, callable, "The arguments of " + callable + " are " + length
                + " bytes (JSON and raw arrays), more than the largest message a worker takes (" + human(bytes) + "); " + callable + " was not run");
    }

    /**
     * The worker's answer (its result, or the exception it raised) is too large: the call fails and
     * the worker, which may hold the huge value, is replaced.
     */
    WorkerException answer(String callable, long length, String what, Worker worker) {
        return new WorkerException(WorkerException.Reason.MESSAGE_TOO_LARGE, callable, "The " + what + " of " + callable + " is " + length
                + " bytes (JSON and raw arrays), more than the largest message a worker may send (" + human(bytes) + "); " + worker.tag()
                + " (pid " + worker.pid() + ") is replaced");
    }

    /** {@code 1 MiB (1048576 bytes)}: the unit a user writes in the configuration, and the exact number. */
    static String human(long bytes) {
        String[] units = {"KiB", "MiB", "GiB"};
        double value = bytes;
        String unit = null;
        for (String next : units) {
            if (value < 1024) {
                break;
            }
            value /= 1024;
            unit = next;
        }
        if (unit == null) {
            return bytes + " bytes";
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
        return number + " " + unit + " (" + bytes + " bytes)";
    }
}
