package io.sealstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void hotSpotThreadNamesAreJitOrGc() {
    assertThat(ThreadCpu.jvmThreadKind("C2 CompilerThre")).isEqualTo(ThreadCpu.JIT);
    assertThat(ThreadCpu.jvmThreadKind("C1 CompilerThre")).isEqualTo(ThreadCpu.JIT);
    assertThat(ThreadCpu.jvmThreadKind("GC Thread#1")).isEqualTo(ThreadCpu.GC);
    assertThat(ThreadCpu.jvmThreadKind("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
    assertThat(ThreadCpu.jvmThreadKind("G1 Refine#0")).isEqualTo(ThreadCpu.GC);
    // Java threads are counted by ThreadMXBean under their service, never twice
    assertThat(ThreadCpu.jvmThreadKind("data-plane-kafk")).isNull();
    assertThat(ThreadCpu.jvmThreadKind("ingest-api-http")).isNull();
    assertThat(ThreadCpu.jvmThreadKind("main")).isNull();
  }

  @Test
  void thisJvmsCompilerAndCollectorThreadsAreSeenAndTheirCpuOnlyGrows() {
    Map<Long, ThreadCpu.JvmThread> before = ThreadCpu.jvmThreads();
    assertThat(before.values()).extracting(ThreadCpu.JvmThread::kind).contains(ThreadCpu.JIT, ThreadCpu.GC);
    // make the JIT and the collector work
    long sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += new byte[1024].length + Integer.toString(i).hashCode();
    }
    System.gc();
    Map<String, Long> used = ThreadCpu.jvmByKind(before, ThreadCpu.jvmThreads());
    assertThat(sum).isPositive();
    assertThat(used.get(ThreadCpu.GC)).isPositive();
    assertThat(used.values()).allMatch(v -> v >= 0);
  }
}
