package io.beep.python.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived CPython process running {@code worker.py}, used by one dispatcher thread at a time.
 * <p>
 * The process room's {@code ProcessRunner} runs processes to completion; a worker lives as long as the
 * pool and talks over its pipes, so it is started here with {@link ProcessBuilder} directly (an argv
 * list, no shell).
 */
final class Worker {

    /** A frame whose length prefix passes the pool's limit: refused before its body is read (the channel is then out of step). */
    static final class OversizedFrame extends IOException {
        final long length;

        OversizedFrame(long length, MessageLimit limit) {
            super("a frame of " + length + " bytes, over the limit of " + limit.bytes());
            this.length = length;
        }
    }

    private final String tag;
    private final int index;
    private final Process process;
    private final OutputStream toWorker;
    /** Chunks of borrowed arrays on their way out (see {@link Frame.Segment}); one dispatcher thread writes at a time. */
    private final byte[] scratch = Frame.scratch();
    private final DataInputStream fromWorker;
    private final WorkerOutput output;
    private final MessageLimit limit;
    private final ObjectMapper json;
    private int calls;

    private Worker(String tag, int index, Process process, ObjectMapper json, WorkerCommand command) {
        this.tag = tag;
        this.index = index;
        this.process = process;
        this.json = json;
        this.limit = new MessageLimit(command.options().maxMessageSize());
        this.toWorker = process.getOutputStream();
        this.fromWorker = new DataInputStream(process.getInputStream());
        this.output = WorkerOutput.start(tag, process.getErrorStream(), command.loggedOutputLimit());
    }

    /**
     * The call rules shared with the in-process engine (rules.py), sent in the start frame: the worker has only its own
     * script on disk (a shared file in the temporary directory), and the engine runs the same text inside the JVM.
     */
    private static final String RULES = readRules();

    private static String readRules() {
        try (java.io.InputStream in = Worker.class.getResourceAsStream("rules.py")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("rules.py is missing from the extension's jar", e);
        }
    }

    /** Starts the process and sends its start frame; {@link #awaitReady()} reads the answer. */
    static Worker launch(WorkerCommand command, Path script, int index, ObjectMapper json) {
        List<String> argv = List.of(command.python().toString(), script.toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTHONIOENCODING", "utf-8:backslashreplace");
        env.putAll(command.environmentVariables());
        env.put("PYTHONUNBUFFERED", "1");
        // The one door's cleaned environment: PYTHONPATH, PYTHONINSPECT & co. of the JVM must not reach a worker either.
        ProcessBuilder builder = new ProcessRunner().builder(ProcessSpec.of(argv).withEnvironment(env));
        String tag = command.environment() + " worker " + index;
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WorkerException(WorkerException.Reason.WORKER_START_FAILED, command.python().toString(),
                    "Cannot start " + tag + " with " + command.python() + ": " + e.getMessage(), e);
        }
        Worker worker = new Worker(tag, index, process, json, command);
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("path", command.options().pythonPath().stream().map(p -> p.toAbsolutePath().toString()).toList());
        init.put("preload", command.options().preload());
        init.put("max_message", command.options().maxMessageSize());
        init.put("rules", RULES);
        try {
            // The JVM's own frame, carrying rules.py: not held to the pool's limit on calls (which may be smaller).
            Frame.json(json.writeValueAsBytes(init)).writeTo(worker.toWorker, worker.scratch);
        } catch (IOException e) {
            worker.kill();
            throw worker.startFailed(command, e);
        }
        return worker;
    }

    /** Waits for the answer to the start frame: the preloads are imported, or the first that failed is named. */
    void awaitReady(WorkerCommand command) {
        JsonNode hello;
        try {
            hello = receive().header();
        } catch (IOException e) {
            kill();
            throw startFailed(command, e);
        }
        if (!hello.path("ok").asBoolean(false)) {
            kill();
            String module = hello.path("module").asText("?");
            throw new WorkerException(WorkerException.Reason.PRELOAD_FAILED, module,
                    "Preload module '" + module + "' failed to import in " + tag + ": " + hello.path("type").asText() + ": "
                            + hello.path("message").asText() + "\n" + hello.path("traceback").asText());
        }
    }

