package io.beep.python.cli;

import io.beep.python.Secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.IOException;

/**
 * Where a command's words go. Results go to stdout: text for people, or one JSON document with
 * {@code --json}. Progress and notes go to stderr: a redrawn bar on a terminal, plain lines
 * otherwise, nothing with {@code --quiet}. Errors go to stderr always, and with {@code --json}
 * also as {@code {"error": ..., "exitCode": N}} on stdout, so a script reads one document either way.
 */
final class Output {

    /** Made on first use: an ObjectMapper costs a fresh JVM a noticeable part of a command's start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final boolean json;
    private final boolean quiet;
    private final boolean terminal;
    private final PrintStream out;
    private final PrintStream err;

    Output(boolean json, boolean quiet, boolean terminal, PrintStream out, PrintStream err) {
        this.json = json;
        this.quiet = quiet;
        this.terminal = terminal;
        this.out = out;
        this.err = err;
    }

    /** For this process: a terminal when the JVM has a console (stdin and stdout are both a terminal). */
    static Output forProcess(boolean json, boolean quiet) {
        String forced = System.getenv("BEEP_PYTHON_PROGRESS");
        boolean terminal = forced != null ? forced.equals("tty") : System.console() != null;
        return new Output(json, quiet, terminal, System.out, System.err);
    }

    boolean json() {
        return json;
    }

    boolean quiet() {
        return quiet;
    }

    /** A node to fill for {@link #result(Object)}. */
    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A result line for people; nothing with {@code --json}. {@code --quiet} keeps results. */
    void line(String text) {
        if (!json) {
            out.println(text);
        }
    }

    /** The JSON document of the result, with {@code --json}. */
    void result(Object document) {
        if (json) {
            try {
                out.println(Json.MAPPER.writeValueAsString(document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A note about what is happening (stderr), not with {@code --quiet}. */
    void note(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    /** An error for people on stderr, and with {@code --json} as a document on stdout. Credentials are masked. */
    void error(String message, int exitCode) {
        String masked = Secrets.mask(message);
        err.println("beep-python: " + masked);
        if (json) {
            ObjectNode node = object();
            node.put("error", masked);
            node.put("exitCode", exitCode);
            result(node);
        }
    }

    /** A progress renderer for this output: a bar on a terminal, plain lines otherwise, silent with {@code --quiet}. */
    Progress progress() {
        return quiet ? Progress.silent() : terminal ? Progress.bar(err) : Progress.lines(err);
    }
}
