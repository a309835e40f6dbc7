package io.sealstream.keyservice;

import java.io.UncheckedIOException;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * Where master keys live, and the one place their material is used: callers never see it and ask
 * the store to {@link #encrypt} or {@link #decrypt} with a named key version, so a hardware
 * backend (PKCS#11) keeps its keys inside the token.
 *
 * <p>A master key has a name, a state ({@link KeyState}) and versions 1..n; {@link #rotate}
 * adds version n+1 and keeps every older one, so old ciphertexts still open.
 *
 * <p>Sealing: {@link #seal()} drops every secret the store holds in memory (the root key, a
 * token session); until {@link #unseal(byte[])} succeeds, every operation that needs key material
 * or the keystore's content throws {@link KeystoreSealedException}.
 *
 * <p>Failure classes: {@link MasterKeyExistsException} and {@link MasterKeyNotFoundException}
 * for the caller's request; {@link KeystoreCorruptException} for stored data that does not
 * verify; {@link KeystoreSealedException} while sealed; {@link UnsealSecretWrongException} for a
 * wrong unseal secret; {@link UncheckedIOException} for the backend being unreachable (the only
 * one worth a retry).
 *
 * <p>Implementations are thread-safe. The shared contract test suite ({@code
 * MasterKeyStoreContract}) runs against every implementation.
 */
public interface MasterKeyStore extends AutoCloseable {

  /**
   * Creates a new random master key named {@code name} with version 1, enabled, durably, before
   * returning.
   *
   * @throws MasterKeyExistsException if one of that name exists
   */
  KeyInfo create(KeyName name);

  /**
   * Creates master key {@code name} whose version 1 is the operator-supplied 32 bytes {@code
   * material} (copied; the caller wipes its array).
   *
   * @throws MasterKeyExistsException if one of that name exists
   */
  KeyInfo importKey(KeyName name, byte[] material);

  /** Adds a new random version n+1; the older versions stay and still decrypt. */
  KeyInfo rotate(KeyName name);

  /** Name, creation time, state and versions of {@code name}. */
  KeyInfo describe(KeyName name);

  /** Enables or disables {@code name}, durably; idempotent. */
  KeyInfo setState(KeyName name, KeyState state);

  /** Whether a master key named {@code name} exists. */
  boolean exists(KeyName name);

  /**
   * Deletes {@code name} with every version, durably. Every ciphertext made under it becomes
   * undecryptable, and a later key of the same name is a different key.
   *
   * @throws MasterKeyNotFoundException if there is none
   */
  void delete(KeyName name);

  /** The names of all master keys, sorted. */
  List<KeyName> list();

  /**
   * AES-256-GCM of {@code plaintext} under version {@code version} of {@code name}: ciphertext ‖
   * 16-byte tag. Does not look at the key's state; the caller does.
   *
   * @throws MasterKeyNotFoundException if there is no such key
   * @throws DataKeyNotAuthenticException if the key has no such version
   */
  byte[] encrypt(KeyName name, int version, byte[] nonce, byte[] plaintext, byte[] aad);

  /**
   * The plaintext of {@code ciphertextAndTag}, released only if its tag verifies under version
   * {@code version} of {@code name}, this nonce and this AAD.
   *
   * @throws AEADBadTagException if it does not verify
   * @throws DataKeyNotAuthenticException if the key has no such version
   */
  byte[] decrypt(KeyName name, int version, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
      throws AEADBadTagException;

  /** Drops every secret held in memory; idempotent. */
  void seal();

  /**
   * Restores service with the operator's unseal secret (what it is depends on the backend: the
   * passphrase, the root key file's content, the token PIN). The caller wipes {@code secret}.
   *
   * @throws UnsealSecretWrongException if the secret does not open the keystore (it stays sealed)
   */
  void unseal(byte[] secret);

  /** Whether the store is sealed. */
  boolean isSealed();

  /** Whether the backend can serve requests now (for {@code /v1/ready}); false while sealed. */
  boolean isAvailable();

  /** Releases the backend and wipes what it holds; the store is unusable afterwards. */
  @Override
  void close();
}
