package dev.tape;

/** The upstream provably never got the request: safe to retry. Throw it from a connector. */
public class DefinitelyNotApplied extends TapeException {
  private static final long serialVersionUID = 1L;

  public DefinitelyNotApplied(String message) {
    super(message);
  }

  public DefinitelyNotApplied(String message, Throwable cause) {
    super(message, null, null, cause);
  }
}
