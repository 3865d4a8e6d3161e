package dev.tape;

/**
 * Base class of every error this SDK throws on purpose. {@link #tapeError()} names the
 * tape.errors class (the server's {@code tape-error} trailer, or this SDK's own class name), so
 * logs read the same in every language.
 */
public class TapeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tapeError;
  private final io.grpc.Status.Code code;

  public TapeException(String message) {
    this(message, null, null, null);
  }

  public TapeException(String message, String tapeError, io.grpc.Status.Code code, Throwable cause) {
    super(message, cause);
    this.tapeError = tapeError == null ? getClass().getSimpleName() : tapeError;
    this.code = code;
  }

  /** The tape.errors class name (RunNotFound, InvalidArgument, ServerUnavailable, ...). */
  public String tapeError() {
    return tapeError;
  }

  /** The gRPC status code when the server answered with one, else null. */
  public io.grpc.Status.Code code() {
    return code;
  }
}
