package io.sealstream.keyservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's current {@link PolicySet}, replaceable at run time by the admin ({@code
 * /v1/policy/set}); when backed by a file, every replacement is written to it atomically first,
 * so a restart comes back with the same policies. Thread-safe.
 */
final class Policies {
  private static final Logger LOG = LoggerFactory.getLogger(Policies.class);

  private final AtomicReference<PolicySet> current;
  private final Path file;

  private Policies(PolicySet initial, Path file) {
    this.current = new AtomicReference<>(initial);
    this.file = file;
  }

  static Policies inMemory(PolicySet policies) {
    return new Policies(policies, null);
  }

  /**
   * The policies in {@code file}; if there is none yet, {@code initial} is written to it.
   *
   * @throws IllegalArgumentException if the file holds invalid policies (says what is wrong)
   */
  static Policies fromFile(Path file, PolicySet initial) {
    try {
      PolicySet loaded = PolicySet.fromJson(Files.readAllBytes(file));
      LOG.info("loaded {} from {}", loaded, file);
      return new Policies(loaded, file);
    } catch (NoSuchFileException e) {
      Policies policies = new Policies(initial, file);
      policies.persist(initial);
      LOG.info("wrote {} to new {}", initial, file);
      return policies;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read policies " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policies in " + file + " are invalid: " + e.getMessage(), e);
    }
  }

  PolicySet current() {
    return current.get();
  }

  Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Makes {@code next} the policies, durably first if file-backed. */
  synchronized void replace(PolicySet next) {
    persist(next);
    current.set(next);
    LOG.info("policies replaced: {}", next);
  }

  private void persist(PolicySet policies) {
    if (file == null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    FileMasterKeyStore.ensureDirectory(dir);
    FileMasterKeyStore.writeAtomically(dir, file.toAbsolutePath(), policies.toJson(), new SecureRandom());
  }
}
