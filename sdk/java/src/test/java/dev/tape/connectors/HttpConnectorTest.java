package dev.tape.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tape.Effects;
import dev.tape.Json;
import dev.tape.OutboxConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The outcome table against a real local HTTP server (com.sun.net.httpserver) and raw sockets. */
class HttpConnectorTest {
  private HttpServer server;
  private String base;
  /** path -> {status, body, extra header name, value} */
  private final Map<String, String[]> replies = new ConcurrentHashMap<>();
  private final List<HttpExchangeRecord> seen = new CopyOnWriteArrayList<>();

  record HttpExchangeRecord(String path, Map<String, List<String>> headers, String body) {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    seen.add(new HttpExchangeRecord(path, Map.copyOf(exchange.getRequestHeaders()), body));
    String[] reply = replies.getOrDefault(path, new String[] {"200", "{}"});
    if (reply.length > 3) {
      exchange.getResponseHeaders().add(reply[2], reply[3]);
    }
    if (reply[0].equals("sleep")) {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply = new String[] {"200", "{}"};
    }
    byte[] bytes = reply[1].getBytes(StandardCharsets.UTF_8);
    int code = Integer.parseInt(reply[0]);
    exchange.sendResponseHeaders(code, code == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && code != 204) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private DispatchResult post(String path, String... reply) {
    replies.put(path, reply);
    return new HttpConnector("bank.wire", base + path).dispatch(Effects.nonIdempotent(2));
  }

  @Test
  void postsTheRequestBytesWithTheTapeHeaders() {
    DispatchResult result = post("/wire", "201", "{\"id\": \"tx-1\"}");
    assertEquals(DispatchResult.Outcome.CONFIRMED, result.outcome());
    assertEquals("tx-1", result.externalRef());
    HttpExchangeRecord call = seen.get(0);
    assertEquals("{\"amount\": 100, \"to\": \"acct-9\"}", call.body());
    Map<String, List<String>> h = call.headers();
    assertEquals(List.of("application/json"), h.get("Content-type"));
    assertEquals(List.of("run-1/decision-0/wire/0"), h.get("Idempotency-key"));
    assertEquals(List.of("run-1/decision-0/wire/0"), h.get("X-tape-effect-key"));
    assertEquals(List.of("run-1"), h.get("X-tape-run-id"));
    assertEquals(List.of("invoice-7"), h.get("X-tape-business-key"));
    assertEquals(List.of("2"), h.get("X-tape-attempt"));
  }

  @Test
  void successCodesAndTheDuplicateCodeAreConfirmed() {
    for (String code : List.of("200", "201", "202", "204", "409")) {
      DispatchResult result = post("/ok" + code, code, code.equals("204") ? "" : "{\"external_ref\": \"r-" + code + "\"}");
      assertEquals(DispatchResult.Outcome.CONFIRMED, result.outcome(), code);
      assertEquals(code.equals("204") ? "" : "r-" + code, result.externalRef(), code);
    }
  }

  @Test
  void otherClientErrorsFailAndOnly408_425_429AreRetryable() {
    for (String code : List.of("400", "401", "403", "404", "422")) {
      DispatchResult result = post("/c" + code, code, "{}");
      assertEquals(DispatchResult.Outcome.FAILED, result.outcome(), code);
      assertFalse(result.retryable(), code);
    }
    for (String code : List.of("408", "425", "429")) {
      DispatchResult result = post("/r" + code, code, "{}");
      assertEquals(DispatchResult.Outcome.FAILED, result.outcome(), code);
      assertTrue(result.retryable(), code);
    }
  }

  @Test
  void retryAfterOfA429IsTheDelayAskedFor() {
    DispatchResult result = post("/slow-down", "429", "{}", "Retry-After", "7");
    assertEquals(7_000, result.retryAfterMs());
  }

  @Test
  void serverErrorsRedirectsAndOtherSuccessCodesAreUnknown() {
    for (String code : List.of("500", "502", "503", "302", "203", "206")) {
      DispatchResult result = post("/u" + code, code, "{}");
      assertEquals(DispatchResult.Outcome.UNKNOWN, result.outcome(), code);
      assertEquals(Integer.parseInt(code), result.error().get("status_code").getAsInt(), code);
    }
  }

  @Test
  void aRefusedConnectionFailedRetryable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DispatchResult result =
        new HttpConnector("bank.wire", "http://127.0.0.1:" + port + "/x").dispatch(Effects.nonIdempotent(1));
    assertEquals(DispatchResult.Outcome.FAILED, result.outcome());
    assertTrue(result.retryable());
    // java.net.http reports a refused connect as a bare ConnectException (no "refused" text).
    assertTrue(
        List.of("connection_refused", "connect_failed").contains(result.error().get("reason").getAsString()),
        String.valueOf(result.error()));
    assertEquals("DefinitelyNotApplied", result.error().get("classification").getAsString());
  }

