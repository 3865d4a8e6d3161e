package dev.tape.connectors;

import com.google.gson.JsonObject;
import dev.tape.Json;
import dev.tape.proto.EffectRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Appends one JSON line per dispatch (the same lines as tape's Python LogConnector): {@code
 * ts_ms, run_id, idempotency_key, tool_name, business_key, request}. Each line is one write on
 * an append-only descriptor, fsynced, so lines of concurrent processes never interleave and a
 * confirmed dispatch survives a crash. Always confirmed, external_ref {@code log-<sha1[:12]>}.
 */
public final class LogConnector implements Connector {
  public static final String DEFAULT_PATH = "/tmp/tape-outbox.jsonl";

  private final Path path;

  public LogConnector() {
    this(DEFAULT_PATH);
  }

  public LogConnector(String path) {
    this.path = Path.of(path);
  }

  @Override
  public DispatchResult dispatch(EffectRecord effect) throws IOException {
    JsonObject line =
        Json.object(
            "ts_ms", System.currentTimeMillis(),
            "run_id", effect.getRunId(),
            "idempotency_key", effect.getIdempotencyKey(),
            "tool_name", effect.getToolName(),
            "business_key", effect.getBusinessKey(),
            "request", Json.parseOrText(effect.getRequestJson()));
    byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (LogConnector.class) {
      try (FileChannel out =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
    }
    return DispatchResult.confirmed(
        externalRef(effect.getIdempotencyKey()), Json.object("path", path.toString()));
  }

  /** "log-" + the first 12 hex digits of sha1(idempotency key). */
  public static String externalRef(String idempotencyKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "log-" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
