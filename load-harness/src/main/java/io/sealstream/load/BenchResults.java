package io.sealstream.load;

import java.util.List;
import java.util.Map;

/** Everything one run measured, in the order the report prints it. */
public record BenchResults(
    BenchPlan plan,
    RunEnvironment environment,
    ProducerBaseline.Result producer,
    Map<Long, PhaseResult> plainGets,
    Map<Long, ProcessProbe.Usage> plainGetUsage,
    List<CellResult> cells,
    HugeObjectResult huge) {

  /** The opt-in single large object: one PUT and one GET, with the process heap's peak. */
  public record HugeObjectResult(
      long size, SseMode mode, PhaseResult put, ProcessProbe.Usage putUsage, PhaseResult get,
      ProcessProbe.Usage getUsage) {}
}
