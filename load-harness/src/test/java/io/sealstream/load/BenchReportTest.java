package io.sealstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static PhaseResult phase(double mbps, double p99) {
    return new PhaseResult(100, 0, (long) (mbps * 1e6), 1.0, new LatencySummary(100, 1, p99, p99, p99), null);
  }

  private static final ProcessProbe.Usage USAGE = new ProcessProbe.Usage(1, 1.5, Map.of("ingest-api", 1.0), 100L << 20, 2048L << 20);

  private static BenchResults results(double putMbps, double getMbps, double smallP99, long kmsCalls) {
    BenchPlan plan = new BenchPlan(List.of(4096L, 1L << 20), List.of(SseMode.SSE_S3), 8,
        Duration.ofSeconds(10), Duration.ofSeconds(5), 0.5, 100);
    // 120 MB/s before the pipeline phases, 80 after: ingest is compared with their mean, 100
    ProducerBaseline.Result producer = new ProducerBaseline.Result(
        new ProducerPerfSummary(100, 120e6 / (1 << 20), 10, false), USAGE, "ProducerPerformance ...");
    ProducerBaseline.Result producerAfter = new ProducerBaseline.Result(
        new ProducerPerfSummary(100, 80e6 / (1 << 20), 10, false), USAGE, "ProducerPerformance ...");
    CellResult small = new CellResult(4096, SseMode.SSE_S3, phase(1, 1), USAGE, phase(1, smallP99), 10,
        phase(1, 1), USAGE, phase(1, 1), 10, 2000, kmsCalls, 0);
    CellResult big = new CellResult(1 << 20, SseMode.SSE_S3, phase(putMbps, 1), USAGE, phase(putMbps, 1), 10,
        phase(getMbps, 1), USAGE, phase(getMbps, 1), 10, 2000, 0, 0);
    return new BenchResults(plan,
        new RunEnvironment(Instant.EPOCH, "JDK x", "-Xmx2g", 2, "cpu", "one process", "sealstream bench"),
        new BenchResults.WarmUp(2, 30, 0.04),
        producer, producerAfter, Map.of(4096L, phase(1, 1), 1L << 20, phase(100, 1)), Map.of(4096L, USAGE, 1L << 20, USAGE),
        List.of(small, big));
  }

  @Test
  void ratiosAreAgainstTheSameRunsBaselines() {
    String md = BenchReport.markdown(results(45, 80, 50, 1));
    // ingest: 45 MB/s against the producer's mean 100 MB/s; GET: 80 against 100
    assertThat(md).contains("| 1 MiB | sse-s3 | 45.0 | 100.0 | 45 % | 80.0 | 100.0 | 80 % |");
    assertThat(md).contains("(ProducerPerformance), before the pipeline phases | 120.0 |")
        .contains("(ProducerPerformance), after them | 80.0 |")
        .contains("| raw Kafka producer, mean of the two (what ingest is compared with) | 100.0 | | |");
    assertThat(md).contains("| ingest ≥ 40 % of raw producer (best cell ≥ 1 MiB) | 45 % | yes |");
    assertThat(md).contains("| GET ≥ 70 % of unencrypted GET (worst cell) | 80 % | yes |");
    assertThat(md).contains("| small-object PUT-to-readable p99 ≤ 100 ms (worst mode, open loop) | 50.0 ms | yes |");
    assertThat(md).contains("| ≤ 1 key-service call per 1,000 objects written (whole run: 1 calls, 4000 objects) | 0.25 | yes |");
  }

  @Test
  void missedTargetsAreMarked() {
    String md = BenchReport.targets(results(30, 60, 150, 5), 100);
    assertThat(md).contains("| 30 % | **no** |").contains("| 60 % | **no** |")
        .contains("| 150.0 ms | **no** |").contains("| 1.25 | **no** |");
  }

  @Test
  void percentWithoutABaselineIsNotANumber() {
    assertThat(BenchReport.percent(10, 0)).isEqualTo("n/a");
    assertThat(BenchReport.percent(10, 40)).isEqualTo("25 %");
  }

  @Test
  void servicesAreToldByThreadName() {
    assertThat(ThreadCpu.serviceOf("sealstream-encryptor-3f2a-StreamThread-1")).isEqualTo("encryptor");
    assertThat(ThreadCpu.serviceOf("kafka-producer-network-thread | ingest-api")).isEqualTo("ingest-api");
    assertThat(ThreadCpu.serviceOf("ingest-api-http-42")).isEqualTo("ingest-api");
    assertThat(ThreadCpu.serviceOf("store-writer")).isEqualTo("store-writer");
    assertThat(ThreadCpu.serviceOf("bench-worker-3")).isEqualTo("load generator");
    assertThat(ThreadCpu.serviceOf("data-plane-kafka-request-handler-0")).isEqualTo("broker and other");
  }
}
