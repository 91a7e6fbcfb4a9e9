package io.scrapebatch.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.operator.policy.SizingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The operator's settings: one default each, the same in the code, the README and the rules. */
class MainTest {
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+):-(.*)}");
  private static final Pattern README_ROW =
      Pattern.compile("^\\| `(--[a-z0-9-]+)` \\| `([A-Z0-9_]+)` \\| ([^|]*) \\|.*$");

  @Test
  void withoutFlagsTheOperatorSizesByTheSizingRulesDefaults() {
    var main = new Main();
    new CommandLine(main).parseArgs();

    assertThat(main.settings().sizing()).isEqualTo(SizingRules.defaults());
  }

  @Test
  void theReadmeTableListsEveryFlagWithItsVariableAndDefault() throws IOException {
    var code = new TreeMap<String, String>();
    for (var field : Main.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        var m = ENV_DEFAULT.matcher(option.defaultValue());
        assertThat(m.matches()).as("%s reads an environment variable", option.names()[0]).isTrue();
        code.put(option.names()[0], m.group(1) + " " + m.group(2));
      }
    }
    var readme = new TreeMap<String, String>();
    Path file = Path.of(System.getProperty("readme", "../README.md"));
    for (String line : Files.readAllLines(file)) {
      var row = README_ROW.matcher(line);
      if (row.matches()) {
        readme.put(row.group(1), row.group(2) + " " + documentedDefault(row.group(3).strip()));
      }
    }

    assertThat(readme).isEqualTo(code);
  }

  /** {@code `x`} is the default x; prose ("all", "empty (…)") stands for an empty default. */
  private static String documentedDefault(String cell) {
    return cell.startsWith("`") ? cell.substring(1, cell.indexOf('`', 1)) : "";
  }
}
