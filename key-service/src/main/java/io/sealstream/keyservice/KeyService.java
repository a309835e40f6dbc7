package io.sealstream.keyservice;

import java.security.SecureRandom;
import java.util.List;

/**
 * The operations behind the HTTP API, without HTTP: master keys from a {@link MasterKeyStore},
 * data keys from {@link DataKeyCipher}. Each master key is loaded for one operation and destroyed
 * right after. Policies, audit and sealing will wrap this class, not grow inside it.
 *
 * <p>Thread-safe if the store is.
 */
final class KeyService {
  private final MasterKeyStore store;
  private final DataKeyCipher cipher;

  KeyService(MasterKeyStore store) {
    this(store, new SecureRandom());
  }

  KeyService(MasterKeyStore store, SecureRandom random) {
    this.store = store;
    this.cipher = new DataKeyCipher(random);
  }

  void create(KeyName name) {
    store.create(name);
  }

  DataKeyCipher.DataKeyPair generate(KeyName name, KeyContext context) {
    MasterKey master = store.load(name);
    try {
      return cipher.generate(master, name, context);
    } finally {
      master.destroy();
    }
  }

  /**
   * The data key in {@code ciphertext}; the caller wipes it.
   *
   * @throws DataKeyNotAuthenticException unless it verifies under this key, name and context
   */
  byte[] decrypt(KeyName name, byte[] ciphertext, KeyContext context) {
    MasterKey master = store.load(name);
    try {
      return DataKeyCipher.unwrap(master, name, context, ciphertext);
    } finally {
      master.destroy();
    }
  }

  void delete(KeyName name) {
    store.delete(name);
  }

  List<KeyName> list() {
    return store.list();
  }

  boolean isReady() {
    return store.isAvailable();
  }
}
