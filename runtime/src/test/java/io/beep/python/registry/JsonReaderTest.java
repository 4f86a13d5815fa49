package io.beep.python.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

class JsonReaderTest {

    private static Map<String, Object> read(String text) throws IOException {
        return JsonReader.readObject(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKindOfValueAsPlainJavaValues() throws IOException {
        Map<String, Object> root = read(" {\n \"s\" : \"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00 水\", \"i\": -42, \"big\": 1796159512785,"
                + " \"d\": 1.5e3, \"t\": true, \"f\": false, \"n\": null, \"list\": [1, \"x\", [], {}], \"o\": {\"k\": \"v\"}, \"s\": \"again\" } ");

        assertThat(root).containsEntry("s", "again").containsEntry("i", -42L).containsEntry("big", 1796159512785L)
                .containsEntry("d", 1500.0).containsEntry("t", true).containsEntry("f", false).containsEntry("n", null)
                .containsEntry("list", Arrays.asList(1L, "x", List.of(), Map.of())).containsEntry("o", Map.of("k", "v"));
        assertThat(read("{\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00 水\"}")).containsEntry("s", "a\"b\\c/d\n\té\uD83D\uDE00 水");
        assertThat(root.keySet()).containsExactly("s", "i", "big", "d", "t", "f", "n", "list", "o");
    }

    @Test
    void aDocumentThatIsNoObjectReadsAsNull() throws IOException {
        assertThat(read("")).isNull();
        assertThat(read("  [1, 2]")).isNull();
        assertThat(read("\"text\"")).isNull();
        assertThat(JsonReader.readObject("\uFEFF{\"a\": 1}".getBytes(StandardCharsets.UTF_8))).containsEntry("a", 1L);
    }

    @Test
    void invalidTextIsAnError() {
        for (String bad : List.of("{", "{\"a\" 1}", "{\"a\": 1,}", "{\"a\": tru}", "{\"a\": \"unterminated}", "{\"a\": 01}",
                "{\"a\": -}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"tab\there\"}", "{\"a\": 99999999999999999999}", "nonsense",
                "{\"a\": 1} trailing", "{".repeat(5000))) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> read("{\"a\": 1} {}")).isInstanceOf(RuntimesJson.UnexpectedContent.class);
    }
}
