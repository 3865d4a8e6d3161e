package dev.tape;

import dev.tape.proto.EffectRecord;
import dev.tape.proto.EffectSemantics;

/** Effect rows for tests, as the journal hands them to a dispatcher after a claim. */
public final class Effects {
  private Effects() {}

  public static EffectRecord effect(EffectSemantics semantics, int attempt) {
    return EffectRecord.newBuilder()
        .setRunId("run-1")
        .setIdempotencyKey("run-1/decision-0/wire/0")
        .setToolName("wire")
        .setConnector("bank.wire")
        .setBusinessKey("invoice-7")
        .setRequestJson("{\"amount\": 100, \"to\": \"acct-9\"}")
        .setSemantics(semantics)
        .setDispatchAttempts(attempt)
        .build();
  }

  public static EffectRecord nonIdempotent(int attempt) {
    return effect(EffectSemantics.EFFECT_SEMANTICS_NON_IDEMPOTENT, attempt);
  }

  public static EffectRecord idempotent(int attempt) {
    return effect(EffectSemantics.EFFECT_SEMANTICS_IDEMPOTENT, attempt);
  }
}
