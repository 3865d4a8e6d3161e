package dev.tape.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tape.Json;
import dev.tape.OutboxConfigException;
import dev.tape.Redaction;
import dev.tape.TapeClient;
import dev.tape.TapeException;
import dev.tape.connectors.ConnectorRegistry;
import dev.tape.connectors.HttpConnector;
import dev.tape.connectors.LogConnector;
import dev.tape.outbox.OutboxDispatcher;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * tape-outbox-java: the outbox dispatcher with the flags of {@code python -m
 * tape.reactors.outbox} and tape-outbox-ts. Prints one JSON line per pass: {@code {"outbox":
 * [...rows...]}}. Connectors registered on {@link ConnectorRegistry#DEFAULT} before {@link
 * #run} are dispatched to (a program of your own calls {@code TapeOutbox.main(args)} after
 * registering them).
 */
public final class TapeOutbox {
  static final String PROG = "tape-outbox-java";

  static final String HELP =
      """
      usage: tape-outbox-java [options]

        --url URL                 tape server (default $TAPE_URL, then tape://localhost:7878)
        --connector NAME          only dispatch effects of this connector (default: all)
        --interval MS             milliseconds between passes (default 1000)
        --max-attempts N          failed dispatches before an effect is FAILED (default 5)
        --claimer ID              claimer recorded on claims (default $TAPE_DISPATCH_CLAIMER,
                                  then <host>:<pid>)
        --once                    run one pass and exit
        --register-log-connector  register the built-in LogConnector (name 'log')
        --log-connector-path PATH where the LogConnector writes (default /tmp/tape-outbox.jsonl)
        --register-http-connector NAME=URL
                                  register an HttpConnector NAME that POSTs each effect to URL
                                  (repeatable)

      $TAPE_TOKEN is sent as the bearer token; $TAPE_TLS_CA names the CA of a tapes:// server.
      """;

  private TapeOutbox() {}

  // Held here: java.util.logging keeps loggers weakly, and a collected one loses its level.
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    // gRPC logs an unreachable server as a WARNING with a stack trace; the command says it once,
    // as "tape-outbox-java: error: ServerUnavailable: ...", and exits 1.
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    System.exit(run(args, System.out, System.err, System.getenv(), ConnectorRegistry.DEFAULT));
  }

  /** The whole command; returns the exit code (0 done, 1 failed, 2 usage error). */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      ConnectorRegistry registry) {
    Flags flags;
    try {
      flags = Flags.parse(args, env);
    } catch (Flags.UsageException e) {
      err.println("usage: " + PROG + " [options] (see --help)");
      err.println(PROG + ": error: " + e.getMessage());
      return 2;
    }
    if (flags.help) {
      out.print(HELP);
      return 0;
    }
    OutboxDispatcher.Options options = new OutboxDispatcher.Options();
    options.connector = flags.connector;
    options.intervalMs = flags.intervalMs;
    options.maxAttempts = flags.maxAttempts;
    options.claimer = flags.claimer;
    try {
      for (Map.Entry<String, String> http : flags.httpConnectors.entrySet()) {
        registry.register(http.getKey(), new HttpConnector(http.getKey(), http.getValue()));
      }
      if (flags.registerLogConnector) {
        registry.register("log", new LogConnector(flags.logConnectorPath));
      }
    } catch (OutboxConfigException e) {
      err.println(PROG + ": error: " + e.getMessage());
      return 2;
    }
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    // SIGTERM / SIGINT: finish the pass in flight (its outcomes get recorded), then exit.
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try (TapeClient client = new TapeClient(flags.url);
        OutboxDispatcher dispatcher = new OutboxDispatcher(client, registry, options)) {
      dispatcher.run(flags.once, stop::get, rows -> print(out, rows));
      return 0;
    } catch (OutboxConfigException e) {
      err.println(PROG + ": error: " + e.getMessage());
      return 2;
    } catch (TapeException e) {
      err.println(PROG + ": error: " + e.tapeError() + ": " + Redaction.redactText(e.getMessage(), List.of()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook is running and waited for us
      }
    }
  }

  private static void print(PrintStream out, List<JsonObject> rows) {
    JsonArray array = new JsonArray();
    rows.forEach(array::add);
    out.println(Json.write(Json.object("outbox", array)));
    out.flush();
  }
}
