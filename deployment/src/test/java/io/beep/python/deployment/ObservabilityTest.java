package io.beep.python.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.PythonEnvironment;
import io.beep.python.testing.MachinePython;
import io.beep.python.testing.TestHomes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * With quarkus-opentelemetry and SmallRye Context Propagation in the application (forced for this test only, so the
 * other tests run without them): a bootstrap is a span with a child per stage, each worker call a client span under the
 * caller's span whose traceparent Python reads, and an execAsync continuation sees the caller's request-scoped bean.
 */
class ObservabilityTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SpanExporterProducer.class, RequestUser.class))
            .setForcedDependencies(List.of(
                    Dependency.of("io.quarkus", "quarkus-opentelemetry", io.quarkus.builder.Version.getVersion()),
                    Dependency.of("io.quarkus", "quarkus-smallrye-context-propagation", io.quarkus.builder.Version.getVersion())))
            .overrideConfigKey("beep.python.home", TestHomes.create("observability"))
            .overrideConfigKey("beep.python.interpreter", MachinePython.find().toString())
            .overrideConfigKey("quarkus.otel.bsp.schedule.delay", "50ms");

    @ApplicationScoped
    public static class SpanExporterProducer {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @RequestScoped
    public static class RequestUser {
        private String name;

        public String name() {
            return name;
        }

        public void name(String name) {
            this.name = name;
        }
    }

    @Inject
    PythonEnvironment python;

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    Tracer tracer;

    @Inject
    RequestUser user;

    @Test
    void aBootstrapIsASpanWithItsStagesAndEachCallAClientSpanWhoseTraceparentPythonReads() throws Exception {
        python.awaitReady(Duration.ofMinutes(3));
        Span request = tracer.spanBuilder("request").startSpan();
        String blocking;
        String async;
        try (Scope ignored = request.makeCurrent()) {
            blocking = python.workers().call("beep_python:traceparent.get").asText();
            async = python.workers().callAsync("beep_python:traceparent.get").toCompletableFuture().get(1, TimeUnit.MINUTES).asText();
        } finally {
            request.end();
        }

        SpanData bootstrap = awaitSpan(span -> span.getName().equals("python bootstrap"));
        assertThat(bootstrap.getParentSpanContext().isValid()).as("a bootstrap is a trace of its own").isFalse();
        assertThat(bootstrap.getAttributes().get(AttributeKey.stringKey("beep.python.environment"))).isEqualTo("default");
        assertThat(bootstrap.getAttributes().get(AttributeKey.stringKey("beep.python.outcome"))).isEqualTo("SUCCESS");
        assertThat(bootstrap.getAttributes().get(AttributeKey.stringKey("beep.python.version"))).matches("3\\.\\d+.*");
        assertThat(bootstrap.getAttributes().get(AttributeKey.stringKey("beep.python.interpreter.source"))).isNotBlank();
        assertThat(bootstrap.getAttributes().get(AttributeKey.longKey("beep.python.packages"))).isNotNull();
        SpanData stage = awaitSpan(span -> span.getName().equals("python bootstrap creating virtual env"));
        assertThat(stage.getParentSpanId()).isEqualTo(bootstrap.getSpanId());
        assertThat(stage.getTraceId()).isEqualTo(bootstrap.getTraceId());

        List<SpanData> calls = awaitSpans(span -> span.getName().equals("python beep_python:traceparent.get"), 2);
        for (SpanData call : calls) {
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(call.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(call.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(call.getAttributes().get(AttributeKey.stringKey("beep.python.callable"))).isEqualTo("beep_python:traceparent.get");
            assertThat(call.getAttributes().get(AttributeKey.stringKey("beep.python.outcome"))).isEqualTo("SUCCESS");
        }
        assertThat(List.of(blocking, async)).containsExactlyInAnyOrderElementsOf(
                calls.stream().map(call -> "00-" + call.getTraceId() + "-" + call.getSpanId() + "-01").toList());
    }

    @Test
    void aFailedCallIsAnErrorSpan() {
        python.awaitReady(Duration.ofMinutes(3));
        try {
            python.workers().call("json:loads", "not json");
        } catch (RuntimeException expected) {
            // the span is what this test is about
        }
        SpanData call = awaitSpan(span -> span.getName().equals("python json:loads"));
        assertThat(call.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(call.getAttributes().get(AttributeKey.stringKey("beep.python.outcome"))).isEqualTo("ERROR");
        assertThat(call.getEvents()).anyMatch(event -> event.getName().equals("exception"));
    }

    @Test
    void aRequestScopedBeanIsReadInsideAnExecAsyncContinuation() throws Exception {
        python.awaitReady(Duration.ofMinutes(3));
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            user.name("alice");
            // The sleep lets the continuation be chained first: it then runs on the environment's thread.
            String seen = python.execAsync("import time; time.sleep(0.5)")
                    .thenApply(result -> user.name() + " on " + Thread.currentThread().getName())
                    .toCompletableFuture().get(1, TimeUnit.MINUTES);
            assertThat(seen).startsWith("alice on beep-python-exec-default");
        } finally {
            requestContext.terminate();
        }
    }

    private SpanData awaitSpan(Predicate<SpanData> which) {
        return awaitSpans(which, 1).get(0);
    }

    private List<SpanData> awaitSpans(Predicate<SpanData> which, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<SpanData> found = List.of();
        while (System.nanoTime() < deadline) {
            found = exporter.getFinishedSpanItems().stream().filter(which).toList();
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Expected " + count + " matching spans, found " + found.size() + " among "
                + exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }
}
