package dev.tape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tape.connectors.ConnectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags and usage errors: exit 2 with "tape-outbox-java: error: ..." and nothing dispatched. */
class TapeOutboxTest {
  record Ran(int code, String out, String err) {}

  private static Ran run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TapeOutbox.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            new ConnectorRegistry());
    return new Ran(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void usageError(String expected, String... args) {
    Ran ran = run(Map.of(), args);
    assertEquals(2, ran.code(), ran.err());
    assertTrue(ran.err().contains("tape-outbox-java: error: " + expected), ran.err());
    assertEquals("", ran.out());
  }

  @Test
  void usageErrorsExit2() {
    usageError("unrecognized arguments: --bogus", "--bogus");
    usageError("argument --url: expected one argument", "--url");
    usageError("argument --interval: must be an integer >= 1, not '0'", "--interval", "0");
    usageError("argument --max-attempts: must be an integer >= 1, not 'x'", "--max-attempts", "x");
    usageError("argument --once: ignored explicit argument 'yes'", "--once=yes");
    usageError("--url must be tape://host:port", "--url", "http://h:1");
    usageError("argument --register-http-connector: expected NAME=URL, not 'bank'", "--register-http-connector", "bank");
    usageError("argument --register-http-connector: expected NAME=URL, not 'https://***@h/x'",
        "--register-http-connector", "https://user:hunter22hunter@h/x");
    usageError("argument --register-http-connector: connector 'b' given twice",
        "--register-http-connector", "b=http://h/1", "--register-http-connector", "b=http://h/2");
    usageError("HttpConnector \"b\": endpoint must be an http(s):// URL", "--register-http-connector", "b=ftp://h/x");
  }

  @Test
  void tapeUrlIsTheDefaultUrlAndABadOneIsAUsageError() {
    Ran ran = run(Map.of("TAPE_URL", "redis://h"));
    assertEquals(2, ran.code());
    assertTrue(ran.err().contains("--url must be tape://host:port"), ran.err());
  }

  @Test
  void helpListsEveryFlag() {
    Ran ran = run(Map.of(), "--help");
    assertEquals(0, ran.code());
    for (String flag :
        new String[] {
          "--url", "--connector", "--interval", "--max-attempts", "--claimer", "--once",
          "--register-log-connector", "--log-connector-path", "--register-http-connector"
        }) {
      assertTrue(ran.out().contains(flag), flag);
    }
  }

  @Test
  void flagsTakeTheirDefaults() throws Exception {
    Flags flags = Flags.parse(new String[] {}, Map.of());
    assertEquals("tape://localhost:7878", flags.url);
    assertEquals("", flags.connector);
    assertEquals(1000, flags.intervalMs);
    assertEquals(5, flags.maxAttempts);
    assertEquals("", flags.claimer);
    assertEquals("/tmp/tape-outbox.jsonl", flags.logConnectorPath);
    Flags given =
        Flags.parse(
            new String[] {"--interval=250", "--connector", "bank.wire", "--once",
              "--register-http-connector", "bank.wire=http://127.0.0.1:9/x?a=1"},
            Map.of("TAPE_URL", "tapes://tape.example"));
    assertEquals("tapes://tape.example", given.url);
    assertEquals(250, given.intervalMs);
    assertEquals("http://127.0.0.1:9/x?a=1", given.httpConnectors.get("bank.wire"));
  }

  @Test
  void anUnreachableServerExits1() {
    Ran ran = run(Map.of(), "--url", "tape://127.0.0.1:1", "--once");
    assertEquals(1, ran.code(), ran.err());
    assertTrue(ran.err().startsWith("tape-outbox-java: error: ServerUnavailable: "), ran.err());
  }
}
