package io.sealstream.load;

import io.sealstream.kafka.TopicSpec;
import io.sealstream.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The raw-producer baseline: kafka-tools' own {@code ProducerPerformance}, run in this process
 * against the stack's broker with the pipeline's record size and producer settings (1 MiB
 * records, acks=all, idempotent, 2 MiB max request, linger 0), into a topic configured like
 * {@code chunks} (4 partitions, 2 MiB messages). Payloads come from a file of random letters made
 * once ({@code --payload-file}), because {@code --record-size} fills each record byte by byte and
 * would measure the load generator.
 */
public final class ProducerBaseline {
  public static final int RECORD_SIZE = 1024 * 1024;
  static final String TOPIC = "bench.raw-producer";

  /** The tool's summary and this process's CPU and heap while it ran. */
  public record Result(ProducerPerfSummary summary, ProcessProbe.Usage usage, String command) {}

  private ProducerBaseline() {}

  public static Result run(String bootstrap, Path scratch, int warmupRecords, int records) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      if (!admin.listTopics().names().get().contains(TOPIC)) {
        Topics.createAndAwait(
            admin,
            List.of(
                TopicSpec.of(TOPIC, 4)
                    .withConfig("max.message.bytes", "2097152")
                    .withConfig("retention.ms", "600000")
                    .withConfig("segment.bytes", "16777216")),
            Duration.ofSeconds(60));
      }
    }
    Path payloads = payloadFile(scratch);
    // the tool must not end this process on a bad argument
    Exit.setExitProcedure((status, message) -> {
      throw new IllegalStateException("ProducerPerformance exited with " + status + ": " + message);
    });
    try {
      runTool(args(bootstrap, payloads, warmupRecords));
      ProcessProbe probe = new ProcessProbe();
      String output = runTool(args(bootstrap, payloads, records));
      ProcessProbe.Usage usage = probe.finish();
      return new Result(
          ProducerPerfSummary.parse(output),
          usage,
          "ProducerPerformance " + String.join(" ", args(bootstrap, payloads, records)));
    } finally {
      Exit.resetExitProcedure();
    }
  }

  static String[] args(String bootstrap, Path payloads, int records) {
    return new String[] {
      "--topic", TOPIC,
      "--num-records", Integer.toString(records),
      "--throughput", "-1",
      "--payload-file", payloads.toString(),
      "--bootstrap-server", bootstrap,
      "--command-property", "acks=all", "enable.idempotence=true", "max.request.size=2097152",
          "linger.ms=0", "client.id=bench-raw-producer"
    };
  }

  /** Runs the tool and returns what it printed (it prints to System.out only). */
  private static synchronized String runTool(String[] args) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ProducerPerformance.main(args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Eight lines of 1 MiB random letters: the tool picks one at random per record. */
  private static Path payloadFile(Path scratch) throws IOException {
    Files.createDirectories(scratch);
    Path f = scratch.resolve("producer-payloads-1m.txt");
    if (Files.exists(f) && Files.size(f) == 8L * (RECORD_SIZE + 1)) {
      return f;
    }
    SplittableRandom r = new SplittableRandom(42);
    byte[] line = new byte[RECORD_SIZE + 1];
    try (var out = Files.newOutputStream(f)) {
      for (int l = 0; l < 8; l++) {
        for (int i = 0; i < RECORD_SIZE; i++) {
          line[i] = (byte) ('A' + r.nextInt(26));
        }
        line[RECORD_SIZE] = '\n';
        out.write(line);
      }
    }
    return f;
  }
}
