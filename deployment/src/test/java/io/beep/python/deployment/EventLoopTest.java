package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.PythonEnvironment;
import io.beep.python.ProcessResult;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.quarkus.runtime.BlockingOperationNotAllowedException;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** On a Vert.x event-loop thread the blocking calls fail at once with Quarkus' error; the async ones work. */
class EventLoopTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("beep.python.home", TestHomes.create("event-loop"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("beep.python.startup", "lazy");

    @Inject
    PythonEnvironment python;

    @Inject
    Vertx vertx;

    @Test
    void execOnTheEventLoopIsRefusedAndExecAsyncFromTheSameThreadCompletes() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        CompletableFuture<ProcessResult> async = new CompletableFuture<>();
        CompletableFuture<String> thread = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            thread.complete(Thread.currentThread().getName() + (Context.isOnEventLoopThread() ? " (event loop)" : ""));
            try {
                python.exec("print('never')");
                refused.complete(null);
            } catch (RuntimeException e) {
                refused.complete(e);
            }
            python.execAsync("print(6 * 7)").whenComplete((result, error) -> {
                if (error != null) {
                    async.completeExceptionally(error);
                } else {
                    async.complete(result);
                }
            });
        });

        assertThat(thread.get(30, TimeUnit.SECONDS)).endsWith("(event loop)");
        assertThat(refused.get(30, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationNotAllowedException.class)
                .hasMessageContaining("exec(String)").hasMessageContaining("execAsync(String)");
        assertThat(async.get(2, TimeUnit.MINUTES).stdout().strip()).isEqualTo("42");
        assertThat(python.isReady()).isTrue();
    }
}
