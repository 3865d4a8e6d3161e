package dev.tape.connectors;

import dev.tape.proto.EffectRecord;

/**
 * What the outbox dispatcher calls to perform an effect once.
 *
 * <p>Return {@link DispatchResult#confirmed}, {@link DispatchResult#failed} or {@link
 * DispatchResult#unknown} (the call may have landed: never re-sent blindly). Throwing {@link
 * dev.tape.DefinitelyNotApplied} means "safe to retry"; any other exception is taken as unknown
 * for a NON_IDEMPOTENT effect (it may have landed) and as a retryable failure otherwise.
 */
@FunctionalInterface
public interface Connector {
  /**
   * Performs {@code effect} (its {@code request_json}) once against the upstream.
   *
   * @param effect the claimed effect, as the journal has it
   * @return the outcome
   * @throws Exception see the class comment for how a throw is read
   */
  DispatchResult dispatch(EffectRecord effect) throws Exception;
}
