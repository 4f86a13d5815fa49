package io.beep.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Masking is linear in its input (issue 29, finding 5: the URL pattern backtracked from every start,
 * minutes for 100,000 letters) and masks exactly what the pattern it replaces masked.
 */
class SecretsTest {

    /** The pattern masking used before: the reference for what must be masked, on inputs small enough for it. */
    private static final Pattern OLD_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s\"']+@");
    private static final Pattern OLD_TOKEN_PARAMETER = Pattern.compile(
            "(?i)([?&](?:token|access_token|api[_-]?key|key|password|secret|sig|signature|x-amz-signature|x-amz-credential)=)[^&\\s\"']+");
    private static final int MEGABYTE = 1_000_000;

    @Test
    void masksUserInfoAndTokenParameters() {
        assertThat(Secrets.mask("pip @ https://user:t0ken@host/x.whl")).isEqualTo("pip @ https://***@host/x.whl");
        assertThat(Secrets.mask("1git+ssh://me@github.com/x and http://a:b@h:1/s?token=abc&x=1"))
                .isEqualTo("1git+ssh://***@github.com/x and http://***@h:1/s?token=***&x=1");
        assertThat(Secrets.mask("no secret here://@host, file:///tmp/x, 'http://u:p@h'")).isEqualTo("no secret here://@host, file:///tmp/x, 'http://***@h'");
        assertThat(Secrets.mask(null)).isNull();
    }

    @Test
    void masksExactlyWhatTheFormerPatternMasked() {
        String alphabet = "aZ9+.-:/@ \t\"'?&=xtokenTOKENkey";
        Random random = new Random(20261207L);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(6) == 0 ? "://" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String input = text.toString();
            String expected = OLD_TOKEN_PARAMETER.matcher(OLD_USER_INFO.matcher(input).replaceAll("$1***@")).replaceAll("$1***");
            assertThat(Secrets.mask(input)).as("mask(\"%s\")", input).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a:", "a+", "a1.-", "a://", "a://x", "?token=x", "a://:"})
    void masksAMegabyteOfARepeatedShapeWithinTwoSeconds(String shape) {
        String text = shape.repeat(MEGABYTE / shape.length());
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Secrets.mask(text));
        // None of the shapes holds user info; the first token parameter's value runs to the end.
        assertThat(masked).isEqualTo(shape.startsWith("?") ? "?token=***" : text);
    }

    @Test
    void masksAMegabyteOfLettersBeforeAUrlWithinTwoSeconds() {
        String text = "a".repeat(MEGABYTE / 2) + "://" + ":".repeat(MEGABYTE / 2) + " http://u:p@h";
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Secrets.mask(text));
        assertThat(masked).endsWith(" http://***@h");
    }
}
