package io.beep.python.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;


import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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

    private static final System.Logger LOG = System.getLogger(WorkerPool.class.getName());
    private static final int KEPT_STDERR_LINES = 20;
    /** A frame larger than this is a broken channel, not a result. */
    private static final int MAX_FRAME = 512 * 1024 * 1024;

    private final String tag;
    private final int index;
    private final Process process;
    private final OutputStream toWorker;
    private final DataInputStream fromWorker;
    private final Thread stderrPump;
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private final ObjectMapper json;
    private int calls;

    private Worker(String tag, int index, Process process, ObjectMapper json) {
        this.tag = tag;
        this.index = index;
        this.process = process;
        this.json = json;
        this.toWorker = process.getOutputStream();
        this.fromWorker = new DataInputStream(process.getInputStream());
        this.stderrPump = new Thread(this::pumpStderr, "beep-python-" + tag.replace(' ', '-') + "-stderr");
        this.stderrPump.setDaemon(true);
        this.stderrPump.start();
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
        Worker worker = new Worker(tag, index, process, json);
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("path", command.options().pythonPath().stream().map(p -> p.toAbsolutePath().toString()).toList());
        init.put("preload", command.options().preload());
        try {
            worker.send(json.writeValueAsBytes(init));
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
            hello = receive();
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

    void send(byte[] body) throws IOException {
        byte[] frame = new byte[4 + body.length];
        frame[0] = (byte) (body.length >>> 24);
        frame[1] = (byte) (body.length >>> 16);
        frame[2] = (byte) (body.length >>> 8);
        frame[3] = (byte) body.length;
        System.arraycopy(body, 0, frame, 4, body.length);
        toWorker.write(frame);
        toWorker.flush();
    }

    /** The next frame from the worker; {@link EOFException} when its channel closed (it died). */
    JsonNode receive() throws IOException {
        int length = fromWorker.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("a frame of " + Integer.toUnsignedString(length) + " bytes: the channel is broken");
        }
        byte[] body = new byte[length];
        fromWorker.readFully(body);
        return json.readTree(body);
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
        try {
            stderrPump.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> lines;
        synchronized (lastStderr) {
            lines = new ArrayList<>(lastStderr);
        }
        return lines.isEmpty() ? "" : "; its last output:\n" + String.join("\n", lines);
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

    /** Closes the channel (the worker exits on EOF) and kills the process if it is still running after {@code grace}. */
    void stop(long graceMillis) {
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
    }

    /** As {@link #stop(long)}, without waiting: a recycled worker finishes exiting on its own. */
    void retire(java.util.concurrent.ScheduledExecutorService timer, long graceMillis) {
        closeChannel();
        timer.schedule(() -> {
            if (process.isAlive()) {
                kill();
            }
        }, graceMillis, TimeUnit.MILLISECONDS);
    }

    private void closeChannel() {
        try {
            toWorker.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void pumpStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.log(Level.INFO, "[{0}] {1}", tag, line);
                synchronized (lastStderr) {
                    if (lastStderr.size() == KEPT_STDERR_LINES) {
                        lastStderr.removeFirst();
                    }
                    lastStderr.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }
}
