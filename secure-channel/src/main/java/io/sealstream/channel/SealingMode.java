package io.sealstream.channel;

import java.util.Optional;

/**
 * The SSE mode an object key is sealed for. The domain string is bound into the sealing key, so a
 * key sealed for one mode never opens as another; the id byte is what manifests persist.
 */
public enum SealingMode {
  SSE_C((byte) 1, "SSE-C"),
  SSE_S3((byte) 2, "SSE-S3"),
  SSE_KMS((byte) 3, "SSE-KMS");

  private final byte id;
  private final String domain;

  SealingMode(byte id, String domain) {
    this.id = id;
    this.domain = domain;
  }

  public byte id() {
    return id;
  }

  /** The domain-separation string, as MinIO spells it. */
  public String domain() {
    return domain;
  }

  public static Optional<SealingMode> fromId(int id) {
    for (SealingMode m : values()) {
      if (m.id == id) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
