package io.beep.python.inprocess;

import io.beep.python.workers.CallTimedOutException;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.bytedeco.cpython.global.python.*;

/**
 * call-timeout in-process: one daemon thread looks at the running calls every few milliseconds and raises
 * engine.py's CallTimedOut (a BaseException) in a call past its limit with PyThreadState_SetAsyncExc; Python
 * raises it at the thread's next bytecode. A call costs two volatile writes, no scheduling. Both sides decide
 * under the GIL, so an exception is never left pending for the thread's next call.
 */
final class Watchdog implements Runnable {

    /** One Java thread's call state; written by its thread with the GIL held, read by the watchdog with the GIL held. */
    static final class Slot {
        final Thread thread = Thread.currentThread();
        final long ident = PyThread_get_thread_ident();
        volatile long sequence;
        volatile boolean active;
        volatile long deadline;
        volatile long fired = -1;
    }

    private final Interpreter python;
    private final long timeoutNanos;
    private final Duration timeout;
    private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Slot> mine = new ThreadLocal<>();
    private final Thread thread;
    private volatile boolean closed;

    Watchdog(Interpreter python, Duration timeout) {
        this.python = python;
        this.timeout = timeout;
        this.timeoutNanos = timeout == null || timeout.isZero() || timeout.isNegative() ? 0 : timeout.toNanos();
        if (timeoutNanos > 0) {
            thread = new Thread(this, "beep-python-in-process-watchdog");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** Marks the calling thread's call as running (GIL held). */
    Slot begin() {
        if (timeoutNanos == 0) {
            return null;
        }
        Slot slot = mine.get();
        if (slot == null) {
            slot = new Slot();
            mine.set(slot);
            slots.add(slot);
        }
        slot.sequence++;
        slot.deadline = System.nanoTime() + timeoutNanos;
        slot.active = true;
        return slot;
    }

    /** Marks it done (GIL held); true when the watchdog raised in it, whose pending exception is then withdrawn. */
    boolean end(Slot slot) {
        if (slot == null) {
            return false;
        }
        slot.active = false;
        if (slot.fired == slot.sequence) {
            PyThreadState_SetAsyncExc(slot.ident, null);
            return true;
        }
        return false;
    }

    CallTimedOutException timedOut(String callable, String environment) {
        return new CallTimedOutException(callable, "The call to " + callable + " passed its time limit of " + timeout
                + " and was interrupted in the running Python code; environment '" + environment
                + "' goes on serving calls (in-process, the interpreter is not replaced)", null);
    }

    @Override
    public void run() {
        long tick = Math.max(1_000_000L, Math.min(timeoutNanos / 20, 50_000_000L));
        while (!closed) {
            try {
                Thread.sleep(tick / 1_000_000L);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Slot slot : slots) {
                if (!slot.thread.isAlive()) {
                    slots.remove(slot);
                } else if (slot.active && now - slot.deadline > 0 && slot.fired != slot.sequence) {
                    interrupt(slot);
                }
            }
        }
    }

    private void interrupt(Slot slot) {
        Gil.enter();
        try {
            if (slot.active && System.nanoTime() - slot.deadline > 0 && slot.fired != slot.sequence) {
                slot.fired = slot.sequence;
                PyThreadState_SetAsyncExc(slot.ident, python.timedOut);
            }
        } finally {
            Gil.exit();
        }
    }

    void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
