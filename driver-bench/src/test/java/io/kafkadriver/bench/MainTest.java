package io.kafkadriver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo main: starts the embedded broker, round-trips records, reports and exits 0. */
class MainTest {

    @Test
    void demoRoundTripsRecordsAndExitsZero() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new CommandLine(new Main(out)).execute("--records", "7", "--topic", "main-test");
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        assertTrue(report.matches("(?s)Kafka broker ready at localhost:\\d+ .*started in \\d+ ms.*"), report);
        assertTrue(report.contains("Produced 7 records to 'main-test' and read back 7 (7 intact)"), report);
    }
}
