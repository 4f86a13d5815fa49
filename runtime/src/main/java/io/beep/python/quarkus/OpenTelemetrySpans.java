package io.beep.python.quarkus;

import io.beep.python.BootstrapStage;
import io.beep.python.bootstrap.BootstrapProgress;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.CallObserver;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenTelemetry spans for each environment: one per bootstrap (a trace of its own: it runs at startup, for no request)
 * with a child span per stage, made from the core's progress events as they come, and a client span per worker call, a
 * child of the caller's current span, whose W3C {@code traceparent} goes with the call to Python. Loaded only when the
 * application has quarkus-opentelemetry's tracer (decided at build time), so the core never needs OpenTelemetry.
 */
final class OpenTelemetrySpans {

    static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("beep.python.environment");
    static final AttributeKey<String> CALLABLE = AttributeKey.stringKey("beep.python.callable");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("beep.python.stage");
    static final AttributeKey<String> PYTHON_VERSION = AttributeKey.stringKey("beep.python.version");
    static final AttributeKey<String> INTERPRETER_SOURCE = AttributeKey.stringKey("beep.python.interpreter.source");
    static final AttributeKey<Long> PACKAGE_COUNT = AttributeKey.longKey("beep.python.packages");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("beep.python.outcome");

    private OpenTelemetrySpans() {
    }

    /** Binds to the application's {@link OpenTelemetry} bean, when there is one. */
    static void bindToApplicationTracer(Map<String, ManagedPythonEnvironment> environments) {
        InstanceHandle<OpenTelemetry> openTelemetry = Arc.container().instance(OpenTelemetry.class);
        if (openTelemetry.isAvailable()) {
            bind(openTelemetry.get().getTracer("io.beep.python"), environments);
        }
    }

    static void bind(Tracer tracer, Map<String, ManagedPythonEnvironment> environments) {
        environments.forEach((name, environment) -> {
            Bootstraps bootstraps = new Bootstraps(tracer, name);
            environment.addListener(bootstraps::progress);
            environment.addOutcomeListener(bootstraps::outcome);
            environment.addCallObserver((env, callable) -> call(tracer, env, callable));
        });
    }

    /** A client span for one call, started now under the caller's current span (read on the caller's thread). */
    private static CallObserver.Call call(Tracer tracer, String environment, String callable) {
        Span span = tracer.spanBuilder("python " + callable).setSpanKind(SpanKind.CLIENT)
                .setAttribute(ENVIRONMENT, environment).setAttribute(CALLABLE, callable).startSpan();
        SpanContext context = span.getSpanContext();
        // W3C Trace Context: version 00, trace id, this span's id (Python's parent), flags.
        Optional<String> traceparent = context.isValid()
                ? Optional.of("00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex())
                : Optional.empty();
        return new CallObserver.Call() {
            @Override
            public Optional<String> traceparent() {
                return traceparent;
            }

            @Override
            public void end(Throwable failure, java.time.Duration took) {
                CallOutcome outcome = CallOutcome.of(failure);
                span.setAttribute(OUTCOME, outcome.name());
                if (failure != null) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR, outcome.name());
                }
                span.end();
            }
        };
    }

    /** The spans of one environment's bootstraps; one bootstrap runs at a time (the core's single flight). */
    private static final class Bootstraps {

        private final Tracer tracer;
        private final String environment;
        private Span bootstrap;
        private Span stage;
        private BootstrapStage current;

        Bootstraps(Tracer tracer, String environment) {
            this.tracer = tracer;
            this.environment = environment;
        }

        synchronized void progress(BootstrapProgress progress) {
            if (progress.stage().isTerminal()) {
                endStage(progress.stage() == BootstrapStage.FAILED ? progress.message() : null);
                return;
            }
            if (bootstrap == null) {
                bootstrap = tracer.spanBuilder("python bootstrap").setNoParent().setAttribute(ENVIRONMENT, environment).startSpan();
            }
            if (progress.stage() != current) {
                endStage(null);
                current = progress.stage();
                stage = tracer.spanBuilder("python bootstrap " + current.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .setParent(Context.root().with(bootstrap)).setAttribute(ENVIRONMENT, environment)
                        .setAttribute(STAGE, current.name()).startSpan();
            }
        }

        synchronized void outcome(BootstrapResult result) {
            if (bootstrap == null) {
                // No progress event came (nothing to do): the outcome alone still makes the bootstrap visible.
                bootstrap = tracer.spanBuilder("python bootstrap").setNoParent().setAttribute(ENVIRONMENT, environment).startSpan();
            }
            if (result instanceof BootstrapResult.Ready ready) {
                endStage(null);
                bootstrap.setAttribute(PYTHON_VERSION, ready.pythonVersion());
                bootstrap.setAttribute(INTERPRETER_SOURCE, ready.runtime().source());
                bootstrap.setAttribute(PACKAGE_COUNT, (long) ready.installedPackages().size());
                bootstrap.setAttribute(OUTCOME, "SUCCESS");
            } else if (result instanceof BootstrapResult.Failed failed) {
                endStage(failed.error().getMessage());
                failed.runtime().ifPresent(runtime -> {
                    bootstrap.setAttribute(PYTHON_VERSION, runtime.version());
                    bootstrap.setAttribute(INTERPRETER_SOURCE, runtime.source());
                });
                bootstrap.setAttribute(OUTCOME, "FAILURE");
                bootstrap.recordException(failed.error());
                bootstrap.setStatus(StatusCode.ERROR, failed.error().stage().name());
            }
            bootstrap.end();
            bootstrap = null;
        }

        /** Ends the stage span now running, failed when {@code failure} says why. */
        private void endStage(String failure) {
            if (stage != null) {
                if (failure != null) {
                    stage.setStatus(StatusCode.ERROR, failure);
                }
                stage.end();
                stage = null;
                current = null;
            }
        }
    }
}
