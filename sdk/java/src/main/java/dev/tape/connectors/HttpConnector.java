package dev.tape.connectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tape.Json;
import dev.tape.OutboxConfigException;
import dev.tape.Redaction;
import dev.tape.proto.EffectRecord;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;

/**
 * POSTs each effect's {@code request_json} to one endpoint, with the outcome table of tape's
 * Python HTTPConnector (tape/connectors/http.py, docs/design.md decision 10):
 *
 * <pre>
 *   reply 200, 201, 202, 204                      confirmed  external_ref from body "external_ref"/"id"
 *   reply 409                                     confirmed  an idempotency conflict: it landed
 *   other 4xx                                     failed     retryable only for 408, 425, 429
 *   5xx, 1xx, 3xx, other 2xx                      unknown    it may have landed
 *   connect refused / DNS / connect timeout       failed     retryable: the request never left
 *   TLS handshake rejected                        failed     retryable: nothing was sent
 *   read timeout, reset, protocol error           unknown    sent; the reply was lost
 * </pre>
 *
 * <p>Headers {@code Idempotency-Key}, {@code X-Tape-Run-Id}, {@code X-Tape-Effect-Key} (the
 * idempotency key), {@code X-Tape-Business-Key} and {@code X-Tape-Attempt} are added to the
 * static headers. Static header values (an Authorization) are sent, never returned or put in an
 * error; errors name the URL with its userinfo and secret-looking query values hidden. Redirects
 * are not followed (a redirected POST is not the call that was journaled) and a request is never
 * re-sent by the HTTP client: the journal decides.
 */
