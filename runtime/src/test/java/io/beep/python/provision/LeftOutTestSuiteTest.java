package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provisioning leaves out the standard library's regression tests. That is safe only if the interpreter still
 * passes them as a plain copy of the same jar does: CPython's own suite, taken from the plain copy, runs against
 * both (its modules on the areas an unpacked interpreter touches: venv, site, sysconfig, ensurepip, sqlite3, ctypes,
 * compileall, zipimport), and the two must fail exactly the same cases (the plain copy fails a few of its own).
 */
class LeftOutTestSuiteTest {

    private static final List<String> SUITE = List.of("test_venv", "test_site", "test_sysconfig", "test_ensurepip",
            "test_sqlite3", "test_ctypes", "test_compileall", "test_zipimport");

    @TempDir
    Path work;

    @Test
    void theProvisionedInterpreterPassesTheRegressionTestsItLeftOutAsAPlainCopyDoes() throws Exception {
        ProvisionedPython trimmed = Fixtures.provisioner(work.resolve("home"), new ProcessRunner(), TestPython.localMavenRepository())
                .provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none());
        Path plain = work.resolve("plain");
        SafeExtractor.extract(TestPython.jar(), ArchiveFormat.JAR, plain, "org/bytedeco/cpython/" + TestPython.CLASSIFIER + "/",
                Cancellation.none());
        InterpreterLayout layout = new InterpreterLayout(io.beep.python.fs.Platform.current());
        layout.restoreExecutableBits(plain);
        assertThat(trimmed.installDir().resolve("lib/python3.13/test")).as("left out").doesNotExist();
        Path suite = Files.createDirectories(work.resolve("suite"));
        Files.createSymbolicLink(suite.resolve("test"), plain.resolve("lib/python3.13/test"));

        Outcome ofPlain = runSuite(layout.executable(plain), suite, "plain");
        Outcome ofTrimmed = runSuite(trimmed.executable(), suite, "trimmed");

        assertThat(ofPlain.cases()).as("the suite ran").isGreaterThan(500);
        assertThat(ofTrimmed.cases()).isEqualTo(ofPlain.cases());
        assertThat(ofTrimmed.failed()).as("the cases that fail").isEqualTo(ofPlain.failed());
    }

    /** Cases run, and the names of those that failed or erred. */
    private record Outcome(int cases, Set<String> failed) {
    }

    /** Runs {@link #SUITE} with the plain copy's {@code test} package, as CPython's developers do, in a directory of its own. */
    private Outcome runSuite(Path python, Path suite, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve("run-" + name));
        Path report = dir.resolve("report.xml");
        List<String> argv = new java.util.ArrayList<>(List.of(python.toString(), "-m", "test", "-j2", "--junit-xml", report.toString()));
        argv.addAll(SUITE);
        ProcessResult result = new ProcessRunner().run(new ProcessSpec(argv, Optional.of(dir),
                Map.of("PYTHONPATH", suite.toString(), "HOME", dir.toString()), Duration.ofMinutes(10)));
        assertThat(report).as("%s: %s", name, tail(result.stdout() + result.stderr())).isRegularFile();
        return parse(report);
    }

    private static Outcome parse(Path report) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
        Set<String> failed = new TreeSet<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            if (testCase.getElementsByTagName("failure").getLength() + testCase.getElementsByTagName("error").getLength() > 0) {
                failed.add(testCase.getAttribute("name"));
            }
        }
        return new Outcome(cases.getLength(), failed);
    }

    private static String tail(String output) {
        return output.length() <= 2000 ? output : output.substring(output.length() - 2000);
    }
}
