package io.sealstream.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SigV4 query-string authentication of a presigned URL, parsed and validated where made:
 * {@code X-Amz-Algorithm=AWS4-HMAC-SHA256}, {@code X-Amz-Credential}, {@code X-Amz-Date}, {@code
 * X-Amz-Expires} (1 to 604800 seconds), {@code X-Amz-SignedHeaders} and {@code X-Amz-Signature}.
 * Whether it is still valid and whether the signature matches is {@link SigV4Verifier}'s job.
 *
 * <p>Immutable; {@link #toString} names the access key and scope only.
 */
final class PresignedRequest {
  static final String ALGORITHM = "X-Amz-Algorithm";
  static final String CREDENTIAL = "X-Amz-Credential";
  static final String DATE = "X-Amz-Date";
  static final String EXPIRES = "X-Amz-Expires";
  static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
  static final String SIGNATURE = "X-Amz-Signature";
  static final String SECURITY_TOKEN = "X-Amz-Security-Token";
  /** Seven days: the longest validity SigV4 allows. */
  static final long MAX_EXPIRES_SECONDS = 604_800;
  /** Any of these in the query makes the request a presigned one (as S3 decides). */
  private static final Set<String> MARKERS = Set.of(ALGORITHM, CREDENTIAL, SIGNATURE);
  private static final Set<String> AUTH_PARAMS =
      Set.of(ALGORITHM, CREDENTIAL, DATE, EXPIRES, SIGNED_HEADERS, SIGNATURE, SECURITY_TOKEN);

  private final SigV4Verifier.Credential credential;
  private final Instant time;
  private final String timestamp;
  private final long expiresSeconds;
  private final List<String> signedHeaders;
  private final byte[] signature;

  private PresignedRequest(
      SigV4Verifier.Credential credential, Instant time, String timestamp, long expiresSeconds,
      List<String> signedHeaders, byte[] signature) {
    this.credential = credential;
    this.time = time;
    this.timestamp = timestamp;
    this.expiresSeconds = expiresSeconds;
    this.signedHeaders = List.copyOf(signedHeaders);
    this.signature = signature == null ? null : signature.clone();
  }

  /** Whether the raw query carries query-string authentication. */
  static boolean isPresigned(String rawQuery) throws S3Exception {
    for (String name : Router.parseQuery(rawQuery).keySet()) {
      if (MARKERS.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws S3Exception AuthorizationQueryParametersError for a missing, repeated or malformed
   *     parameter; InvalidToken for {@code X-Amz-Security-Token} (this server issues no session
   *     credentials, so a token can never be valid)
   */
  static PresignedRequest parse(String rawQuery) throws S3Exception {
    Map<String, String> params = authParams(rawQuery);
    if (params.containsKey(SECURITY_TOKEN)) {
      throw S3Error.INVALID_TOKEN.exception(
          "Session tokens (X-Amz-Security-Token) are not supported: sign with a long-term access key.");
    }
    for (String name : List.of(ALGORITHM, CREDENTIAL, DATE, EXPIRES, SIGNED_HEADERS, SIGNATURE)) {
      if (!params.containsKey(name)) {
        throw error("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
            + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
      }
    }
    if (!SigV4Verifier.ALGORITHM.equals(params.get(ALGORITHM))) {
      throw error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    SigV4Verifier.Credential credential = SigV4Verifier.Credential.parse(params.get(CREDENTIAL),
        () -> error("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed;"
            + " expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."));
    String timestamp = params.get(DATE);
    Instant time;
    try {
      time = Instant.from(SigV4Verifier.AMZ_DATE.parse(timestamp));
    } catch (DateTimeParseException e) {
      throw error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
    if (!timestamp.startsWith(credential.date())) {
      throw error("Error parsing the X-Amz-Credential parameter; Invalid credential date."
          + " Date is not the same as X-Amz-Date.");
    }
    long expires = expires(params.get(EXPIRES));
    List<String> signedHeaders = SigV4Verifier.signedHeaders(params.get(SIGNED_HEADERS));
    if (signedHeaders == null || !signedHeaders.contains("host")) {
      throw error("X-Amz-SignedHeaders must be lower-case header names separated by ';' and include host");
    }
    return new PresignedRequest(credential, time, timestamp, expires, signedHeaders,
        SigV4Verifier.parseSignature(params.get(SIGNATURE)));
  }

  private static long expires(String value) throws S3Exception {
    long seconds;
    try {
      seconds = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw error("X-Amz-Expires should be a number");
    }
    if (seconds < 1) {
      throw error("X-Amz-Expires must be non-negative");
    }
    if (seconds > MAX_EXPIRES_SECONDS) {
      throw error("X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
    return seconds;
  }

  /** The authentication parameters, decoded; a repeated one is refused (which one would count?). */
  private static Map<String, String> authParams(String rawQuery) throws S3Exception {
    Map<String, String> params = new HashMap<>();
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String name = Router.percentDecode(eq < 0 ? part : part.substring(0, eq));
      if (AUTH_PARAMS.contains(name)) {
        String value = eq < 0 ? "" : Router.percentDecode(part.substring(eq + 1));
        if (params.putIfAbsent(name, value) != null) {
          throw error(name + " must be given once");
        }
      }
    }
    return params;
  }

  private static S3Exception error(String message) {
    return S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception(message);
  }

  SigV4Verifier.Credential credential() {
    return credential;
  }

  /** When the URL was signed ({@code X-Amz-Date}). */
  Instant time() {
    return time;
  }

  /** {@code X-Amz-Date} as sent, for the string to sign. */
  String timestamp() {
    return timestamp;
  }

  /** The last instant the URL is valid. */
  Instant expiry() {
    return time.plusSeconds(expiresSeconds);
  }

  List<String> signedHeaders() {
    return signedHeaders;
  }

  /** The signature sent; null when it is not 64 hex digits (then nothing matches it). */
  byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  @Override
  public String toString() {
    return "PresignedRequest[" + credential + ", expires=" + expiresSeconds + "s]";
  }
}