    private WorkerException startFailed(WorkerCommand command, IOException e) {
        return new WorkerException(WorkerException.Reason.WORKER_START_FAILED, command.python().toString(),
                tag + " (" + command.python() + ") did not start: " + death() + stderrTail(), e);
    }

    void send(Frame frame) throws IOException {
        long length = frame.length();
        if (limit.exceededBy(length)) {
            // WorkerPool refuses such arguments before they are queued; this keeps the worker's side of the limit true too.
            throw new OversizedFrame(length, limit);
        }
        frame.writeTo(toWorker, scratch);
    }

    /** A frame read from the worker: its JSON header, and the raw array segments its {@code "arrays"} list describes. */
    record Reply(JsonNode header, List<ByteBuffer> segments) {
    }

    /** The next frame from the worker (layout: {@link Frame}); {@link EOFException} when its channel closed (it died). */
    Reply receive() throws IOException {
        long length = Integer.toUnsignedLong(fromWorker.readInt());
        if (limit.exceededBy(length)) {
            throw new OversizedFrame(length, limit);
        }
        long headerLength = Integer.toUnsignedLong(fromWorker.readInt());
        if (headerLength > length - 4) {
            throw new IOException("a frame of " + length + " bytes announces a header of " + headerLength + " bytes");
        }
        byte[] body = new byte[(int) headerLength];
        fromWorker.readFully(body);
        long rest = length - 4 - headerLength;
        // A header Jackson refuses leaves the segments unread: the slot then replaces the worker, so the channel is not reused.
        JsonNode header = json.readTree(body);
        List<ByteBuffer> segments = new ArrayList<>();
        for (JsonNode array : header.path("arrays")) {
            long n = array.path("length").asLong(-1);
            if (n < 0 || n > rest) {
                throw new IOException("an array segment of " + n + " bytes does not fit the " + rest + " bytes left in its frame");
            }
            byte[] bytes = new byte[(int) n];
            fromWorker.readFully(bytes);
            segments.add(ByteBuffer.wrap(bytes));
            rest -= n;
        }
        if (rest != 0) {
            throw new IOException("a frame holds " + rest + " bytes its header does not describe");
        }
        return new Reply(header, segments);
    }

    int countCall() {
        return ++calls;
    }

    int index() {
        return index;
    }

    String tag() {
        return tag;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How the process ended, once it did: "exited with code 3", "killed by signal 9". */
    String death() {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                return "stopped answering (still running)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stopped answering";
        }
        int code = process.exitValue();
        // On POSIX the JDK reports a death by signal N as 128 + N.
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        if (!windows && code > 128 && code < 128 + 65) {
            return "killed by signal " + (code - 128);
        }
        return "exited with code " + code;
    }

    /** The worker's last lines of output, for a message about its death. */
    String stderrTail() {
        List<String> lines = output.lastLines(200);
        return lines.isEmpty() ? "" : "; its last output:\n" + String.join("\n", lines);
    }

    MessageLimit limit() {
        return limit;
    }

    /** Kills the process and every process it started. */
    void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Waits, bounded, until a killed process (and so its handle) is gone. */
    void awaitExit() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the channel (the worker exits on EOF, signalling its process group) and kills the process if it is still
     * running after {@code grace}; then kills what its calls started and left running, so that nothing outlives the pool.
     */
    void stop(long graceMillis) {
        List<ProcessHandle> started = startedProcesses();
        closeChannel();
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                kill();
                awaitExit();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        killLeftOvers(started);
    }

    /** As {@link #stop(long)}, without waiting: a recycled worker finishes exiting on its own. */
    void retire(java.util.concurrent.ScheduledExecutorService timer, long graceMillis) {
        List<ProcessHandle> started = startedProcesses();
        closeChannel();
        timer.schedule(() -> {
            if (process.isAlive()) {
                kill();
            }
            killLeftOvers(started);
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Taken before the worker exits: once it has, its children belong to init and are no longer its
     * descendants. (A handle also knows its process's start time, so a reused pid is never killed.)
     */
    private List<ProcessHandle> startedProcesses() {
        return process.toHandle().descendants().toList();
    }

    /** The worker asked its group to stop on exit (worker.py); one that ignored that, or left the group, is killed now. */
    private static void killLeftOvers(List<ProcessHandle> started) {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void closeChannel() {
        try {
            toWorker.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
