package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation. A bucket exists when
 * the {@code buckets} topic says so; each write waits until this process's view has it, so the
 * next request sees it.
 */
final class BucketHandlers {
  static final long CREATE_BODY_LIMIT = 64 * 1024;

  private final ManifestView view;
  private final Publisher publisher;
  private final String bucketsTopic;
  private final AvroWireSerde<BucketRecord> serde;
  private final Duration timeout;

  BucketHandlers(
      ManifestView view, Publisher publisher, String bucketsTopic, AvroWireSerde<BucketRecord> serde,
      Duration timeout) {
    this.view = view;
    this.publisher = publisher;
    this.bucketsTopic = bucketsTopic;
    this.serde = serde;
    this.timeout = timeout;
  }

  List<Route> routes() {
    return List.of(
        Route.of("PUT", Route.Shape.BUCKET, CREATE_BODY_LIMIT, this::create),
        Route.of("HEAD", Route.Shape.BUCKET, 0, this::head),
        Route.of("DELETE", Route.Shape.BUCKET, 0, this::delete),
        Route.of("GET", Route.Shape.SERVICE, 0, this::listBuckets),
        Route.of("GET", Route.Shape.BUCKET, "location", 0, this::location),
        Route.of("GET", Route.Shape.BUCKET, "versioning", 0, this::versioning));
  }

  /** ListBuckets: every bucket, by name. */
  void listBuckets(S3Call call) throws IOException {
    StringBuilder xml = new StringBuilder(Xml.DECLARATION)
        .append("<ListAllMyBucketsResult xmlns=\"").append(Xml.S3_NAMESPACE).append("\">")
        .append(Xml.OWNER)
        .append("<Buckets>");
    for (BucketRecord b : view.buckets()) {
      xml.append("<Bucket><Name>").append(Xml.escape(b.getName())).append("</Name><CreationDate>")
          .append(Xml.isoTime(b.getCreatedAtMillis())).append("</CreationDate></Bucket>");
    }
    xml.append("</Buckets></ListAllMyBucketsResult>");
    call.sendXml(200, xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** GetBucketLocation: every bucket is in us-east-1, which S3 writes as an empty constraint. */
  void location(S3Call call) throws S3Exception, IOException {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    call.sendXml(200, (Xml.DECLARATION + "<LocationConstraint xmlns=\"" + Xml.S3_NAMESPACE + "\"/>")
        .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * GetBucketVersioning: versioning was never enabled here (PutBucketVersioning is not
   * implemented), which S3 says with an empty configuration. Sync tools (rclone) ask first.
   */
  void versioning(S3Call call) throws S3Exception, IOException {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    call.sendXml(200, (Xml.DECLARATION + "<VersioningConfiguration xmlns=\"" + Xml.S3_NAMESPACE + "\"/>")
        .getBytes(StandardCharsets.UTF_8));
  }

  void create(S3Call call) throws S3Exception, IOException {
    // The optional CreateBucketConfiguration (location constraint) is read and ignored.
    try (RequestBody in = call.body()) {
      in.readNBytes((int) CREATE_BODY_LIMIT);
      in.verifyEnd();
    }
    String name = call.bucket();
    if (view.bucket(name) != null) {
      throw S3Error.BUCKET_ALREADY_OWNED_BY_YOU.exception();
    }
    BucketRecord record =
        BucketRecord.newBuilder().setName(name).setCreatedAtMillis(System.currentTimeMillis()).build();
    publisher.sendAndWait(bucketsTopic, name, serde.serialize(bucketsTopic, record));
    if (!view.awaitBucket(name, true, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    call.setHeader("Location", "/" + name);
    call.send(200, 0);
  }

  void head(S3Call call) throws S3Exception {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    call.setHeader("x-amz-bucket-region", "us-east-1");
    call.send(200, 0);
  }

  void delete(S3Call call) throws S3Exception {
    String name = call.bucket();
    if (view.bucket(name) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    if (view.bucketHasObjects(name)) {
      throw S3Error.BUCKET_NOT_EMPTY.exception();
    }
    publisher.sendAndWait(bucketsTopic, name, null);
    if (!view.awaitBucket(name, false, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    call.send(204, 0);
  }
}
