package io.sealstream.load;

/**
 * One size × SSE mode: throughput (closed loop), latency (open loop at a fraction of that
 * throughput), CPU and heap of each, and key-service calls.
 */
public record CellResult(
    long size,
    SseMode mode,
    PhaseResult putThroughput,
    ProcessProbe.Usage putUsage,
    PhaseResult putLatency,
    double putLatencyRate,
    PhaseResult getThroughput,
    ProcessProbe.Usage getUsage,
    PhaseResult getLatency,
    double getLatencyRate,
    long objectsWritten,
    long keyServiceCallsOnWrites,
    long keyServiceCallsOnReads) {

  /** Key-service calls per 1,000 objects written (all PUT phases of the cell). */
  public double keyServiceCallsPerThousandWrites() {
    return objectsWritten == 0 ? Double.NaN : keyServiceCallsOnWrites * 1000.0 / objectsWritten;
  }
}
