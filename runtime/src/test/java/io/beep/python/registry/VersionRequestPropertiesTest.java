package io.beep.python.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.testing.RandomInputs;

import org.junit.jupiter.api.Test;

/** Random python-version requests: a request, or the documented error naming it; matching and ordering never throw. */
class VersionRequestPropertiesTest {

    @Test
    void anyStringIsARequestOrAnInvalidVersionRequestErrorAndMatchingNeverThrows() {
        RandomInputs.strings(20261201L, 20_000, 24).forEach(text -> {
            try {
                Versions.Request request = Versions.parseRequest(text);
                Versions.matches("3.13.5", request.version());
                Versions.compare(text, "3.13.5");
            } catch (RegistryException e) {
                assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_VERSION_REQUEST);
                assertThat(e.getMessage()).contains(text);
            } catch (RuntimeException e) {
                throw new AssertionError("python-version \"" + text + "\" threw " + e, e);
            }
        });
    }
}
