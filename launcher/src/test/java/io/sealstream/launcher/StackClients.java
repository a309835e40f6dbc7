package io.sealstream.launcher;

import io.sealstream.tls.TlsConfigException;
import io.sealstream.tls.TrustBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Clients of the stack's S3 endpoint for the integration tests. Over HTTPS they trust exactly the
 * stack's development CA (whose key is gone, so exactly its one leaf), never everything.
 */
final class StackClients {
  private StackClients() {}

  /** The AWS SDK as the tests use it: path-style, no aws-chunked, checksums only when required. */
  static S3ClientBuilder s3(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .serviceConfiguration(
            S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
  }

  /** The SDK's URL-connection client trusting only the CA certificate(s) in {@code caFile}. */
  static UrlConnectionHttpClient.Builder trusting(Path caFile) throws TlsConfigException {
    TrustBundle trust = TrustBundle.fromPem(caFile);
    return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::trustManagers);
  }

  /** The JDK's HTTP client trusting only the CA certificate(s) in {@code caFile}. */
  static HttpClient jdkTrusting(Path caFile) throws TlsConfigException {
    return HttpClient.newBuilder().sslContext(TrustBundle.fromPem(caFile).clientContext()).build();
  }
}
