package io.sealstream.load;

/**
 * What one phase measured.
 *
 * @param ops requests that completed without error
 * @param errors requests that failed (they are not in the latency figures)
 * @param bytes payload bytes moved by the successful requests
 * @param seconds wall time from the first start to the last completion
 * @param latency percentiles of the successful requests
 * @param firstError the first failure's message, or null
 */
public record PhaseResult(
    long ops, long errors, long bytes, double seconds, LatencySummary latency, String firstError) {

  public double opsPerSecond() {
    return seconds > 0 ? ops / seconds : 0;
  }

  /** Megabytes (10^6 bytes) per second, as the crypto figures of docs/benchmarks.md. */
  public double megabytesPerSecond() {
    return seconds > 0 ? bytes / seconds / 1e6 : 0;
  }
}
