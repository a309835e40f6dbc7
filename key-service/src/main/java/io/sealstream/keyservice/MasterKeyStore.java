package io.sealstream.keyservice;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Where master keys live. The key service asks it for a key's material for the length of one
 * operation; all cryptography with the material happens in this package.
 *
 * <p>Failure classes: {@link MasterKeyExistsException} and {@link MasterKeyNotFoundException}
 * for the caller's request; {@link KeystoreCorruptException} for stored data that does not
 * verify; {@link UncheckedIOException} for the backend being unreachable (the only one worth a
 * retry).
 *
 * <p>Implementations are thread-safe. Later backends (PKCS#11) will keep the material inside the
 * token and replace {@link #load} with operations; callers use only this interface.
 */
public interface MasterKeyStore extends AutoCloseable {

  /**
   * Creates a new random master key named {@code name}, durably, before returning.
   *
   * @throws MasterKeyExistsException if one of that name exists
   */
  void create(KeyName name);

  /** Whether a master key named {@code name} exists. */
  boolean exists(KeyName name);

  /**
   * The material of {@code name}, in a new holder the caller must destroy when done.
   *
   * @throws MasterKeyNotFoundException if there is none
   * @throws KeystoreCorruptException if the stored key does not verify
   */
  MasterKey load(KeyName name);

  /**
   * Deletes {@code name}, durably. Every data key generated under it becomes undecryptable, and
   * a later key of the same name is a different key.
   *
   * @throws MasterKeyNotFoundException if there is none
   */
  void delete(KeyName name);

  /** The names of all master keys, sorted. */
  List<KeyName> list();

  /** Whether the backend can serve requests now (for {@code /v1/ready}). */
  boolean isAvailable();

  /** Releases the backend; the store is unusable afterwards. */
  @Override
  void close();
}
