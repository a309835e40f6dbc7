package io.sealstream.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
