package dev.tape.cli;

import dev.tape.ConfigurationException;
import dev.tape.Redaction;
import dev.tape.TapeUrl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TapeOutbox's flags: the same names and defaults as every tape outbox dispatcher. */
final class Flags {
  String url;
  String connector = "";
  long intervalMs = 1000;
  int maxAttempts = 5;
  String claimer = "";
  boolean once;
  boolean registerLogConnector;
  String logConnectorPath = "/tmp/tape-outbox.jsonl";
  /** --register-http-connector NAME=URL, in order. */
  final Map<String, String> httpConnectors = new LinkedHashMap<>();
  boolean help;

  /** A usage error: printed as {@code <prog>: error: <message>}, exit 2. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private static final List<String> VALUED =
      List.of(
          "--url", "--connector", "--interval", "--max-attempts", "--claimer",
          "--log-connector-path", "--register-http-connector");
  private static final List<String> SWITCHES =
      List.of("--once", "--register-log-connector", "--help", "-h");

  /**
   * @param env the environment ($TAPE_URL is --url's default)
   * @throws UsageException naming the flag and what it expects
   */
  static Flags parse(String[] args, Map<String, String> env) throws UsageException {
    Flags flags = new Flags();
    String envUrl = env.get("TAPE_URL");
    flags.url = envUrl == null || envUrl.isEmpty() ? TapeUrl.DEFAULT : envUrl;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (SWITCHES.contains(arg)) {
        if (value != null) {
          throw new UsageException("argument " + arg + ": ignored explicit argument '" + value + "'");
        }
        switch (arg) {
          case "--once" -> flags.once = true;
          case "--register-log-connector" -> flags.registerLogConnector = true;
          default -> flags.help = true;
        }
        continue;
      }
      if (!VALUED.contains(arg)) {
        throw new UsageException("unrecognized arguments: " + arg);
      }
      if (value == null) {
        if (rest.isEmpty()) {
          throw new UsageException("argument " + arg + ": expected one argument");
        }
        value = rest.remove(0);
      }
      switch (arg) {
        case "--url" -> flags.url = value;
        case "--connector" -> flags.connector = value;
        case "--interval" -> flags.intervalMs = integer(arg, value);
        case "--max-attempts" -> flags.maxAttempts = (int) integer(arg, value);
        case "--claimer" -> flags.claimer = value;
        case "--log-connector-path" -> flags.logConnectorPath = value;
        default -> {
          int split = value.indexOf('=');
          if (split <= 0 || split == value.length() - 1) {
            throw new UsageException(
                "argument --register-http-connector: expected NAME=URL, not '"
                    + Redaction.redactText(value, List.of())
                    + "'");
          }
          String name = value.substring(0, split);
          if (flags.httpConnectors.containsKey(name)) {
            throw new UsageException(
                "argument --register-http-connector: connector '" + name + "' given twice");
          }
          flags.httpConnectors.put(name, value.substring(split + 1));
        }
      }
    }
    if (flags.help) {
      return flags;
    }
    try {
      TapeUrl.parse(flags.url, "--url");
    } catch (ConfigurationException e) {
      throw new UsageException(e.getMessage());
    }
    if (flags.logConnectorPath.isEmpty()) {
      throw new UsageException("argument --log-connector-path: expected a path");
    }
    return flags;
  }

  private static long integer(String flag, String text) throws UsageException {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UsageException("argument " + flag + ": must be an integer >= 1, not '" + text + "'");
    }
    if (value < 1 || (flag.equals("--max-attempts") && value > Integer.MAX_VALUE)) {
      throw new UsageException("argument " + flag + ": must be an integer >= 1, not '" + text + "'");
    }
    return value;
  }
}
