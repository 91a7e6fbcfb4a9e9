package io.scrapebatch.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FieldPatternTest {
  @Test
  void findsAMatchAnywhereLikeRlikeUnlessAnchored() {
    assertThat(FieldPattern.compile("https?://").foundIn("see https://a")).isTrue();
    assertThat(FieldPattern.compile("^https?://").foundIn("see https://a")).isFalse();
    assertThat(FieldPattern.compile("^[a-z][a-z0-9_-]*$").foundIn("tee-shirts")).isTrue();
    assertThat(FieldPattern.compile("(?i)^eur$").foundIn("EUR")).isTrue();
  }

  @Test
  void aLongValueUnderARepeatedAlternationNeitherOverflowsNorMisjudges() {
    String value = "ab".repeat(25_000);
    assertThatThrownBy(() -> Pattern.compile("^(a|b)*$").matcher(value).find())
        .as("what java.util.regex does with it")
        .isInstanceOf(StackOverflowError.class);

    FieldPattern pattern = FieldPattern.compile("^(a|b)*$");
    assertThat(pattern.foundIn(value)).isTrue();
    assertThat(pattern.foundIn(value + "c")).isFalse();
  }

  @Test
  void syntaxRe2RefusesIsReportedNotThrown() {
    assertThat(FieldPattern.syntaxError("^(x)\\1$"))
        .hasValueSatisfying(e -> assertThat(e).contains("\\1"));
    assertThat(FieldPattern.syntaxError("^(?=x)")).isPresent();
    assertThat(FieldPattern.syntaxError("(")).isPresent();
    assertThat(FieldPattern.syntaxError("^[A-Z]{3}$")).isEmpty();
    assertThatThrownBy(() -> FieldPattern.compile("("))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
