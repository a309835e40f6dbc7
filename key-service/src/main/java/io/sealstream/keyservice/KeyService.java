package io.sealstream.keyservice;

import java.security.SecureRandom;
import java.util.List;

/**
 * The operations behind the HTTP API, without HTTP: the master key lifecycle in a {@link
 * MasterKeyStore}, and generate / encrypt / decrypt through {@link DataKeyCipher}. Who may call
 * what (policies), audit and metrics wrap this class in the server; they do not grow inside it.
 *
 * <p>Rules kept here: generate and encrypt use a key's newest version, decrypt the version the
 * ciphertext names; a disabled key refuses all three ({@link MasterKeyDisabledException}); a
 * sealed store refuses everything that needs it ({@link KeystoreSealedException}).
 *
 * <p>Thread-safe if the store is. The state check and the use of the key are two store calls:
 * a disable that lands between them lets that one call through, as with any request already in
 * flight when an operator acts.
 */
final class KeyService {
  private final MasterKeyStore store;
  private final DataKeyCipher cipher;

  KeyService(MasterKeyStore store) {
    this(store, new SecureRandom());
  }

  KeyService(MasterKeyStore store, SecureRandom random) {
    this.store = store;
    this.cipher = new DataKeyCipher(store, random);
  }

  KeyInfo create(KeyName name) {
    return store.create(name);
  }

  /** Creates {@code name} from operator-supplied material; the caller wipes it. */
  KeyInfo importKey(KeyName name, byte[] material) {
    return store.importKey(name, material);
  }

  KeyInfo describe(KeyName name) {
    return store.describe(name);
  }

  List<KeyName> list() {
    return store.list();
  }

  KeyInfo enable(KeyName name) {
    return store.setState(name, KeyState.ENABLED);
  }

  KeyInfo disable(KeyName name) {
    return store.setState(name, KeyState.DISABLED);
  }

  KeyInfo rotate(KeyName name) {
    return store.rotate(name);
  }

  void delete(KeyName name) {
    store.delete(name);
  }

  /** A new data key under the newest version of {@code name}; the caller wipes the pair. */
  DataKeyCipher.DataKeyPair generate(KeyName name, KeyContext context) {
    return cipher.generate(name, usable(name).latestVersion(), context);
  }

  /** {@code plaintext} encrypted under the newest version of {@code name}. */
  byte[] encrypt(KeyName name, KeyContext context, byte[] plaintext) {
    return cipher.encrypt(name, usable(name).latestVersion(), context, plaintext);
  }

  /**
   * The plaintext in {@code ciphertext}; the caller wipes it.
   *
   * @throws DataKeyNotAuthenticException unless it verifies under this key, name and context
   */
  byte[] decrypt(KeyName name, byte[] ciphertext, KeyContext context) {
    usable(name);
    return cipher.decrypt(name, context, ciphertext);
  }

  void seal() {
    store.seal();
  }

  /** The caller wipes {@code secret}. */
  void unseal(byte[] secret) {
    store.unseal(secret);
  }

  boolean isSealed() {
    return store.isSealed();
  }

  boolean isReady() {
    return store.isAvailable();
  }

  private KeyInfo usable(KeyName name) {
    KeyInfo info = store.describe(name);
    if (!info.isEnabled()) {
      throw new MasterKeyDisabledException(name);
    }
    return info;
  }
}
