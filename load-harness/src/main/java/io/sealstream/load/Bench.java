package io.sealstream.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run against a running stack: warm-up, the raw-producer baseline, then per size
 * the unencrypted-GET baseline and, per SSE mode, PUT and GET throughput (closed loop) and
 * latency (open loop at {@link BenchPlan#latencyLoad} of the throughput just measured). Every
 * figure of the report comes from this one run.
 */
public final class Bench {
  private final BenchTarget target;
  private final BenchPlan plan;
  private final PrintStream log;
  /** Warm-up ends once the JIT compilers take less than this share of the process's CPU. */
  static final double JIT_QUIET_SHARE = 0.10;
  static final int MAX_WARMUP_ROUNDS = 8;

  private final PhaseRunner runner = new PhaseRunner();

  public Bench(BenchTarget target, BenchPlan plan, PrintStream log) {
    this.target = target;
    this.plan = plan;
    this.log = log;
  }

  public BenchResults run(RunEnvironment environment) throws Exception {
    String bucket = "bench-" + Long.toHexString(System.currentTimeMillis());
    try (S3Workload s3 =
            new S3Workload(target.endpoint(), target.accessKey(), target.secretKey(), target.caFile(),
                plan.concurrency(), bucket);
        PlainObjectServer plain = new PlainObjectServer(target.scratchDir().resolve("plain"), target.serverTls());
        S3Workload plainClient =
            new S3Workload(plain.uri(), target.accessKey(), target.secretKey(), target.caFile(),
                plan.concurrency(), bucket)) {
      s3.ensureBucket();
      BenchResults.WarmUp warmUp = warmUp(s3, plain, plainClient);

      ProducerBaseline.Result producer = producerBaseline("before the pipeline phases");

      Map<Long, PhaseResult> plainGets = new LinkedHashMap<>();
      Map<Long, ProcessProbe.Usage> plainUsage = new LinkedHashMap<>();
      List<CellResult> cells = new ArrayList<>();
      for (long size : plan.sizes()) {
        byte[] payload = Payloads.random(Math.toIntExact(size), size);
        plain.store(bucket, "plain", payload);
        plainClient.get("plain", SseMode.SSE_S3, size, payload);
        log.printf("baseline: unencrypted GET %s%n", ByteSizes.format(size));
        ProcessProbe probe = new ProcessProbe();
        PhaseResult pg = runner.closedLoop(plan.concurrency(), plan.duration(),
            seq -> plainClient.get("plain", SseMode.SSE_S3, size, null));
        plainUsage.put(size, withLoadGenerator(probe.finish(), 0));
        plainGets.put(size, pg);
        log.printf("  %.1f MB/s, %.1f objects/s%n", pg.megabytesPerSecond(), pg.opsPerSecond());
        for (SseMode mode : plan.modes()) {
          cells.add(cell(s3, size, mode, payload));
        }
      }
      ProducerBaseline.Result producerAfter = producerBaseline("after the pipeline phases");
      return new BenchResults(plan, environment, warmUp, producer, producerAfter, plainGets, plainUsage, cells);
    }
  }

  /** One run of the raw-producer baseline; the report uses the mean of the two that bracket the cells. */
  private ProducerBaseline.Result producerBaseline(String when) throws Exception {
    log.printf("baseline: raw Kafka producer (ProducerPerformance, 1 MiB records), %s%n", when);
    ProducerBaseline.Result result =
        ProducerBaseline.run(target.bootstrapServers(), target.scratchDir(),
            Math.max(50, plan.producerRecords() / 10), plan.producerRecords());
    log.printf("  %.1f MB/s%n", result.summary().megabytesPerSecond(ProducerBaseline.RECORD_SIZE));
    return result;
  }

  /**
   * Warm-up rounds (PUT and GET of 1 MiB in every mode, then the unencrypted GET), each {@link
   * BenchPlan#warmup} long, until the JIT compilers used less than {@link #JIT_QUIET_SHARE} of the
   * process's CPU in the last round, or {@link #MAX_WARMUP_ROUNDS} rounds. The stack runs far more
   * code than the raw-producer baseline (broker, Streams, Jetty, the SDK), and on 2 cores its C2
   * compilations took a fifth of the CPU for minutes after start: measured before they settle, a
   * phase measures the compiler, not the pipeline a long-running service is.
   */
  private BenchResults.WarmUp warmUp(S3Workload s3, PlainObjectServer plain, S3Workload plainClient)
      throws Exception {
    byte[] payload = Payloads.random(1 << 20, 1);
    plain.store(s3.bucket(), "warm", payload);
    Duration slice = plan.warmup().dividedBy(2L * plan.modes().size() + 1);
    long start = System.nanoTime();
    for (int round = 1; ; round++) {
      ProcessProbe probe = new ProcessProbe();
      for (SseMode mode : plan.modes()) {
        String prefix = "warmup/" + mode.label() + "/";
        PhaseResult put = runner.closedLoop(plan.concurrency(), slice,
            seq -> s3.put(prefix + seq, mode, payload));
        long written = put.ops();
        failOnErrors("warm-up PUT " + mode.label(), put);
        runner.closedLoop(plan.concurrency(), slice,
            seq -> s3.get(prefix + (seq % written), mode, payload.length, null));
      }
      runner.closedLoop(plan.concurrency(), slice,
          seq -> plainClient.get("warm", SseMode.SSE_S3, payload.length, null));
      ProcessProbe.Usage u = probe.finish();
      Double jit = u.cpuByService().get(ThreadCpu.JIT);
      double share = jit == null || u.processCpuSeconds() <= 0 ? Double.NaN : jit / u.processCpuSeconds();
      log.printf("warm-up round %d (%d s of 1 MiB PUTs and GETs in every mode, unmeasured): JIT compilers %s of the CPU%n",
          round, plan.warmup().toSeconds(), Double.isNaN(share) ? "(not measurable here)" : Math.round(share * 100) + " %");
      if (Double.isNaN(share) || share < JIT_QUIET_SHARE || round == MAX_WARMUP_ROUNDS) {
        return new BenchResults.WarmUp(round, (System.nanoTime() - start) / 1e9, share);
      }
    }
  }

  private CellResult cell(S3Workload s3, long size, SseMode mode, byte[] payload) throws Exception {
    String prefix = "obj/" + mode.label() + "/" + size + "/";
    String label = ByteSizes.format(size) + " " + mode.label();
    long kms0 = target.keyServiceCalls().getAsLong();

    log.printf("%s: PUT throughput%n", label);
    long gen0 = runner.loadGeneratorCpuNanos();
    ProcessProbe probe = new ProcessProbe();
    PhaseResult putT = runner.closedLoop(plan.concurrency(), plan.duration(),
        seq -> s3.put(prefix + seq, mode, payload));
    ProcessProbe.Usage putUsage = withLoadGenerator(probe.finish(), runner.loadGeneratorCpuNanos() - gen0);
    failOnErrors(label + " PUT", putT);
    long written = putT.ops();
    log.printf("  %.1f MB/s, %.1f objects/s%n", putT.megabytesPerSecond(), putT.opsPerSecond());

    double putRate = Math.max(0.2, putT.opsPerSecond() * plan.latencyLoad());
    log.printf("%s: PUT latency, open loop at %.1f objects/s%n", label, putRate);
    String latPrefix = prefix + "lat/";
    PhaseResult putL = runner.openLoop(plan.concurrency(), putRate, plan.duration(),
        seq -> s3.put(latPrefix + seq, mode, payload));
    long kms1 = target.keyServiceCalls().getAsLong();
    log.printf("  p50 %.1f ms, p99 %.1f ms%n", putL.latency().p50(), putL.latency().p99());

    // every object read back is one the throughput phase wrote; the first read checks the bytes
    s3.get(prefix + 0, mode, size, payload);
    log.printf("%s: GET throughput%n", label);
    gen0 = runner.loadGeneratorCpuNanos();
    probe = new ProcessProbe();
    PhaseResult getT = runner.closedLoop(plan.concurrency(), plan.duration(),
        seq -> s3.get(prefix + (seq % written), mode, size, null));
    ProcessProbe.Usage getUsage = withLoadGenerator(probe.finish(), runner.loadGeneratorCpuNanos() - gen0);
    failOnErrors(label + " GET", getT);
    log.printf("  %.1f MB/s, %.1f objects/s%n", getT.megabytesPerSecond(), getT.opsPerSecond());

    double getRate = Math.max(0.2, getT.opsPerSecond() * plan.latencyLoad());
    PhaseResult getL = runner.openLoop(plan.concurrency(), getRate, plan.duration(),
        seq -> s3.get(prefix + (seq % written), mode, size, null));
    long kms2 = target.keyServiceCalls().getAsLong();
    return new CellResult(size, mode, putT, putUsage, putL, putRate, getT, getUsage, getL, getRate,
        putT.ops() + putL.ops(), kms1 - kms0, kms2 - kms1);
  }

  /** The workers' own CPU is attributed after they ended: the probe cannot see dead threads. */
  private static ProcessProbe.Usage withLoadGenerator(ProcessProbe.Usage u, long loadGeneratorNanos) {
    Map<String, Double> by = new java.util.TreeMap<>(u.cpuByService());
    by.merge("load generator", loadGeneratorNanos / 1e9, Double::sum);
    return new ProcessProbe.Usage(u.wallSeconds(), u.processCpuSeconds(), by, u.heapPeak(), u.heapMax());
  }

  private static void failOnErrors(String what, PhaseResult r) {
    if (r.ops() == 0 || r.errors() > 0) {
      throw new IllegalStateException(
          what + ": " + r.ops() + " succeeded, " + r.errors() + " failed; first failure: " + r.firstError());
    }
  }

  /** Writes the report to {@code out} (and returns its text). */
  public static String writeReport(BenchResults results, Path out) throws java.io.IOException {
    String md = BenchReport.markdown(results);
    if (out != null) {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, md);
    }
    return md;
  }
}
