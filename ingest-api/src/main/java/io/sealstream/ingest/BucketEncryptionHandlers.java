package io.sealstream.ingest;

import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.keymaterial.UnknownMasterKeyException;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.SseMode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption ({@code ?encryption}). The
 * default lives in the bucket's record on the {@code buckets} topic: each change republishes the
 * record and waits until this process's view holds it, as CreateBucket does.
 *
 * <p>Without a default, GET answers 404 ServerSideEncryptionConfigurationNotFoundError (as MinIO
 * does) although writes are still SSE-S3: every object here is encrypted.
 */
final class BucketEncryptionHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(BucketEncryptionHandlers.class);
  static final int BODY_LIMIT = 64 * 1024;

  private final ManifestView view;
  private final Publisher publisher;
  private final String bucketsTopic;
  private final AvroWireSerde<BucketRecord> serde;
  private final KeyMaterialSource keySource;
  private final Duration timeout;

  BucketEncryptionHandlers(
      ManifestView view, Publisher publisher, String bucketsTopic, AvroWireSerde<BucketRecord> serde,
      KeyMaterialSource keySource, Duration timeout) {
    this.view = view;
    this.publisher = publisher;
    this.bucketsTopic = bucketsTopic;
    this.serde = serde;
    this.keySource = keySource;
    this.timeout = timeout;
  }

  List<Route> routes() {
    return List.of(
        Route.of("PUT", Route.Shape.BUCKET, "encryption", BODY_LIMIT, this::put),
        Route.of("GET", Route.Shape.BUCKET, "encryption", 0, this::get),
        Route.of("DELETE", Route.Shape.BUCKET, "encryption", 0, this::delete));
  }

  void put(S3Call call) throws S3Exception, IOException {
    BucketRecord bucket = existing(call.bucket());
    byte[] body = RequestBodies.readAll(call, BODY_LIMIT);
    ContentChecksum.verifyRequired(call::header, body);
    BucketEncryption config = BucketEncryption.parse(body);
    if (config.mode() == SseMode.SSE_KMS) {
      checkMasterKey(bucket.getName(), config.kmsKeyId());
    }
    publish(config.applyTo(bucket));
    call.send(200, 0);
  }

  void get(S3Call call) throws S3Exception, IOException {
    BucketEncryption config = BucketEncryption.of(existing(call.bucket()));
    if (config == null) {
      throw S3Error.SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND.exception();
    }
    call.sendXml(200, config.toXml());
  }

  void delete(S3Call call) throws S3Exception {
    BucketRecord bucket = existing(call.bucket());
    if (BucketEncryption.of(bucket) != null) {
      publish(BucketEncryption.removeFrom(bucket));
    }
    call.send(204, 0);
  }

  private BucketRecord existing(String name) throws S3Exception {
    BucketRecord bucket = view.bucket(name);
    if (bucket == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    return bucket;
  }

  private void publish(BucketRecord record) throws S3Exception {
    publisher.sendAndWait(bucketsTopic, record.getName(), serde.serialize(bucketsTopic, record));
    if (!view.awaitBucketRecord(record, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }

  /**
   * Asks key-service for a bucket key under the master key now, so an unknown key is a 400 at
   * configuration time rather than on every later write. The key source caches the answer for
   * the writes that follow.
   */
  private void checkMasterKey(String bucket, String masterKeyId) throws S3Exception {
    try {
      keySource.bucketKey(bucket, masterKeyId, null).key().destroy();
    } catch (UnknownMasterKeyException e) {
      throw S3Error.KMS_NOT_FOUND.exception(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception(e.getMessage());
    } catch (KeyUnavailableException e) {
      LOG.warn("key-service unavailable checking the default key of {}: {}", bucket, e.getMessage());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }
}
