package io.sealstream.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sealstream} command. */
@Command(
    name = "sealstream",
    mixinStandardHelpOptions = true,
    version = "sealstream 0.1.0-SNAPSHOT",
    description = "S3-compatible ingest and storage with server-side encryption on Kafka.",
    subcommands = {
      UpCommand.class,
      DareCommand.class,
      KmsCommand.class,
      BenchCommand.class,
      ServiceCommands.Encryptor.class,
      ServiceCommands.Writer.class,
      CommandLine.HelpCommand.class
    })
public final class Sealstream {
  /** Exit status for input that is not authentic (wrong key, tampered or truncated data). */
  static final int EXIT_NOT_AUTHENTIC = 1;

  /** Exit status for bad usage, as picocli reports it. */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(Console.system(), args));
  }

  /** Runs the command line against the given streams and returns the exit status. */
  static int run(Console console, String... args) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            K command = defaults.create(type);
            if (command instanceof Console.Aware aware) {
              aware.console(console);
            }
            return command;
          }
        };
    return new CommandLine(new Sealstream(), factory)
        .setOut(new PrintWriter(console.out(), true))
        .setErr(new PrintWriter(console.err(), true))
        .execute(args);
  }
}
