package io.sealstream.keyservice;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <api-key>} against the API keys configured at start. Only
 * the keys' SHA-256 digests are kept; the comparison is constant-time and visits every
 * configured digest.
 */
final class ApiKeyAuthenticator {
  static final int MIN_API_KEY_LENGTH = 16;
  private static final String BEARER = "bearer ";

  private final List<byte[]> digests;
  private final List<Identity> identities;

  ApiKeyAuthenticator(Collection<String> apiKeys) {
    this(apiKeys, false);
  }

  /** {@code allowNone}: a server whose callers all present client certificates needs no keys. */
  ApiKeyAuthenticator(Collection<String> apiKeys, boolean allowNone) {
    if (apiKeys == null || (apiKeys.isEmpty() && !allowNone)) {
      throw new IllegalArgumentException("at least one API key must be configured");
    }
    List<byte[]> d = new ArrayList<>();
    List<Identity> ids = new ArrayList<>();
    for (String apiKey : apiKeys) {
      requireWellFormed(apiKey);
      byte[] digest = Identity.sha256(apiKey);
      d.add(digest);
      ids.add(new Identity(HexFormat.of().formatHex(digest)));
    }
    this.digests = List.copyOf(d);
    this.identities = List.copyOf(ids);
  }

  /** The identity presenting a configured API key in {@code authorization}, if any. */
  Optional<Identity> authenticate(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String presented = authorization.substring(BEARER.length()).strip();
    byte[] digest = Identity.sha256(presented);
    int match = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest)) {
        match = i;
      }
    }
    return match < 0 ? Optional.empty() : Optional.of(identities.get(match));
  }

  List<Identity> identities() {
    return identities;
  }

  /** At least 16 visible ASCII characters; the message never repeats the key. */
  static void requireWellFormed(String apiKey) {
    if (apiKey == null || apiKey.length() < MIN_API_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "API key must be at least " + MIN_API_KEY_LENGTH + " characters, was "
              + (apiKey == null ? "null" : apiKey.length()));
    }
    for (int i = 0; i < apiKey.length(); i++) {
      char c = apiKey.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "API key must be visible ASCII characters, character " + i + " is not");
      }
    }
  }
}
