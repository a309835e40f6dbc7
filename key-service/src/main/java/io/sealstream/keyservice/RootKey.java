package io.sealstream.keyservice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that encrypts every master key at rest in a {@link FileMasterKeyStore}: 32 bytes,
 * kept in a file as 64 hexadecimal characters (one trailing newline allowed). Whoever reads that
 * file can read every master key, so it belongs on a different medium from the keystore (a
 * mounted secret, a hardware token later) and is mode 0600.
 *
 * <p>Opaque and destroyable; {@code toString} shows no material. Thread-safe.
 */
public final class RootKey extends SecretBytes {
  private static final Logger LOG = LoggerFactory.getLogger(RootKey.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  /** Bounded before reading: a root key file is 64 characters and maybe a newline. */
  private static final int MAX_FILE_SIZE = 2 * SIZE + 2;

  private RootKey(byte[] material) {
    super(material, "root key");
  }

  /** A root key holding a copy of {@code key}; for tests and embedding. The caller wipes. */
  static RootKey of(byte[] key) {
    return new RootKey(key);
  }

  /**
   * Reads a root key from a file of 64 hexadecimal characters, optionally followed by one
   * newline ({@code \n} or {@code \r\n}). Logs a warning, without the key, if the file can be
   * read by group or others.
   *
   * @throws IllegalArgumentException if the file does not hold exactly that
   * @throws IOException if it cannot be read
   */
  public static RootKey fromFile(Path file) throws IOException {
    warnIfNotPrivate(file);
    byte[] text = readBounded(file);
    try {
      return fromText(text, "root key in " + file);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /**
   * A root key from the content of a root key file: 64 hexadecimal characters, optionally
   * followed by one newline. This is also the unseal secret of a keystore whose root key comes
   * from a file. The caller wipes {@code text}.
   *
   * @throws IllegalArgumentException if {@code text} is not that (the message never quotes it)
   */
  public static RootKey fromText(byte[] text, String what) {
    int length = text.length;
    if (length > 0 && text[length - 1] == '\n') {
      length--;
      if (length > 0 && text[length - 1] == '\r') {
        length--;
      }
    }
    CharBuffer chars = StandardCharsets.ISO_8859_1.decode(ByteBuffer.wrap(text, 0, length));
    try {
      return new RootKey(parseHex(chars, what));
    } finally {
      chars.clear();
      while (chars.hasRemaining()) {
        chars.put('\0');
      }
    }
  }

  /**
   * Generates a new random root key and writes it to {@code file} (mode 0600 where the file
   * system has POSIX permissions), for development and first setup. Never overwrites.
   *
   * @throws FileAlreadyExistsException if {@code file} exists
   */
  public static RootKey generateTo(Path file) throws IOException {
    byte[] key = new byte[SIZE];
    new SecureRandom().nextBytes(key);
    byte[] text = (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      FileAttribute<?>[] attributes =
          supportsPosix(file)
              ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
              : new FileAttribute<?>[0];
      try (FileChannel channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              attributes)) {
        ByteBuffer buffer = ByteBuffer.wrap(text);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      FileMasterKeyStore.fsyncDirectory(file.toAbsolutePath().getParent());
      return new RootKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(text, (byte) 0);
    }
  }

  private static byte[] readBounded(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_FILE_SIZE) {
        throw new IllegalArgumentException(
            "root key in " + file + " must be 64 hex characters, the file has " + size + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  private static boolean supportsPosix(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null
        && parent.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void warnIfNotPrivate(Path file) {
    if (!supportsPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        LOG.warn(
            "root key file {} has permissions {}; it should be readable by its owner only (0600)",
            file,
            PosixFilePermissions.toString(permissions));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // the read below reports a missing or unreadable file
    }
  }
}
