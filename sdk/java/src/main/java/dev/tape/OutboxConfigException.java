package dev.tape;

/** An outbox dispatcher or connector configured unsafely; thrown at construction, nothing sent. */
public class OutboxConfigException extends TapeException {
  private static final long serialVersionUID = 1L;

  public OutboxConfigException(String message) {
    super(message);
  }
}
