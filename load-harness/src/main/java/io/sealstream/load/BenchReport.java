package io.sealstream.load;

import java.util.Locale;
import java.util.Map;

/** The markdown report of one run: environment, baselines, ratios, targets, CPU and heap. */
public final class BenchReport {
  /** Targets of issue 6 / MISSION.md. */
  static final double INGEST_TARGET = 0.40;
  static final double GET_TARGET = 0.70;
  static final double SMALL_PUT_P99_TARGET_MS = 100;
  static final double KMS_PER_THOUSAND_TARGET = 1.0;

  private BenchReport() {}

  public static String markdown(BenchResults r) {
    StringBuilder md = new StringBuilder();
    RunEnvironment env = r.environment();
    BenchPlan plan = r.plan();
    double producerMBps = r.producerMegabytesPerSecond();

    md.append("# sealstream bench: ").append(env.started()).append("\n\n");
    md.append("- command: `").append(env.command()).append("`\n");
    md.append("- JDK: ").append(env.jdk()).append("\n");
    md.append("- JVM options: `").append(env.jvmArgs().isBlank() ? "(none)" : env.jvmArgs()).append("`\n");
    md.append("- machine: ").append(env.cpus()).append(" CPUs, ").append(env.cpuModel()).append("\n");
    md.append("- stack: ").append(env.stack()).append("\n");
    md.append(String.format(Locale.ROOT,
        "- plan: sizes %s; modes %s; concurrency %d; %d s per phase; warm-up rounds of %d s; latency phases open loop at %.0f %% of the measured throughput%n",
        plan.sizes().stream().map(ByteSizes::format).toList(),
        plan.modes().stream().map(SseMode::label).toList(),
        plan.concurrency(), plan.duration().toSeconds(), plan.warmup().toSeconds(), plan.latencyLoad() * 100));
    BenchResults.WarmUp w = r.warmUp();
    md.append(String.format(Locale.ROOT,
        "- warm-up: %d round(s), %.0f s, until the JIT compilers used < %.0f %% of the CPU (last round: %s)%n",
        w.rounds(), w.seconds(), Bench.JIT_QUIET_SHARE * 100,
        Double.isNaN(w.lastJitShare()) ? "not measurable" : Math.round(w.lastJitShare() * 100) + " %"));
    md.append("\nMB = 10^6 bytes of object payload. Latency: ms from each request's intended start "
        + "(open loop, coordinated omission corrected); PUT latency is PUT-to-readable (a PUT is "
        + "answered once the object is readable).\n\n");

    md.append("## Baselines (same run, same broker, same TLS and Jetty)\n\n");
    md.append("| baseline | MB/s | objects or records/s | CPU cores used (process) |\n|---|---:|---:|---:|\n");
    md.append(producerRow("before the pipeline phases", r.producer()));
    md.append(producerRow("after them", r.producerAfter()));
    md.append(String.format(Locale.ROOT,
        "| raw Kafka producer, mean of the two (what ingest is compared with) | %.1f | | |%n", producerMBps));
    for (Map.Entry<Long, PhaseResult> e : r.plainGets().entrySet()) {
      PhaseResult p = e.getValue();
      md.append(String.format(Locale.ROOT, "| unencrypted GET %s | %.1f | %.1f | %.2f |%n",
          ByteSizes.format(e.getKey()), p.megabytesPerSecond(), p.opsPerSecond(),
          r.plainGetUsage().get(e.getKey()).cores()));
    }

    md.append("\n## Ratios and latency\n\n");
    md.append("| size | mode | PUT MB/s | PUT obj/s | ingest / raw producer | GET MB/s | GET obj/s | GET / unencrypted GET "
        + "| PUT p50 / p99 / p99.9 ms (at obj/s) | GET p50 / p99 / p99.9 ms (at obj/s) | key-service calls per 1,000 writes | on reads |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|\n");
    for (CellResult c : r.cells()) {
      PhaseResult plain = r.plainGets().get(c.size());
      md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %.1f | %.1f | %s | %s | %s | %.2f | %d |%n",
          ByteSizes.format(c.size()), c.mode().label(),
          c.putThroughput().megabytesPerSecond(), c.putThroughput().opsPerSecond(),
          percent(c.putThroughput().megabytesPerSecond(), producerMBps),
          c.getThroughput().megabytesPerSecond(), c.getThroughput().opsPerSecond(),
          percent(c.getThroughput().megabytesPerSecond(), plain == null ? Double.NaN : plain.megabytesPerSecond()),
          latency(c.putLatency(), c.putLatencyRate()), latency(c.getLatency(), c.getLatencyRate()),
          c.keyServiceCallsPerThousandWrites(), c.keyServiceCallsOnReads()));
    }

    md.append("\n## Targets\n\n");
    md.append(targets(r, producerMBps));

    md.append("\n## CPU and heap per phase\n\n");
    md.append("One process: CPU is split by thread name (threads that ended during a phase count only in the "
        + "process total; `load generator` is the harness's own client threads). Heap is the whole process's, "
        + "sampled every 20 ms.\n\n");
    md.append("| phase | wall s | process cores | CPU s by service | heap peak MiB (max MiB) |\n|---|---:|---:|---|---:|\n");
    md.append(usageRow("raw producer (before)", r.producer().usage()));
    md.append(usageRow("raw producer (after)", r.producerAfter().usage()));
    for (Map.Entry<Long, ProcessProbe.Usage> e : r.plainGetUsage().entrySet()) {
      md.append(usageRow("unencrypted GET " + ByteSizes.format(e.getKey()), e.getValue()));
    }
    for (CellResult c : r.cells()) {
      String label = ByteSizes.format(c.size()) + " " + c.mode().label();
      md.append(usageRow(label + " PUT", c.putUsage()));
      md.append(usageRow(label + " GET", c.getUsage()));
    }
    return md.toString();
  }

  static String targets(BenchResults r, double producerMBps) {
    StringBuilder md = new StringBuilder();
    double bestIngest = 0;
    double worstGet = Double.MAX_VALUE;
    double worstSmallP99 = 0;
    long kmsCalls = 0;
    long written = 0;
    boolean anySmall = false;
    for (CellResult c : r.cells()) {
      if (c.size() >= ProducerBaseline.RECORD_SIZE) {
        bestIngest = Math.max(bestIngest, c.putThroughput().megabytesPerSecond());
      }
      PhaseResult plain = r.plainGets().get(c.size());
      if (plain != null && plain.megabytesPerSecond() > 0) {
        worstGet = Math.min(worstGet, c.getThroughput().megabytesPerSecond() / plain.megabytesPerSecond());
      }
      if (c.size() <= 64 * 1024) {
        anySmall = true;
        worstSmallP99 = Math.max(worstSmallP99, c.putLatency().latency().p99());
      }
      // over the whole run: one call per (bucket, key, epoch) is the design, so a cell that
      // happens to straddle a cache refresh says little on its own
      kmsCalls += c.keyServiceCallsOnWrites();
      written += c.objectsWritten();
    }
    double ingest = producerMBps > 0 ? bestIngest / producerMBps : Double.NaN;
    md.append("| target | measured | met? |\n|---|---:|---|\n");
    md.append(String.format(Locale.ROOT, "| ingest ≥ 40 %% of raw producer (best cell ≥ 1 MiB) | %s | %s |%n",
        percent(bestIngest, producerMBps), yes(ingest >= INGEST_TARGET)));
    md.append(String.format(Locale.ROOT, "| GET ≥ 70 %% of unencrypted GET (worst cell) | %s | %s |%n",
        worstGet == Double.MAX_VALUE ? "n/a" : String.format(Locale.ROOT, "%.0f %%", worstGet * 100),
        yes(worstGet != Double.MAX_VALUE && worstGet >= GET_TARGET)));
    md.append(String.format(Locale.ROOT, "| small-object PUT-to-readable p99 ≤ 100 ms (worst mode, open loop) | %s | %s |%n",
        anySmall ? String.format(Locale.ROOT, "%.1f ms", worstSmallP99) : "n/a",
        anySmall ? yes(worstSmallP99 <= SMALL_PUT_P99_TARGET_MS) : "not measured"));
    double kms = written == 0 ? Double.NaN : kmsCalls * 1000.0 / written;
    md.append(String.format(Locale.ROOT, "| ≤ 1 key-service call per 1,000 objects written (whole run: %d calls, %d objects) | %.2f | %s |%n",
        kmsCalls, written, kms, yes(kms <= KMS_PER_THOUSAND_TARGET)));
    return md.toString();
  }

  private static String producerRow(String when, ProducerBaseline.Result p) {
    return String.format(Locale.ROOT,
        "| raw Kafka producer, 1 MiB records, acks=all, idempotent (ProducerPerformance), %s | %.1f | %.1f | %.2f |%n",
        when, p.summary().megabytesPerSecond(ProducerBaseline.RECORD_SIZE), p.summary().recordsPerSecond(),
        p.usage().cores());
  }

  static String percent(double part, double whole) {
    if (!(whole > 0) || Double.isNaN(part)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.0f %%", part / whole * 100);
  }

  static String latency(PhaseResult p, double rate) {
    LatencySummary l = p.latency();
    if (l.count() == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f (%.1f/s, n=%d)", l.p50(), l.p99(), l.p999(), rate, l.count());
  }

  private static String usageRow(String phase, ProcessProbe.Usage u) {
    StringBuilder by = new StringBuilder();
    u.cpuByService().entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> by.append(by.length() == 0 ? "" : ", ")
            .append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.1f", e.getValue())));
    return String.format(Locale.ROOT, "| %s | %.1f | %.2f | %s | %d (%d) |%n",
        phase, u.wallSeconds(), u.cores(), by, u.heapPeak() >> 20, u.heapMax() >> 20);
  }

  private static String yes(boolean met) {
    return met ? "yes" : "**no**";
  }
}
