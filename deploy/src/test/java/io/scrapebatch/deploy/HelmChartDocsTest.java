package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every value of the chart is commented in values.yaml and listed in its README, and no other. */
class HelmChartDocsTest {
  static final String VALUES = Repo.read(Repo.deploy("helm/scrapebatch-operator/values.yaml"));
  static final String README = Repo.read(Repo.deploy("helm/scrapebatch-operator/README.md"));

  /** The keys of the README's values table. */
  static List<String> documented() {
    var rows = Pattern.compile("(?m)^\\| `([A-Za-z0-9_.]+)` \\|").matcher(README);
    var keys = new ArrayList<String>();
    while (rows.find()) {
      keys.add(rows.group(1));
    }
    return keys;
  }

  /** Every key path of values.yaml, maps included. */
  static List<String> paths(Map<String, Object> values, String prefix) {
    var paths = new ArrayList<String>();
    values.forEach(
        (key, value) -> {
          String path = prefix + key;
          paths.add(path);
          if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            @SuppressWarnings("unchecked")
            var child = (Map<String, Object>) map;
            paths.addAll(paths(child, path + "."));
          }
        });
    return paths;
  }

  @Test
  void everyValueIsInTheReadmeTableAtItsOwnLevelOrAParents() {
    var documented = documented();
    var all = paths(Yaml.document(VALUES), "");
    for (String path : all) {
      boolean leaf = all.stream().noneMatch(p -> p.startsWith(path + "."));
      if (leaf) {
        assertThat(documented.stream().anyMatch(d -> path.equals(d) || path.startsWith(d + ".")))
            .as("values.yaml %s is not in the README's table", path)
            .isTrue();
      }
    }
    assertThat(all).as("README rows that are not values").containsAll(documented);
  }

  @Test
  void everyDocumentedValueHasADocComment() {
    for (String key : documented()) {
      String last = key.substring(key.lastIndexOf('.') + 1);
      assertThat(VALUES)
          .as("%s needs a `# -- ` comment right above it in values.yaml", key)
          .containsPattern("(?m)^\\s*# -- .*\\n(\\s*#.*\\n)*\\s*" + Pattern.quote(last) + ":");
    }
  }
}
