package io.sealstream.launcher;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The standard streams a command uses, so tests can run commands in-process. Plaintext and
 * ciphertext go to {@code out} only; {@code err} gets one-line diagnostics, never data or keys.
 */
record Console(InputStream in, OutputStream out, PrintStream err) {
  private static final int IO_BUFFER = 1 << 20;

  Console {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
  }

  /** The process's own stdin, stdout (buffered, unencoded bytes) and stderr. */
  static Console system() {
    return new Console(
        new FileInputStream(FileDescriptor.in),
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), IO_BUFFER),
        System.err);
  }

  /** Implemented by commands that read or write the standard streams. */
  interface Aware {
    void console(Console console);
  }
}
