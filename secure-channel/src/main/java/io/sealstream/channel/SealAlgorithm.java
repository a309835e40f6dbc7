package io.sealstream.channel;

import java.util.Optional;

/**
 * How a sealing key is derived; persisted as its id byte beside every sealed object key so that
 * the derivation can evolve without ambiguity.
 */
public enum SealAlgorithm {
  /**
   * KEK = HMAC-SHA256(EK, lp(IV) ‖ lp(domain) ‖ lp(name) ‖ lp(bucket) ‖ lp(object) ‖ lp(version)),
   * where lp(x) = uint32 big-endian length of x ‖ x. See docs/format.md §3.
   */
  SEALSTREAM_V1((byte) 1, "SEALSTREAM-V1-DAREv2-HMAC-SHA256");

  private final byte id;
  private final String algorithmName;

  SealAlgorithm(byte id, String algorithmName) {
    this.id = id;
    this.algorithmName = algorithmName;
  }

  public byte id() {
    return id;
  }

  /** The name bound into the derivation. */
  public String algorithmName() {
    return algorithmName;
  }

  public static Optional<SealAlgorithm> fromId(int id) {
    for (SealAlgorithm a : values()) {
      if (a.id == id) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
