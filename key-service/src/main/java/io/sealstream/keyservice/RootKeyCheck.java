package io.sealstream.keyservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * {@code root.check} in a keystore directory: an AES-256-GCM tag over nothing under the root
 * key, so a wrong root key (a mistyped passphrase, another key file) is told apart at open and
 * at unseal, instead of showing up later as every key "corrupt".
 *
 * <pre>
 *   "SSRC" ‖ 0x01 ‖ nonce (12) ‖ tag (16), AAD = lp("sealstream-root-check-v1")
 * </pre>
 *
 * It reveals nothing about the key beyond allowing an offline guess, which the passphrase KDF
 * makes expensive (and a key file's 256 bits make hopeless).
 */
final class RootKeyCheck {
  static final String FILE = "root.check";
  private static final byte[] MAGIC = {'S', 'S', 'R', 'C'};
  private static final byte VERSION = 0x01;
  private static final int SIZE = MAGIC.length + 1 + AesGcm.NONCE_SIZE + AesGcm.TAG_SIZE;
  private static final byte[] AAD = LengthPrefixed.of(LengthPrefixed.utf8("sealstream-root-check-v1"));

  private RootKeyCheck() {}

  /** Whether {@code root} is the directory's root key; writes the check if there is none yet. */
  static boolean verifyOrCreate(Path directory, RootKey root, SecureRandom random) {
    Path file = directory.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      byte[] nonce = new byte[AesGcm.NONCE_SIZE];
      random.nextBytes(nonce);
      byte[] tag = AesGcm.seal(root.material(), nonce, new byte[0], AAD);
      byte[] out = ByteBuffer.allocate(SIZE).put(MAGIC).put(VERSION).put(nonce).put(tag).array();
      FileMasterKeyStore.writeAtomically(directory, file, out, random);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (bytes.length != SIZE
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || bytes[MAGIC.length] != VERSION) {
      throw new KeystoreCorruptException(file + " is not a root key check file");
    }
    byte[] nonce = Arrays.copyOfRange(bytes, MAGIC.length + 1, MAGIC.length + 1 + AesGcm.NONCE_SIZE);
    byte[] tag = Arrays.copyOfRange(bytes, MAGIC.length + 1 + AesGcm.NONCE_SIZE, SIZE);
    try {
      AesGcm.open(root.material(), nonce, tag, AAD);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    }
  }
}
