package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The keystore contract on PKCS#11 (SunPKCS11 on a SoftHSM2 token), plus what only a token
 * gives: the key bytes never leave it.
 */
class Pkcs11MasterKeyStoreContractTest extends MasterKeyStoreContract {
  private final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);

  @Override
  MasterKeyStore openStore() throws Exception {
    return Pkcs11MasterKeyStore.open(SoftHsm.provider(), unsealSecret(), namespace);
  }

  @Override
  MasterKeyStore reopen(MasterKeyStore old) throws Exception {
    old.close();
    return openStore();
  }

  @Override
  byte[] unsealSecret() {
    return SoftHsm.PIN.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  byte[] wrongUnsealSecret() {
    return "not-the-pin".getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keyVersions_areTokenObjects_whoseBytesCannotBeRead() throws Exception {
    // Given
    store.create(NAME);
    store.rotate(NAME);
    store.setState(NAME, KeyState.DISABLED);
    // When: look into the token directly
    KeyStore token = KeyStore.getInstance("PKCS11", SoftHsm.provider());
    token.load(null, SoftHsm.PIN.toCharArray());
    // Then
    assertThat(Collections.list(token.aliases()))
        .filteredOn(a -> a.startsWith(namespace + "/"))
        .hasSize(3)
        .anyMatch(a -> a.matches(namespace + "/bucket-key/v1/\\d+"))
        .anyMatch(a -> a.matches(namespace + "/bucket-key/v2/\\d+"))
        .contains(namespace + "/bucket-key/disabled");
    for (String alias : Collections.list(token.aliases())) {
      if (alias.startsWith(namespace + "/")) {
        Key key = token.getKey(alias, null);
        assertThat(key.getEncoded()).as(alias).isNull();
      }
    }
  }

  @Test
  void aWrongPinAtOpen_isRefused_evenWhileTheTokenIsLoggedIn() throws Exception {
    assertThat(store.isSealed()).isFalse();
    assertThatThrownBy(
            () -> Pkcs11MasterKeyStore.open(SoftHsm.provider(), wrongUnsealSecret(), namespace + "x"))
        .isInstanceOf(UnsealSecretWrongException.class)
        .hasMessage("the token refused the PIN");
  }

  @Test
  void namespaces_keepKeyServicesOnOneTokenApart() throws Exception {
    // Given
    store.create(NAME);
    store.close();
    // When
    store = Pkcs11MasterKeyStore.open(SoftHsm.provider(), unsealSecret(), namespace + "-other");
    // Then
    assertThat(store.list()).isEmpty();
    assertThat(store.exists(NAME)).isFalse();
  }
}
