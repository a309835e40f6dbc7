package io.sealstream.load;

/**
 * The intended start times of an open-loop phase: request {@code i} is due at {@code origin + i ×
 * interval}, whether or not earlier requests have finished. Latency is measured from that
 * intended start, so a stall of the system under test shows in every request that should have
 * started during it (the correction for coordinated omission), not only in the one that was
 * running.
 */
public final class OpenLoopSchedule {
  private final long originNanos;
  private final long intervalNanos;
  private final long endNanos;

  public OpenLoopSchedule(long originNanos, double ratePerSecond, long durationNanos) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.originNanos = originNanos;
    this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
    this.endNanos = originNanos + durationNanos;
  }

  /** When request {@code i} (from 0) is due. */
  public long intendedStart(long i) {
    return originNanos + i * intervalNanos;
  }

  /** Whether request {@code i} falls inside the phase. */
  public boolean isDue(long i) {
    return intendedStart(i) < endNanos;
  }

  public long intervalNanos() {
    return intervalNanos;
  }

  /** The latency of a request due at {@code i} that completed at {@code completedNanos}. */
  public long latency(long i, long completedNanos) {
    return Math.max(0, completedNanos - intendedStart(i));
  }
}
