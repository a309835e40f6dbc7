package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MasterKeyStore} must do, run against each backend by a subclass: the file
 * keystore ({@code FileMasterKeyStoreContractTest}) and PKCS#11 on SoftHSM2 ({@code
 * Pkcs11MasterKeyStoreContractTest}).
 */
abstract class MasterKeyStoreContract {
  static final KeyName NAME = KeyName.of("bucket-key");
  static final byte[] NONCE = HexFormat.of().parseHex("000102030405060708090a0b");
  static final byte[] AAD = "some associated data".getBytes();
  static final byte[] PLAINTEXT = FileMasterKeyStoreTest.sequence(0x80);

  MasterKeyStore store;

  /** A new, empty, unsealed store of the backend under test. */
  abstract MasterKeyStore openStore() throws Exception;

  /** Closes {@code store} and opens the same keystore again (persistence). */
  abstract MasterKeyStore reopen(MasterKeyStore store) throws Exception;

  abstract byte[] unsealSecret();

  abstract byte[] wrongUnsealSecret();

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private byte[] encrypt(KeyName name, int version) {
    return store.encrypt(name, version, NONCE, PLAINTEXT, AAD);
  }

  private byte[] decrypt(KeyName name, int version, byte[] ciphertext) throws AEADBadTagException {
    return store.decrypt(name, version, NONCE, ciphertext, AAD);
  }

