package io.sealstream.load;

import java.util.List;
import java.util.Map;

/** Everything one run measured, in the order the report prints it. */
public record BenchResults(
    BenchPlan plan,
    RunEnvironment environment,
    WarmUp warmUp,
    ProducerBaseline.Result producer,
    Map<Long, PhaseResult> plainGets,
    Map<Long, ProcessProbe.Usage> plainGetUsage,
    List<CellResult> cells) {

  /**
   * How long the warm-up ran: {@code rounds} of {@link BenchPlan#warmup} each, and the JIT
   * compilers' share of the CPU in the last round (NaN where it cannot be measured).
   */
  public record WarmUp(int rounds, double seconds, double lastJitShare) {}
}
