package io.beep.python.bootstrap;

/**
 * Refuses a blocking call on a thread that must not block (an event loop). The core cannot know
 * which threads those are; a framework supplies the check: the Quarkus layer throws Quarkus'
 * {@code BlockingOperationNotAllowedException} on a Vert.x event-loop thread. Plain Java
 * applications use {@link #NONE}.
 */
@FunctionalInterface
public interface BlockingGuard {

    /** Allows blocking everywhere. */
    BlockingGuard NONE = (operation, alternative) -> {
    };

    /**
     * Throws when the current thread must not block.
     *
     * @param operation   the blocking method, e.g. {@code exec(String)}
     * @param alternative the non-blocking method to call instead, e.g. {@code execAsync(String)}; null when there is none
     */
    void checkBlockingAllowed(String operation, String alternative);
}
