package io.sealstream.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Where and on what a run happened, for the report's header. */
public record RunEnvironment(
    Instant started, String jdk, String jvmArgs, int cpus, String cpuModel, String stack, String command) {

  public static RunEnvironment current(String stack, String command) {
    return new RunEnvironment(
        Instant.now(),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.home") + ")",
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        Runtime.getRuntime().availableProcessors(),
        readCpuModel(),
        stack,
        command);
  }

  private static String readCpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the report says "unknown"
    }
    return "unknown";
  }
}
