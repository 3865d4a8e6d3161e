package dev.tape.outbox;

import com.google.gson.JsonObject;
import dev.tape.DefinitelyNotApplied;
import dev.tape.Json;
import dev.tape.OutboxConfigException;
import dev.tape.OutcomeUnknown;
import dev.tape.TapeClient;
import dev.tape.connectors.Connector;
import dev.tape.connectors.ConnectorRegistry;
import dev.tape.connectors.DispatchResult;
import dev.tape.proto.ClaimEffectDispatchRequest;
import dev.tape.proto.ClaimEffectDispatchResponse;
import dev.tape.proto.DispatchOutcome;
import dev.tape.proto.EffectRecord;
import dev.tape.proto.EffectSemantics;
import dev.tape.proto.ExpireDispatchClaimsRequest;
import dev.tape.proto.ListEffectsToDispatchRequest;
import dev.tape.proto.RecordDispatchOutcomesRequest;
import dev.tape.proto.RecordDispatchOutcomesResponse;
import dev.tape.proto.RecordedOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The outbox dispatcher: drains PENDING + OUTBOX effects through their connectors, with the
 * safety contract of tape's Python and TypeScript dispatchers (docs/design.md, decisions 3, 9):
 *
 * <ol>
 *   <li>ExpireDispatchClaims: a NON_IDEMPOTENT effect whose dispatcher died mid-call becomes
 *       UNKNOWN (the reconciler asks the upstream; nothing is re-sent);
 *   <li>ListEffectsToDispatch, then ClaimEffectDispatch per effect (the server's CAS: one
 *       dispatcher wins each effect; a loser never calls the upstream);
 *   <li>the connectors are called outside any call to the server;
 *   <li>RecordDispatchOutcomes: confirmed -> CONFIRMED; failed -> PENDING again after
 *       min(1 s * 2^(attempt-1), 60 s), FAILED for good once max attempts are used (or at once
 *       when not retryable); unknown -> UNKNOWN, never dispatched again.
 * </ol>
 */
public final class OutboxDispatcher implements AutoCloseable {
  /** How a dispatcher runs. Every field has the CLI's default. */
  public static final class Options {
    /** Only effects of this connector ("" = every registered one). */
    public String connector = "";
    /** Failed dispatches before an effect is FAILED. */
    public int maxAttempts = 5;
    /** Milliseconds between passes. */
    public long intervalMs = 1000;
    /** Recorded on claims ("" = $TAPE_DISPATCH_CLAIMER, then host:pid). */
    public String claimer = "";
    /** Effects looked at per pass. */
    public int limit = 200;
    /** How long a claim holds before another dispatcher may take it. */
    public long leaseMs = 60_000;
    /** Connector calls at once within a pass. */
    public int concurrency = 16;
  }

  private final TapeClient client;
  private final ConnectorRegistry registry;
  private final Options options;
  private final String claimer;
  private final ExecutorService pool;

  /**
   * @throws OutboxConfigException for an option out of range (nothing is sent)
   */
  public OutboxDispatcher(TapeClient client, ConnectorRegistry registry, Options options) {
    check("maxAttempts", options.maxAttempts, 1);
    check("intervalMs", options.intervalMs, 1);
    check("limit", options.limit, 1);
    check("leaseMs", options.leaseMs, 100);
    check("concurrency", options.concurrency, 1);
    if (options.connector == null) {
      throw new OutboxConfigException("connector must be a string (\"\" for all)");
    }
    this.client = client;
    this.registry = registry == null ? ConnectorRegistry.DEFAULT : registry;
    this.options = options;
    this.claimer =
        options.claimer == null || options.claimer.isEmpty() ? defaultClaimer() : options.claimer;
    this.pool =
        Executors.newFixedThreadPool(
            options.concurrency,
            r -> {
              Thread t = new Thread(r, "tape-outbox-call");
              t.setDaemon(true);
              return t;
            });
  }

  private static void check(String name, long value, long min) {
    if (value < min) {
      throw new OutboxConfigException(name + " must be an integer >= " + min + ", not " + value);
    }
  }

