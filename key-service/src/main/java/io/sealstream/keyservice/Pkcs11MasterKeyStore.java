package io.sealstream.keyservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master keys inside a PKCS#11 token (an HSM; tested against SoftHSM2) through the JDK's
 * SunPKCS11 provider. Every key version is an AES-256 token secret key generated inside the
 * token (or imported into it) and used there for AES-256-GCM: its bytes never enter this JVM.
 *
 * <p>Everything about a key lives in the token, in object labels, so nothing outside the token
 * can change it:
 *
 * <pre>
 *   &lt;namespace&gt;/&lt;name&gt;/v&lt;n&gt;/&lt;created epoch ms&gt;   version n of key name
 *   &lt;namespace&gt;/&lt;name&gt;/disabled                   present while the key is disabled
 * </pre>
 *
 * The namespace (default {@code sealstream}) lets several key services, or tests, share a token.
 *
 * <p>Sealing logs out of the token and drops every key handle; the unseal secret is the user
 * PIN. A wrong PIN is {@link UnsealSecretWrongException} (mind the token's own lockout policy).
 * The login is the provider's: use one store per provider (per token configuration); other
 * processes or key services on the same token use their own provider and namespace.
 * Thread-safe: lookups and cryptography share a read lock, changes and sealing take the write
 * lock.
 */
public final class Pkcs11MasterKeyStore implements MasterKeyStore {
  public static final String DEFAULT_NAMESPACE = "sealstream";
  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11MasterKeyStore.class);
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String GCM = "AES/GCM/NoPadding";

  private final Provider provider;
  private final String namespace;
  private final Pattern versionLabel;
  private final Pattern disabledLabel;
  private final Clock clock;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private KeyStore keyStore;
  private volatile boolean closed;

  private Pkcs11MasterKeyStore(Provider provider, String namespace, Clock clock) {
    this.provider = provider;
    this.namespace = namespace;
    String ns = Pattern.quote(namespace);
    this.versionLabel = Pattern.compile(ns + "/([A-Za-z0-9._-]{1,128})/v([1-9][0-9]{0,8})/([0-9]{1,19})");
    this.disabledLabel = Pattern.compile(ns + "/([A-Za-z0-9._-]{1,128})/disabled");
    this.clock = clock;
  }

  /**
   * A SunPKCS11 provider for the token described by the SunPKCS11 configuration file {@code
   * config} (at least {@code name}, {@code library} and {@code slot} or {@code slotListIndex};
   * see the module README), added to nothing: it is used only through this store.
   */
  public static Provider provider(Path config) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IllegalStateException("this JDK has no SunPKCS11 provider");
    }
    return base.configure(config.toString());
  }

  /**
   * Opens the keys of {@code namespace} in the token of {@code provider}, logging in with
   * {@code pin} (UTF-8; the caller wipes it; it is also the unseal secret).
   *
   * @throws UnsealSecretWrongException if the token refuses the PIN
   */
  public static Pkcs11MasterKeyStore open(Provider provider, byte[] pin, String namespace) {
    return open(provider, pin, namespace, Clock.systemUTC());
  }

  static Pkcs11MasterKeyStore open(Provider provider, byte[] pin, String namespace, Clock clock) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace must be 1-64 characters from [A-Za-z0-9._-]");
    }
    Pkcs11MasterKeyStore store = new Pkcs11MasterKeyStore(provider, namespace, clock);
    store.unseal(pin);
    return store;
  }

  // ---- lifecycle ----

  @Override
  public KeyInfo create(KeyName name) {
    return write(
        () -> {
          requireAbsent(name);
          Instant now = now();
          keyStore.setEntry(label(name, 1, now), new KeyStore.SecretKeyEntry(generate()), null);
          LOG.info("created master key {} in the token", name);
          return info(name);
        });
  }

  @Override
  public KeyInfo importKey(KeyName name, byte[] material) {
    if (material == null || material.length != SecretBytes.SIZE) {
      throw new IllegalArgumentException("an imported master key must be 32 bytes");
    }
    return write(
        () -> {
          requireAbsent(name);
          SecretKeySpec spec = new SecretKeySpec(material, "AES");
          try {
            keyStore.setEntry(label(name, 1, now()), new KeyStore.SecretKeyEntry(spec), null);
          } finally {
            try {
              spec.destroy();
            } catch (javax.security.auth.DestroyFailedException e) {
              // SecretKeySpec cannot wipe its copy before JDK 25; the caller wipes the original
            }
          }
          LOG.info("imported master key {} into the token", name);
          return info(name);
        });
  }

  @Override
  public KeyInfo rotate(KeyName name) {
    return write(
        () -> {
          int next = versions(name).size() + 1;
          keyStore.setEntry(label(name, next, now()), new KeyStore.SecretKeyEntry(generate()), null);
          LOG.info("rotated master key {} to version {} in the token", name, next);
          return info(name);
        });
  }

  @Override
  public KeyInfo setState(KeyName name, KeyState state) {
    return write(
        () -> {
          versions(name);
          String marker = disabledLabel(name);
          boolean disabled = keyStore.containsAlias(marker);
          if (state == KeyState.DISABLED && !disabled) {
            keyStore.setEntry(marker, new KeyStore.SecretKeyEntry(generate()), null);
          } else if (state == KeyState.ENABLED && disabled) {
            keyStore.deleteEntry(marker);
          }
          LOG.info("master key {} is {}", name, state.label());
          return info(name);
        });
  }

  @Override
  public KeyInfo describe(KeyName name) {
    return read(() -> info(name));
  }

  @Override
  public boolean exists(KeyName name) {
    return read(() -> !versionAliases(name).isEmpty());
  }

  @Override
  public void delete(KeyName name) {
    write(
        () -> {
          Map<Integer, String> aliases = versionAliases(name);
          if (aliases.isEmpty()) {
            throw new MasterKeyNotFoundException(name);
          }
          for (String alias : aliases.values()) {
            keyStore.deleteEntry(alias);
          }
          if (keyStore.containsAlias(disabledLabel(name))) {
            keyStore.deleteEntry(disabledLabel(name));
          }
          LOG.info("deleted master key {} from the token", name);
          return null;
        });
  }

  @Override
  public List<KeyName> list() {
    return read(
        () -> {
          List<KeyName> names = new ArrayList<>();
          for (String alias : Collections.list(keyStore.aliases())) {
            Matcher m = versionLabel.matcher(alias);
            if (m.matches() && m.group(2).equals("1") && KeyName.isValid(m.group(1))) {
              names.add(new KeyName(m.group(1)));
            }
          }
          names.sort(null);
          return names;
        });
  }

  // ---- cryptography inside the token ----

  @Override
  public byte[] encrypt(KeyName name, int version, byte[] nonce, byte[] plaintext, byte[] aad) {
    return read(
        () -> {
          Cipher cipher = Cipher.getInstance(GCM, provider);
          cipher.init(Cipher.ENCRYPT_MODE, key(name, version), new GCMParameterSpec(128, nonce));
          cipher.updateAAD(aad);
          return cipher.doFinal(plaintext);
        });
  }

  @Override
  public byte[] decrypt(KeyName name, int version, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
      throws AEADBadTagException {
    AEADBadTagException[] failed = new AEADBadTagException[1];
    byte[] plaintext =
        read(
            () -> {
              Cipher cipher = Cipher.getInstance(GCM, provider);
              cipher.init(Cipher.DECRYPT_MODE, key(name, version), new GCMParameterSpec(128, nonce));
              cipher.updateAAD(aad);
              try {
                return cipher.doFinal(ciphertextAndTag);
              } catch (AEADBadTagException e) {
                failed[0] = e;
                return null;
              }
            });
    if (failed[0] != null) {
      throw new AEADBadTagException("tag mismatch");
    }
    return plaintext;
  }

  // ---- sealing ----

  @Override
  public void seal() {
    lock.writeLock().lock();
    try {
      if (keyStore != null) {
        keyStore = null;
        logout();
        LOG.info("PKCS#11 keystore {} sealed: logged out of the token", namespace);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void unseal(byte[] pin) {
    if (pin == null || pin.length == 0) {
      throw new UnsealSecretWrongException("the token PIN must be given");
    }
    CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(pin));
    char[] chars = new char[decoded.remaining()];
    decoded.get(chars);
    Arrays.fill(decoded.array(), '\0');
    lock.writeLock().lock();
    try {
      ensureOpen();
      // The login belongs to the provider, not to this store: log out first so the PIN is
      // checked every time, even if a session is still logged in.
      logout();
      keyStore = null;
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, chars);
      keyStore = ks;
    } catch (IOException e) {
      if (isLoginFailure(e)) {
        throw new UnsealSecretWrongException("the token refused the PIN");
      }
      throw new UncheckedIOException("cannot open the PKCS#11 token", e);
    } catch (GeneralSecurityException e) {
      throw new UncheckedIOException("cannot open the PKCS#11 token", new IOException(e));
    } finally {
      lock.writeLock().unlock();
      Arrays.fill(chars, '\0');
    }
  }

  @Override
  public boolean isSealed() {
    lock.readLock().lock();
    try {
      return keyStore == null;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean isAvailable() {
    return !closed && !isSealed();
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (keyStore != null) {
        keyStore = null;
        logout();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "Pkcs11MasterKeyStore[" + provider.getName() + ", " + namespace + "]";
  }

  // ---- labels and lookups (callers hold a lock) ----

  private String label(KeyName name, int version, Instant created) {
    return namespace + "/" + name.value() + "/v" + version + "/" + created.toEpochMilli();
  }

  private String disabledLabel(KeyName name) {
    return namespace + "/" + name.value() + "/disabled";
  }

  /** Version number → alias of {@code name}'s versions, sorted; empty if there is no such key. */
  private Map<Integer, String> versionAliases(KeyName name) throws GeneralSecurityException {
    Map<Integer, String> versions = new TreeMap<>();
    for (String alias : Collections.list(keyStore.aliases())) {
      Matcher m = versionLabel.matcher(alias);
      if (m.matches() && m.group(1).equals(name.value())) {
        versions.put(Integer.parseInt(m.group(2)), alias);
      }
    }
    return versions;
  }

  private List<KeyVersionInfo> versions(KeyName name) throws GeneralSecurityException {
    Map<Integer, String> aliases = versionAliases(name);
    if (aliases.isEmpty()) {
      throw new MasterKeyNotFoundException(name);
    }
    List<KeyVersionInfo> versions = new ArrayList<>();
    int expected = 1;
    for (Map.Entry<Integer, String> e : aliases.entrySet()) {
      if (e.getKey() != expected++) {
        throw new KeystoreCorruptException("master key '" + name + "' has a gap in its versions in the token");
      }
      Matcher m = versionLabel.matcher(e.getValue());
      m.matches();
      versions.add(new KeyVersionInfo(e.getKey(), Instant.ofEpochMilli(Long.parseLong(m.group(3)))));
    }
    return versions;
  }

  private KeyInfo info(KeyName name) throws GeneralSecurityException {
    List<KeyVersionInfo> versions = versions(name);
    KeyState state = keyStore.containsAlias(disabledLabel(name)) ? KeyState.DISABLED : KeyState.ENABLED;
    return new KeyInfo(name, versions.get(0).created(), state, versions);
  }

  private Key key(KeyName name, int version) throws GeneralSecurityException {
    Map<Integer, String> aliases = versionAliases(name);
    if (aliases.isEmpty()) {
      throw new MasterKeyNotFoundException(name);
    }
    String alias = aliases.get(version);
    if (alias == null) {
      throw new DataKeyNotAuthenticException(
          "ciphertext is not authentic: master key '" + name + "' has no version " + version);
    }
    return keyStore.getKey(alias, null);
  }

  private void requireAbsent(KeyName name) throws GeneralSecurityException {
    if (!versionAliases(name).isEmpty()) {
      throw new MasterKeyExistsException(name);
    }
  }

  private SecretKey generate() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
    generator.init(256);
    return generator.generateKey();
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  // ---- locking and failures ----

  @FunctionalInterface
  private interface TokenCall<T> {
    T run() throws GeneralSecurityException;
  }

  private <T> T read(TokenCall<T> call) {
    return unsealedUnder(lock.readLock(), call);
  }

  private <T> T write(TokenCall<T> call) {
    return unsealedUnder(lock.writeLock(), call);
  }

  private <T> T unsealedUnder(Lock held, TokenCall<T> call) {
    held.lock();
    try {
      requireUnsealed();
      return call.run();
    } catch (GeneralSecurityException e) {
      throw tokenFailure(e);
    } finally {
      held.unlock();
    }
  }

  private static RuntimeException tokenFailure(GeneralSecurityException e) {
    // a token error is the backend failing (503), not the caller's request
    return new UncheckedIOException("PKCS#11 token operation failed: " + e, new IOException(e));
  }

  private void requireUnsealed() {
    ensureOpen();
    if (keyStore == null) {
      throw new KeystoreSealedException();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("PKCS#11 keystore " + namespace + " is closed");
    }
  }

  private void logout() {
    if (provider instanceof AuthProvider auth) {
      try {
        auth.logout();
      } catch (LoginException e) {
        LOG.warn("logout from the PKCS#11 token failed: {}", e.toString());
      }
    }
  }

  private static boolean isLoginFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.security.auth.login.FailedLoginException
          || String.valueOf(t.getMessage()).contains("CKR_PIN_INCORRECT")
          || String.valueOf(t.getMessage()).contains("CKR_PIN_LEN_RANGE")) {
        return true;
      }
    }
    return false;
  }
}
