package io.beep.python.provision;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Keeps the body flowing into a target, remembers when bytes last arrived, and checks where a {@code 206} resumed. */
final class TargetSubscriber implements HttpResponse.BodySubscriber<Void> {
    private final DownloadTarget target;
    private final DownloadListener listener;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    private final long expectedEnd;
    private final long total;
    private volatile java.util.concurrent.Flow.Subscription subscription;
    private volatile long lastActivity = System.nanoTime();
    private long done;

    TargetSubscriber(DownloadTarget target, DownloadListener listener, HttpResponse.ResponseInfo info, long offset) {
        this.target = target;
        this.listener = listener;
        long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        long start = 0;
        if (info.statusCode() == 206) {
            start = info.headers().firstValue("Content-Range").map(TargetSubscriber::rangeStart).orElse(-1L);
        }
        IOException problem = null;
        try {
            if (info.statusCode() == 200 && offset > 0) {
                target.reset(); // The server ignored our Range: it sends the whole file.
            } else if (info.statusCode() == 206 && start != offset) {
                target.reset();
                problem = new IOException("server resumed at byte " + start + " instead of " + offset);
            }
        } catch (IOException e) {
            problem = e;
        }
        this.done = problem == null ? start : 0;
        this.expectedEnd = length < 0 ? -1 : done + length;
        this.total = info.statusCode() == 206
                ? info.headers().firstValue("Content-Range").map(TargetSubscriber::rangeTotal).orElse(expectedEnd)
                : expectedEnd;
        if (problem != null) {
            body.completeExceptionally(problem);
        }
    }

    long expectedEnd() {
        return expectedEnd;
    }

    long lastActivity() {
        return lastActivity;
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
        subscription = s;
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastActivity = System.nanoTime();
        try {
            for (ByteBuffer buffer : buffers) {
                done += buffer.remaining();
                target.write(buffer);
            }
            listener.progress(done, total);
        } catch (IOException e) {
            abort(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        closeTarget();
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        closeTarget();
        body.complete(null);
    }

    void abort(IOException reason) {
        java.util.concurrent.Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        closeTarget();
        body.completeExceptionally(reason);
    }

    private void closeTarget() {
        try {
            target.close();
        } catch (IOException ignored) {
            // The next attempt reopens the file and measures what reached the disk.
        }
    }

    /** {@code bytes 100-199/1000} gives 100. */
    static long rangeStart(String contentRange) {
        try {
            String spec = contentRange.trim().substring("bytes".length()).trim();
            return Long.parseLong(spec.substring(0, spec.indexOf('-')).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** {@code bytes 100-199/1000} gives 1000; {@code *} gives -1. */
    static long rangeTotal(String contentRange) {
        try {
            return Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1).trim());
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
