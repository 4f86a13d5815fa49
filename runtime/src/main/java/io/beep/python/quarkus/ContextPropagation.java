package io.beep.python.quarkus;

import io.beep.python.bootstrap.AsyncContext;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

import org.eclipse.microprofile.context.ThreadContext;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The caller's context (CDI request context, MDC, the current span: whatever SmallRye Context Propagation's providers
 * carry) for the environments' asynchronous methods and their continuations, through the application's
 * {@link ThreadContext}. Loaded only when the application has quarkus-smallrye-context-propagation (decided at build
 * time); the core's threads stay plain.
 */
final class ContextPropagation implements AsyncContext {

    private final ThreadContext threadContext;

    private ContextPropagation(ThreadContext threadContext) {
        this.threadContext = threadContext;
    }

    /** Gives each environment the application's {@link ThreadContext}, when there is one. */
    static void bindToApplicationContext(Map<String, ManagedPythonEnvironment> environments) {
        InstanceHandle<ThreadContext> threadContext = Arc.container().instance(ThreadContext.class);
        if (threadContext.isAvailable()) {
            ContextPropagation context = new ContextPropagation(threadContext.get());
            environments.values().forEach(environment -> environment.propagateContext(context));
        }
    }

    @Override
    public <T> Supplier<T> task(Supplier<T> task) {
        return threadContext.contextualSupplier(task);
    }

    @Override
    public <T> CompletionStage<T> continuations(CompletionStage<T> stage) {
        return threadContext.withContextCapture(stage);
    }
}
