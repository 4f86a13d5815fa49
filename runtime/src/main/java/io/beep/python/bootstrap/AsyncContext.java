package io.beep.python.bootstrap;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Carries the caller's context (CDI request context, MDC, the current span ...) into an environment's asynchronous
 * methods ({@code runAsync}, {@code execAsync}, {@code workers().callAsync}) and their continuations. The core's
 * threads know no context; the Quarkus layer supplies one from SmallRye Context Propagation when the application has
 * it. Both methods are called on the caller's thread, as the asynchronous method is called.
 */
public interface AsyncContext {

    /** No context carried: the tasks and continuations run on the environment's threads as they are. */
    AsyncContext NONE = new AsyncContext() {
        @Override
        public <T> Supplier<T> task(Supplier<T> task) {
            return task;
        }

        @Override
        public <T> CompletionStage<T> continuations(CompletionStage<T> stage) {
            return stage;
        }
    };

    /** The work itself, to run later on another thread with the context captured now. */
    <T> Supplier<T> task(Supplier<T> task);

    /** The stage handed to the caller: what the caller chains on it runs with the context captured now. */
    <T> CompletionStage<T> continuations(CompletionStage<T> stage);
}
