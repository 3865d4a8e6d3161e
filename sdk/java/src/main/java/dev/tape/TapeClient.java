package dev.tape;

import dev.tape.proto.ClaimEffectDispatchRequest;
import dev.tape.proto.ClaimEffectDispatchResponse;
import dev.tape.proto.EffectList;
import dev.tape.proto.ExpireDispatchClaimsRequest;
import dev.tape.proto.ListEffectsToDispatchRequest;
import dev.tape.proto.ListEffectsToDispatchResponse;
import dev.tape.proto.RecordDispatchOutcomesRequest;
import dev.tape.proto.RecordDispatchOutcomesResponse;
import dev.tape.proto.TapeGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * A client of {@code tape server}: the tape.v1 service at {@code tape://host:port}
 * ({@code tapes://} for TLS), with the settings the Python and TypeScript clients read:
 *
 * <ul>
 *   <li>{@code $TAPE_URL} when no URL is given, then {@code tape://localhost:7878};
 *   <li>{@code $TAPE_TOKEN}: the bearer token ({@code authorization: Bearer ...} metadata);
 *   <li>{@code $TAPE_TLS_CA}: a PEM file of the CA that signed the server's certificate
 *       (tapes:// only; the JDK's roots otherwise).
 * </ul>
 *
 * <p>No connection is made by the constructor: the first call connects. A failed call throws
 * {@link TapeException} whose {@code tapeError()} is the tape.errors class the server named
 * (RunNotFound, InvalidArgument, ...) or, without one, Unauthenticated, ServerUnavailable or
 * RemoteError.
 */
public final class TapeClient implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> TAPE_ERROR =
      Metadata.Key.of("tape-error", Metadata.ASCII_STRING_MARSHALLER);

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(TapeClient.class.getName());

  private final String url;
  private final ManagedChannel channel;
  private final TapeGrpc.TapeBlockingStub stub;
  private final long timeoutMs;

  /** A client of {@code $TAPE_URL} (else tape://localhost:7878) with the environment's options. */
  public TapeClient() {
    this(null, Map.of());
  }

  /** A client of {@code url} (null: $TAPE_URL, then tape://localhost:7878). */
  public TapeClient(String url) {
    this(url, Map.of());
  }

  /**
   * A client of {@code url} with options.
   *
   * @param url tape://host:port or tapes://host[:port]; null: $TAPE_URL, then the default
   * @param options {@code token} (default $TAPE_TOKEN), {@code rootCerts} (PEM text; default the
   *     file $TAPE_TLS_CA names), {@code timeoutMs} (each call's deadline, default 60000)
   * @throws ConfigurationException for a bad URL, option or unreadable TAPE_TLS_CA
   */
  public TapeClient(String url, Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!key.equals("token") && !key.equals("rootCerts") && !key.equals("timeoutMs")) {
        throw new ConfigurationException(
            "TapeClient: unknown option " + Json.quote(key) + " (known: token, rootCerts, timeoutMs)");
      }
    }
    String chosen = url != null ? url : env("TAPE_URL", TapeUrl.DEFAULT);
    TapeUrl target = TapeUrl.parse(chosen, "TapeClient: url");
    this.url = chosen;
    String token = options.containsKey("token") ? options.get("token") : env("TAPE_TOKEN", "");
    token = token == null ? "" : token.strip();
    this.timeoutMs = timeout(options.get("timeoutMs"));
    if (!token.isEmpty() && !target.tls() && !loopback(target.host())) {
      // As the Python client warns (tape/rpc/remote.py): the token crosses the network in clear.
      LOG.warning(
          "TAPE_TOKEN is sent to " + target.target() + " without TLS: anyone on the network path"
              + " can read it; use tapes:// (tape server --tls-cert/--tls-key)");
    }
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port());
    if (target.tls()) {
      builder.sslContext(sslContext(options.get("rootCerts")));
    } else {
      builder.usePlaintext();
    }
    this.channel = builder.build();
    Channel intercepted =
        token.isEmpty()
            ? channel
            : io.grpc.ClientInterceptors.intercept(channel, new BearerToken(token));
    this.stub = TapeGrpc.newBlockingStub(intercepted);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static boolean loopback(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static long timeout(String text) {
    if (text == null) {
      return 60_000;
    }
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "TapeClient: timeoutMs must be a positive integer of milliseconds, not " + Json.quote(text));
  }

  private static io.netty.handler.ssl.SslContext sslContext(String rootCerts) {
    byte[] pem = rootCerts == null ? null : rootCerts.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String ca = env("TAPE_TLS_CA", "");
    if (pem == null && !ca.isEmpty()) {
      try {
        pem = Files.readAllBytes(Path.of(ca));
      } catch (IOException | RuntimeException e) {
        throw new ConfigurationException(
            "TapeClient: TAPE_TLS_CA names a file that cannot be read (" + ca + "): " + e);
      }
    }
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (pem != null) {
        ssl.trustManager(new ByteArrayInputStream(pem));
      }
      try {
        return ssl.build();
      } catch (UnsupportedOperationException e) {
        // Debian's netty cannot announce the JDK's ALPN to gRPC: see Java9Alpn.
        return Java9Alpn.clientContext(pem);
      }
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "TapeClient: the root certificates cannot be used: " + e.getMessage());
    }
  }

  /** The URL this client talks to, as given (show it through {@link Redaction#redactUrl}). */
  public String url() {
    return url;
  }

  /**
   * One call on the generated blocking stub, with this client's deadline and error mapping:
   * {@code client.call("GetEffect", s -> s.getEffect(request))}. Every tape.v1 RPC is reached
   * this way.
   *
   * @throws TapeException when the server refuses or cannot be reached
   */
  public <T> T call(String rpc, Function<TapeGrpc.TapeBlockingStub, T> body) {
    try {
      return body.apply(stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw toTapeException(rpc, e);
    }
  }

  /** ExpireDispatchClaims: the claims whose dispatcher died mid-call (NON_IDEMPOTENT: UNKNOWN). */
  public EffectList expireDispatchClaims(ExpireDispatchClaimsRequest request) {
    return call("ExpireDispatchClaims", s -> s.expireDispatchClaims(request));
  }

  /** ListEffectsToDispatch: due PENDING + OUTBOX effects. */
  public ListEffectsToDispatchResponse listEffectsToDispatch(ListEffectsToDispatchRequest request) {
    return call("ListEffectsToDispatch", s -> s.listEffectsToDispatch(request));
  }

  /** ClaimEffectDispatch: the server's compare-and-swap; one dispatcher wins each effect. */
  public ClaimEffectDispatchResponse claimEffectDispatch(ClaimEffectDispatchRequest request) {
    return call("ClaimEffectDispatch", s -> s.claimEffectDispatch(request));
  }

  /** RecordDispatchOutcomes: the outcomes of claimed dispatches, in one transaction. */
  public RecordDispatchOutcomesResponse recordDispatchOutcomes(RecordDispatchOutcomesRequest request) {
    return call("RecordDispatchOutcomes", s -> s.recordDispatchOutcomes(request));
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  static TapeException toTapeException(String rpc, StatusRuntimeException e) {
    Status status = e.getStatus();
    Metadata trailers = e.getTrailers();
    String named = trailers == null ? null : trailers.get(TAPE_ERROR);
    String details = firstLine(status.getDescription() == null ? status.getCode().name() : status.getDescription());
    // A transport failure says "io exception"; its cause says what happened (refused, TLS).
    Throwable cause = status.getCause();
    if (trailers == null || trailers.get(TAPE_ERROR) == null) {
      for (Throwable c = cause; c != null; c = c.getCause()) {
        if (c.getCause() == null || c.getCause() == c) {
          details += " (" + c.getClass().getSimpleName() + ": " + firstLine(String.valueOf(c.getMessage())) + ")";
          break;
        }
      }
    }
    String message = named != null ? details : rpc + ": " + details;
    String kind = named != null ? named : grpcName(status.getCode());
    return new TapeException(message, kind, status.getCode(), e);
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private static String grpcName(Status.Code code) {
    return switch (code) {
      case UNAUTHENTICATED -> "Unauthenticated";
      case UNAVAILABLE, DEADLINE_EXCEEDED -> "ServerUnavailable";
      default -> "RemoteError";
    };
  }

  /** Adds {@code authorization: Bearer <token>} to every call. */
  private static final class BearerToken implements ClientInterceptor {
    private final String value;

    BearerToken(String token) {
      this.value = "Bearer " + token;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(AUTHORIZATION, value);
          super.start(listener, headers);
        }
      };
    }
  }
}
