package dev.tape;

/**
 * Refused: a retry was being built for an effect whose last dispatch may have landed (its
 * outcome is unknown). A NON_IDEMPOTENT effect is never sent twice on a guess; the reconciler
 * asks the upstream instead (docs/design.md, decisions 3 and 4). The server's claim refuses such
 * an effect too: this is the client's half of the rule, thrown before anything is recorded.
 */
public class BlindRetryException extends OutboxConfigException {
  private static final long serialVersionUID = 1L;

  public BlindRetryException(String message) {
    super(message);
  }
}
