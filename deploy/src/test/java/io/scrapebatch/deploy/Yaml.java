package io.scrapebatch.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Multi-document YAML as plain maps, and small accessors over them. */
final class Yaml {
  static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

  /** Every non-empty document of a YAML stream. */
  static List<Map<String, Object>> documents(String yaml) {
    try (var parser = MAPPER.getFactory().createParser(yaml)) {
      var docs = new ArrayList<Map<String, Object>>();
      var it = MAPPER.readValues(parser, new TypeReference<Map<String, Object>>() {});
      while (it.hasNext()) {
        var doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> document(String yaml) {
    var docs = documents(yaml);
    if (docs.size() != 1) {
      throw new IllegalArgumentException("expected one YAML document, got " + docs.size());
    }
    return docs.get(0);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value at a path of map keys, or null. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object root, String... path) {
    Object current = root;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return (T) current;
  }

  static String kind(Map<String, Object> doc) {
    return Objects.toString(doc.get("kind"), "");
  }

  static String name(Map<String, Object> doc) {
    return Objects.toString(at(doc, "metadata", "name"), "");
  }

  /** {@code Kind/name} or {@code Kind/namespace/name}, for messages. */
  static String id(Map<String, Object> doc) {
    String ns = at(doc, "metadata", "namespace");
    return kind(doc) + "/" + (ns == null ? "" : ns + "/") + name(doc);
  }

  private Yaml() {}
}
