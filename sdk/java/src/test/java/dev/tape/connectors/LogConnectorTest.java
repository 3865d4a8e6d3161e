package dev.tape.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.tape.Effects;
import dev.tape.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogConnectorTest {
  @Test
  void appendsTheLinePythonWritesAndConfirms(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("outbox.jsonl");
    LogConnector log = new LogConnector(file.toString());
    DispatchResult first = log.dispatch(Effects.nonIdempotent(1));
    log.dispatch(Effects.nonIdempotent(2));
    assertEquals(DispatchResult.Outcome.CONFIRMED, first.outcome());
    // "log-" + sha1("run-1/decision-0/wire/0")[:12], as Python's hashlib gives it.
    assertEquals("log-25a8eea0a4ff", first.externalRef());
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    JsonObject line = Json.parse(lines.get(0)).getAsJsonObject();
    assertEquals(
        List.of("ts_ms", "run_id", "idempotency_key", "tool_name", "business_key", "request"),
        List.copyOf(line.keySet()));
    assertEquals("run-1/decision-0/wire/0", line.get("idempotency_key").getAsString());
    assertEquals(Json.object("amount", 100, "to", "acct-9"), line.get("request"));
  }
}
