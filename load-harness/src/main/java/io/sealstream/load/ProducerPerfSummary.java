package io.sealstream.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line of kafka-tools' {@code ProducerPerformance}: {@code N records sent, R
 * records/sec (M MB/sec), ... P ms 99th, ...}. Its "MB/sec" is MiB/s; the report uses {@link
 * #megabytesPerSecond}.
 */
public record ProducerPerfSummary(long records, double recordsPerSecond, double p99Millis, boolean steadyState) {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+)( steady state)? records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\),"
              + ".* (\\d+) ms 99th,.*");

  /** The final summary of the tool's output: the steady-state one if printed, else the last. */
  public static ProducerPerfSummary parse(String output) {
    ProducerPerfSummary last = null;
    for (String line : output.split("\\R")) {
      Matcher m = SUMMARY.matcher(line.strip());
      if (m.matches()) {
        ProducerPerfSummary s =
            new ProducerPerfSummary(
                Long.parseLong(m.group(1)),
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(5)),
                m.group(2) != null);
        if (last == null || !last.steadyState || s.steadyState) {
          last = s;
        }
      }
    }
    if (last == null) {
      throw new IllegalArgumentException("no ProducerPerformance summary in its output");
    }
    return last;
  }

  public double megabytesPerSecond(int recordSize) {
    return recordsPerSecond * recordSize / 1e6;
  }
}
