package io.sealstream.keyservice;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Who is calling: the lower-case hex SHA-256 of the caller's API key, or, as in KES, of its
 * client certificate's public key (the DER SubjectPublicKeyInfo: a renewed certificate with the
 * same key keeps the identity). Safe to log; the API key itself never is.
 */
public record Identity(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Identity {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("identity must be 64 lower-case hex characters");
    }
  }

  /** The identity of an API key: hex(SHA-256(UTF-8 bytes of the key)). */
  public static Identity ofApiKey(String apiKey) {
    return new Identity(HexFormat.of().formatHex(sha256(apiKey)));
  }

  /** The identity of a client certificate's public key: hex(SHA-256(DER SubjectPublicKeyInfo)). */
  public static Identity ofPublicKey(java.security.PublicKey key) {
    try {
      return new Identity(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  static byte[] sha256(String apiKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
