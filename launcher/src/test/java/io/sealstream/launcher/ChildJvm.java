package io.sealstream.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sealstream <args>} as a child JVM on the test's own JDK and class path, its output (both
 * streams) in a log file: the tests that kill a service or cap its heap need it in a process of
 * its own.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code sealstream <args>} with {@code jvmOptions}, writing its output to {@code log}. */
  static Process start(List<String> jvmOptions, Path log, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Sealstream.class.getName());
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Waits until {@code log} contains {@code marker} and returns the log so far; fails with the
   * log's end if the process exits or {@code timeout} passes first.
   */
  static String awaitOutput(Process p, Path log, String marker, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (text.contains(marker)) {
        return text;
      }
      if (!p.isAlive()) {
        throw new IOException("the child JVM exited:\n" + tail(log));
      }
      Thread.sleep(100);
    }
    throw new IOException("the child JVM did not print '" + marker + "':\n" + tail(log));
  }

  /** The last 30 lines of {@code log}. */
  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
