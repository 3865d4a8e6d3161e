package dev.tape;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/** JSON as the SDK writes and reads it (Gson; strict parsing, no HTML escaping). */
public final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  private static final TypeAdapter<JsonElement> ELEMENT = GSON.getAdapter(JsonElement.class);

  private Json() {}

  /** Compact JSON text of a Gson tree, a Map, a List, a String or a number. */
  public static String write(Object value) {
    if (value instanceof JsonElement element) {
      return GSON.toJson(element);
    }
    return GSON.toJson(value);
  }

  /** {@code text} as a JSON string literal. */
  public static String quote(String text) {
    return GSON.toJson(new JsonPrimitive(text));
  }

  /**
   * Parses strict JSON (RFC 8259: no comments, no unquoted words, one value).
   *
   * @throws IllegalArgumentException when {@code text} is not JSON
   */
  public static JsonElement parse(String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setLenient(false);
      JsonElement value = ELEMENT.read(reader);
      if (value == null || reader.peek() != JsonToken.END_DOCUMENT) {
        throw new IllegalArgumentException("not one JSON value");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** The parsed JSON of {@code text}, the text itself when it is not JSON, null when empty. */
  public static JsonElement parseOrText(String text) {
    if (text == null || text.isEmpty()) {
      return JsonNull.INSTANCE;
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      return new JsonPrimitive(text);
    }
  }

  /** A JSON object of alternating keys and values (String, Number, Boolean, JsonElement, Map). */
  public static JsonObject object(Object... keysAndValues) {
    JsonObject out = new JsonObject();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      out.add((String) keysAndValues[i], tree(keysAndValues[i + 1]));
    }
    return out;
  }

  /** Any supported value as a Gson tree. */
  public static JsonElement tree(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement element) {
      return element;
    }
    if (value instanceof String s) {
      return new JsonPrimitive(s);
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (value instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject out = new JsonObject();
      map.forEach((k, v) -> out.add(String.valueOf(k), tree(v)));
      return out;
    }
    return GSON.toJsonTree(value);
  }
}
