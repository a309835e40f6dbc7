package io.sealstream.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this process's threads, summed by the service they belong to (by thread name), so
 * that a one-process stack can still say which service burns the cores.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  static long currentThreadCpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  /** CPU nanoseconds of every live thread, by thread id. */
  static Map<Long, long[]> snapshot() {
    Map<Long, long[]> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, new long[] {t});
      }
    }
    return cpu;
  }

  /** CPU used between two snapshots, by service; threads gone by {@code after} are not seen. */
  static Map<String, Long> byService(Map<Long, long[]> before, Map<Long, long[]> after) {
    Map<String, Long> sums = new HashMap<>();
    for (Map.Entry<Long, long[]> e : after.entrySet()) {
      ThreadInfo info = THREADS.getThreadInfo(e.getKey());
      if (info == null) {
        continue;
      }
      long[] was = before.get(e.getKey());
      long used = e.getValue()[0] - (was == null ? 0 : was[0]);
      sums.merge(serviceOf(info.getThreadName()), used, Long::sum);
    }
    return sums;
  }

  /** JIT compiler threads, by the names HotSpot gives them ({@code /proc/.../comm}). */
  static final String JIT = "JIT compiler";
  /** Garbage collector threads (G1's and Parallel's workers, concurrent markers, refinement). */
  static final String GC = "GC";

  /**
   * CPU nanoseconds of the JVM's own threads (JIT compilers, garbage collector) by thread id,
   * which {@link ThreadMXBean} cannot see: they are not Java threads. Read from Linux's {@code
   * /proc/self/task/<tid>/schedstat} (time on CPU, ns) and {@code comm} (the name); empty where
   * those cannot be read, so the report then shows no JIT or GC figure rather than a wrong one.
   */
  static Map<Long, JvmThread> jvmThreads() {
    Map<Long, JvmThread> threads = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        String kind;
        long nanos;
        try {
          kind = jvmThreadKind(Files.readString(task.resolve("comm")).strip());
          if (kind == null) {
            continue;
          }
          nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).strip().split(" ")[0]);
        } catch (IOException | RuntimeException e) {
          continue; // the thread ended between listing and reading
        }
        threads.put(Long.parseLong(task.getFileName().toString()), new JvmThread(kind, nanos));
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return threads;
  }

  /** One JVM thread's kind ({@link #JIT} or {@link #GC}) and CPU nanoseconds so far. */
  record JvmThread(String kind, long cpuNanos) {}

  /** CPU used by the JVM's own threads between two {@link #jvmThreads} snapshots, by kind. */
  static Map<String, Long> jvmByKind(Map<Long, JvmThread> before, Map<Long, JvmThread> after) {
    Map<String, Long> sums = new HashMap<>();
    after.forEach(
        (tid, t) -> {
          JvmThread was = before.get(tid);
          sums.merge(t.kind(), t.cpuNanos() - (was == null ? 0 : was.cpuNanos()), Long::sum);
        });
    return sums;
  }

  /** HotSpot's thread names (truncated to 15 characters by Linux), or null for other threads. */
  static String jvmThreadKind(String comm) {
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("GC Conc")
        || comm.startsWith("ZWorker") || comm.startsWith("Shenandoah")) {
      return GC;
    }
    return null;
  }

  /** The service a thread works for, from the names the services give their threads. */
  public static String serviceOf(String threadName) {
    String n = threadName;
    if (n.startsWith("bench-")) {
      return "load generator";
    }
    if (n.contains("sealstream-encryptor")) {
      return "encryptor";
    }
    if (n.contains("store-writer")) {
      return "store-writer";
    }
    if (n.startsWith("ingest-api") || n.contains("| ingest-api")) {
      return "ingest-api";
    }
    if (n.contains("key-service") || n.startsWith("HTTP-Dispatcher")) {
      return "key-service";
    }
    return "broker and other";
  }
}
