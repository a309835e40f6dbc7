package io.sealstream.load;

import org.HdrHistogram.Histogram;

/** Percentiles of one phase, in milliseconds, and how many requests they rest on. */
public record LatencySummary(long count, double p50, double p99, double p999, double max) {
  static final LatencySummary NONE = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** From a histogram of nanoseconds. */
  public static LatencySummary of(Histogram nanos) {
    if (nanos.getTotalCount() == 0) {
      return NONE;
    }
    return new LatencySummary(
        nanos.getTotalCount(),
        nanos.getValueAtPercentile(50) / 1e6,
        nanos.getValueAtPercentile(99) / 1e6,
        nanos.getValueAtPercentile(99.9) / 1e6,
        nanos.getMaxValue() / 1e6);
  }

  /** A histogram wide enough for anything from a microsecond to an hour, 3 significant digits. */
  public static Histogram newHistogram() {
    return new Histogram(1_000L, 3_600_000_000_000L, 3);
  }
}
