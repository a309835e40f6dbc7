package io.sealstream.load;

import java.util.List;
import java.util.Map;

/** Everything one run measured, in the order the report prints it. */
public record BenchResults(
    BenchPlan plan,
    RunEnvironment environment,
    WarmUp warmUp,
    ProducerBaseline.Result producer,
    ProducerBaseline.Result producerAfter,
    Map<Long, PhaseResult> plainGets,
    Map<Long, ProcessProbe.Usage> plainGetUsage,
    List<CellResult> cells) {

  /**
   * The raw producer's MB/s that ingest is compared with: the mean of its run before the
   * pipeline phases and its run after them. On a shared machine one run moved by a factor of
   * 1.9 between benchmark runs (188 to 363 MB/s); two runs that bracket the measured phases show
   * how much it drifted during them, and their mean is the fairer denominator.
   */
  public double producerMegabytesPerSecond() {
    return (producer.summary().megabytesPerSecond(ProducerBaseline.RECORD_SIZE)
        + producerAfter.summary().megabytesPerSecond(ProducerBaseline.RECORD_SIZE)) / 2;
  }

  /**
   * How long the warm-up ran: {@code rounds} of {@link BenchPlan#warmup} each, and the JIT
   * compilers' share of the CPU in the last round (NaN where it cannot be measured).
   */
  public record WarmUp(int rounds, double seconds, double lastJitShare) {}
}
