package dev.tape;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is secret, decided as tape's Python does (tape/redaction.py): a URL's userinfo, its
 * secret-looking query values and its fragment; literal secrets (a connector's static header
 * values) of at least {@link #MIN_LITERAL_CHARS} characters. Each becomes {@code ***}.
 */
public final class Redaction {
  public static final String REDACTED = "***";
  /** Shorter literals are never searched for: replacing them would reveal them instead. */
  public static final int MIN_LITERAL_CHARS = 8;

  private static final Set<String> EXACT =
      Set.of("key", "sig", "pass", "pwd", "pw", "jwt", "auth", "otp", "session");
  private static final Set<String> WORDS = Set.of("auth", "pw", "pwd", "pass", "passwd", "jwt", "otp");
  private static final List<String> PARTS =
      List.of(
          "token", "secret", "password", "passwd", "passphrase", "credential", "apikey",
          "privatekey", "accesskey", "sshkey", "secretkey", "signingkey", "sessionkey", "cookie",
          "authorization", "signature", "bearer");
  private static final Set<String> NOT_SECRET =
      Set.of(
          "sessionid", "idempotencykey", "businesskey", "effectkey", "reusedeffectkey",
          "reusedbykey", "tokenizer");
  private static final Set<String> QUERY_ONLY = Set.of("code");
  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern SPLIT = Pattern.compile("[^a-z0-9]+");
  private static final Pattern URL =
      Pattern.compile("(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{0,31}://[^\\s'\"<>]+");

  private Redaction() {}

  /** Whether a header, query parameter or key name looks like it carries a credential. */
  public static boolean isSecretName(String name) {
    String spaced = CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    for (String w : SPLIT.split(spaced)) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    String joined = String.join("", words);
    if (joined.isEmpty() || NOT_SECRET.contains(joined)) {
      return false;
    }
    if (EXACT.contains(joined) || words.stream().anyMatch(WORDS::contains)) {
      return true;
    }
    return PARTS.stream().anyMatch(joined::contains);
  }

  /** {@code url} safe to log or record: userinfo, secret query values and fragment hidden. */
  public static String redactUrl(String url) {
    int sep = url.indexOf("://");
    if (sep < 0) {
      return url;
    }
    String scheme = url.substring(0, sep);
    String rest = url.substring(sep + 3);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    // The authority ends at the first '/' or '?' after the last '@' (a password may hold them).
    int at = rest.lastIndexOf('@');
    String userinfo = null;
    if (at >= 0) {
      userinfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    int question = rest.indexOf('?');
    String head = question < 0 ? rest : rest.substring(0, question);
    String query = question < 0 ? null : rest.substring(question + 1);
    StringBuilder out = new StringBuilder(scheme).append("://");
    if (userinfo != null) {
      out.append(REDACTED).append('@');
    }
    out.append(head);
    if (query != null && !query.isEmpty()) {
      out.append('?').append(redactQuery(query));
    }
    return out.toString();
  }

  private static String redactQuery(String query) {
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      boolean hide = isSecretName(name) || QUERY_ONLY.contains(name.toLowerCase(Locale.ROOT));
      pairs.add(hide ? (eq < 0 ? pair : pair.substring(0, eq)) + "=" + REDACTED : pair);
    }
    return String.join("&", pairs);
  }

  /**
   * {@code text} with every URL in it redacted and each literal secret of at least {@link
   * #MIN_LITERAL_CHARS} characters replaced.
   */
  public static String redactText(String text, Collection<String> secrets) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_LITERAL_CHARS) {
        out = out.replace(secret, REDACTED);
      }
    }
    Matcher m = URL.matcher(out);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(redactUrl(m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
