package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file keystore's own properties: its bytes, tampering, locking, root keys. */
class FileMasterKeyStoreTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final KeyName NAME = KeyName.of("bucket-key");
  /** A cheap Argon2id cost, so tests stay fast; production uses Cost.DEFAULT. */
  static final PassphraseRootKeySource.Cost TEST_COST = new PassphraseRootKeySource.Cost(1024, 1, 1);

  @TempDir Path dir;
  private FileMasterKeyStore store;

  @BeforeEach
  void openStore() {
    store = FileMasterKeyStore.open(dir, RootKey.of(sequence(0x00)));
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

  private static RootKey root() {
    return RootKey.of(sequence(0x00));
  }

  @Test
  void keyFile_layout_matchesTheGoldenBytes() {
    // Given: root 00..1f, nonce 00..0b, enabled, created 1700000000000, version 1 = a0..bf
    // (same time), version 2 = 40..5f (1700000001000); expected bytes from Python's
    // cryptography AESGCM with the body and AAD built independently
    KeyRecord record =
        new KeyRecord(
            Instant.ofEpochMilli(1_700_000_000_000L),
            KeyState.ENABLED,
            List.of(
                new KeyRecord.Version(Instant.ofEpochMilli(1_700_000_000_000L), sequence(0xa0)),
                new KeyRecord.Version(Instant.ofEpochMilli(1_700_000_001_000L), sequence(0x40))));
    // When
    byte[] file = KeyFile.encode(NAME, record, root(), HEX.parseHex("000102030405060708090a0b"));
    // Then
    assertThat(HEX.formatHex(KeyFile.aad(KeyFile.AAD_LABEL_V2, NAME)))
        .isEqualTo(
            "00000016" + HEX.formatHex("sealstream-keystore-v2".getBytes())
                + "0000000a" + HEX.formatHex("bucket-key".getBytes()));
    assertThat(HEX.formatHex(file))
        .isEqualTo(
            "53534d4b02" // "SSMK", version 2
                + "000102030405060708090a0b" // nonce
                + "4602d61a4e2a27738d41978bb3e9786c0819625cf0dbfede9bc34023bac1a918aabc03520071a3"
                + "2ac710ca5b3f3f918255e5dd33e5d6a3dbb458cf72f0a3b4acb378833c94996f2b5718e720a0df"
                + "5fba6bde9c34213b0a32a6a1c39227f522583da89c84c768d3d7dc64b50fa4"); // body ‖ tag
    KeyRecord decoded = KeyFile.decode(NAME, file, root(), Instant.EPOCH);
    assertThat(decoded.info(NAME)).isEqualTo(record.info(NAME));
    assertThat(decoded.material(NAME, 2)).isEqualTo(sequence(0x40));
    assertThat(decoded).hasToString("KeyRecord[enabled, 2 versions, material hidden]");
  }

  @Test
  void legacyVersion1File_stillOpens_asVersion1_andIsRewrittenAsVersion2OnChange() throws Exception {
    // Given: the 65-byte file of the first key-service (golden bytes pinned before this change)
    byte[] legacy =
        HEX.parseHex(
            "53534d4b01000102030405060708090a0b"
                + "e7a374b8614064bc25e83d201d44d6c23367358744cee9cb80de5f3ea1d4be0d"
                + "1760df67f77ee82f426dc3f702c855b0");
    assertThat(KeyFile.encodeV1(NAME, sequence(0xa0), root(), Arrays.copyOfRange(legacy, 5, 17)))
        .isEqualTo(legacy);
    Path file = dir.resolve("bucket-key.key");
    Files.write(file, legacy);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
    // When
    KeyInfo info = store.describe(NAME);
    // Then
    assertThat(info.latestVersion()).isEqualTo(1);
    assertThat(info.state()).isEqualTo(KeyState.ENABLED);
    assertThat(info.created()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    byte[] nonce = MasterKeyStoreContract.NONCE;
    assertThat(store.encrypt(NAME, 1, nonce, new byte[32], MasterKeyStoreContract.AAD))
        .isEqualTo(MasterKeyStoreContract.softwareGcm(sequence(0xa0), new byte[32]));
    // And when
    store.rotate(NAME);
    // Then
    assertThat(Files.readAllBytes(file)[4]).isEqualTo((byte) 2);
    assertThat(store.encrypt(NAME, 1, nonce, new byte[32], MasterKeyStoreContract.AAD))
        .isEqualTo(MasterKeyStoreContract.softwareGcm(sequence(0xa0), new byte[32]));
  }

  @Test
  void createdKey_isOneFileOfOwnerOnlyMode_withNoTemporaryFileLeft() throws Exception {
    // When
    store.create(NAME);
    // Then
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("bucket-key.key", ".lock", "root.check");
    }
    Path file = dir.resolve("bucket-key.key");
    assertThat(Files.size(file)).isEqualTo(5 + 12 + 13 + 40 + 16);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void timestamps_comeFromTheClock() {
    // Given
    store.close();
    Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    store = FileMasterKeyStore.open(dir, RootKeySource.keyFileContent(), root(), clock);
    // When
    KeyInfo info = store.create(NAME);
    // Then
    assertThat(info.created()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
    assertThat(info.versions().get(0).created()).isEqualTo(info.created());
  }

  @Test
  void keyFile_withAnyByteFlipped_isRejectedAsCorrupt() throws Exception {
    // Given
    store.create(NAME);
    store.setState(NAME, KeyState.DISABLED);
    Path file = dir.resolve("bucket-key.key");
    byte[] original = Files.readAllBytes(file);
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= 0x01;
      Files.write(file, tampered);
      // When / Then: in particular no flipped bit re-enables the key
      assertThatThrownBy(() -> store.describe(NAME))
          .as("byte %d flipped", i)
          .isInstanceOf(KeystoreCorruptException.class)
          .hasMessageContaining("bucket-key");
    }
    Files.write(file, original);
    assertThat(store.describe(NAME).state()).isEqualTo(KeyState.DISABLED);
  }

  @Test
  void keyFile_truncatedOrExtended_isRejectedAsCorrupt() throws Exception {
    // Given
    store.create(NAME);
    Path file = dir.resolve("bucket-key.key");
    byte[] original = Files.readAllBytes(file);
    // When / Then
    for (int length : new int[] {0, 4, 65, original.length - 1, original.length + 1, original.length + 40}) {
      Files.write(file, Arrays.copyOf(original, length));
      assertThatThrownBy(() -> store.describe(NAME))
          .as("length %d", length)
          .isInstanceOf(KeystoreCorruptException.class);
    }
  }

  @Test
  void keyFile_copiedToAnotherName_doesNotOpenAsThatKey() throws Exception {
    // Given
    store.create(NAME);
    // When: an attacker with write access copies bucket-key's file over "victim"
    Files.copy(dir.resolve("bucket-key.key"), dir.resolve("victim.key"));
    // Then
    assertThat(store.list()).contains(KeyName.of("victim"));
    assertThatThrownBy(() -> store.describe(KeyName.of("victim")))
        .isInstanceOf(KeystoreCorruptException.class)
        .hasMessageContaining("not authentic");
  }

  @Test
  void keystore_openedWithAWrongRootKey_isRefusedAtOpen() {
    // Given
    store.create(NAME);
    store.close();
    // When / Then
    assertThatThrownBy(() -> FileMasterKeyStore.open(dir, RootKey.of(sequence(0x01))))
        .isInstanceOf(UnsealSecretWrongException.class)
        .hasMessageContaining("does not open keystore");
    store = FileMasterKeyStore.open(dir, root());
    assertThat(store.list()).containsExactly(NAME);
  }

  @Test
  void rootKeyFileContent_isTheUnsealSecret_andMalformedSecretsAreRefusedWithoutEcho() {
    // Given
    store.seal();
    // When / Then
    assertThatThrownBy(() -> store.unseal("zz-not-hex-secret-value".getBytes()))
        .isInstanceOf(UnsealSecretWrongException.class)
        .hasMessageNotContaining("zz-not-hex");
    store.unseal((HEX.formatHex(sequence(0x00)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    assertThat(store.isSealed()).isFalse();
  }

  @Test
  void passphraseKeystore_derivesTheRootKeyWithArgon2id_andRefusesAnotherPassphrase() throws Exception {
    // Given
    Path pdir = dir.resolve("p");
    byte[] passphrase = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    FileMasterKeyStore p = FileMasterKeyStore.openWithPassphrase(pdir, passphrase, TEST_COST);
    p.create(NAME);
    byte[] ciphertext = p.encrypt(NAME, 1, MasterKeyStoreContract.NONCE, new byte[32], new byte[0]);
    p.close();
    // Then: the KDF settings are stored, not the passphrase
    String kdf = Files.readString(pdir.resolve("root.kdf"));
    assertThat(kdf).contains("\"argon2id\"").contains("\"memoryKiB\" : 1024").doesNotContain("horse");
    assertThatThrownBy(
            () -> FileMasterKeyStore.openWithPassphrase(
                pdir, "correct horse battery stapler".getBytes(), TEST_COST))
        .isInstanceOf(UnsealSecretWrongException.class);
    assertThatThrownBy(() -> FileMasterKeyStore.openWithPassphrase(pdir, "short".getBytes(), TEST_COST))
        .isInstanceOf(UnsealSecretWrongException.class)
        .hasMessageContaining("at least 12 bytes");
    // And: the same passphrase opens it again, and unseals it
    p = FileMasterKeyStore.openWithPassphrase(pdir, passphrase, TEST_COST);
    try {
      assertThat(p.decrypt(NAME, 1, MasterKeyStoreContract.NONCE, ciphertext, new byte[0]))
          .isEqualTo(new byte[32]);
      p.seal();
      p.unseal(passphrase);
      assertThat(p.describe(NAME).latestVersion()).isEqualTo(1);
    } finally {
      p.close();
    }
  }

  @Test
  void passphraseKeystore_withLoweredKdfCost_isRefused() throws Exception {
    // Given: someone edits root.kdf to make guessing cheaper
    Path pdir = dir.resolve("p");
    byte[] passphrase = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    FileMasterKeyStore.openWithPassphrase(pdir, passphrase, new PassphraseRootKeySource.Cost(2048, 1, 1)).close();
    Path kdf = pdir.resolve("root.kdf");
    Files.writeString(kdf, Files.readString(kdf).replace("2048", "1024"));
    // When / Then: the derived key differs, and root.check says so
    assertThatThrownBy(() -> FileMasterKeyStore.openWithPassphrase(pdir, passphrase, TEST_COST))
        .isInstanceOf(UnsealSecretWrongException.class);
  }

  @Test
  void secondStoreOnTheSameDirectory_isRefusedWhileTheFirstIsOpen() {
    assertThatThrownBy(() -> FileMasterKeyStore.open(dir, root()))
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
    store = FileMasterKeyStore.open(dir, root());
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
  void seal_wipesTheRootKeyTheStoreWasGiven() {
    // Given
    store.close();
    RootKey given = root();
    store = FileMasterKeyStore.open(dir, given);
    // When
    store.seal();
    // Then
    assertThat(given.isDestroyed()).isTrue();
    assertThat(given).hasToString("RootKey[destroyed]");
  }
}
