package io.sealstream.encryptor;

import io.sealstream.schemas.RecordBytes;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.schemas.WrappedKey;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory stand-in for key-service with the same caching contract as the real source: one
 * bucket key per (bucket, master key, context), counted calls. Test-only.
 */
final class FakeKeySource implements KeyMaterialSource {
  static final String DEFAULT_KEY = "sealstream-default";
  private final SecureRandom random = new SecureRandom();
  private final Map<String, BucketKeyEntry> bucketKeys = new ConcurrentHashMap<>();
  private final Map<String, byte[]> byCiphertext = new ConcurrentHashMap<>();
  private final Map<String, byte[]> customerKeys = new ConcurrentHashMap<>();
  final AtomicInteger generateCalls = new AtomicInteger();
  volatile boolean unavailable;

  private record BucketKeyEntry(String masterKeyId, byte[] key, byte[] ciphertext) {}

  @Override
  public BucketKey bucketKey(String bucket, String masterKeyId, String clientContext)
      throws KeyUnavailableException {
    checkAvailable();
    String master = masterKeyId == null ? DEFAULT_KEY : masterKeyId;
    BucketKeyEntry e =
        bucketKeys.computeIfAbsent(
            bucket + "\0" + master + "\0" + clientContext,
            k -> {
              generateCalls.incrementAndGet();
              byte[] key = bytes(32);
              byte[] ciphertext = bytes(61);
              byCiphertext.put(hex(ciphertext) + master + bucket + clientContext, key);
              return new BucketKeyEntry(master, key, ciphertext);
            });
    return new BucketKey(ExternalKey.copyOf(e.key()), e.masterKeyId(), e.ciphertext());
  }

  @Override
  public ExternalKey openBucketKey(
      String bucket, String masterKeyId, byte[] ciphertext, String clientContext)
      throws KeyUnavailableException, NotAuthenticException {
    checkAvailable();
    byte[] key = byCiphertext.get(hex(ciphertext) + masterKeyId + bucket + clientContext);
    if (key == null) {
      throw new NotAuthenticException("ciphertext is not authentic");
    }
    return ExternalKey.copyOf(key);
  }

  /** Wraps a customer key as ingest-api would; the fake keeps the key by its wrapped bytes. */
  WrappedKey wrapCustomerKey(byte[] customerKey, String uploadId) {
    byte[] wrapped = bytes(48);
    customerKeys.put(hex(wrapped) + uploadId, customerKey.clone());
    return WrappedKey.newBuilder()
        .setMasterKeyId("sealstream-transit")
        .setKeyCiphertext(ByteBuffer.wrap(bytes(61)))
        .setNonce(ByteBuffer.wrap(bytes(12)))
        .setWrapped(ByteBuffer.wrap(wrapped))
        .build();
  }

  @Override
  public ExternalKey unwrapCustomerKey(WrappedKey wrapped, String uploadId)
      throws KeyUnavailableException, NotAuthenticException {
    checkAvailable();
    byte[] key = customerKeys.get(hex(RecordBytes.toArray(wrapped.getWrapped())) + uploadId);
    if (key == null) {
      throw new NotAuthenticException("customer key does not unwrap");
    }
    return ExternalKey.copyOf(key);
  }

  private void checkAvailable() throws KeyUnavailableException {
    if (unavailable) {
      throw new KeyUnavailableException("key-service down (test)", null);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
