package io.beep.python.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.beep.python.testing.RandomInputs;
import io.beep.python.packages.pep508.Pep508Parser;
import io.beep.python.packages.pep508.Version;

import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * Random requirement strings and version specifiers: the parsers accept them or raise their
 * documented error naming the input, and never anything else. Seeded, so a failure replays.
 */
class HostileRequirementPropertiesTest {

    private static final long SEED = 20261201L;
    private static final Map<String, String> ENVIRONMENT = Map.of("python_version", "3.13", "python_full_version", "3.13.5",
            "sys_platform", "linux", "platform_system", "Linux", "os_name", "posix", "implementation_name", "cpython",
            "platform_machine", "x86_64", "extra", "");

    @Test
    void anyStringIsAParsedRequirementOrAnInvalidRequirementErrorNamingIt() {
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        RandomInputs.strings(SEED, 20_000, 60).forEach(text -> {
            Requirement parsed;
            try {
                parsed = Requirement.parse(text);
            } catch (PackagesException e) {
                assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_REQUIREMENT);
                assertThat(e.getMessage()).startsWith("Invalid requirement");
                return;
            } catch (RuntimeException e) {
                throw new AssertionError("Requirement.parse(" + quoted(text) + ") threw " + e, e);
            }
            try {
                parsed.extras();
                parsed.specifiers().forEach(s -> s.contains(Version.parse("1.0")));
                parsed.marker().ifPresent(m -> Pep508Parser.parseMarker(m).evaluate(ENVIRONMENT));
                assertThat(Requirement.parse(parsed.text()).name()).isEqualTo(parsed.name());
                accepted.incrementAndGet();
            } catch (RuntimeException e) {
                fail("A parsed requirement " + quoted(text) + " fails later: " + e, e);
            }
        });
        // Names alone are valid requirements, so a good share of the inputs must reach the checks after parsing.
        System.out.println("random requirement strings accepted: " + accepted.get() + " of 20000");
        assertThat(accepted.get()).isGreaterThan(100);
    }

    @Test
    void anyStringIsAVersionOrNoneAndNeverAnException() {
        RandomInputs.strings(SEED + 1, 20_000, 30).forEach(text -> {
            try {
                Version.tryParse(text).ifPresent(v -> assertThat(v.compareTo(v)).isZero());
            } catch (RuntimeException e) {
                throw new AssertionError("Version.tryParse(" + quoted(text) + ") threw " + e, e);
            }
        });
    }

    @Test
    void specifierSetsOfRandomOperatorsAndVersionsParseOrFailAsInvalidRequirements() {
        String[] operators = {"==", ">=", "<=", "~=", "!=", "===", "<", ">", "=", "=>", ""};
        RandomInputs versions = new RandomInputs(SEED + 2);
        java.util.Random random = new java.util.Random(SEED + 3);
        for (int i = 0; i < 10_000; i++) {
            String spec = "demo" + operators[random.nextInt(operators.length)] + versions.next(12)
                    + (random.nextBoolean() ? "," + operators[random.nextInt(operators.length)] + versions.next(12) : "");
            try {
                Requirement.parse(spec).specifiers().forEach(s -> s.contains(Version.parse("2.0")));
            } catch (PackagesException e) {
                assertThat(e.getMessage()).startsWith("Invalid requirement");
            } catch (RuntimeException e) {
                throw new AssertionError("Requirement.parse(" + quoted(spec) + ") threw " + e, e);
            }
        }
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\u0000", "\\0") + "\"";
    }
}
