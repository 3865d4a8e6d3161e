package dev.tape;

/** The SDK is configured wrongly: a bad URL, an unreadable TAPE_TLS_CA, a bad option. */
public class ConfigurationException extends TapeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}
