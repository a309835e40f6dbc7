package io.sealstream.keyservice;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * The bytes of one master key file of a {@link FileMasterKeyStore} (the module README has the
 * tables). Two formats are read; only version 2 is written:
 *
 * <pre>
 * version 1 (65 bytes, one key version, always enabled; written before rotation existed):
 *   "SSMK" ‖ 0x01 ‖ nonce (12) ‖ AES-256-GCM(root, nonce, material (32)) ‖ tag (16)
 *   AAD = lp("sealstream-keystore-v1") ‖ lp(UTF-8 name)
 * version 2:
 *   "SSMK" ‖ 0x02 ‖ nonce (12) ‖ AES-256-GCM(root, nonce, body) ‖ tag (16)
 *   AAD = lp("sealstream-keystore-v2") ‖ lp(UTF-8 name)
 *   body = state (1: 0x01 enabled, 0x02 disabled) ‖ created (int64 BE, epoch ms)
 *          ‖ count (uint32 BE) ‖ count × (created (int64 BE) ‖ material (32))
 * </pre>
 *
 * The state and every version are inside the authenticated ciphertext, so nobody without the
 * root key can re-enable a disabled key or drop or reorder a version. The name in the AAD means
 * a file copied to another key's name does not open.
 */
final class KeyFile {
  static final byte[] MAGIC = {'S', 'S', 'M', 'K'};
  static final byte V1 = 0x01;
  static final byte V2 = 0x02;
  static final String AAD_LABEL_V1 = "sealstream-keystore-v1";
  static final String AAD_LABEL_V2 = "sealstream-keystore-v2";
  static final int HEADER_SIZE = MAGIC.length + 1;
  static final int V1_SIZE = HEADER_SIZE + AesGcm.NONCE_SIZE + SecretBytes.SIZE + AesGcm.TAG_SIZE;
  private static final int BODY_FIXED = 1 + 8 + 4;
  private static final int BODY_PER_VERSION = 8 + SecretBytes.SIZE;
  static final int MAX_SIZE =
      HEADER_SIZE + AesGcm.NONCE_SIZE + BODY_FIXED
          + KeyRecord.MAX_VERSIONS * BODY_PER_VERSION + AesGcm.TAG_SIZE;

  private KeyFile() {}

  /** Version 2 bytes of {@code record}, sealed under {@code nonce} (fresh random per write). */
  static byte[] encode(KeyName name, KeyRecord record, RootKey root, byte[] nonce) {
    List<KeyRecord.Version> versions = record.versions();
    ByteBuffer body = ByteBuffer.allocate(BODY_FIXED + versions.size() * BODY_PER_VERSION);
    body.put(record.state() == KeyState.ENABLED ? (byte) 1 : (byte) 2);
    body.putLong(record.created().toEpochMilli());
    body.putInt(versions.size());
    for (KeyRecord.Version v : versions) {
      body.putLong(v.created().toEpochMilli());
      body.put(v.material());
    }
    byte[] plain = body.array();
    try {
      byte[] sealed = AesGcm.seal(root.material(), nonce, plain, aad(AAD_LABEL_V2, name));
      return ByteBuffer.allocate(HEADER_SIZE + AesGcm.NONCE_SIZE + sealed.length)
          .put(MAGIC).put(V2).put(nonce).put(sealed).array();
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Version 1 bytes: kept only so tests can pin that legacy files still open. */
  static byte[] encodeV1(KeyName name, byte[] material, RootKey root, byte[] nonce) {
    byte[] sealed = AesGcm.seal(root.material(), nonce, material, aad(AAD_LABEL_V1, name));
    return ByteBuffer.allocate(V1_SIZE).put(MAGIC).put(V1).put(nonce).put(sealed).array();
  }

  /**
   * The record in {@code file}, once it verified as {@code name}'s under this root key. A
   * version 1 file has no timestamps: {@code legacyCreated} (the file's modification time)
   * stands in.
   */
  static KeyRecord decode(KeyName name, byte[] file, RootKey root, Instant legacyCreated) {
    if (file.length < HEADER_SIZE || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw corrupt(name, "has no SSMK header");
    }
    byte version = file[MAGIC.length];
    if (version == V1) {
      if (file.length != V1_SIZE) {
        throw corrupt(name, "has " + file.length + " bytes, expected " + V1_SIZE);
      }
      byte[] material = open(name, file, root, AAD_LABEL_V1);
      try {
        return KeyRecord.first(legacyCreated, material);
      } finally {
        Arrays.fill(material, (byte) 0);
      }
    }
    if (version != V2) {
      throw corrupt(name, "has unknown format version " + (version & 0xff));
    }
    int minimum = HEADER_SIZE + AesGcm.NONCE_SIZE + BODY_FIXED + BODY_PER_VERSION + AesGcm.TAG_SIZE;
    if (file.length < minimum || file.length > MAX_SIZE
        || (file.length - minimum) % BODY_PER_VERSION != 0) {
      throw corrupt(name, "has " + file.length + " bytes, not a version 2 key file size");
    }
    byte[] body = open(name, file, root, AAD_LABEL_V2);
    try {
      ByteBuffer in = ByteBuffer.wrap(body);
      byte stateByte = in.get();
      KeyState state = switch (stateByte) {
        case 1 -> KeyState.ENABLED;
        case 2 -> KeyState.DISABLED;
        default -> throw corrupt(name, "has unknown state " + stateByte);
      };
      Instant created = Instant.ofEpochMilli(in.getLong());
      int count = in.getInt();
      if (count != (body.length - BODY_FIXED) / BODY_PER_VERSION) {
        throw corrupt(name, "has a version count that does not match its size");
      }
      List<KeyRecord.Version> versions = new ArrayList<>(count);
      byte[] material = new byte[SecretBytes.SIZE];
      try {
        for (int i = 0; i < count; i++) {
          Instant versionCreated = Instant.ofEpochMilli(in.getLong());
          in.get(material);
          versions.add(new KeyRecord.Version(versionCreated, material.clone()));
        }
        return new KeyRecord(created, state, versions);
      } finally {
        Arrays.fill(material, (byte) 0);
        versions.forEach(v -> Arrays.fill(v.material(), (byte) 0));
      }
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  static byte[] aad(String label, KeyName name) {
    return LengthPrefixed.of(LengthPrefixed.utf8(label), LengthPrefixed.utf8(name.value()));
  }

  private static byte[] open(KeyName name, byte[] file, RootKey root, String label) {
    byte[] nonce = Arrays.copyOfRange(file, HEADER_SIZE, HEADER_SIZE + AesGcm.NONCE_SIZE);
    byte[] sealed = Arrays.copyOfRange(file, HEADER_SIZE + AesGcm.NONCE_SIZE, file.length);
    try {
      return AesGcm.open(root.material(), nonce, sealed, aad(label, name));
    } catch (AEADBadTagException e) {
      throw corrupt(
          name,
          "is not authentic: altered, copied from another key,"
              + " or the keystore was opened with a different root key");
    }
  }

  private static KeystoreCorruptException corrupt(KeyName name, String what) {
    return new KeystoreCorruptException("master key file of '" + name + "' " + what);
  }
}