  @Test
  void anUnresolvableHostFailedRetryable() {
    DispatchResult result =
        new HttpConnector("bank.wire", "http://no-such-host.invalid/x").dispatch(Effects.nonIdempotent(1));
    assertEquals(DispatchResult.Outcome.FAILED, result.outcome());
    assertTrue(result.retryable());
    assertEquals("dns", result.error().get("reason").getAsString());
  }

  @Test
  void aReadTimeoutAfterSendingIsUnknown() {
    replies.put("/hang", new String[] {"sleep", ""});
    HttpConnector connector =
        new HttpConnector("bank.wire", base + "/hang", Map.of(), Duration.ofMillis(300));
    DispatchResult result = connector.dispatch(Effects.nonIdempotent(1));
    assertEquals(DispatchResult.Outcome.UNKNOWN, result.outcome());
    assertEquals("read_timeout", result.error().get("reason").getAsString());
  }

  @Test
  void aConnectionClosedAfterTheRequestIsReadIsUnknown() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CountDownLatch read = new CountDownLatch(1);
      Thread upstream =
          new Thread(
              () -> {
                try (Socket socket = listener.accept()) {
                  InputStream in = socket.getInputStream();
                  byte[] buffer = new byte[8192];
                  int n = in.read(buffer); // the request arrived: it may have been applied
                  read.countDown();
                  if (n > 0) {
                    socket.setSoLinger(true, 0); // close with RST: the reply is lost
                  }
                } catch (IOException e) {
                  read.countDown();
                }
              });
      upstream.start();
      DispatchResult result =
          new HttpConnector("bank.wire", "http://127.0.0.1:" + listener.getLocalPort() + "/x")
              .dispatch(Effects.nonIdempotent(1));
      assertTrue(read.await(10, TimeUnit.SECONDS));
      upstream.join(10_000);
      assertEquals(DispatchResult.Outcome.UNKNOWN, result.outcome(), String.valueOf(result.error()));
      assertEquals("OutcomeUnknown", result.error().get("classification").getAsString());
    }
  }

  @Test
  void aCertificateTheClientRejectsFailedRetryableAndNothingWasSent(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-alias", "upstream",
                "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, keytool.waitFor(), output);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext("/", this::handle);
    https.start();
    try {
      // Self-signed: not in the JDK's trust store, so the handshake fails before the request.
      String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/wire";
      DispatchResult result = new HttpConnector("bank.wire", url).dispatch(Effects.nonIdempotent(1));
      assertEquals(DispatchResult.Outcome.FAILED, result.outcome(), String.valueOf(result.error()));
      assertTrue(result.retryable());
      assertEquals("tls_verify", result.error().get("reason").getAsString());
      assertEquals(List.of(), seen);
    } finally {
      https.stop(0);
    }
  }

  @Test
  void errorsAndRepliesCarryNoSecret() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String secret = "s3cr3t-pa55word";
    HttpConnector refused =
        new HttpConnector(
            "bank.wire",
            "http://user:" + secret + "@127.0.0.1:" + port + "/x?api_key=" + secret + "&page=2",
            Map.of("Authorization", "Bearer " + secret),
            Duration.ofSeconds(5));
    JsonObject error = refused.dispatch(Effects.nonIdempotent(1)).error();
    assertFalse(Json.write(error).contains(secret), Json.write(error));
    assertEquals("http://***@127.0.0.1:" + port + "/x?api_key=***&page=2", error.get("url").getAsString());
    assertFalse(refused.toString().contains(secret));

    replies.put("/echo", new String[] {"201", "{\"id\": \"t\", \"note\": \"Bearer " + secret + "\", \"token\": \"abc\"}"});
    HttpConnector echo =
        new HttpConnector("bank.wire", base + "/echo", Map.of("Authorization", "Bearer " + secret), Duration.ofSeconds(5));
    DispatchResult result = echo.dispatch(Effects.nonIdempotent(1));
    assertEquals(List.of("Bearer " + secret), seen.get(seen.size() - 1).headers().get("Authorization"));
    String response = Json.write(result.response());
    assertFalse(response.contains(secret), response);
    assertEquals("***", result.response().get("token").getAsString());
  }

  @Test
  void aBadEndpointIsRefusedAtConstructionWithoutItsSecrets() {
    OutboxConfigException e =
        assertThrows(
            OutboxConfigException.class,
            () -> new HttpConnector("bank.wire", "ftp://user:hunter22hunter@host/x"));
    assertFalse(e.getMessage().contains("hunter22hunter"), e.getMessage());
    assertThrows(OutboxConfigException.class, () -> new HttpConnector("", "http://h/x"));
    assertThrows(
        OutboxConfigException.class,
        () -> new HttpConnector("n", "http://h/x", Map.of(), Duration.ZERO));
  }
}
