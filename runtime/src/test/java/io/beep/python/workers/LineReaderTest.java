package io.beep.python.workers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one line splitter of both worker modes' output (issue 31 finish, D3). */
class LineReaderTest {

    private static List<String> lines(byte[] output, List<Integer> sizes) {
        List<String> lines = new ArrayList<>();
        LineReader.readLines(new ByteArrayInputStream(output), (text, bytes) -> {
            lines.add(text);
            sizes.add(bytes);
        });
        return lines;
    }

    @Test
    void splitsAtLineEndsDropsCarriageReturnsAndPassesOnTheUnfinishedLastLine() {
        List<Integer> sizes = new ArrayList<>();
        assertThat(lines("one\r\ntwo\n\nthré\nlast".getBytes(StandardCharsets.UTF_8), sizes)).containsExactly("one", "two", "", "thré", "last");
        assertThat(sizes).as("bytes as read, the \\r counted").containsExactly(4, 3, 0, 5, 4);
    }

    @Test
    void anEndlessLineComesInPiecesOfTheLongestLine() {
        byte[] output = new byte[LineReader.LONGEST_LINE * 2 + 10];
        java.util.Arrays.fill(output, (byte) 'x');
        List<String> lines = lines(output, new ArrayList<>());
        assertThat(lines).extracting(String::length).containsExactly(LineReader.LONGEST_LINE, LineReader.LONGEST_LINE, 10);
    }
}
