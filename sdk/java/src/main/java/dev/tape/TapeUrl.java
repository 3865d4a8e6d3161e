package dev.tape;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A tape server address: {@code tape://host:port} (plaintext, port 7878 by default) or
 * {@code tapes://host[:port]} (TLS, port 443 by default), as the Python and TypeScript clients
 * read it.
 *
 * @param host the host name or address
 * @param port the port
 * @param tls whether the channel is TLS (tapes://)
 */
public record TapeUrl(String host, int port, boolean tls) {
  public static final String DEFAULT = "tape://localhost:7878";

  /**
   * Parses {@code url}.
   *
   * @param url the address
   * @param option how the caller names the setting in errors (e.g. "--url")
   * @throws ConfigurationException naming {@code option} and what it expects
   */
  public static TapeUrl parse(String url, String option) {
    String expected = option + " must be tape://host:port (or tapes://host[:port] for TLS)";
    if (url == null) {
      throw new ConfigurationException(expected + ", not null");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null
        || scheme == null
        || !(scheme.equalsIgnoreCase("tape") || scheme.equalsIgnoreCase("tapes"))
        || uri.getHost() == null
        || uri.getHost().isEmpty()) {
      throw new ConfigurationException(expected + ", not " + Json.quote(Redaction.redactUrl(url)));
    }
    boolean tls = scheme.equalsIgnoreCase("tapes");
    int port = uri.getPort() == -1 ? (tls ? 443 : 7878) : uri.getPort();
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new TapeUrl(host, port, tls);
  }

  /** host:port, as gRPC targets are written. */
  public String target() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
