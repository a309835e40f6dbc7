package io.sealstream.keymaterial;

import io.sealstream.channel.ExternalKey;
import io.sealstream.schemas.WrappedKey;

/**
 * Where the encryptor's external keys come from. Implementations call key-service and cache:
 * {@link #bucketKey} is the S3 Bucket Keys economy (one key-service call per bucket, master key,
 * context and epoch, not one per object).
 *
 * <p>Failures: {@link KeyUnavailableException} for infrastructure (retry later); {@link
 * io.sealstream.channel.NotAuthenticException} for key material that does not open (never
 * retried). Implementations are thread-safe. Returned keys belong to the caller, who destroys
 * them.
 */
public interface KeyMaterialSource {

  /**
   * The current bucket key for new objects: a data key under {@code masterKeyId} bound to the
   * bucket and the client's context.
   *
   * @param masterKeyId the master key, or null for the default key (SSE-S3, and SSE-KMS without
   *     a key id)
   * @param clientContext SSE-KMS client context as canonical JSON, or null
   * @throws UnknownMasterKeyException if key-service has no such master key
   */
  BucketKey bucketKey(String bucket, String masterKeyId, String clientContext)
      throws KeyUnavailableException;

  /**
   * Opens a bucket key from its key-service ciphertext (to resume an upload, or to read).
   *
   * @throws UnknownMasterKeyException if its master key no longer exists (deleted: the data
   *     under it is lost for good)
   */
  ExternalKey openBucketKey(
      String bucket, String masterKeyId, byte[] ciphertext, String clientContext)
      throws KeyUnavailableException, io.sealstream.channel.NotAuthenticException;

  /** Unwraps an SSE-C customer key that ingest-api wrapped for transit, bound to the upload. */
  ExternalKey unwrapCustomerKey(WrappedKey wrapped, String uploadId)
      throws KeyUnavailableException, io.sealstream.channel.NotAuthenticException;

  /**
   * A bucket key: the external key in the clear (for this process only) and what to persist.
   *
   * @param masterKeyId the master key it was generated under (the default key's real name)
   * @param ciphertext key-service's ciphertext of the key, stored in manifests
   */
  record BucketKey(ExternalKey key, String masterKeyId, byte[] ciphertext) {
    public BucketKey {
      if (key == null || masterKeyId == null || ciphertext == null || ciphertext.length == 0) {
        throw new IllegalArgumentException("a bucket key needs a key, a master key id and a ciphertext");
      }
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public String toString() {
      return "BucketKey[" + masterKeyId + ", key hidden]";
    }
  }
}
