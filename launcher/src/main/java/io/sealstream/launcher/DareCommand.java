package io.sealstream.launcher;

import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareInputStream;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.DareOutputStream;
import io.sealstream.channel.DareSealer;
import io.sealstream.channel.NotAuthenticException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sealstream dare encrypt|decrypt}: DARE 2.0 from stdin to stdout, for offline checks and
 * disaster recovery. Output is byte-compatible with minio/sio.
 */
@Command(
    name = "dare",
    description = "Encrypt or decrypt a DARE 2.0 stream, stdin to stdout (minio/sio compatible).",
    subcommands = {DareCommand.Encrypt.class, DareCommand.Decrypt.class})
final class DareCommand {
  /** Where the key comes from: the command line, or a file (which keeps it out of `ps`). */
  static final class KeySource {
    @Option(names = "--key", paramLabel = "HEX", description = "The 256-bit key, 64 hex digits.")
    String hex;

    @Option(
        names = "--key-file",
        paramLabel = "PATH",
        description = "A file holding the key as 64 hex digits.")
    Path file;

    DareKey load() throws IOException {
      String h = hex != null ? hex : Files.readString(file, StandardCharsets.US_ASCII).strip();
      return DareKey.fromHex(h);
    }
  }

  @Command(name = "encrypt", description = "Encrypt stdin to stdout.")
  static final class Encrypt implements Callable<Integer>, Console.Aware {
    private Console console;

    @ArgGroup(multiplicity = "1")
    KeySource key;

    @Option(
        names = "--cipher",
        paramLabel = "aes|chacha",
        description = "Cipher suite; default: AES-256-GCM where the CPU has AES, else ChaCha20.")
    String cipher;

    @Option(
        names = "--insecure-nonce",
        paramLabel = "HEX",
        hidden = true,
        description = "Fixed 12-byte nonce, only for byte-exact comparison with minio/sio. "
            + "Never reuse a nonce with the same key.")
    String insecureNonce;

    @Option(
        names = "--sequence",
        paramLabel = "N",
        hidden = true,
        defaultValue = "0",
        description = "First sequence number (with --insecure-nonce).")
    long sequence;

    @Override
    public void console(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() {
      return DareCommand.run(
          console,
          "encrypt",
          () -> {
            CipherSuite suite =
                cipher == null ? CipherSuite.forThisMachine() : CipherSuite.fromShortName(cipher);
            DareKey k = key.load();
            try {
              DareSealer sealer =
                  insecureNonce == null
                      ? DareSealer.create(k, suite)
                      : DareSealer.insecureWithFixedNonce(
                          k, suite, parseNonce(insecureNonce), sequence);
              DareOutputStream out = new DareOutputStream(console.out(), sealer);
              console.in().transferTo(out);
              out.finish();
            } finally {
              k.destroy();
            }
          });
    }

    private static byte[] parseNonce(String hex) {
      if (hex.length() != 24) {
        throw new IllegalArgumentException("--insecure-nonce must be 24 hex digits");
      }
      return HexFormat.of().parseHex(hex);
    }
  }

  @Command(name = "decrypt", description = "Decrypt stdin to stdout; fails on any tampering.")
  static final class Decrypt implements Callable<Integer>, Console.Aware {
    private Console console;

    @ArgGroup(multiplicity = "1")
    KeySource key;

    @Option(
        names = "--sequence",
        paramLabel = "N",
        defaultValue = "0",
        description = "Sequence number of the first package on stdin (to recover a stream's "
            + "tail from package N on); default 0.")
    long sequence;

    @Override
    public void console(Console console) {
      this.console = console;
    }

    @Override
    public Integer call() {
      return DareCommand.run(
          console,
          "decrypt",
          () -> {
            DareKey k = key.load();
            try {
              InputStream in = DareInputStream.fromSequence(console.in(), k, sequence);
              try {
                // each package reaches stdout only after its tag has verified
                in.transferTo(console.out());
              } finally {
                console.out().flush();
              }
            } finally {
              k.destroy();
            }
          });
    }
  }

  interface Action {
    void run() throws IOException;
  }

  /** Runs an action and turns its failure into one line on stderr and an exit status. */
  static int run(Console console, String verb, Action action) {
    PrintStream err = console.err();
    try {
      action.run();
      return 0;
    } catch (NotAuthenticException e) {
      err.println(
          "sealstream dare " + verb + ": " + e.getMessage() + " (wrong key, or the data was "
              + "altered or truncated)");
      return Sealstream.EXIT_NOT_AUTHENTIC;
    } catch (IllegalArgumentException e) {
      err.println("sealstream dare " + verb + ": " + e.getMessage());
      return Sealstream.EXIT_USAGE;
    } catch (IOException e) {
      err.println("sealstream dare " + verb + ": I/O error: " + e.getMessage());
      return Sealstream.EXIT_NOT_AUTHENTIC;
    }
  }
}
