package dev.tape;

/** Whether the upstream applied the request cannot be told: never retried blindly. */
public class OutcomeUnknown extends TapeException {
  private static final long serialVersionUID = 1L;

  public OutcomeUnknown(String message) {
    super(message);
  }

  public OutcomeUnknown(String message, Throwable cause) {
    super(message, null, null, cause);
  }
}