  static byte[] softwareGcm(byte[] key, byte[] plaintext) throws Exception {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, NONCE));
    c.updateAAD(AAD);
    return c.doFinal(plaintext);
  }

  @Test
  void create_makesAnEnabledKeyWithVersion1_thatRoundTrips() throws Exception {
    // When
    KeyInfo info = store.create(NAME);
    // Then
    assertThat(info.name()).isEqualTo(NAME);
    assertThat(info.state()).isEqualTo(KeyState.ENABLED);
    assertThat(info.latestVersion()).isEqualTo(1);
    assertThat(store.describe(NAME)).isEqualTo(info);
    assertThat(store.exists(NAME)).isTrue();
    assertThat(store.list()).containsExactly(NAME);
    byte[] ciphertext = encrypt(NAME, 1);
    assertThat(ciphertext).hasSize(PLAINTEXT.length + 16).isNotEqualTo(PLAINTEXT);
    assertThat(decrypt(NAME, 1, ciphertext)).isEqualTo(PLAINTEXT);
  }

  @Test
  void createdKeys_areRandom_eachNameItsOwn() throws Exception {
    // Given
    KeyName other = KeyName.of("other-key");
    store.create(NAME);
    store.create(other);
    // When / Then: the same nonce and input under two keys give different output
    assertThat(encrypt(NAME, 1)).isNotEqualTo(encrypt(other, 1));
    assertThatThrownBy(() -> decrypt(other, 1, encrypt(NAME, 1)))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void create_ofAnExistingName_failsAndKeepsTheOldKey() throws Exception {
    // Given
    store.create(NAME);
    byte[] before = encrypt(NAME, 1);
    // When / Then
    assertThatThrownBy(() -> store.create(NAME))
        .isInstanceOf(MasterKeyExistsException.class)
        .hasMessage("master key 'bucket-key' already exists");
    assertThatThrownBy(() -> store.importKey(NAME, new byte[32]))
        .isInstanceOf(MasterKeyExistsException.class);
    assertThat(encrypt(NAME, 1)).isEqualTo(before);
  }

  @Test
  void importedKey_encryptsExactlyAsAes256GcmWithThatMaterial() throws Exception {
    // Given
    byte[] material = FileMasterKeyStoreTest.sequence(0xa0);
    // When
    KeyInfo info = store.importKey(NAME, material);
    // Then
    assertThat(info.latestVersion()).isEqualTo(1);
    assertThat(encrypt(NAME, 1)).isEqualTo(softwareGcm(material, PLAINTEXT));
    assertThatThrownBy(() -> store.importKey(KeyName.of("short"), new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.exists(KeyName.of("short"))).isFalse();
  }

  @Test
  void rotate_addsANewVersion_andOldVersionsStillDecrypt() throws Exception {
    // Given
    store.create(NAME);
    byte[] underV1 = encrypt(NAME, 1);
    // When
    KeyInfo info = store.rotate(NAME);
    // Then
    assertThat(info.latestVersion()).isEqualTo(2);
    assertThat(info.versions()).extracting(KeyVersionInfo::version).containsExactly(1, 2);
    byte[] underV2 = encrypt(NAME, 2);
    assertThat(underV2).isNotEqualTo(underV1);
    assertThat(decrypt(NAME, 1, underV1)).isEqualTo(PLAINTEXT);
    assertThat(decrypt(NAME, 2, underV2)).isEqualTo(PLAINTEXT);
    assertThatThrownBy(() -> decrypt(NAME, 1, underV2)).isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> decrypt(NAME, 3, underV2))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("no version 3");
    assertThatThrownBy(() -> encrypt(NAME, 0)).isInstanceOf(DataKeyNotAuthenticException.class);
  }

  @Test
  void state_isKept_andSurvivesAReopen() throws Exception {
    // Given
    store.create(NAME);
    store.rotate(NAME);
    byte[] underV2 = encrypt(NAME, 2);
    // When
    KeyInfo disabled = store.setState(NAME, KeyState.DISABLED);
    store = reopen(store);
    // Then
    assertThat(disabled.state()).isEqualTo(KeyState.DISABLED);
    assertThat(disabled.latestVersion()).isEqualTo(2);
    assertThat(store.describe(NAME).state()).isEqualTo(KeyState.DISABLED);
    assertThat(store.describe(NAME).latestVersion()).isEqualTo(2);
    assertThat(store.setState(NAME, KeyState.ENABLED).state()).isEqualTo(KeyState.ENABLED);
    assertThat(store.describe(NAME).state()).isEqualTo(KeyState.ENABLED);
    assertThat(decrypt(NAME, 2, underV2)).isEqualTo(PLAINTEXT);
  }

  @Test
  void keysAndVersions_persistAcrossAReopen() throws Exception {
    // Given
    store.create(NAME);
    store.create(KeyName.of("another"));
    store.rotate(NAME);
    byte[] v1 = encrypt(NAME, 1);
    byte[] v2 = encrypt(NAME, 2);
    KeyInfo before = store.describe(NAME);
    // When
    store = reopen(store);
    // Then
    assertThat(store.list()).containsExactly(KeyName.of("another"), NAME);
    assertThat(store.describe(NAME)).isEqualTo(before);
    assertThat(decrypt(NAME, 1, v1)).isEqualTo(PLAINTEXT);
    assertThat(decrypt(NAME, 2, v2)).isEqualTo(PLAINTEXT);
  }

  @Test
  void delete_isFinal_andARecreatedKeyIsAnotherKey() throws Exception {
    // Given
    store.create(NAME);
    store.rotate(NAME);
    byte[] before = encrypt(NAME, 1);
    // When
    store.delete(NAME);
    // Then
    assertThat(store.exists(NAME)).isFalse();
    assertThat(store.list()).isEmpty();
    assertThatThrownBy(() -> store.describe(NAME)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> encrypt(NAME, 1)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> decrypt(NAME, 1, before)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> store.delete(NAME)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> store.rotate(NAME)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> store.setState(NAME, KeyState.DISABLED))
        .isInstanceOf(MasterKeyNotFoundException.class);
    store.create(NAME);
    assertThat(store.describe(NAME).latestVersion()).isEqualTo(1);
    assertThatThrownBy(() -> decrypt(NAME, 1, before)).isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void decrypt_ofAlteredCiphertextOrOtherAad_fails() throws Exception {
    // Given
    store.create(NAME);
    byte[] ciphertext = encrypt(NAME, 1);
    // When / Then
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> decrypt(NAME, 1, tampered))
          .as("byte %d flipped", i)
          .isInstanceOf(AEADBadTagException.class);
    }
    assertThatThrownBy(() -> store.decrypt(NAME, 1, NONCE, ciphertext, "other".getBytes()))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void list_isSorted() {
    // Given
    for (String n : List.of("zeta", "alpha", "mid.key", "Beta")) {
      store.create(KeyName.of(n));
    }
    // When / Then
    assertThat(store.list())
        .extracting(KeyName::value)
        .containsExactly("Beta", "alpha", "mid.key", "zeta");
  }

  @Test
  void sealed_refusesEverything_untilUnsealedWithTheRightSecret() throws Exception {
    // Given
    store.create(NAME);
    byte[] ciphertext = encrypt(NAME, 1);
    // When
    store.seal();
    store.seal(); // idempotent
    // Then
    assertThat(store.isSealed()).isTrue();
    assertThat(store.isAvailable()).isFalse();
    List<ThrowingCallable> everyOperation =
        List.of(
            () -> store.create(KeyName.of("new")),
            () -> store.importKey(KeyName.of("new"), new byte[32]),
            () -> store.rotate(NAME),
            () -> store.describe(NAME),
            () -> store.setState(NAME, KeyState.DISABLED),
            () -> store.exists(NAME),
            () -> store.delete(NAME),
            () -> store.list(),
            () -> encrypt(NAME, 1),
            () -> decrypt(NAME, 1, ciphertext));
    for (ThrowingCallable operation : everyOperation) {
      assertThatThrownBy(operation)
          .isInstanceOf(KeystoreSealedException.class)
          .hasMessage("key service is sealed");
    }
    assertThatThrownBy(() -> store.unseal(wrongUnsealSecret()))
        .isInstanceOf(UnsealSecretWrongException.class);
    assertThat(store.isSealed()).isTrue();
    assertThatThrownBy(() -> store.describe(NAME)).isInstanceOf(KeystoreSealedException.class);
    // And when
    store.unseal(unsealSecret());
    // Then
    assertThat(store.isSealed()).isFalse();
    assertThat(store.isAvailable()).isTrue();
    assertThat(store.describe(NAME).latestVersion()).isEqualTo(1);
    assertThat(decrypt(NAME, 1, ciphertext)).isEqualTo(PLAINTEXT);
  }

  @Test
  void closedStore_refusesUse() {
    store.close();
    assertThatThrownBy(() -> store.list()).isInstanceOf(IllegalStateException.class);
    assertThat(store.isAvailable()).isFalse();
  }
}
