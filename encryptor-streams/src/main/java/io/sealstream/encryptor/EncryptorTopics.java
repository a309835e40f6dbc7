package io.sealstream.encryptor;

import java.util.Objects;

/**
 * The topics the encryptor reads and writes, and its state store's name.
 *
 * @param chunks plaintext upload chunks (input)
 * @param sealed sealed chunks and manifests (output)
 * @param deadLetter records that cannot be processed, with a reason (output)
 */
public record EncryptorTopics(String chunks, String sealed, String deadLetter) {
  /** The per-upload state store; its changelog holds no plaintext and no unwrapped key. */
  public static final String UPLOAD_STATE_STORE = "upload-state";

  public EncryptorTopics {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(deadLetter, "deadLetter");
  }

  /** The default names, under a prefix such as {@code "sealstream."}. */
  public static EncryptorTopics withPrefix(String prefix) {
    return new EncryptorTopics(prefix + "chunks", prefix + "sealed", prefix + "dead-letter");
  }
}
