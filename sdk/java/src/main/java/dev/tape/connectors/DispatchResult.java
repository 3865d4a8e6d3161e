package dev.tape.connectors;

import com.google.gson.JsonObject;
import dev.tape.Json;
import java.util.Map;
import java.util.Objects;

/** A connector's answer for one dispatch: confirmed, failed (retryable or not) or unknown. */
public final class DispatchResult {
  /** What happened upstream. */
  public enum Outcome {
    CONFIRMED,
    FAILED,
    UNKNOWN
  }

  private final Outcome outcome;
  private final String externalRef;
  private final JsonObject response;
  private final JsonObject error;
  private final boolean retryable;
  private final long retryAfterMs;

  private DispatchResult(
      Outcome outcome,
      String externalRef,
      JsonObject response,
      JsonObject error,
      boolean retryable,
      long retryAfterMs) {
    this.outcome = outcome;
    this.externalRef = externalRef == null ? "" : externalRef;
    this.response = response == null ? new JsonObject() : response;
    this.error = error;
    this.retryable = retryable;
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }

  /** It landed; {@code externalRef} is the upstream's id for it ("" when none). */
  public static DispatchResult confirmed(String externalRef, JsonObject response) {
    return new DispatchResult(Outcome.CONFIRMED, externalRef, response, null, false, 0);
  }

  /** It landed (a Map response, for connectors that do not build Gson trees). */
  public static DispatchResult confirmed(String externalRef, Map<String, ?> response) {
    return confirmed(externalRef, (JsonObject) Json.tree(response == null ? Map.of() : response));
  }

  /**
   * It provably did not land. A retryable failure is dispatched again after the backoff (or
   * {@code retryAfterMs} when above 0, e.g. a 429's Retry-After); a non-retryable one is FAILED.
   */
  public static DispatchResult failed(JsonObject error, boolean retryable, long retryAfterMs) {
    return new DispatchResult(Outcome.FAILED, "", null, Objects.requireNonNull(error), retryable, retryAfterMs);
  }

  /** A retryable failure with {@code message}. */
  public static DispatchResult failed(String message) {
    return failed(Json.object("message", message), true, 0);
  }

  /** Whether it landed cannot be told: the effect becomes UNKNOWN and is never re-sent blindly. */
  public static DispatchResult unknown(JsonObject error) {
    return new DispatchResult(Outcome.UNKNOWN, "", null, error, false, 0);
  }

  /** The same with a response body kept beside the error. */
  public static DispatchResult unknown(JsonObject error, JsonObject response) {
    return new DispatchResult(Outcome.UNKNOWN, "", response, error, false, 0);
  }

  public Outcome outcome() {
    return outcome;
  }

  public String externalRef() {
    return externalRef;
  }

  public JsonObject response() {
    return response;
  }

  /** The error (FAILED and UNKNOWN), or null. */
  public JsonObject error() {
    return error;
  }

  public boolean retryable() {
    return retryable;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }

  @Override
  public String toString() {
    return "DispatchResult{" + outcome + (error == null ? "" : ", error=" + error) + "}";
  }
}
