package io.scrapebatch.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.ScrapeBatchCrd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs that restate the API against the API itself: the exit-code tables are the one {@link
 * ExitCode} renders, and the CRD reference lists every spec default the CRD declares, with its
 * value.
 */
class DocsMatchTheApiTest {
  private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
  private static final String EXIT_CODES_BEGIN = "<!-- exit-codes: generated from ExitCode -->";
  private static final String EXIT_CODES_END = "<!-- /exit-codes -->";
  private static final Pattern SPEC_ROW =
      Pattern.compile("^\\| (`[a-zA-Z.]+`(?: / `[a-zA-Z]+`)*) \\| [^|]+ \\| ([^|]+) \\|.*$");

  /** A row of the status table: {@code | `field` | meaning |} or {@code | `field[]` | … |}. */
  private static final Pattern STATUS_ROW =
      Pattern.compile("^\\| `([a-zA-Z]+)(?:\\[\\])?` \\| (.+) \\|$");

  @Test
  void theExitCodeTablesInTheDocsAreTheContractsOwn() throws IOException {
    for (String doc : new String[] {"architecture.md", "etl-job.md"}) {
      String text = Files.readString(DOCS.resolve(doc));
      int begin = text.indexOf(EXIT_CODES_BEGIN);
      int end = text.indexOf(EXIT_CODES_END);
      assertThat(begin).as("%s has no %s marker", doc, EXIT_CODES_BEGIN).isNotNegative();
      assertThat(text.substring(begin + EXIT_CODES_BEGIN.length(), end).strip())
          .as("the exit-code table of docs/%s (paste the expected text)", doc)
          .isEqualTo(ExitCode.markdownTable().strip());
    }
  }

  @Test
  void theCrdReferenceStatesEverySpecDefaultTheApiServerApplies() throws IOException {
    var documented = new TreeMap<String, String>();
    var lines = Files.readAllLines(DOCS.resolve("crd-reference.md"));
    // The spec table: from its heading to the contract-field table.
    int from = lines.indexOf("## spec");
    int to =
        lines.stream()
            .filter(l -> l.startsWith("Contract field"))
            .findFirst()
            .map(lines::indexOf)
            .orElseThrow();
    for (String line : lines.subList(from, to)) {
      var row = SPEC_ROW.matcher(line);
      if (!row.matches()) {
        continue;
      }
      String[] names = row.group(1).replace("`", "").split(" / ");
      String[] defaults = row.group(2).strip().split(" / ");
      String parent =
          names[0].contains(".") ? names[0].substring(0, names[0].lastIndexOf('.') + 1) : "";
      for (int i = 0; i < names.length; i++) {
        String value = i < defaults.length ? defaults[i] : defaults[0];
        if (value.startsWith("`")) {
          documented.put((i == 0 ? "" : parent) + names[i], value.replace("`", ""));
        }
      }
    }

    var declared = new TreeMap<String, String>();
    JSONSchemaProps spec = schemaOf("spec");
    collectDefaults("", spec.getProperties(), declared);

    assertThat(documented).isEqualTo(declared);
  }

  @Test
  void theCrdReferenceDescribesEveryStatusFieldAndEveryAttemptField() throws IOException {
    var lines = Files.readAllLines(DOCS.resolve("crd-reference.md"));
    int from = lines.indexOf("## status");
    var rows = new TreeMap<String, String>();
    for (String line : lines.subList(from, lines.size())) {
      var row = STATUS_ROW.matcher(line);
      if (row.matches()) {
        rows.put(row.group(1), row.group(2));
      } else if (!rows.isEmpty() && !line.startsWith("|")) {
        break;
      }
    }
    var status = schemaOf("status");
    assertThat(rows.keySet())
        .as("rows of the status table in docs/crd-reference.md")
        .isEqualTo(new java.util.TreeSet<>(status.getProperties().keySet()));
    var attemptFields = status.getProperties().get("attempts").getItems().getSchema();
    assertThat(attemptFields.getProperties().keySet())
        .as("attempt fields the attempts[] row of docs/crd-reference.md names")
        .allSatisfy(field -> assertThat(rows.get("attempts")).contains("`" + field + "`"));
  }

  private static JSONSchemaProps schemaOf(String root) {
    return ScrapeBatchCrd.definition()
        .getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get(root);
  }

  /**
   * Scalar defaults by field path; object defaults ({@code {}}) only make the nested ones apply.
   */
  private static void collectDefaults(
      String prefix, Map<String, JSONSchemaProps> properties, Map<String, String> into) {
    if (properties == null) {
      return;
    }
    properties.forEach(
        (name, schema) -> {
          var value = schema.getDefault();
          if (value != null && value.isValueNode()) {
            into.put(prefix + name, value.asText());
          }
          collectDefaults(prefix + name + ".", schema.getProperties(), into);
        });
  }
}
