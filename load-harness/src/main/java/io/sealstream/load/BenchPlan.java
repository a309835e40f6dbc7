package io.sealstream.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code sealstream bench} run measures.
 *
 * @param sizes object sizes, one cell per size and mode
 * @param modes SSE modes
 * @param concurrency client threads (and pooled connections) in the throughput phases
 * @param duration measured time of each phase
 * @param warmup one unmeasured warm-up round before the first cell (JIT, page cache, pools);
 *     rounds repeat until the JIT compilers settle (see {@code Bench})
 * @param latencyLoad the open-loop phase's rate as a fraction of the throughput phase's
 * @param producerRecords records of the raw producer baseline
 */
public record BenchPlan(
    List<Long> sizes,
    List<SseMode> modes,
    int concurrency,
    Duration duration,
    Duration warmup,
    double latencyLoad,
    int producerRecords) {

  public BenchPlan {
    sizes = List.copyOf(sizes);
    modes = List.copyOf(modes);
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (!(latencyLoad > 0 && latencyLoad <= 1)) {
      throw new IllegalArgumentException("latency load must be in (0, 1]");
    }
  }

  /** The default profile: the table of docs/benchmarks.md, about 12 minutes on 2 cores. */
  public static BenchPlan defaults() {
    return new BenchPlan(
        List.of(4L << 10, 1L << 20, 64L << 20),
        List.of(SseMode.values()),
        8,
        Duration.ofSeconds(10),
        Duration.ofSeconds(15),
        0.5,
        2000);
  }

  /** A few minutes: shorter phases, same cells. */
  public static BenchPlan quick() {
    return new BenchPlan(
        List.of(4L << 10, 1L << 20, 64L << 20),
        List.of(SseMode.values()),
        8,
        Duration.ofSeconds(4),
        Duration.ofSeconds(6),
        0.5,
        600);
  }
}
