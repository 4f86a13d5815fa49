package io.beep.python.packages;

import io.beep.python.Secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an index cannot be reached, pip says only "Could not find a version that satisfies the
 * requirement X (from versions: none)", as if the package did not exist. This reads the connection
 * warnings pip printed before that line; without any (pip's {@code retries=0}, or uv), it probes the
 * index URLs itself. The result is one line naming the index (credentials masked) and why.
 */
final class UnreachableIndex {

    private static final Pattern NOTHING_FOUND = Pattern.compile(
            "from versions: none|No matching distribution found|not found in the package registry");
    private static final Pattern RETRY_WARNING = Pattern.compile("after connection broken by '(.*)': (\\S+)\\s*$");
    private static final Pattern LOOKING_IN = Pattern.compile("^Looking in indexes: (.+)$", Pattern.MULTILINE);
    private static final Pattern OBJECT_REPR = Pattern.compile("<[\\w.]+ object at 0x[0-9a-f]+>: ");
    private static final Pattern CONNECTION_FAILURE = Pattern.compile("Failed to establish a new connection: ([^'\"]+)");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private UnreachableIndex() {
    }

    /** One line for the user when {@code output} says nothing was found because an index could not be reached. */
    static Optional<String> explain(String output, PackageSources sources) {
        if (output == null || !NOTHING_FOUND.matcher(output).find() || sources.offline()) {
            return Optional.empty();
        }
        List<String> indexes = indexes(output, sources);
        Optional<String> reason = output.lines().map(RETRY_WARNING::matcher).filter(Matcher::find).map(m -> reason(m.group(1)))
                .reduce((first, later) -> later);
        if (reason.isPresent()) {
            String where = indexes.isEmpty() ? "The package index" : "The package index " + String.join(", ", indexes);
            return Optional.of(sentence(where, reason.get()));
        }
        for (String index : indexes) {
            Optional<String> failure = probe(index);
            if (failure.isPresent()) {
                return Optional.of(sentence("The package index " + index, failure.get()));
            }
        }
        return Optional.empty();
    }

    private static String sentence(String where, String reason) {
        return "ERROR: " + Secrets.mask(where) + " could not be reached (" + Secrets.mask(reason) + "), so no version could be"
                + " found there; check the index URL, the network and the proxy settings.";
    }

    /** The index URLs, masked: the ones we passed, else those pip said it looked in. */
    private static List<String> indexes(String output, PackageSources sources) {
        Set<String> urls = new LinkedHashSet<>();
        sources.indexUrl().ifPresent(urls::add);
        urls.addAll(sources.extraIndexUrls());
        if (urls.isEmpty()) {
            Matcher looking = LOOKING_IN.matcher(output);
            if (looking.find()) {
                for (String url : looking.group(1).split(",")) {
                    urls.add(url.strip());
                }
            }
        }
        List<String> masked = new ArrayList<>();
        urls.forEach(url -> masked.add(Secrets.mask(url)));
        return masked;
    }

    /** {@code NewConnectionError('<... object at 0x..>: Failed to establish a new connection: [Errno 111] Connection refused')} -> the errno part. */
    static String reason(String raw) {
        Matcher connection = CONNECTION_FAILURE.matcher(raw);
        if (connection.find()) {
            return connection.group(1).strip();
        }
        return OBJECT_REPR.matcher(raw).replaceAll("");
    }

    /** Empty when the index answers at all (any HTTP status: it was reached); the failure otherwise. */
    private static Optional<String> probe(String maskedOrPlainUrl) {
        URI uri;
        try {
            uri = URI.create(maskedOrPlainUrl.replaceFirst("//[^/@]*@", "//"));
        } catch (IllegalArgumentException e) {
            return Optional.of("not a valid URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase().startsWith("http")) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            client.send(HttpRequest.newBuilder(uri).timeout(PROBE_TIMEOUT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (java.net.ConnectException e) {
            return Optional.of("connection refused");
        } catch (java.net.http.HttpConnectTimeoutException e) {
            return Optional.of("no connection within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (javax.net.ssl.SSLException e) {
            return Optional.of("TLS failure: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
