package io.sealstream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sealstream} command. */
@Command(
    name = "sealstream",
    mixinStandardHelpOptions = true,
    version = "sealstream 0.1.0-SNAPSHOT",
    description = "S3-compatible ingest and storage with server-side encryption on Kafka.",
    subcommands = {UpCommand.class, DareCommand.class, CommandLine.HelpCommand.class})
public final class Sealstream {
  /** Exit status for input that is not authentic (wrong key, tampered or truncated data). */
  static final int EXIT_NOT_AUTHENTIC = 1;

  /** Exit status for bad usage, as picocli reports it. */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Sealstream()).execute(args);
  }
}
