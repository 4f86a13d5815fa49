package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class MarkerJsonTest {

    @TempDir
    Path dir;

    @Test
    void valuesThatNeedEscapingReadBackAsWritten() throws Exception {
        Map<String, String> fields = MarkerJson.orderedFields();
        fields.put("schemaVersion", "1.0");
        fields.put("python", "C:\\Program Files\\\"quoted\" dir\\python.exe");
        fields.put("control", "tab\there\nnewline\r\u0001bell-ish é ü 水");
        fields.put("absent", null);
        Path file = dir.resolve("marker.json");
        Files.write(file, new MarkerJson(fields, Map.of("id", "a\"b", "name", "\\"), Map.of("pip", "25.1.1", "numpy", "2.0")).bytes());

        MarkerJson read = MarkerJson.read(file);

        assertThat(read.fields()).containsEntry("python", fields.get("python")).containsEntry("control", fields.get("control"))
                .containsEntry("schemaVersion", "1.0").doesNotContainKey("absent");
        assertThat(read.runtime()).containsExactlyInAnyOrderEntriesOf(Map.of("id", "a\"b", "name", "\\"));
        assertThat(read.packages()).containsExactlyInAnyOrderEntriesOf(Map.of("pip", "25.1.1", "numpy", "2.0"));
    }

    @Test
    void emptyObjectsAreValidJson() throws Exception {
        Map<String, String> fields = MarkerJson.orderedFields();
        fields.put("schemaVersion", "1.0");
        Path file = dir.resolve("marker.json");
        Files.write(file, new MarkerJson(fields, Map.of(), Map.of()).bytes());

        MarkerJson read = MarkerJson.read(file);

        assertThat(read.fields()).containsEntry("schemaVersion", "1.0");
        assertThat(read.runtime()).isEmpty();
        assertThat(read.packages()).isEmpty();
    }
}
