package dev.tape.connectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connectors by name. The dispatcher resolves an effect's {@code connector} here and nowhere
 * else: journal data never names code (docs/design.md, decision 15).
 */
public final class ConnectorRegistry {
  /** The process-wide registry: {@code ConnectorRegistry.DEFAULT.register("bank.wire", ...)}. */
  public static final ConnectorRegistry DEFAULT = new ConnectorRegistry();

  private final Map<String, Connector> connectors = new ConcurrentHashMap<>();

  /**
   * Registers {@code connector} under {@code name} (replacing one of that name).
   *
   * @return the connector
   * @throws IllegalArgumentException for an empty name or a null connector
   */
  public <C extends Connector> C register(String name, C connector) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("connector name required");
    }
    if (connector == null) {
      throw new IllegalArgumentException("connector " + name + " is null");
    }
    connectors.put(name, connector);
    return connector;
  }

  /** The connector registered as {@code name}, or null. */
  public Connector get(String name) {
    return connectors.get(name);
  }

  /** Registered names, sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>(connectors.keySet());
    Collections.sort(names);
    return names;
  }

  /** Removes every connector (tests). */
  public void clear() {
    connectors.clear();
  }
}
