package io.scrapebatch.operator.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of a run a status holds, so that no batch nears etcd's 1.5 MiB object limit whatever its
 * retries and executors: a batch with 20 failed attempts of 1,000 executors each and long evidence
 * stays in the tens of KiB (StatusBoundIT writes that worst case to a real API server).
 */
final class StatusLimits {
  /** Attempts listed: the first (the sizing the run started from) and the latest nine. */
  static final int ATTEMPTS = 10;

  /** Executor pod names listed per attempt; {@code executorsSeen} counts them all. */
  static final int EXECUTOR_NAMES = 20;

  /**
   * Evidence lines per failure: the first ones, a line saying how many were left out, and the last
   * (the job's evidence ends with the root cause).
   */
  static final int EVIDENCE_LINES = 10;

  /** Characters of one evidence line. */
  static final int EVIDENCE_CHARS = 300;

  /** Characters of a failure's message. */
  static final int MESSAGE_CHARS = 1024;

  /** {@code lines} within {@link #EVIDENCE_LINES} of {@link #EVIDENCE_CHARS} each. */
  static List<String> evidence(List<String> lines) {
    var kept = new ArrayList<String>();
    if (lines.size() <= EVIDENCE_LINES) {
      kept.addAll(lines);
    } else {
      kept.addAll(lines.subList(0, EVIDENCE_LINES - 2));
      kept.add("… %d more line(s) …".formatted(lines.size() - EVIDENCE_LINES + 1));
      kept.add(lines.get(lines.size() - 1));
    }
    return kept.stream().map(line -> shorten(line, EVIDENCE_CHARS)).toList();
  }

  /** {@code text} cut to {@code max} characters, marked when cut. */
  static String shorten(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private StatusLimits() {}
}
