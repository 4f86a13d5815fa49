package io.beep.python.quarkus;

import io.beep.python.bootstrap.BlockingGuard;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.BlockingOperationNotAllowedException;

/**
 * Refuses blocking {@code PythonEnvironment} calls on a Vert.x event-loop thread, with the error
 * other Quarkus extensions give there (Hibernate ORM checks the same way).
 */
final class EventLoopGuard implements BlockingGuard {

    static final EventLoopGuard INSTANCE = new EventLoopGuard();

    private EventLoopGuard() {
    }

    @Override
    public void checkBlockingAllowed(String operation, String alternative) {
        if (!blockingAllowed()) {
            throw new BlockingOperationNotAllowedException("PythonEnvironment." + operation + " blocks, and the current thread ("
                    + Thread.currentThread().getName() + ") is an event-loop thread that must not block; "
                    + (alternative != null ? "use " + alternative + " (it returns a CompletionStage; Uni.createFrom().completionStage(..))"
                            + ", or call it from a worker thread" : "call it from a worker thread")
                    + " (a @Blocking or @RunOnVirtualThread endpoint, or vertx.executeBlocking)");
        }
    }

    private static boolean blockingAllowed() {
        try {
            return BlockingOperationControl.isBlockingAllowed();
        } catch (NullPointerException beforeStaticInit) {
            // The thread detectors are installed at STATIC_INIT; before that (or outside an application) nothing is an event loop.
            return true;
        }
    }
}
