package io.beep.python.packages;

import io.beep.python.packages.pep508.Version;
import io.beep.python.packages.pep508.VersionSpecifier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequirementTest {

    @ParameterizedTest
    @ValueSource(strings = {"requests", "requests>=2.31", "Requests [socks, security] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"",
            "name (>=1.0, <2)", "numpy~=1.26", "pip @ https://example.org/pip-24.whl", "pip @ file:///tmp/pip.whl ; os_name == 'posix'",
            "a.b-c_d==1.0.post1.dev2+local.7", "x===weird-legacy", "x; extra == 'test'", "x ; python_version in '3.12 3.13'",
            "x; (os_name == 'nt' or sys_platform == 'linux') and platform_machine != 'arm64'", "x!=1.0.*", "x == 1!2.0rc1",
            "pywin32; sys_platform == \"win32\"", "x[]", "x ; 'linux' not in sys_platform"})
    void acceptsValidPep508(String text) {
        assertThat(Requirement.parse(text).text()).isEqualTo(text.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ">=1.0", "requests>=", "requests>=abc", "requests[socks", "requests ; bogus_var == '1'",
            "requests==1.0 extra", "pip @ not a url", "pip @ relative/path.whl", "pip @ https://x/a.whl; os_name == 'nt'",
            "x~=1", "x>=1.0.*", "x<=1.0+local", "-r requirements.txt", "--index-url https://x", "x; python_version >= ", "x; (os_name == 'nt'",
            "requests>=2.31 ; python_version >= '3.8' and", "_private", "name-", "x; 'a' == 'b'", "na me"})
    void rejectsInvalidStringsNamingThem(String text) {
        assertThatThrownBy(() -> Requirement.parse(text))
                .isInstanceOfSatisfying(PackagesException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_REQUIREMENT);
                    assertThat(e.input()).contains(text);
                    assertThat(e.getMessage()).contains("'" + text + "'").contains("PEP 508");
                });
    }

    @Test
    void errorSaysWhatIsWrong() {
        assertThatThrownBy(() -> Requirement.parse("requests>=abc")).hasMessageContaining("'abc' is not a PEP 440 version");
        assertThatThrownBy(() -> Requirement.parse("requests[socks")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Requirement.parse("x; pyhton_version > '3'")).hasMessageContaining("unknown marker variable 'pyhton_version'");
    }

    @Test
    void aBadExtraIsBlamedNotTheProjectName() {
        assertThatThrownBy(() -> Requirement.parse("six[../../x]"))
                .isInstanceOf(PackagesException.class)
                .hasMessageContaining("extra name")
                .hasMessageContaining("'../../x'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("project name"));
        assertThatThrownBy(() -> Requirement.parse("six[socks, -bad]")).hasMessageContaining("extra name").hasMessageContaining("'-bad'");
        assertThatThrownBy(() -> Requirement.parse("six[socks_]")).hasMessageContaining("the extra name 'socks_'");
    }

    @Test
    void credentialsInAUrlNeverReachTheError() {
        assertThatThrownBy(() -> Requirement.parse("pip @ https://user:t0ken@host/x.whl trailing"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("t0ken"))
                .isInstanceOfSatisfying(PackagesException.class, e -> assertThat(e.input().orElseThrow()).doesNotContain("t0ken"));
    }

    @Test
    void exposesItsParts() {
        Requirement r = Requirement.parse("Foo_Bar[Socks,Extra.One] >=1.0,<2 ; python_version >= '3.8'");
        assertThat(r.name()).isEqualTo("foo-bar");
        assertThat(r.extras()).containsExactly("socks", "extra-one");
        assertThat(r.specifiers()).extracting(VersionSpecifier::toString).containsExactly(">=1.0", "<2");
        assertThat(r.marker()).contains("python_version >= '3.8'");
        assertThat(Requirement.parse("pip @ https://h/pip.whl").url()).contains("https://h/pip.whl");
    }

    @Test
    void specifiersFollowPep440() {
        assertThat(admits("x>=1.0", "1.0")).isTrue();
        assertThat(admits("x>=1.0", "1.0rc1")).isFalse();
        assertThat(admits("x==1.0", "1.0.0")).isTrue();
        assertThat(admits("x==1.0", "1.0+cpu")).isTrue();
        assertThat(admits("x==1.0+cpu", "1.0")).isFalse();
        assertThat(admits("x==2.1.*", "2.1.7")).isTrue();
        assertThat(admits("x==2.1.*", "2.10")).isFalse();
        assertThat(admits("x!=2.1.*", "2.2")).isTrue();
        assertThat(admits("x~=2.2", "2.9")).isTrue();
        assertThat(admits("x~=2.2", "3.0")).isFalse();
        assertThat(admits("x~=2.2.1", "2.3")).isFalse();
        assertThat(admits("x<2", "2.0a1")).isFalse();
        assertThat(admits("x<2", "1.9")).isTrue();
        assertThat(admits("x>1.0", "1.0.post1")).isFalse();
        assertThat(admits("x>1.0", "1.1")).isTrue();
        assertThat(admits("x>=1.0,<2", "2.0")).isFalse();
        assertThat(admits("x>=1!1.0", "2.0")).isFalse();
        assertThat(Version.parse("1.0.dev1")).isLessThan(Version.parse("1.0a1"));
        assertThat(Version.parse("1.0a1")).isLessThan(Version.parse("1.0"));
        assertThat(Version.parse("1.0")).isLessThan(Version.parse("1.0.post1"));
        assertThat(Version.parse("1.0")).isLessThan(Version.parse("1.0+local"));
        assertThat(Version.parse("1.0")).isEqualTo(Version.parse("1.0.0")).hasSameHashCodeAs(Version.parse("1.0.0"));
    }

    @Test
    void markersEvaluateAgainstAnEnvironment() {
        Map<String, String> env = Map.of("python_version", "3.13", "python_full_version", "3.13.0", "sys_platform", "linux", "os_name", "posix");
        assertThat(applies("x; python_version >= '3.8' and sys_platform == 'linux'", env)).contains(true);
        assertThat(applies("x; python_version < '3.10'", env)).contains(false);
        assertThat(applies("x; sys_platform == 'win32' or os_name == 'posix'", env)).contains(true);
        assertThat(applies("x; platform_machine == 'x86_64'", env)).isEmpty();
        assertThat(applies("x; platform_machine == 'x86_64' and os_name == 'nt'", env)).contains(false);
        assertThat(applies("x; 'lin' in sys_platform", env)).contains(true);
    }

    private static boolean admits(String requirement, String version) {
        return Requirement.parse(requirement).parsed().admits(version);
    }

    private static Optional<Boolean> applies(String requirement, Map<String, String> env) {
        return Requirement.parse(requirement).parsed().appliesIn(env);
    }

    /** Issue 29, finding 4: 20,000 nested parentheses overflowed the parser's stack, and the bootstrap never ended. */
    @Test
    void deeplyNestedMarkerIsAnInvalidRequirementNamingTheLimit() {
        String text = "six; " + "(".repeat(20_000) + "os_name == 'posix'" + ")".repeat(20_000);
        assertThatThrownBy(() -> Requirement.parse(text))
                .isInstanceOfSatisfying(PackagesException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PackagesException.Reason.INVALID_REQUIREMENT);
                    assertThat(e.getMessage()).contains("Invalid requirement 'six; (((")
                            .contains("nests parentheses deeper than 100 levels")
                            .contains("(40023 characters)").hasSizeLessThan(1_000);
                });
        String deepestAllowed = "six; " + "(".repeat(100) + "os_name == 'posix'" + ")".repeat(100);
        assertThat(Requirement.parse(deepestAllowed).name()).isEqualTo("six");
    }

    @Test
    void longMarkerChainsEvaluateWithoutRecursingPerTerm() {
        String chain = String.join(" and ", java.util.Collections.nCopies(50_000, "os_name == 'posix'"));
        Requirement r = Requirement.parse("six; " + chain + " or os_name == 'nt'");
        assertThat(io.beep.python.packages.pep508.Pep508Parser.parseMarker(r.marker().orElseThrow()).evaluate(Map.of("os_name", "posix")))
                .contains(true);
        assertThat(io.beep.python.packages.pep508.Pep508Parser.parseMarker("os_name == 'nt' and os_name == 'posix' or extra == 'x'")
                .evaluate(Map.of("os_name", "posix"))).isEmpty();
    }
}
