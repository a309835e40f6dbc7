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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded keystore: one file per master key in a directory ({@link KeyFile} has the bytes),
 * each sealed under a {@link RootKey} with AES-256-GCM. The root key comes from a file or from a
 * passphrase ({@link RootKeySource}); {@code root.check} tells a wrong one apart.
 *
 * <p>Writes are atomic and durable: a temporary file is written, fsynced, renamed over the final
 * name atomically, and the directory fsynced. One process owns a directory at a time (an
 * exclusive lock on {@code .lock}); temporary files left by a crash are removed on open.
 *
 * <p>The store owns its root key: {@link #seal()} and {@link #close()} destroy it. Master key
 * material is decoded for one operation and wiped right after; nothing else is cached. A
 * read/write lock makes sealing wait for operations in flight, so none can run with a
 * half-wiped root key.
 *
 * <p>Storage rollback (an old key file put back, say to undo a disable or a rotation) is not
 * detected: the keystore directory needs the same protection as any database.
 *
 * <p>Thread-safe. Lifecycle: {@code open} → use → {@link #close}.
 */
public final class FileMasterKeyStore implements MasterKeyStore {
  static final String SUFFIX = ".key";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final String LOCK_FILE = ".lock";

  private static final Logger LOG = LoggerFactory.getLogger(FileMasterKeyStore.class);

  private final Path directory;
  private final RootKeySource rootKeySource;
  private final Clock clock;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SecureRandom random = new SecureRandom();
  /** Read: any use of the root key. Write: seal, unseal, close, and every key file change. */
  private final ReadWriteLock rootLock = new ReentrantReadWriteLock();
  private RootKey root;
  private volatile boolean closed;

  private FileMasterKeyStore(
      Path directory, RootKeySource source, Clock clock, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.rootKeySource = source;
    this.clock = clock;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating it, mode 0700, if absent) the keystore in {@code directory} with a root key
   * read from a file. The store takes {@code rootKey} over and destroys it when sealed or
   * closed; its unseal secret is the root key file's content.
   *
   * @throws UnsealSecretWrongException if the directory belongs to another root key
   * @throws IllegalStateException if another store, in this or another process, has it open
   * @throws UncheckedIOException if the directory cannot be created or locked
   */
  public static FileMasterKeyStore open(Path directory, RootKey rootKey) {
    if (rootKey == null || rootKey.isDestroyed()) {
      throw new IllegalArgumentException("root key must be a live RootKey");
    }
    return open(directory, RootKeySource.keyFileContent(), rootKey, Clock.systemUTC());
  }

  /**
   * Opens the keystore in {@code directory} with the root key derived from {@code passphrase}
   * (UTF-8, at least 12 bytes) by Argon2id; a new keystore gets a random salt and {@code
   * costForNewKeystore}. The caller wipes {@code passphrase}; it is also the unseal secret.
   */
  public static FileMasterKeyStore openWithPassphrase(
      Path directory, byte[] passphrase, PassphraseRootKeySource.Cost costForNewKeystore) {
    Path dir = directory.toAbsolutePath();
    ensureDirectory(dir);
    PassphraseRootKeySource source = PassphraseRootKeySource.loadOrCreate(dir, costForNewKeystore);
    return open(dir, source, source.derive(passphrase), Clock.systemUTC());
  }

  static FileMasterKeyStore open(Path directory, RootKeySource source, RootKey rootKey, Clock clock) {
    Path dir = directory.toAbsolutePath();
    try {
      ensureDirectory(dir);
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
        rootKey.destroy();
        throw new IllegalStateException("keystore " + dir + " is already open in another store");
      }
      FileMasterKeyStore store = new FileMasterKeyStore(dir, source, clock, channel, lock);
      try {
        store.removeLeftoverTempFiles();
        store.install(rootKey);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
      return store;
    } catch (IOException e) {
      rootKey.destroy();
      throw new UncheckedIOException("cannot open keystore " + dir, e);
    }
  }

  /** The directory this store keeps its files in. */
  public Path directory() {
    return directory;
  }

  // ---- lifecycle ----

  @Override
  public KeyInfo create(KeyName name) {
    byte[] material = new byte[SecretBytes.SIZE];
    random.nextBytes(material);
    try {
      return importKey(name, material, "created");
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public KeyInfo importKey(KeyName name, byte[] material) {
    if (material == null || material.length != SecretBytes.SIZE) {
      throw new IllegalArgumentException("an imported master key must be 32 bytes");
    }
    return importKey(name, material, "imported");
  }

  private KeyInfo importKey(KeyName name, byte[] material, String verb) {
    KeyInfo info =
        write(
            name,
            existing -> {
              if (existing != null) {
                throw new MasterKeyExistsException(name);
              }
              return KeyRecord.first(now(), material);
            });
    LOG.info("{} master key {}", verb, name);
    return info;
  }

  @Override
  public KeyInfo rotate(KeyName name) {
    byte[] material = new byte[SecretBytes.SIZE];
    random.nextBytes(material);
    try {
      KeyInfo info = write(name, existing -> found(name, existing).withNewVersion(now(), material));
      LOG.info("rotated master key {} to version {}", name, info.latestVersion());
      return info;
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  @Override
  public KeyInfo setState(KeyName name, KeyState state) {
    KeyInfo info = write(name, existing -> found(name, existing).withState(state));
    LOG.info("master key {} is {}", name, state.label());
    return info;
  }

  @Override
  public KeyInfo describe(KeyName name) {
    return read(name, record -> record.info(name));
  }

  @Override
  public boolean exists(KeyName name) {
    withRoot();
    try {
      return Files.exists(fileOf(name));
    } finally {
      rootLock.readLock().unlock();
    }
  }

  @Override
  public void delete(KeyName name) {
    rootLock.writeLock().lock();
    try {
      requireUnsealed();
      Files.delete(fileOf(name));
      fsyncDirectory(directory);
    } catch (NoSuchFileException e) {
      throw new MasterKeyNotFoundException(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete master key '" + name + "'", e);
    } finally {
      rootLock.writeLock().unlock();
    }
    LOG.info("deleted master key {}", name);
  }

  @Override
  public List<KeyName> list() {
    withRoot();
    try {
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
    } finally {
      rootLock.readLock().unlock();
    }
  }

  // ---- cryptography with a master key version ----

  @Override
  public byte[] encrypt(KeyName name, int version, byte[] nonce, byte[] plaintext, byte[] aad) {
    return read(name, record -> AesGcm.seal(record.material(name, version), nonce, plaintext, aad));
  }

  @Override
  public byte[] decrypt(KeyName name, int version, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
      throws AEADBadTagException {
    AEADBadTagException[] failed = new AEADBadTagException[1];
    byte[] plaintext =
        read(
            name,
            record -> {
              try {
                return AesGcm.open(record.material(name, version), nonce, ciphertextAndTag, aad);
              } catch (AEADBadTagException e) {
                failed[0] = e;
                return null;
              }
            });
    if (failed[0] != null) {
      throw failed[0];
    }
    return plaintext;
  }

  // ---- sealing ----

  @Override
  public void seal() {
    rootLock.writeLock().lock();
    try {
      if (root != null) {
        root.destroy();
        root = null;
        LOG.info("keystore {} sealed: root key wiped", directory);
      }
    } finally {
      rootLock.writeLock().unlock();
    }
  }

  @Override
  public void unseal(byte[] secret) {
    ensureOpen();
    if (secret == null) {
      throw new UnsealSecretWrongException("unseal secret must be given");
    }
    // derive outside the lock: Argon2 takes a while and needs no shared state
    install(rootKeySource.derive(secret));
  }

  private void install(RootKey candidate) {
    rootLock.writeLock().lock();
    try {
      ensureOpen();
      if (!RootKeyCheck.verifyOrCreate(directory, candidate, random)) {
        candidate.destroy();
        throw new UnsealSecretWrongException(
            "the " + rootKeySource.describe() + " does not open keystore " + directory);
      }
      if (root != null) {
        root.destroy();
      }
      root = candidate;
    } finally {
      rootLock.writeLock().unlock();
    }
  }

  @Override
  public boolean isSealed() {
    rootLock.readLock().lock();
    try {
      return root == null;
    } finally {
      rootLock.readLock().unlock();
    }
  }

  @Override
  public boolean isAvailable() {
    return !closed && !isSealed() && lock.isValid() && Files.isDirectory(directory)
        && Files.isWritable(directory);
  }

  @Override
  public void close() {
    rootLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (root != null) {
        root.destroy();
        root = null;
      }
    } finally {
      rootLock.writeLock().unlock();
    }
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

  // ---- reading and writing key files ----

  /** Runs {@code use} on the decoded record of {@code name}, which is wiped afterwards. */
  private <T> T read(KeyName name, Function<KeyRecord, T> use) {
    withRoot();
    try {
      KeyRecord record = load(name);
      try {
        return use.apply(record);
      } finally {
        record.destroy();
      }
    } finally {
      rootLock.readLock().unlock();
    }
  }

  /**
   * Replaces {@code name}'s record by {@code change(existing)} (existing is null if there is
   * none), atomically and durably. Writers exclude each other and sealing.
   */
  private KeyInfo write(KeyName name, Function<KeyRecord, KeyRecord> change) {
    rootLock.writeLock().lock();
    try {
      requireUnsealed();
      Path target = fileOf(name);
      KeyRecord existing = Files.exists(target) ? load(name) : null;
      KeyRecord updated = null;
      try {
        updated = change.apply(existing);
        byte[] nonce = new byte[AesGcm.NONCE_SIZE];
        random.nextBytes(nonce);
        writeAtomically(directory, target, KeyFile.encode(name, updated, root, nonce), random);
        return updated.info(name);
      } finally {
        if (existing != null) {
          existing.destroy();
        }
        if (updated != null) {
          updated.destroy();
        }
      }
    } finally {
      rootLock.writeLock().unlock();
    }
  }

  private KeyRecord load(KeyName name) {
    Path file = fileOf(name);
    byte[] bytes;
    Instant modified;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > KeyFile.MAX_SIZE) {
        throw new KeystoreCorruptException(
            "master key file of '" + name + "' has " + size + " bytes, more than any key file");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading
      }
      bytes = buffer.array();
      modified = Files.getLastModifiedTime(file).toInstant();
    } catch (NoSuchFileException e) {
      throw new MasterKeyNotFoundException(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read master key '" + name + "'", e);
    }
    try {
      return KeyFile.decode(name, bytes, root, modified);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static KeyRecord found(KeyName name, KeyRecord existing) {
    if (existing == null) {
      throw new MasterKeyNotFoundException(name);
    }
    return existing;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /** Takes the read lock and checks the store is open and unsealed; the caller unlocks. */
  private void withRoot() {
    rootLock.readLock().lock();
    try {
      requireUnsealed();
    } catch (RuntimeException e) {
      rootLock.readLock().unlock();
      throw e;
    }
  }

  private void requireUnsealed() {
    ensureOpen();
    if (root == null) {
      throw new KeystoreSealedException();
    }
  }

  private Path fileOf(KeyName name) {
    return directory.resolve(name.value() + SUFFIX);
  }

  // ---- durable file handling, shared with the root key files ----

  static void ensureDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, ownerOnly("rwx------", dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create keystore directory " + dir, e);
    }
  }

  /** Writes {@code content} to {@code target} atomically and durably, mode 0600; wipes it. */
  static void writeAtomically(Path directory, Path target, byte[] content, SecureRandom random) {
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
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*.*" + TEMP_SUFFIX)) {
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
