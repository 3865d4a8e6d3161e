package dev.tape.outbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tape.BlindRetryException;
import dev.tape.Json;
import dev.tape.connectors.DispatchResult;
import dev.tape.proto.DispatchOutcome;
import dev.tape.proto.EffectRecord;
import dev.tape.proto.EffectSemantics;

/**
 * The outcomes the dispatcher records (RecordDispatchOutcomes), one builder per kind, as the
 * TypeScript dispatcher writes them: confirmed -> CONFIRMED; a failure -> "retry" (PENDING again
 * at the backoff) or "failed" (FAILED for good, {"final": true, "attempts": n, "last": ...});
 * unknown -> UNKNOWN, never dispatched again.
 */
public final class Outcomes {
  private Outcomes() {}

  public static DispatchOutcome confirmed(EffectRecord effect, DispatchResult result) {
    String ref = result.externalRef();
    JsonObject response = Json.object("external_ref", ref);
    result.response().entrySet().forEach(e -> response.add(e.getKey(), e.getValue()));
    JsonObject payload = new JsonObject();
    result.response().entrySet().forEach(e -> payload.add(e.getKey(), e.getValue()));
    payload.addProperty("external_ref", ref);
    return base(effect, "confirmed")
        .setResponseJson(Json.write(response))
        .setExternalRef(ref)
        .setCompensateKind(effect.getCompensateKind())
        .setCompensatePayloadJson(Json.write(payload))
        .build();
  }

  /** FAILED for good: the last error, and how many attempts were used. */
  public static DispatchOutcome failed(EffectRecord effect, JsonElement error) {
    JsonObject last =
        Json.object("final", true, "attempts", effect.getDispatchAttempts(), "last", error);
    return base(effect, "failed").setError(Json.write(last)).build();
  }

  /**
   * PENDING again at {@code nextDispatchAtMs}, after {@code cause}.
   *
   * @throws BlindRetryException when {@code cause} is not a failure: whether that dispatch landed
   *     is unknown, and a NON_IDEMPOTENT effect is never sent again on a guess (nor is any effect
   *     re-sent by the dispatcher: only the reconciler, having asked the upstream, may)
   */
  public static DispatchOutcome retry(EffectRecord effect, DispatchResult cause, long nextDispatchAtMs) {
    if (cause.outcome() != DispatchResult.Outcome.FAILED) {
      boolean nonIdempotent = effect.getSemantics() == EffectSemantics.EFFECT_SEMANTICS_NON_IDEMPOTENT;
      throw new BlindRetryException(
          "refusing to retry "
              + (nonIdempotent ? "NON_IDEMPOTENT " : "")
              + "effect "
              + Json.quote(effect.getIdempotencyKey())
              + " after an outcome of "
              + cause.outcome().name().toLowerCase(java.util.Locale.ROOT)
              + ": it may have landed; it becomes UNKNOWN and the reconciler asks the upstream");
    }
    JsonElement error = cause.error() == null ? Json.object("message", "failed") : cause.error();
    return base(effect, "retry")
        .setError(Json.write(error))
        .setNextDispatchAtMs(nextDispatchAtMs)
        .build();
  }

  /** UNKNOWN: the reconciler asks the upstream; nothing is re-sent blindly. */
  public static DispatchOutcome unknown(EffectRecord effect, JsonElement error) {
    return base(effect, "unknown").setError(Json.write(error)).build();
  }

  private static DispatchOutcome.Builder base(EffectRecord effect, String kind) {
    return DispatchOutcome.newBuilder()
        .setRunId(effect.getRunId())
        .setIdempotencyKey(effect.getIdempotencyKey())
        .setKind(kind);
  }
}
