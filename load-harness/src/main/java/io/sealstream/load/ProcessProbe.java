package io.sealstream.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and heap of this process over one phase: process CPU, CPU by service ({@link ThreadCpu}),
 * including the JVM's own JIT compiler and garbage collector threads,
 * and the peak heap in use, sampled every 20 ms by a daemon thread (a sample, not every byte: a
 * peak between samples is missed, a collection right after one is not).
 */
public final class ProcessProbe implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long cpuStart;
  private final long wallStart = System.nanoTime();
  private final Map<Long, long[]> threadsStart = ThreadCpu.snapshot();
  private final Map<Long, ThreadCpu.JvmThread> jvmThreadsStart = ThreadCpu.jvmThreads();
  private volatile long heapPeak;
  private volatile boolean running = true;
  private final Thread sampler;

  /** What the probe saw; CPU in seconds, heap in bytes. */
  public record Usage(
      double wallSeconds, double processCpuSeconds, Map<String, Double> cpuByService, long heapPeak, long heapMax) {
    /** Cores used on average over the phase. */
    public double cores() {
      return wallSeconds > 0 ? processCpuSeconds / wallSeconds : 0;
    }
  }

  public ProcessProbe() {
    cpuStart = os.getProcessCpuTime();
    heapPeak = memory.getHeapMemoryUsage().getUsed();
    sampler =
        new Thread(
            () -> {
              while (running) {
                long used = memory.getHeapMemoryUsage().getUsed();
                if (used > heapPeak) {
                  heapPeak = used;
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops sampling and reports. */
  public Usage finish() {
    running = false;
    sampler.interrupt();
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    Map<String, Double> byService = new TreeMap<>();
    ThreadCpu.byService(threadsStart, ThreadCpu.snapshot())
        .forEach((k, v) -> byService.put(k, v / 1e9));
    ThreadCpu.jvmByKind(jvmThreadsStart, ThreadCpu.jvmThreads())
        .forEach((k, v) -> byService.put(k, v / 1e9));
    return new Usage(wall, cpu, byService, heapPeak, memory.getHeapMemoryUsage().getMax());
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
