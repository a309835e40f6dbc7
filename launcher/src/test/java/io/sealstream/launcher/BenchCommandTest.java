package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.load.BenchPlan;
import io.sealstream.load.SseMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  private static BenchPlan plan(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.plan();
  }

  @Test
  void defaultsAreTheDocumentedProfile() {
    assertThat(plan()).isEqualTo(BenchPlan.defaults());
    assertThat(plan("--quick")).isEqualTo(BenchPlan.quick());
  }

  @Test
  void optionsOverrideTheProfile() {
    BenchPlan p = plan("--quick", "--sizes", "4KiB,1MiB", "--modes", "sse-c", "--concurrency", "3",
        "--duration", "7", "--warmup", "2");
    assertThat(p.sizes()).containsExactly(4096L, 1L << 20);
    assertThat(p.modes()).containsExactly(SseMode.SSE_C);
    assertThat(p.concurrency()).isEqualTo(3);
    assertThat(p.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.warmup()).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.producerRecords()).isEqualTo(BenchPlan.quick().producerRecords());
  }

  @Test
  void aBadSizeIsAUsageErrorBeforeAnythingStarts() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = new Console(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int status = Sealstream.run(console, "bench", "--sizes", "4KB");
    assertThat(status).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a size: '4KB'");
  }
}
