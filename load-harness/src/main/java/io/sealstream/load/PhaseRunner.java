package io.sealstream.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one operation from several threads, closed loop (as fast as the system answers: for
 * throughput) or open loop (on a fixed schedule: for latency).
 */
public final class PhaseRunner {
  /** One request; returns the payload bytes it moved. */
  @FunctionalInterface
  public interface Operation {
    long run(long sequence) throws Exception;
  }

  private final LongAdder loadGeneratorCpuNanos = new LongAdder();

  /** CPU the harness's own worker threads used so far: the load generator is not free. */
  public long loadGeneratorCpuNanos() {
    return loadGeneratorCpuNanos.sum();
  }

  /**
   * Each thread issues its next request when its previous one completes, for {@code duration}.
   * Its latencies are service times (a closed loop cannot see coordinated omission's queueing):
   * the report's percentiles come from {@link #openLoop}.
   */
  public PhaseResult closedLoop(int threads, Duration duration, Operation op)
      throws InterruptedException {
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    return run(
        threads,
        start,
        op,
        () -> System.nanoTime() < deadline ? next.getAndIncrement() : -1,
        (seq, began, done) -> done - began);
  }

  /**
   * Requests are due at {@code ratePerSecond} for {@code duration}, handed to {@code threads}
   * workers; each latency counts from the request's intended start ({@link OpenLoopSchedule}).
   * When all workers are busy, due requests wait, and that wait is part of their latency.
   */
  public PhaseResult openLoop(int threads, double ratePerSecond, Duration duration, Operation op)
      throws InterruptedException {
    long start = System.nanoTime();
    OpenLoopSchedule schedule = new OpenLoopSchedule(start, ratePerSecond, duration.toNanos());
    AtomicLong next = new AtomicLong();
    return run(
        threads,
        start,
        op,
        () -> {
          long i = next.getAndIncrement();
          if (!schedule.isDue(i)) {
            return -1;
          }
          long wait;
          while ((wait = schedule.intendedStart(i) - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          return i;
        },
        (seq, began, done) -> schedule.latency(seq, done));
  }

  private interface Sequencer {
    long next();
  }

  private interface LatencyRule {
    long latency(long sequence, long began, long done);
  }

  private PhaseResult run(
      int threads, long start, Operation op, Sequencer sequencer, LatencyRule rule)
      throws InterruptedException {
    Histogram histogram = LatencySummary.newHistogram();
    LongAdder ops = new LongAdder();
    LongAdder errors = new LongAdder();
    LongAdder bytes = new LongAdder();
    AtomicLong lastDone = new AtomicLong(start);
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                Histogram mine = LatencySummary.newHistogram();
                long seq;
                while ((seq = sequencer.next()) >= 0) {
                  long began = System.nanoTime();
                  try {
                    long n = op.run(seq);
                    long done = System.nanoTime();
                    mine.recordValue(Math.min(rule.latency(seq, began, done), mine.getHighestTrackableValue()));
                    ops.increment();
                    bytes.add(n);
                    lastDone.accumulateAndGet(done, Math::max);
                  } catch (Exception e) {
                    errors.increment();
                    firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                  }
                }
                synchronized (histogram) {
                  histogram.add(mine);
                }
                loadGeneratorCpuNanos.add(ThreadCpu.currentThreadCpuNanos());
              },
              "bench-worker-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (lastDone.get() - start) / 1e9;
    return new PhaseResult(
        ops.sum(), errors.sum(), bytes.sum(), seconds, LatencySummary.of(histogram), firstError.get());
  }
}
