package io.scrapebatch.e2e.bench;

import java.util.function.Predicate;

/** Sums of series in the Prometheus text format, as the operator and the API server serve it. */
record PrometheusText(String text) {

  /** The sum of every series named {@code name} whose labels pass {@code labels}. */
  double sum(String name, Predicate<String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String series = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      String labelText = brace < 0 ? "" : line.substring(brace, line.lastIndexOf('}') + 1);
      if (series.equals(name) && labels.test(labelText)) {
        total += Double.parseDouble(line.substring(space + 1));
      }
    }
    return total;
  }

  /** Sums of the series named {@code name}, by the values of {@code label} and {@code other}. */
  java.util.Map<String, Double> sumBy(String name, String label, String other) {
    var sums = new java.util.TreeMap<String, Double>();
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      String labels = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
      String key = value(labels, label) + " " + value(labels, other);
      sums.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return sums;
  }

  private static String value(String labels, String label) {
    var m = java.util.regex.Pattern.compile("[{,]" + label + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "";
  }

  double sum(String name) {
    return sum(name, labels -> true);
  }
}
