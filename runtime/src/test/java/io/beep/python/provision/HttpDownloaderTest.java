package io.beep.python.provision;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpDownloaderTest {

    final HttpClient client = HttpClient.newHttpClient();

    @Test
    void plainHttpIsAllowedOnlyToLoopbackByDefault() {
        HttpDownloader strict = new HttpDownloader(client, DownloadPolicy.defaults(), false);

        assertThatCode(() -> strict.requireAllowed(URI.create("https://repo.example.com/x.jar"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.requireAllowed(URI.create("http://127.0.0.1:8080/x.jar"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.requireAllowed(URI.create("http://localhost/x.jar"))).doesNotThrowAnyException();
        assertThatCode(() -> strict.requireAllowed(URI.create("http://[::1]:8080/x.jar"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> strict.requireAllowed(URI.create("http://nexus.corp/x.jar"))).hasMessageContaining("must use HTTPS");
        assertThatThrownBy(() -> strict.requireAllowed(URI.create("ftp://nexus.corp/x.jar"))).hasMessageContaining("must use HTTPS");
        assertThatThrownBy(() -> strict.requireAllowed(URI.create("file:///etc/passwd"))).hasMessageContaining("must use HTTPS");
    }

    @Test
    void allowingInsecureHttpOpensPlainHttpButNothingElse() {
        HttpDownloader lenient = new HttpDownloader(client, DownloadPolicy.defaults(), true);

        assertThatCode(() -> lenient.requireAllowed(URI.create("http://nexus.corp/x.jar"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> lenient.requireAllowed(URI.create("file:///etc/passwd"))).isInstanceOf(DownloadException.class);
    }

    @Test
    void aNameThatMerelyLooksLocalIsNotLoopback() {
        assertThat(HttpDownloader.isLoopback("127.0.0.1.nip.io")).isFalse();
        assertThat(HttpDownloader.isLoopback("localhost.example.com")).isFalse();
        assertThat(HttpDownloader.isLoopback("127.0.0.2")).isTrue();
    }

    @Test
    void credentialsAreStrippedFromTheRequestUrl() {
        assertThat(HttpDownloader.withoutUserInfo(URI.create("https://user:p%40ss@nexus.corp/repo/x.jar")))
                .isEqualTo(URI.create("https://nexus.corp/repo/x.jar"));
    }

    @Test
    void contentRangeIsParsed() {
        assertThat(TargetSubscriber.rangeStart("bytes 100-199/1000")).isEqualTo(100);
        assertThat(TargetSubscriber.rangeTotal("bytes 100-199/1000")).isEqualTo(1000);
        assertThat(TargetSubscriber.rangeTotal("bytes 100-199/*")).isEqualTo(-1);
    }

    @Test
    void backOffDoublesUpToItsCeiling() {
        DownloadPolicy policy = DownloadPolicy.defaults();

        assertThat(policy.backoff(1).toMillis()).isEqualTo(500);
        assertThat(policy.backoff(2).toMillis()).isEqualTo(1000);
        assertThat(policy.backoff(30)).isEqualTo(policy.maxBackoff());
    }
}
