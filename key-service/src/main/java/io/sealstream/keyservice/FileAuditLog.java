package io.sealstream.keyservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The audit trail as a file: one JSON object per line ({@link AuditEvent#fields()}), opened in
 * append mode so every write lands at the end and nothing earlier is ever rewritten; created
 * mode 0600. With {@code syncEachRecord}, each record is fsynced before the call's answer
 * leaves (no acknowledged call is missing after a power cut); without, it reaches the OS at once
 * and the disk when the OS flushes.
 *
 * <p>A record that cannot be written throws, and the server then withholds the call's answer.
 * Making the file immutable to this process's own user ({@code chattr +a}, log shipping) is an
 * operator's choice outside the JVM. Thread-safe: records never interleave.
 */
public final class FileAuditLog implements AuditSink {
  private final Path file;
  private final FileChannel channel;
  private final boolean syncEachRecord;

  private FileAuditLog(Path file, FileChannel channel, boolean syncEachRecord) {
    this.file = file;
    this.channel = channel;
    this.syncEachRecord = syncEachRecord;
  }

  /** Opens (creating, mode 0600) {@code file} for appending; each record reaches the OS at once. */
  public static FileAuditLog open(Path file) {
    return open(file, false);
  }

  /** As {@link #open(Path)}, and with {@code syncEachRecord} each record is fsynced too. */
  public static FileAuditLog open(Path file, boolean syncEachRecord) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileAttribute<?>[] attributes =
          parent != null && parent.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
              }
              : new FileAttribute<?>[0];
      FileChannel channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
              attributes);
      return new FileAuditLog(file, channel, syncEachRecord);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit log " + file, e);
    }
  }

  @Override
  public synchronized void record(AuditEvent event) {
    byte[] line = (event.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (syncEachRecord) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to audit log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (channel.isOpen()) {
        channel.force(true);
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close audit log " + file, e);
    }
  }

  @Override
  public String toString() {
    return "FileAuditLog[" + file + "]";
  }
}
