package io.sealstream.ingest;

import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.schemas.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key material without key-service: one fixed bucket key per bucket (its "ciphertext" is a
 * label) and a fixed transit key for SSE-C, with the same wrap layout as CustomerKeyTransit.
 */
final class FakeKeys implements KeyMaterialSource, CustomerKeyWrapper {
  static final String DEFAULT_MASTER_KEY = "default-master-key";
  private final ExternalKey bucketKey = ExternalKey.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private final ExternalKey transitKey = ExternalKey.fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f");
  volatile boolean keyServiceDown;

  private static byte[] ciphertext(String bucket, String masterKeyId, String context) {
    return ("ct|" + bucket + "|" + masterKeyId + "|" + context).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public BucketKey bucketKey(String bucket, String masterKeyId, String clientContext) {
    String id = masterKeyId == null ? DEFAULT_MASTER_KEY : masterKeyId;
    return new BucketKey(bucketKey.copy(), id, ciphertext(bucket, id, clientContext));
  }

  @Override
  public ExternalKey openBucketKey(String bucket, String masterKeyId, byte[] ciphertext, String clientContext)
      throws io.sealstream.keymaterial.KeyUnavailableException, NotAuthenticException {
    if (keyServiceDown) {
      throw new io.sealstream.keymaterial.KeyUnavailableException("key-service down (test)", null);
    }
    if (!Arrays.equals(ciphertext, ciphertext(bucket, masterKeyId, clientContext))) {
      throw new NotAuthenticException("bucket key does not open");
    }
    return bucketKey.copy();
  }

  @Override
  public ExternalKey unwrapCustomerKey(WrappedKey wrapped, String uploadId) throws NotAuthenticException {
    ByteBuffer all = ByteBuffer.allocate(wrapped.getNonce().remaining() + wrapped.getWrapped().remaining());
    all.put(wrapped.getNonce().duplicate()).put(wrapped.getWrapped().duplicate());
    return transitKey.unwrapKey(all.array(), uploadId.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public WrappedKey wrap(byte[] customerKey32, String uploadId) {
    ExternalKey customer = ExternalKey.copyOf(customerKey32);
    byte[] w = transitKey.wrapKey(customer, uploadId.getBytes(StandardCharsets.UTF_8));
    customer.destroy();
    return WrappedKey.newBuilder()
        .setMasterKeyId("transit")
        .setKeyCiphertext(ByteBuffer.wrap(new byte[] {1}))
        .setNonce(ByteBuffer.wrap(w, 0, 12).slice())
        .setWrapped(ByteBuffer.wrap(w, 12, w.length - 12).slice())
        .build();
  }
}
