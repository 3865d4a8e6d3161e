package dev.tape.outbox;

/** The retry delay after a failed dispatch: min(1 s * 2^(attempt-1), 60 s) (docs/design.md, decision 9). */
public final class Backoff {
  public static final long BASE_MS = 1_000;
  public static final long CAP_MS = 60_000;

  private Backoff() {}

  /** The delay after failed attempt {@code attempt} (1-based); attempt below 1 counts as 1. */
  public static long delayMs(int attempt) {
    return delayMs(attempt, BASE_MS, CAP_MS);
  }

  /** min(base * 2^(attempt-1), cap). */
  public static long delayMs(int attempt, long baseMs, long capMs) {
    if (attempt < 1) {
      return Math.min(baseMs, capMs);
    }
    int shift = Math.min(attempt - 1, 32);
    double delay = baseMs * Math.pow(2, shift);
    return (long) Math.min(delay, (double) capMs);
  }
}