  /** $TAPE_DISPATCH_CLAIMER, else host:pid. */
  public static String defaultClaimer() {
    String env = System.getenv("TAPE_DISPATCH_CLAIMER");
    if (env != null && !env.isEmpty()) {
      return env;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  public String claimer() {
    return claimer;
  }

  /** One pass: one result row per effect looked at. */
  public List<JsonObject> runOnce() {
    List<JsonObject> results = new ArrayList<>();
    var expired =
        client.expireDispatchClaims(
            ExpireDispatchClaimsRequest.newBuilder().setMaxAttempts(options.maxAttempts).build());
    for (EffectRecord e : expired.getEffectsList()) {
      results.add(
          row(e, "unknown", "dispatcher lost mid-call (claim expired); reconciler will observe"));
    }
    List<String> registered = new ArrayList<>();
    for (String name : options.connector.isEmpty() ? registry.names() : List.of(options.connector)) {
      if (registry.get(name) != null) {
        registered.add(name);
      }
    }
    var due =
        client.listEffectsToDispatch(
            ListEffectsToDispatchRequest.newBuilder()
                .setLimit(options.limit)
                .setConnector(options.connector)
                .setMaxAttempts(options.maxAttempts)
                .build());
    List<EffectRecord> claimed = new ArrayList<>();
    for (EffectRecord effect : due.getEffectsList()) {
      if (!registered.contains(effect.getConnector())) {
        if (options.connector.isEmpty()) {
          results.add(
              row(effect, "skipped", "no connector registered: '" + effect.getConnector() + "'"));
        }
        continue;
      }
      ClaimEffectDispatchResponse claim =
          client.claimEffectDispatch(
              ClaimEffectDispatchRequest.newBuilder()
                  .setRunId(effect.getRunId())
                  .setIdempotencyKey(effect.getIdempotencyKey())
                  .setClaimer(claimer)
                  .setLeaseTtlMs(options.leaseMs)
                  .setMaxAttempts(options.maxAttempts)
                  .build());
      if (claim.getAcquired()) {
        claimed.add(claim.getEffect());
      } else {
        results.add(row(claim.getEffect(), "skipped", "claimed by another dispatcher"));
      }
    }
    if (claimed.isEmpty()) {
      return results;
    }
    List<Future<Called>> calls = new ArrayList<>();
    for (EffectRecord effect : claimed) {
      calls.add(pool.submit(() -> call(effect)));
    }
    List<Called> called = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      called.add(await(calls.get(i), claimed.get(i)));
    }
    RecordDispatchOutcomesRequest.Builder record =
        RecordDispatchOutcomesRequest.newBuilder().setClaimer(claimer);
    called.forEach(c -> record.addOutcomes(c.outcome));
    RecordDispatchOutcomesResponse recorded = client.recordDispatchOutcomes(record.build());
    for (int i = 0; i < called.size(); i++) {
      JsonObject result = called.get(i).row;
      RecordedOutcome stored = i < recorded.getResultsCount() ? recorded.getResults(i) : null;
      if (stored == null || !stored.getFound()) {
        result.addProperty("result", "lost-race");
        result.addProperty("reason", "the effect moved meanwhile");
      }
      results.add(result);
    }
    return results;
  }

  private Called await(Future<Called> future, EffectRecord effect) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unknown(effect, Json.object("reason", "interrupted while the connector ran"));
    } catch (ExecutionException e) {
      // call() catches every connector throw; this is an Error (OutOfMemoryError, ...): it may
      // have landed.
      return unknown(effect, describe(e.getCause()));
    }
  }

  /**
   * Passes until {@code stop} says so (or once), {@code intervalMs} apart; {@code onPass} gets
   * each pass's rows.
   */
  public void run(boolean once, BooleanSupplier stop, Consumer<List<JsonObject>> onPass)
      throws InterruptedException {
    while (true) {
      onPass.accept(runOnce());
      if (once || stop.getAsBoolean()) {
        return;
      }
      long until = System.currentTimeMillis() + options.intervalMs;
      while (System.currentTimeMillis() < until) {
        if (stop.getAsBoolean()) {
          return;
        }
        Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
      }
    }
  }

  /** What to record for one claimed effect, and its result row. */
  record Called(DispatchOutcome outcome, JsonObject row) {}

  Called call(EffectRecord effect) {
    int maxAttempts = effect.getMaxAttempts() > 0 ? effect.getMaxAttempts() : options.maxAttempts;
    Connector connector = registry.get(effect.getConnector());
    DispatchResult result;
    try {
      result = connector.dispatch(effect);
    } catch (DefinitelyNotApplied e) {
      return failed(effect, maxAttempts, DispatchResult.failed(describe(e), true, 0));
    } catch (Exception e) {
      boolean nonIdempotent =
          effect.getSemantics() == EffectSemantics.EFFECT_SEMANTICS_NON_IDEMPOTENT;
      if (nonIdempotent || e instanceof OutcomeUnknown) {
        JsonObject error = Json.object("reason", "connector raised");
        describe(e).entrySet().forEach(x -> error.add(x.getKey(), x.getValue()));
        return unknown(effect, error);
      }
      return failed(effect, maxAttempts, DispatchResult.failed(describe(e), true, 0));
    }
    if (result == null) {
      // Nothing a connector should return: it may have landed.
      return unknown(effect, Json.object("reason", "connector returned null"));
    }
    return switch (result.outcome()) {
      case CONFIRMED ->
          new Called(
              Outcomes.confirmed(effect, result),
              row(effect, "confirmed", "", "external_ref", result.externalRef()));
      case FAILED -> failed(effect, maxAttempts, result);
      case UNKNOWN ->
          unknown(
              effect,
              result.error() != null
                  ? Json.object("error", result.error())
                  : Json.object("reason", "ack lost"));
    };
  }

  private Called failed(EffectRecord effect, int maxAttempts, DispatchResult result) {
    int attempt = effect.getDispatchAttempts();
    JsonObject error = result.error();
    if (!result.retryable() || attempt >= maxAttempts) {
      return new Called(Outcomes.failed(effect, error), row(effect, "failed", Json.write(error)));
    }
    long nextAt =
        System.currentTimeMillis()
            + (result.retryAfterMs() > 0 ? result.retryAfterMs() : Backoff.delayMs(attempt));
    return new Called(
        Outcomes.retry(effect, result, nextAt),
        row(effect, "retry-scheduled", Json.write(error), "next_dispatch_at_ms", nextAt));
  }

  private static Called unknown(EffectRecord effect, JsonObject error) {
    return new Called(Outcomes.unknown(effect, error), row(effect, "unknown", Json.write(error)));
  }

  private static JsonObject describe(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.length() > 2000) {
      message = message.substring(0, 2000);
    }
    return Json.object("type", e.getClass().getSimpleName(), "message", message);
  }

  private static JsonObject row(EffectRecord effect, String result, String reason, Object... extra) {
    JsonObject out =
        Json.object(
            "run_id", effect.getRunId(),
            "idempotency_key", effect.getIdempotencyKey(),
            "tool", effect.getToolName(),
            "connector", effect.getConnector(),
            "attempt", effect.getDispatchAttempts(),
            "result", result);
    if (!reason.isEmpty()) {
      out.addProperty("reason", reason);
    }
    Json.object(extra).entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
