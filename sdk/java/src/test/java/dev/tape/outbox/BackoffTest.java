package dev.tape.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromOneSecondAndStopsAtSixty() {
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
    for (int attempt = 1; attempt <= expected.length; attempt++) {
      assertEquals(expected[attempt - 1], Backoff.delayMs(attempt), "attempt " + attempt);
    }
  }

  @Test
  void anAttemptBelowOneWaitsTheBaseAndHugeAttemptsTheCap() {
    assertEquals(1_000, Backoff.delayMs(0));
    assertEquals(1_000, Backoff.delayMs(-3));
    assertEquals(60_000, Backoff.delayMs(1_000_000));
    assertEquals(60_000, Backoff.delayMs(Integer.MAX_VALUE));
  }
}
