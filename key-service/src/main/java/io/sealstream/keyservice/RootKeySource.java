package io.sealstream.keyservice;

/**
 * How a file keystore turns the operator's unseal secret into its {@link RootKey}: the content
 * of a root key file ({@link #keyFileContent()}), or a passphrase through Argon2id ({@link
 * PassphraseRootKeySource}). Whether the result is the right key is checked by the keystore
 * ({@link RootKeyCheck}), not here.
 */
public interface RootKeySource {

  /**
   * The root key for {@code secret}; the caller wipes {@code secret} and destroys the key.
   *
   * @throws UnsealSecretWrongException if the secret is malformed for this source
   */
  RootKey derive(byte[] secret);

  /** What the secret is, for messages: "root key file content" or "passphrase". */
  String describe();

  /** The secret is the content of a root key file: 64 hex characters and maybe a newline. */
  static RootKeySource keyFileContent() {
    return new RootKeySource() {
      @Override
      public RootKey derive(byte[] secret) {
        try {
          return RootKey.fromText(secret, "unseal secret");
        } catch (IllegalArgumentException e) {
          throw new UnsealSecretWrongException(
              "unseal secret must be the root key file's content (64 hex characters)");
        }
      }

      @Override
      public String describe() {
        return "root key file content";
      }
    };
  }
}
