package dev.tape.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.tape.BlindRetryException;
import dev.tape.DefinitelyNotApplied;
import dev.tape.Effects;
import dev.tape.Json;
import dev.tape.OutboxConfigException;
import dev.tape.OutcomeUnknown;
import dev.tape.TapeClient;
import dev.tape.connectors.ConnectorRegistry;
import dev.tape.connectors.DispatchResult;
import dev.tape.proto.DispatchOutcome;
import dev.tape.proto.EffectRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the dispatcher records for each connector answer, and the NON_IDEMPOTENT safety rule. */
class OutcomesTest {
  // Never connected: call() does not talk to the server.
  private final TapeClient client = new TapeClient("tape://127.0.0.1:1");
  private final ConnectorRegistry registry = new ConnectorRegistry();

  @AfterEach
  void close() {
    client.close();
  }

  private OutboxDispatcher dispatcher(int maxAttempts) {
    OutboxDispatcher.Options options = new OutboxDispatcher.Options();
    options.maxAttempts = maxAttempts;
    options.claimer = "test";
    return new OutboxDispatcher(client, registry, options);
  }

  private DispatchOutcome call(EffectRecord effect, dev.tape.connectors.Connector connector, int max) {
    registry.register("bank.wire", connector);
    try (OutboxDispatcher d = dispatcher(max)) {
      return d.call(effect).outcome();
    }
  }

  @Test
  void aRetryIsNeverBuiltAfterAnUnknownOutcomeOfANonIdempotentEffect() {
    DispatchResult unknown = DispatchResult.unknown(Json.object("reason", "read_timeout"));
    BlindRetryException e =
        assertThrows(
            BlindRetryException.class,
            () -> Outcomes.retry(Effects.nonIdempotent(1), unknown, System.currentTimeMillis()));
    assertTrue(e.getMessage().contains("NON_IDEMPOTENT"), e.getMessage());
    assertTrue(e instanceof OutboxConfigException);
    assertEquals("BlindRetryException", e.tapeError());
    DispatchResult confirmed = DispatchResult.confirmed("x", new JsonObject());
    assertThrows(BlindRetryException.class, () -> Outcomes.retry(Effects.idempotent(1), confirmed, 0));
  }

  @Test
  void aFailureIsRetriedAtTheBackoffThenFailedForGood() {
    long before = System.currentTimeMillis();
    DispatchOutcome retry = call(Effects.nonIdempotent(3), e -> DispatchResult.failed("HTTP 429"), 5);
    assertEquals("retry", retry.getKind());
    long delay = retry.getNextDispatchAtMs() - before;
    assertTrue(delay >= 4_000 && delay < 4_000 + 5_000, "attempt 3 waits 4 s, not " + delay);
    assertEquals("{\"message\":\"HTTP 429\"}", retry.getError());

    DispatchOutcome last = call(Effects.nonIdempotent(5), e -> DispatchResult.failed("HTTP 429"), 5);
    assertEquals("failed", last.getKind());
    assertEquals(
        "{\"final\":true,\"attempts\":5,\"last\":{\"message\":\"HTTP 429\"}}", last.getError());

    DispatchResult notRetryable = DispatchResult.failed(Json.object("message", "HTTP 400"), false, 0);
    assertEquals("failed", call(Effects.nonIdempotent(1), e -> notRetryable, 5).getKind());
  }

  @Test
  void theEffectsOwnMaxAttemptsWins() {
    EffectRecord effect = Effects.idempotent(2).toBuilder().setMaxAttempts(2).build();
    assertEquals("failed", call(effect, e -> DispatchResult.failed("no"), 5).getKind());
  }

  @Test
  void unknownIsRecordedUnknown() {
    DispatchOutcome outcome =
        call(Effects.idempotent(1), e -> DispatchResult.unknown(Json.object("status_code", 502)), 5);
    assertEquals("unknown", outcome.getKind());
    assertEquals("{\"error\":{\"status_code\":502}}", outcome.getError());
  }

  @Test
  void confirmedCarriesTheExternalRefAndTheResponse() {
    DispatchOutcome outcome =
        call(Effects.idempotent(1), e -> DispatchResult.confirmed("tx-9", Json.object("amount", 100)), 5);
    assertEquals("confirmed", outcome.getKind());
    assertEquals("tx-9", outcome.getExternalRef());
    assertEquals("{\"external_ref\":\"tx-9\",\"amount\":100}", outcome.getResponseJson());
    assertEquals("{\"amount\":100,\"external_ref\":\"tx-9\"}", outcome.getCompensatePayloadJson());
  }

  @Test
  void aThrowIsUnknownForNonIdempotentAndARetryableFailureOtherwise() {
    dev.tape.connectors.Connector boom =
        e -> {
          throw new IllegalStateException("socket closed mid-call");
        };
    DispatchOutcome non = call(Effects.nonIdempotent(1), boom, 5);
    assertEquals("unknown", non.getKind());
    assertTrue(non.getError().contains("connector raised"), non.getError());
    assertEquals("retry", call(Effects.idempotent(1), boom, 5).getKind());

    dev.tape.connectors.Connector notApplied =
        e -> {
          throw new DefinitelyNotApplied("refused");
        };
    assertEquals("retry", call(Effects.nonIdempotent(1), notApplied, 5).getKind());

    dev.tape.connectors.Connector unknown =
        e -> {
          throw new OutcomeUnknown("ack lost");
        };
    assertEquals("unknown", call(Effects.idempotent(1), unknown, 5).getKind());
    assertEquals("unknown", call(Effects.idempotent(1), e -> null, 5).getKind());
  }

  @Test
  void badOptionsAreRefusedAtConstruction() {
    OutboxDispatcher.Options options = new OutboxDispatcher.Options();
    options.maxAttempts = 0;
    assertThrows(OutboxConfigException.class, () -> new OutboxDispatcher(client, registry, options));
  }
}
