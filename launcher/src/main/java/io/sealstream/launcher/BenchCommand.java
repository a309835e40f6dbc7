package io.sealstream.launcher;

import io.sealstream.ingest.GcPolicy;
import io.sealstream.load.Bench;
import io.sealstream.load.BenchPlan;
import io.sealstream.load.BenchResults;
import io.sealstream.load.BenchTarget;
import io.sealstream.load.ByteSizes;
import io.sealstream.load.RunEnvironment;
import io.sealstream.load.SseMode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the whole stack in this process on a fresh data directory, drives it with the load
 * harness ({@code load-harness}) and writes the markdown table of docs/benchmarks.md: throughput,
 * latency, CPU and heap, and the ratios against the baselines measured in the same run.
 */
@Command(
    name = "bench",
    description = "Benchmark the running pipeline against same-run baselines; writes a markdown report.")
final class BenchCommand implements Callable<Integer>, Console.Aware {
  @Option(names = "--quick", description = "A few minutes instead of about twelve: shorter phases.")
  boolean quick;

  @Option(names = "--sizes", paramLabel = "LIST", description = "Object sizes (default: 4KiB,1MiB,64MiB).")
  String sizes;

  @Option(names = "--modes", paramLabel = "LIST", description = "SSE modes (default: sse-s3,sse-kms,sse-c).")
  String modes;

  @Option(names = "--concurrency", paramLabel = "N", description = "Client threads and connections (default: 8).")
  Integer concurrency;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured seconds per phase (default: 10; quick: 4).")
  Integer durationSeconds;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Seconds of one unmeasured warm-up round (default: 15; quick: 6); rounds repeat until the JIT compilers settle (at most 8).")
  Integer warmupSeconds;

  @Option(names = "--latency-load", paramLabel = "FRACTION",
      description = "Rate of the open-loop latency phases as a fraction of the measured throughput (default: 0.5).")
  Double latencyLoad;

  @Option(names = "--producer-records", paramLabel = "N", description = "Records of the raw producer baseline (default: 2000; quick: 600).")
  Integer producerRecords;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the benchmark's stack keeps its state (default: a new temporary directory, deleted afterwards).")
  Path dataDir;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the markdown report here (it is also printed).")
  Path out;

  private Console console;

  @Override
  public void console(Console console) {
    this.console = console;
  }

  /** The plan these options describe. */
  BenchPlan plan() {
    BenchPlan base = quick ? BenchPlan.quick() : BenchPlan.defaults();
    return new BenchPlan(
        sizes == null ? base.sizes() : ByteSizes.parseList(sizes),
        modes == null ? base.modes() : SseMode.parseList(modes),
        concurrency == null ? base.concurrency() : concurrency,
        durationSeconds == null ? base.duration() : Duration.ofSeconds(durationSeconds),
        warmupSeconds == null ? base.warmup() : Duration.ofSeconds(warmupSeconds),
        latencyLoad == null ? base.latencyLoad() : latencyLoad,
        producerRecords == null ? base.producerRecords() : producerRecords);
  }

  @Override
  public Integer call() throws Exception {
    PrintStream log = new PrintStream(console.out(), true, StandardCharsets.UTF_8);
    BenchPlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      console.err().println("sealstream bench: " + e.getMessage());
      return Sealstream.EXIT_USAGE;
    }
    boolean temporary = dataDir == null;
    Path data = temporary ? Files.createTempDirectory("sealstream-bench") : dataDir.toAbsolutePath();
    try (Stack stack = Stack.start(data)) {
      S3Transport transport = S3Transport.devCertificate(data);
      URI endpoint = stack.startIngest(0, transport, GcPolicy.defaults());
      String how = "one process (broker, key-service, encryptor, store-writer, truncator, ingest-api and the "
          + "load harness), HTTPS with the development certificate, data in " + data;
      BenchTarget target =
          new BenchTarget(endpoint, stack.accessKey, stack.secretKey, transport.trustFile(),
              stack.broker.bootstrapServers(), stack.keys::keyServiceCalls, data.resolve("bench"),
              transport.tls(), how);
      log.println("sealstream bench: stack at " + endpoint + ", " + plan.sizes().size() * plan.modes().size() + " cells");
      BenchResults results =
          new Bench(target, plan, log).run(RunEnvironment.current(how, "sealstream bench " + String.join(" ", commandLine())));
      String md = Bench.writeReport(results, out);
      log.println();
      log.println(md);
      if (out != null) {
        log.println("report written to " + out.toAbsolutePath());
      }
      return 0;
    } finally {
      if (temporary) {
        deleteTree(data);
      }
    }
  }

  /** The options as given, for the report (no secrets are options). */
  private List<String> commandLine() {
    List<String> args = new java.util.ArrayList<>();
    if (quick) args.add("--quick");
    if (sizes != null) args.addAll(List.of("--sizes", sizes));
    if (modes != null) args.addAll(List.of("--modes", modes));
    if (concurrency != null) args.addAll(List.of("--concurrency", concurrency.toString()));
    if (durationSeconds != null) args.addAll(List.of("--duration", durationSeconds.toString()));
    if (warmupSeconds != null) args.addAll(List.of("--warmup", warmupSeconds.toString()));
    if (latencyLoad != null) args.addAll(List.of("--latency-load", latencyLoad.toString()));
    if (producerRecords != null) args.addAll(List.of("--producer-records", producerRecords.toString()));
    if (out != null) args.addAll(List.of("--out", out.toString()));
    return args;
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory left behind is not worth failing the report for
    }
  }
}
