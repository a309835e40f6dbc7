package io.sealstream.load;

import io.sealstream.tls.TlsConfigException;
import io.sealstream.tls.TrustBundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * PUTs and GETs of one size and SSE mode through the AWS SDK for Java v2: path-style, a bounded
 * Apache connection pool as large as the concurrency, trusting only the stack's CA. Bodies are
 * streamed from one payload array, never copied per request; GETs read into a per-thread buffer
 * and check the length (and the bytes, on the first GET of each object).
 */
public final class S3Workload implements AutoCloseable {
  private static final ThreadLocal<byte[]> READ_BUFFER =
      ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private final S3Client s3;
  private final String bucket;

  public S3Workload(URI endpoint, String accessKey, String secretKey, Path caFile, int connections, String bucket)
      throws TlsConfigException {
    Apache5HttpClient.Builder http =
        Apache5HttpClient.builder()
            .maxConnections(connections)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofMinutes(5));
    if (caFile != null) {
      TrustBundle trust = TrustBundle.fromPem(caFile);
      http.tlsTrustManagersProvider(trust::trustManagers);
    }
    this.s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(true)
                    .chunkedEncodingEnabled(false)
                    .build())
            // the SDK would otherwise CRC every byte on both sides: client cost, not ours
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .httpClient(http.build())
            .build();
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket if it is not there. */
  public void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** PUTs {@code payload} as {@code key}; returns the bytes sent. */
  public long put(String key, SseMode mode, byte[] payload) {
    PutObjectRequest request =
        mode.apply(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) payload.length))
            .build();
    s3.putObject(
        request,
        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(payload), payload.length, "application/octet-stream"));
    return payload.length;
  }

  /**
   * GETs {@code key} and reads it to the end; returns its length. With {@code expected} the bytes
   * must equal it, else only the length must.
   */
  public long get(String key, SseMode mode, long size, byte[] expected) throws IOException {
    GetObjectRequest request = mode.apply(GetObjectRequest.builder().bucket(bucket).key(key)).build();
    byte[] buffer = READ_BUFFER.get();
    long total = 0;
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (expected != null
            && !Arrays.equals(buffer, 0, n, expected, (int) total, (int) total + n)) {
          throw new IOException(key + ": bytes differ at offset " + total);
        }
        total += n;
      }
    }
    if (total != size) {
      throw new IOException(key + ": read " + total + " bytes, expected " + size);
    }
    return total;
  }

  @Override
  public void close() {
    s3.close();
  }
}
