package io.sealstream.keyservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded keystore: one file per master key in a directory, each key encrypted under a
 * {@link RootKey} with AES-256-GCM.
 *
 * <p>File {@code <name>.key}, 65 bytes (the module README has the table):
 *
 * <pre>
 *   0  4  magic "SSMK"
 *   4  1  format version 0x01
 *   5 12  nonce, random per write
 *  17 48  AES-256-GCM(root key, nonce, master key (32)) ‖ tag (16),
 *         AAD = lp("sealstream-keystore-v1") ‖ lp(UTF-8 key name)
 * </pre>
 *
 * The AAD binds the key name, so a file renamed or copied to another name does not open, and the
 * format version (through the label), so a file cannot be read as another version.
 *
 * <p>Writes are atomic and durable: a temporary file is written, fsynced, renamed over the final
 * name atomically, and the directory fsynced. One process owns a directory at a time (an
 * exclusive lock on {@code .lock}); temporary files left by a crash are removed on open.
 *
 * <p>Thread-safe. Lifecycle: {@link #open} → use → {@link #close}; the root key stays the
 * caller's to destroy.
 */
public final class FileMasterKeyStore implements MasterKeyStore {
  static final byte[] MAGIC = {'S', 'S', 'M', 'K'};
  static final byte VERSION = 0x01;
  static final String AAD_LABEL = "sealstream-keystore-v1";
  static final int HEADER_SIZE = MAGIC.length + 1;
  static final int FILE_SIZE = HEADER_SIZE + AesGcm.NONCE_SIZE + SecretBytes.SIZE + AesGcm.TAG_SIZE;
  static final String SUFFIX = ".key";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final String LOCK_FILE = ".lock";

  private static final Logger LOG = LoggerFactory.getLogger(FileMasterKeyStore.class);

  private final Path directory;
  private final RootKey rootKey;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SecureRandom random = new SecureRandom();
  private final Object writeLock = new Object();
  private volatile boolean closed;

  private FileMasterKeyStore(Path directory, RootKey rootKey, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.rootKey = rootKey;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating it, mode 0700, if absent) the keystore in {@code directory}.
   *
   * @throws IllegalStateException if another store, in this or another process, has it open
   * @throws UncheckedIOException if the directory cannot be created or locked
   */
  public static FileMasterKeyStore open(Path directory, RootKey rootKey) {
    if (rootKey == null || rootKey.isDestroyed()) {
      throw new IllegalArgumentException("root key must be a live RootKey");
    }
    Path dir = directory.toAbsolutePath();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, ownerOnly("rwx------", dir));
      }
      FileChannel channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("keystore " + dir + " is already open in another store");
      }
      FileMasterKeyStore store = new FileMasterKeyStore(dir, rootKey, channel, lock);
      store.removeLeftoverTempFiles();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open keystore " + dir, e);
    }
  }

  /** The directory this store keeps its files in. */
  public Path directory() {
    return directory;
  }

  @Override
  public void create(KeyName name) {
    ensureOpen();
    byte[] master = new byte[SecretBytes.SIZE];
    synchronized (writeLock) {
      Path target = fileOf(name);
      if (Files.exists(target)) {
        throw new MasterKeyExistsException(name);
      }
      random.nextBytes(master);
      byte[] nonce = new byte[AesGcm.NONCE_SIZE];
      random.nextBytes(nonce);
      byte[] file = encode(name, master, rootKey, nonce);
      Arrays.fill(master, (byte) 0);
      writeAtomically(target, file);
    }
    LOG.info("created master key {}", name);
  }

  @Override
  public boolean exists(KeyName name) {
    ensureOpen();
    return Files.exists(fileOf(name));
  }

  @Override
  public MasterKey load(KeyName name) {
    ensureOpen();
    byte[] file;
    try (FileChannel channel = FileChannel.open(fileOf(name), StandardOpenOption.READ)) {
      long size = channel.size();
      if (size != FILE_SIZE) {
        throw new KeystoreCorruptException(
            "master key file of '" + name + "' has " + size + " bytes, expected " + FILE_SIZE);
      }
      ByteBuffer buffer = ByteBuffer.allocate(FILE_SIZE);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading
      }
      file = buffer.array();
    } catch (NoSuchFileException e) {
      throw new MasterKeyNotFoundException(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read master key '" + name + "'", e);
    }
    return decode(name, file, rootKey);
  }

  @Override
  public void delete(KeyName name) {
    ensureOpen();
    synchronized (writeLock) {
      try {
        Files.delete(fileOf(name));
        fsyncDirectory(directory);
      } catch (NoSuchFileException e) {
        throw new MasterKeyNotFoundException(name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete master key '" + name + "'", e);
      }
    }
    LOG.info("deleted master key {}", name);
  }

  @Override
  public List<KeyName> list() {
    ensureOpen();
    List<KeyName> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (KeyName.isValid(name) && Files.isRegularFile(file)) {
          names.add(new KeyName(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list keystore " + directory, e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public boolean isAvailable() {
    return !closed && lock.isValid() && Files.isDirectory(directory) && Files.isWritable(directory);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("could not release the lock of keystore {}: {}", directory, e.toString());
    }
  }

  @Override
  public String toString() {
    return "FileMasterKeyStore[" + directory + "]";
  }

  // ---- the file format: package-private so tests can pin its bytes with a fixed nonce ----

  /** The 65 bytes of {@code name}'s file holding {@code master}, sealed under {@code nonce}. */
  static byte[] encode(KeyName name, byte[] master, RootKey rootKey, byte[] nonce) {
    if (master.length != SecretBytes.SIZE) {
      throw new IllegalArgumentException("master key must be 32 bytes, was " + master.length);
    }
    byte[] sealed = AesGcm.seal(rootKey.material(), nonce, master, aad(name));
    ByteBuffer out = ByteBuffer.allocate(FILE_SIZE);
    out.put(MAGIC).put(VERSION).put(nonce).put(sealed);
    return out.array();
  }

  /** The master key in {@code file}, once it verified as {@code name}'s under this root key. */
  static MasterKey decode(KeyName name, byte[] file, RootKey rootKey) {
    if (file.length != FILE_SIZE) {
      throw new KeystoreCorruptException(
          "master key file of '" + name + "' has " + file.length + " bytes, expected " + FILE_SIZE);
    }
    if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new KeystoreCorruptException("master key file of '" + name + "' has no SSMK header");
    }
    if (file[MAGIC.length] != VERSION) {
      throw new KeystoreCorruptException(
          "master key file of '" + name + "' has unknown format version " + (file[MAGIC.length] & 0xff));
    }
    byte[] nonce = Arrays.copyOfRange(file, HEADER_SIZE, HEADER_SIZE + AesGcm.NONCE_SIZE);
    byte[] sealed = Arrays.copyOfRange(file, HEADER_SIZE + AesGcm.NONCE_SIZE, FILE_SIZE);
    byte[] master;
    try {
      master = AesGcm.open(rootKey.material(), nonce, sealed, aad(name));
    } catch (AEADBadTagException e) {
      throw new KeystoreCorruptException(
          "master key file of '" + name + "' is not authentic: altered, copied from another key,"
              + " or the keystore was opened with a different root key");
    }
    try {
      return new MasterKey(master);
    } finally {
      Arrays.fill(master, (byte) 0);
    }
  }

  static byte[] aad(KeyName name) {
    return LengthPrefixed.of(LengthPrefixed.utf8(AAD_LABEL), LengthPrefixed.utf8(name.value()));
  }

  // ---- durable file handling ----

  private Path fileOf(KeyName name) {
    return directory.resolve(name.value() + SUFFIX);
  }

  private void writeAtomically(Path target, byte[] content) {
    byte[] suffix = new byte[8];
    random.nextBytes(suffix);
    Path temp =
        directory.resolve(
            target.getFileName() + "." + HexFormat.of().formatHex(suffix) + TEMP_SUFFIX);
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              ownerOnly("rw-------", directory))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system of " + directory + " cannot rename atomically", e);
      }
      fsyncDirectory(directory);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target.getFileName(), e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private void removeLeftoverTempFiles() throws IOException {
    try (DirectoryStream<Path> temps =
        Files.newDirectoryStream(directory, "*" + SUFFIX + ".*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        LOG.info("removing {}, left by an interrupted write", temp.getFileName());
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Makes a rename or delete in {@code directory} durable. A no-op where directories cannot be opened. */
  static void fsyncDirectory(Path directory) throws IOException {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
      // Windows cannot open a directory; its renames are durable with the file's flush
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions, Path near) {
    Path probe = near;
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    if (probe != null && probe.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
      };
    }
    return new FileAttribute<?>[0];
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("keystore " + directory + " is closed");
    }
  }
}
