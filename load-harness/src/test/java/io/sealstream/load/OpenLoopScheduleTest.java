package io.sealstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The correction for coordinated omission, without clocks: a simulated server that answers in 1
 * ms but stalls once for 1 s, driven at 100 requests/s by one worker.
 */
class OpenLoopScheduleTest {
  private static final long MS = 1_000_000L;

  @Test
  void requestsDueDuringAStallCountTheirWait() {
    OpenLoopSchedule schedule = new OpenLoopSchedule(0, 100, 10_000 * MS);
    Histogram corrected = LatencySummary.newHistogram();
    Histogram serviceTime = LatencySummary.newHistogram();
    long free = 0; // when the single worker is free again
    for (long i = 0; schedule.isDue(i); i++) {
      long start = Math.max(schedule.intendedStart(i), free);
      long service = i == 100 ? 1_000 * MS : MS;
      long done = start + service;
      free = done;
      corrected.recordValue(schedule.latency(i, done));
      serviceTime.recordValue(done - start);
    }
    assertThat(corrected.getTotalCount()).isEqualTo(1000);
    // measured from the actual start, only the stalled request is slow: p99 looks fine
    assertThat(serviceTime.getValueAtPercentile(99)).isLessThan(2 * MS);
    // measured from the intended start, the ~100 requests due during the stall waited too
    assertThat(corrected.getValueAtPercentile(99)).isGreaterThan(900 * MS);
    assertThat(corrected.getValueAtPercentile(50)).isLessThan(2 * MS);
  }

  @Test
  void intendedStartsAreEvenlySpacedAndBounded() {
    OpenLoopSchedule schedule = new OpenLoopSchedule(5, 4, 1_000 * MS);
    assertThat(schedule.intervalNanos()).isEqualTo(250 * MS);
    assertThat(schedule.intendedStart(3)).isEqualTo(5 + 750 * MS);
    assertThat(schedule.isDue(3)).isTrue();
    assertThat(schedule.isDue(4)).isFalse();
    assertThat(schedule.latency(1, 5 + 200 * MS)).isZero();
  }
}