public final class HttpConnector implements Connector {
  private static final Set<Integer> SUCCESS = Set.of(200, 201, 202, 204);
  private static final int DUPLICATE = 409;
  private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);
  private static final int JSON_LIMIT = 64 * 1024;
  private static final int TEXT_LIMIT = 2000;
  private static final long RETRY_AFTER_CAP_MS = 3_600_000;

  private final String name;
  private final URI endpoint;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final HttpClient http;

  /** A connector named {@code name} POSTing to {@code endpoint}, 10 s timeout, no static headers. */
  public HttpConnector(String name, String endpoint) {
    this(name, endpoint, Map.of(), Duration.ofSeconds(10));
  }

  /**
   * @param name the connector name effects carry
   * @param endpoint the http(s) URL to POST to
   * @param headers static headers (auth, ...): sent, never logged or returned
   * @param timeout connect and response timeout
   * @throws OutboxConfigException for an empty name, a URL that is not http(s)://host/..., or a
   *     timeout that is not positive (the message never shows the URL's secrets)
   */
  public HttpConnector(String name, String endpoint, Map<String, String> headers, Duration timeout) {
    if (name == null || name.isBlank()) {
      throw new OutboxConfigException("HttpConnector needs a name");
    }
    this.name = name;
    this.endpoint = endpoint(name, endpoint);
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new OutboxConfigException("HttpConnector " + Json.quote(name) + ": timeout must be > 0");
    }
    this.timeout = timeout;
    this.headers = Map.copyOf(headers == null ? Map.of() : headers);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  private static URI endpoint(String name, String endpoint) {
    String what = "HttpConnector " + Json.quote(name) + ": endpoint must be an http(s):// URL";
    if (endpoint == null || endpoint.isEmpty()) {
      throw new OutboxConfigException(what + ", not empty");
    }
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below, without the URL's secrets
    }
    throw new OutboxConfigException(what + ", not " + Json.quote(Redaction.redactUrl(endpoint)));
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "HttpConnector(name=" + Json.quote(name) + ", endpoint="
        + Json.quote(Redaction.redactUrl(endpoint.toString())) + ", headers="
        + new java.util.TreeSet<>(headers.keySet()) + ", timeout=" + timeout + ")";
  }

  @Override
  public DispatchResult dispatch(EffectRecord effect) {
    String key = effect.getIdempotencyKey();
    Map<String, String> tape = new LinkedHashMap<>();
    tape.put("Idempotency-Key", key);
    tape.put("X-Tape-Run-Id", effect.getRunId());
    tape.put("X-Tape-Effect-Key", key);
    tape.put("X-Tape-Business-Key", effect.getBusinessKey());
    tape.put("X-Tape-Attempt", Integer.toString(effect.getDispatchAttempts()));
    String body = effect.getRequestJson().isEmpty() ? "{}" : effect.getRequestJson();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.put("Accept", "application/json");
    headers.forEach((k, v) -> put(all, k, v));
    tape.forEach((k, v) -> put(all, k, headerValue(v)));
    all.forEach(request::header);
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DispatchResult.unknown(error(e, false, "interrupted"));
    } catch (IOException | RuntimeException e) {
      Classified c = classify(e);
      JsonObject error = error(e, c.notApplied, c.reason);
      return c.notApplied ? DispatchResult.failed(error, true, 0) : DispatchResult.unknown(error);
    }
    int code = response.statusCode();
    JsonObject[] parsed = new JsonObject[1];
    String ref = body(response, parsed);
    if (SUCCESS.contains(code) || code == DUPLICATE) {
      return DispatchResult.confirmed(ref, parsed[0]);
    }
    JsonObject error = Json.object("type", "HTTPError", "status_code", code, "message", "HTTP " + code);
    if (code >= 400 && code < 500) {
      boolean retryable = RETRYABLE_4XX.contains(code);
      error.addProperty("retryable", retryable);
      return DispatchResult.failed(error, retryable, retryable ? retryAfterMs(response) : 0);
    }
    return DispatchResult.unknown(error, parsed[0]);
  }

  // Headers replace case-insensitively (a static "content-type" replaces the default one).
  private static void put(Map<String, String> headers, String name, String value) {
    headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
    headers.put(name, value);
  }

  /**
   * Header values are visible ASCII: anything else (a unicode business key, an injected CR/LF)
   * is percent-encoded rather than failing the dispatch, as the Python connector does.
   */
  static String headerValue(String value) {
    boolean plain = value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c > 0x20 && c < 0x7F && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }

  /** The reply as a JSON object (secrets scrubbed) in {@code into[0]}; returns the external ref. */
  private String body(HttpResponse<byte[]> response, JsonObject[] into) {
    byte[] content = response.body() == null ? new byte[0] : response.body();
    JsonElement parsed = null;
    if (content.length > 0 && content.length <= JSON_LIMIT) {
      try {
        parsed = Json.parse(new String(content, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
    }
    if (parsed != null && parsed.isJsonObject()) {
      JsonObject object = (JsonObject) scrub(parsed);
      into[0] = object;
      for (String field : List.of("external_ref", "id")) {
        JsonElement ref = object.get(field);
        if (ref != null && ref.isJsonPrimitive() && !ref.getAsJsonPrimitive().isBoolean()) {
          String text = ref.getAsString();
          if (!text.isEmpty()) {
            return text;
          }
        }
      }
      return "";
    }
    if (parsed != null) {
      into[0] = Json.object("status_code", response.statusCode(), "json", scrub(parsed));
      return "";
    }
    String text = new String(content, 0, Math.min(content.length, TEXT_LIMIT), StandardCharsets.UTF_8);
    into[0] = Json.object("status_code", response.statusCode(), "text", Redaction.redactText(text, headers.values()));
    return "";
  }

  private JsonElement scrub(JsonElement value) {
    if (value.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
        JsonElement v = e.getValue();
        boolean hide =
            Redaction.isSecretName(e.getKey())
                && !v.isJsonNull()
                && !(v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean());
        out.add(e.getKey(), hide ? new JsonPrimitive(Redaction.REDACTED) : scrub(v));
      }
      return out;
    }
    if (value.isJsonArray()) {
      JsonArray out = new JsonArray();
      value.getAsJsonArray().forEach(v -> out.add(scrub(v)));
      return out;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return new JsonPrimitive(Redaction.redactText(value.getAsString(), headers.values()));
    }
    return value;
  }

  private JsonObject error(Throwable e, boolean notApplied, String reason) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (Throwable t = e.getCause(); message.isEmpty() && t != null; t = t.getCause()) {
      message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
    return Json.object(
        "type", e.getClass().getSimpleName(),
        "message", Redaction.redactText(message, headers.values()),
        "classification", notApplied ? "DefinitelyNotApplied" : "OutcomeUnknown",
        "reason", reason,
        "retryable", notApplied,
        "url", Redaction.redactUrl(endpoint.toString()));
  }

  private record Classified(boolean notApplied, String reason) {}

  /** What an exception of HttpClient.send tells about whether the request reached the upstream. */
  static Classified classify(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    // Connect-phase failures: nothing was written to the upstream yet.
    if (any(chain, HttpConnectTimeoutException.class)) {
      return new Classified(true, "connect_timeout");
    }
    if (any(chain, HttpTimeoutException.class)) {
      return new Classified(false, "read_timeout");
    }
    if (any(chain, UnresolvedAddressException.class) || any(chain, UnknownHostException.class)) {
      return new Classified(true, "dns");
    }
    // java.net.http throws ConnectException only from the connect phase; it often drops the
    // "Connection refused" text, so a refusal may read as connect_failed. Both: never sent.
    if (any(chain, ConnectException.class)) {
      boolean refused =
          chain.stream().anyMatch(t -> String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("refused"));
      return new Classified(true, refused ? "connection_refused" : "connect_failed");
    }
    // The handshake comes before the request: a rejected certificate means nothing was sent.
    if (any(chain, SSLHandshakeException.class)) {
      return new Classified(true, "tls_verify");
    }
    boolean reset =
        chain.stream().anyMatch(t -> String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset"));
    if (reset) {
      return new Classified(false, "connection_reset");
    }
    if (any(chain, java.io.EOFException.class) || any(chain, java.net.ProtocolException.class)) {
      return new Classified(false, "protocol_error");
    }
    if (any(chain, IOException.class)) {
      return new Classified(false, "connection_aborted");
    }
    return new Classified(false, "request_error");
  }

  private static boolean any(List<Throwable> chain, Class<? extends Throwable> type) {
    return chain.stream().anyMatch(type::isInstance);
  }

  /** The delay a {@code Retry-After} header asks for (seconds or an HTTP date), or 0. */
  private static long retryAfterMs(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("").strip();
    if (value.isEmpty()) {
      return 0;
    }
    double delayMs;
    try {
      delayMs = Double.parseDouble(value) * 1000;
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        delayMs = at.toInstant().toEpochMilli() - System.currentTimeMillis();
      } catch (java.time.format.DateTimeParseException e2) {
        return 0;
      }
    }
    if (Double.isNaN(delayMs)) {
      return 0;
    }
    return (long) Math.max(1, Math.min(delayMs, RETRY_AFTER_CAP_MS));
  }
}
