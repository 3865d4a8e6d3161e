package dev.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TapeUrlTest {
  @Test
  void schemesPickTlsAndDefaultPorts() {
    assertEquals(new TapeUrl("localhost", 7878, false), TapeUrl.parse("tape://localhost", "url"));
    assertEquals(new TapeUrl("h", 9, false), TapeUrl.parse("tape://h:9", "url"));
    assertEquals(new TapeUrl("tape.example", 443, true), TapeUrl.parse("tapes://tape.example", "url"));
    assertEquals("[::1]:7878", TapeUrl.parse("tape://[::1]:7878", "url").target());
  }

  @Test
  void anythingElseIsAConfigurationErrorThatHidesSecrets() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> TapeUrl.parse("postgresql://u:hunter22hunter@db/x", "--url"));
    assertTrue(e.getMessage().startsWith("--url must be tape://host:port"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter22hunter"), e.getMessage());
    assertThrows(ConfigurationException.class, () -> TapeUrl.parse("tape://", "--url"));
    assertThrows(ConfigurationException.class, () -> TapeUrl.parse(null, "--url"));
  }

  @Test
  void redactionHidesUserinfoSecretQueryValuesAndFragments() {
    assertEquals(
        "https://***@h/p?token=***&page=2", Redaction.redactUrl("https://u:p@h/p?token=x&page=2#frag"));
    assertTrue(Redaction.isSecretName("X-Api-Key"));
    assertTrue(Redaction.isSecretName("clientSecret"));
    assertFalse(Redaction.isSecretName("idempotency_key"));
  }
}
