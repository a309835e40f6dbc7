package io.sealstream.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH secondary counter: plaintext megabytes (10^6 bytes) processed. In throughput mode JMH
 * divides it by the iteration time, so the secondary result {@code MBps} reads "ops/s" but is
 * MB/s of plaintext.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Bytes {
  /** Plaintext processed in this iteration, in MB; reported as MB/s. */
  public double MBps;

  @Setup(Level.Iteration)
  public void reset() {
    MBps = 0;
  }

  void add(long bytes) {
    MBps += bytes / 1e6;
  }
}
