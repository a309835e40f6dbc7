package io.sealstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProducerPerfSummaryTest {
  @Test
  void takesTheFinalSummaryNotTheProgressLines() {
    String out = String.join("\n",
        "1201 records sent, 240.1 records/sec (240.10 MB/sec), 80.1 ms avg latency, 300.0 ms max latency.",
        "2000 records sent, 236.700000 records/sec (236.70 MB/sec), 81.20 ms avg latency, 310.00 ms max latency, 70 ms 50th, 150 ms 95th, 201 ms 99th, 305 ms 99.9th.");
    ProducerPerfSummary s = ProducerPerfSummary.parse(out);
    assertThat(s.records()).isEqualTo(2000);
    assertThat(s.recordsPerSecond()).isEqualTo(236.7);
    assertThat(s.p99Millis()).isEqualTo(201);
    // the tool's "MB/sec" is MiB/s; the report's MB are 10^6 bytes
    assertThat(s.megabytesPerSecond(1 << 20)).isCloseTo(248.2, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void prefersTheSteadyStateSummary() {
    String out = String.join("\n",
        "1800 steady state records sent, 250.000000 records/sec (250.00 MB/sec), 1.00 ms avg latency, 2.00 ms max latency, 1 ms 50th, 1 ms 95th, 2 ms 99th, 2 ms 99.9th.",
        "2000 records sent, 200.000000 records/sec (200.00 MB/sec), 1.00 ms avg latency, 2.00 ms max latency, 1 ms 50th, 1 ms 95th, 2 ms 99th, 2 ms 99.9th.");
    assertThat(ProducerPerfSummary.parse(out).recordsPerSecond()).isEqualTo(250.0);
  }

  @Test
  void failsWithoutASummary() {
    assertThatThrownBy(() -> ProducerPerfSummary.parse("Exception in thread main"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
