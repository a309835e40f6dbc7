package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMasterKeyStoreTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final KeyName NAME = KeyName.of("bucket-key");

  @TempDir Path dir;
  private RootKey root;
  private FileMasterKeyStore store;

  @BeforeEach
  void openStore() {
    root = RootKey.of(sequence(0x00));
    store = FileMasterKeyStore.open(dir, root);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] sequence(int first) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (first + i);
    }
    return b;
  }

  @Test
  void keyFile_layout_matchesTheGoldenBytes() {
    // Given: root 00..1f, master a0..bf, nonce 00..0b; expected bytes from Python's
    // cryptography AESGCM with the AAD built independently: lp("sealstream-keystore-v1") ‖
    // lp("bucket-key")
    byte[] nonce = HEX.parseHex("000102030405060708090a0b");
    // When
    byte[] file = FileMasterKeyStore.encode(NAME, sequence(0xa0), root, nonce);
    // Then
    assertThat(HEX.formatHex(FileMasterKeyStore.aad(NAME)))
        .isEqualTo(
            "00000016" + HEX.formatHex("sealstream-keystore-v1".getBytes())
                + "0000000a" + HEX.formatHex("bucket-key".getBytes()));
    assertThat(HEX.formatHex(file))
        .isEqualTo(
            "53534d4b01" // "SSMK", version 1
                + "000102030405060708090a0b" // nonce
                + "e7a374b8614064bc25e83d201d44d6c23367358744cee9cb80de5f3ea1d4be0d" // master
                + "1760df67f77ee82f426dc3f702c855b0"); // tag
    assertThat(file).hasSize(FileMasterKeyStore.FILE_SIZE).hasSize(65);
    assertThat(FileMasterKeyStore.decode(NAME, file, root).material()).isEqualTo(sequence(0xa0));
  }

  @Test
  void createdKey_isListedLoadable_andPersistsAcrossANewStoreInstance() {
    // Given
    store.create(NAME);
    store.create(KeyName.of("another"));
    byte[] material = store.load(NAME).material().clone();
    // When
    store.close();
    store = FileMasterKeyStore.open(dir, RootKey.of(sequence(0x00)));
    // Then
    assertThat(store.exists(NAME)).isTrue();
    assertThat(store.list()).containsExactly(KeyName.of("another"), NAME);
    assertThat(store.load(NAME).material()).isEqualTo(material).isNotEqualTo(new byte[32]);
    assertThat(store.load(KeyName.of("another")).material()).isNotEqualTo(material);
  }

  @Test
  void createdKey_isOneFileOfOwnerOnlyMode_withNoTemporaryFileLeft() throws Exception {
    // When
    store.create(NAME);
    // Then
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("bucket-key.key", ".lock");
    }
    Path file = dir.resolve("bucket-key.key");
    assertThat(Files.size(file)).isEqualTo(65);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void create_anExistingName_failsAndKeepsTheOldKey() {
    // Given
    store.create(NAME);
    byte[] before = store.load(NAME).material().clone();
    // When / Then
    assertThatThrownBy(() -> store.create(NAME))
        .isInstanceOf(MasterKeyExistsException.class)
        .hasMessage("master key 'bucket-key' already exists");
    assertThat(store.load(NAME).material()).isEqualTo(before);
  }

  @Test
  void deletedKey_isGone_andRecreatingGivesNewMaterial() {
    // Given
    store.create(NAME);
    byte[] before = store.load(NAME).material().clone();
    // When
    store.delete(NAME);
    // Then
    assertThat(store.exists(NAME)).isFalse();
    assertThat(store.list()).isEmpty();
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(MasterKeyNotFoundException.class);
    assertThatThrownBy(() -> store.delete(NAME)).isInstanceOf(MasterKeyNotFoundException.class);
    store.create(NAME);
    assertThat(store.load(NAME).material()).isNotEqualTo(before);
  }

  @Test
  void keyFile_withAnyByteFlipped_isRejectedAsCorrupt() throws Exception {
    // Given
    store.create(NAME);
    Path file = dir.resolve("bucket-key.key");
    byte[] original = Files.readAllBytes(file);
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= 0x01;
      Files.write(file, tampered);
      // When / Then
      assertThatThrownBy(() -> store.load(NAME))
          .as("byte %d flipped", i)
          .isInstanceOf(KeystoreCorruptException.class)
          .hasMessageContaining("bucket-key");
    }
    Files.write(file, original);
    assertThat(store.load(NAME).material()).hasSize(32);
  }

  @Test
  void keyFile_truncatedOrExtended_isRejectedAsCorrupt() throws Exception {
    // Given
    store.create(NAME);
    Path file = dir.resolve("bucket-key.key");
    byte[] original = Files.readAllBytes(file);
    // When / Then
    Files.write(file, java.util.Arrays.copyOf(original, 64));
    assertThatThrownBy(() -> store.load(NAME))
        .isInstanceOf(KeystoreCorruptException.class)
        .hasMessageContaining("has 64 bytes, expected 65");
    Files.write(file, java.util.Arrays.copyOf(original, 66));
    assertThatThrownBy(() -> store.load(NAME)).isInstanceOf(KeystoreCorruptException.class);
  }

  @Test
  void keyFile_copiedToAnotherName_doesNotOpenAsThatKey() throws Exception {
    // Given
    store.create(NAME);
    // When: an attacker with write access copies bucket-key's file over "victim"
    Files.copy(dir.resolve("bucket-key.key"), dir.resolve("victim.key"));
    // Then
    assertThat(store.list()).contains(KeyName.of("victim"));
    assertThatThrownBy(() -> store.load(KeyName.of("victim")))
        .isInstanceOf(KeystoreCorruptException.class)
        .hasMessageContaining("not authentic");
  }

  @Test
  void keystore_openedWithAWrongRootKey_rejectsEveryKey() {
    // Given
    store.create(NAME);
    store.close();
    // When
    store = FileMasterKeyStore.open(dir, RootKey.of(sequence(0x01)));
    // Then
    assertThatThrownBy(() -> store.load(NAME))
        .isInstanceOf(KeystoreCorruptException.class)
        .hasMessageContaining("different root key");
  }

  @Test
  void secondStoreOnTheSameDirectory_isRefusedWhileTheFirstIsOpen() {
    assertThatThrownBy(() -> FileMasterKeyStore.open(dir, root))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already open");
  }

  @Test
  void temporaryFilesLeftByACrash_areRemovedOnOpen_andNeverListed() throws Exception {
    // Given
    store.create(NAME);
    store.close();
    Path leftover = dir.resolve("other.key.0011223344556677.tmp");
    Files.copy(dir.resolve("bucket-key.key"), leftover, StandardCopyOption.COPY_ATTRIBUTES);
    // When
    store = FileMasterKeyStore.open(dir, root);
    // Then
    assertThat(leftover).doesNotExist();
    assertThat(store.list()).containsExactly(NAME);
  }

  @Test
  void list_ignoresFilesThatAreNotKeys() throws Exception {
    // Given
    store.create(NAME);
    Files.writeString(dir.resolve("README"), "x");
    Files.writeString(dir.resolve("bad name.key"), "x");
    Files.createDirectory(dir.resolve("dir.key"));
    // When
    List<KeyName> names = store.list();
    // Then
    assertThat(names).containsExactly(NAME);
  }

  @Test
  void masterKey_toString_showsNoMaterial() {
    // Given
    store.create(NAME);
    MasterKey key = store.load(NAME);
    // When / Then
    assertThat(key).hasToString("MasterKey[32 bytes, hidden]");
    key.destroy();
    assertThat(key).hasToString("MasterKey[destroyed]");
    assertThatThrownBy(key::material).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedStore_refusesUse() {
    store.close();
    assertThatThrownBy(() -> store.list()).isInstanceOf(IllegalStateException.class);
    assertThat(store.isAvailable()).isFalse();
  }
}
