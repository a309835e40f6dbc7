package io.sealstream.ingest;

import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.keymaterial.MasterKeyDisabledException;
import io.sealstream.keymaterial.SealedKeyServiceException;
import io.sealstream.keymaterial.UnknownMasterKeyException;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.WrappedKey;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a write needs before its bytes enter Kafka, with key-service failures turned into S3
 * errors in one place: the bucket key of an SSE-S3/KMS write, and the transit wrapping of an
 * SSE-C key. Thread-safe.
 */
final class WriteKeys {
  private static final Logger LOG = LoggerFactory.getLogger(WriteKeys.class);

  private final KeyMaterialSource keySource;
  private final CustomerKeyWrapper customerKeys;

  WriteKeys(KeyMaterialSource keySource, CustomerKeyWrapper customerKeys) {
    this.keySource = Objects.requireNonNull(keySource, "keySource");
    this.customerKeys = Objects.requireNonNull(customerKeys, "customerKeys");
  }

  /**
   * The bucket key an SSE-S3 or SSE-KMS write of {@code bucket} is sealed under (cached by the
   * key source: one key-service call per bucket, master key, context and epoch). The caller
   * destroys its key.
   *
   * @throws S3Exception KMS.NotFoundException for an unknown master key, KMS.DisabledException
   *     for a disabled one, InvalidArgument for a bad key id or context, ServiceUnavailable when
   *     key-service is sealed or cannot be reached
   */
  KeyMaterialSource.BucketKey bucketKey(String bucket, SseRequest sse) throws S3Exception {
    boolean kms = sse.mode() == SseMode.SSE_KMS;
    try {
      return keySource.bucketKey(bucket, kms ? sse.kmsKeyId() : null, kms ? sse.kmsContext() : null);
    } catch (UnknownMasterKeyException e) {
      throw S3Error.KMS_NOT_FOUND.exception(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception(e.getMessage());
    } catch (MasterKeyDisabledException e) {
      throw S3Error.KMS_DISABLED.exception(e.getMessage());
    } catch (SealedKeyServiceException e) {
      throw S3Error.SERVICE_UNAVAILABLE.exception("The key service is sealed; retry once an operator unsealed it.");
    } catch (KeyUnavailableException e) {
      LOG.warn("key-service unavailable for the bucket key of {}: {}", bucket, e.getMessage());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }

  /**
   * Checks that the master key of an SSE-S3/KMS write exists before any byte is accepted: an
   * unknown key is a 400 now instead of a dead letter and a timed-out request later.
   */
  void checkMasterKey(String bucket, SseRequest sse) throws S3Exception {
    bucketKey(bucket, sse).key().destroy();
  }

  /**
   * Wraps the SSE-C key of {@code sse} for its trip through Kafka (AAD = {@code uploadId}), then
   * destroys the request's copy of it.
   */
  WrappedKey wrapCustomerKey(SseRequest sse, String uploadId) throws S3Exception {
    byte[] customer = sse.customerKey();
    try {
      return customerKeys.wrap(customer, uploadId);
    } catch (KeyUnavailableException e) {
      LOG.warn("key-service unavailable for SSE-C transit wrap: {}", e.getMessage());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    } finally {
      Arrays.fill(customer, (byte) 0);
      sse.destroy();
    }
  }
}
