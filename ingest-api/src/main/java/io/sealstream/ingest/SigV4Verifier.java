package io.sealstream.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 for service {@code s3}, in either form: the {@code
 * Authorization} header, or the query string of a presigned URL ({@link PresignedRequest}).
 * Pure: the request is given as method, raw path and raw query (exactly as sent) and the headers
 * by lower-case name.
 *
 * <p>Header form, in order: an {@code Authorization} header is present (else AccessDenied), it
 * is {@code AWS4-HMAC-SHA256} with Credential, SignedHeaders and Signature (else
 * AuthorizationHeaderMalformed), the access key is known (InvalidAccessKeyId), {@code host},
 * the date header and every {@code x-amz-*} header are signed, the request time is within ±15
 * minutes of the clock (RequestTimeTooSkewed), and the signature matches (SignatureDoesNotMatch,
 * compared in constant time). The payload hash is taken from {@code x-amz-content-sha256} as
 * the client declared it; {@link RequestBody} checks it against the body. For a streaming
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD*}) request the result carries the {@link
 * ChunkSigningContext} the chunk signatures chain on.
 *
 * <p>Presigned form: both forms at once is InvalidArgument; the query parameters must parse
 * (AuthorizationQueryParametersError); {@code host} and every {@code x-amz-*} header sent are
 * signed; a URL dated more than 15 minutes ahead is not valid yet and one past {@code
 * X-Amz-Expires} has expired (AccessDenied); the payload is {@code UNSIGNED-PAYLOAD}. Session
 * tokens are refused (InvalidToken): this server has none.
 *
 * <p>Errors tell the client only the code; neither the secret nor any signature is logged or
 * echoed. Thread-safe. Its only state is a bounded cache of derived signing keys, filled only by
 * requests whose signature matched.
 */
final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String SERVICE = "s3";
  private static final String TERMINATOR = "aws4_request";
  private static final String SIGNED_STREAMING_PREFIX = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  private static final HexFormat HEX = HexFormat.of();
  /** Scopes kept; one per access key, day and region in use, so this is generous. */
  private static final int MAX_CACHED_SIGNING_KEYS = 256;

  private final Function<String, Optional<String>> secrets;
  private final Clock clock;
  /**
   * Signing keys by scope: deriving one is four HMACs, the same all day for an access key and
   * region, and was a visible share of a small GET's CPU. Filled only after a signature matched,
   * so unauthenticated requests cannot fill it; cleared when full.
   */
  private final ConcurrentHashMap<Scope, DerivedKey> signingKeys = new ConcurrentHashMap<>();

  private record Scope(String accessKey, String date, String region) {}

  /** A derived signing key and the secret it came from (a rotated secret derives anew). */
  private static final class DerivedKey {
    final String secret;
    final byte[] key;

    DerivedKey(String secret, byte[] key) {
      this.secret = secret;
      this.key = key;
    }

    @Override
    public String toString() {
      return "DerivedKey[redacted]";
    }
  }

  /**
   * @param secrets the secret key of an access key id, empty when unknown
   * @param clock the server's clock, for the ±15 minute skew check and presigned expiry
   */
  SigV4Verifier(Function<String, Optional<String>> secrets, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Who signed a verified request, and for a signed streaming body what its chunks are verified
   * with (null otherwise).
   */
  record Verified(String accessKey, ChunkSigningContext chunkSigning) {
    Verified {
      Objects.requireNonNull(accessKey, "accessKey");
    }
  }

  /**
   * Verifies the request's signature, in the header or the query string.
   *
   * @param headers request headers, lower-case name → value (repeated fields joined by ",")
   * @throws S3Exception the S3 error to answer with when the request is not authentic
   */
  Verified verify(String method, String rawPath, String rawQuery, Map<String, String> headers)
      throws S3Exception {
    boolean inHeader = headers.containsKey("authorization");
    boolean inQuery = rawQuery != null && PresignedRequest.isPresigned(rawQuery);
    if (inHeader && inQuery) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query"
              + " string parameter or the Authorization header should be specified");
    }
    if (inQuery) {
      return verifyPresigned(method, rawPath, rawQuery, headers);
    }
    if (!inHeader) {
      throw S3Error.ACCESS_DENIED.exception();
    }
    return verifyHeader(method, rawPath, rawQuery, headers);
  }

  private Verified verifyHeader(
      String method, String rawPath, String rawQuery, Map<String, String> headers) throws S3Exception {
    Authorization auth = Authorization.parse(headers.get("authorization").strip());
    if (headers.containsKey("x-amz-security-token")) {
      throw S3Error.INVALID_TOKEN.exception(
          "Session tokens (x-amz-security-token) are not supported: sign with a long-term access key.");
    }
    String secret =
        secrets.apply(auth.credential.accessKey()).orElseThrow(S3Error.INVALID_ACCESS_KEY_ID::exception);

    // What must be signed: host, the date, the payload hash and every x-amz-* header sent.
    if (!headers.containsKey("host") || !auth.signedHeaders.contains("host")) {
      throw S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(
          "The authorization header is malformed; 'host' must be a signed header");
    }
    String payloadHash = headers.get("x-amz-content-sha256");
    if (payloadHash == null) {
      throw S3Error.INVALID_REQUEST.exception("Missing required header for this request: x-amz-content-sha256");
    }
    String amzDate = headers.get("x-amz-date");
    String dateHeader = amzDate != null ? "x-amz-date" : "date";
    String dateValue = amzDate != null ? amzDate : headers.get("date");
    Instant requestTime = dateValue == null ? null : parseTime(dateValue.strip(), amzDate != null);
    if (requestTime == null) {
      throw S3Error.ACCESS_DENIED.exception("AWS authentication requires a valid Date or x-amz-date header");
    }
    requireSigned(headers, auth.signedHeaders, dateHeader);
    if (Duration.between(requestTime, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw S3Error.REQUEST_TIME_TOO_SKEWED.exception();
    }
    String timestamp = AMZ_DATE.format(requestTime);
    if (!timestamp.startsWith(auth.credential.date())) {
      throw S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(
          "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
    }
    if (auth.signature == null) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    Scope keyScope =
        new Scope(auth.credential.accessKey(), auth.credential.date(), auth.credential.region());
    byte[] signingKey = signingKey(keyScope, secret);
    String scope = auth.credential.scope();
    String payload = payloadHash.strip();
    if (!signatureMatches(signingKey, method, rawPath, canonicalQuery(rawQuery), auth.signedHeaders,
        headers, payload, timestamp, scope, auth.signature)) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    remember(keyScope, secret, signingKey);
    ChunkSigningContext chunkSigning = payload.startsWith(SIGNED_STREAMING_PREFIX)
        ? new ChunkSigningContext(auth.signature, signingKey, timestamp, scope)
        : null;
    return new Verified(auth.credential.accessKey(), chunkSigning);
  }

  private Verified verifyPresigned(
      String method, String rawPath, String rawQuery, Map<String, String> headers) throws S3Exception {
    PresignedRequest presigned = PresignedRequest.parse(rawQuery);
    Credential credential = presigned.credential();
    String secret =
        secrets.apply(credential.accessKey()).orElseThrow(S3Error.INVALID_ACCESS_KEY_ID::exception);
    if (!headers.containsKey("host")) {
      throw S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception("The request has no host header");
    }
    requireSigned(headers, presigned.signedHeaders(), null);
    Instant now = clock.instant();
    if (presigned.time().isAfter(now.plus(MAX_SKEW))) {
      throw S3Error.ACCESS_DENIED.exception("Request is not valid yet");
    }
    if (now.isAfter(presigned.expiry())) {
      throw S3Error.ACCESS_DENIED.exception("Request has expired");
    }
    byte[] signature = presigned.signature();
    if (signature == null) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    Scope keyScope = new Scope(credential.accessKey(), credential.date(), credential.region());
    byte[] signingKey = signingKey(keyScope, secret);
    // The URL cannot sign its own signature: every other parameter is in the canonical query.
    String query = canonicalQuery(rawQuery, PresignedRequest.SIGNATURE);
    if (!signatureMatches(signingKey, method, rawPath, query, presigned.signedHeaders(), headers,
        RequestBody.UNSIGNED_PAYLOAD, presigned.timestamp(), credential.scope(), signature)) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    remember(keyScope, secret, signingKey);
    return new Verified(credential.accessKey(), null);
  }

  /**
   * Every {@code x-amz-*} header sent (and the date header, when given) must be signed, so
   * nothing (an SSE header, a checksum) can be slipped into a signed request.
   */
  private static void requireSigned(
      Map<String, String> headers, List<String> signedHeaders, String dateHeader) throws S3Exception {
    List<String> unsigned = new ArrayList<>();
    for (String name : new TreeSet<>(headers.keySet())) {
      if ((name.startsWith("x-amz-") || name.equals(dateHeader)) && !signedHeaders.contains(name)) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      throw S3Error.ACCESS_DENIED.exception(
          "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
    }
  }

  /** Computes the signature for each canonical URI form and compares in constant time. */
  private static boolean signatureMatches(
      byte[] signingKey, String method, String rawPath, String canonicalQuery,
      List<String> signedHeaderNames, Map<String, String> headers, String payloadHash,
      String timestamp, String scope, byte[] provided) throws S3Exception {
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaderNames) {
      String value = headers.get(name);
      canonicalHeaders.append(name).append(':').append(value == null ? "" : trimAll(value)).append('\n');
    }
    String signedHeaders = String.join(";", signedHeaderNames);
    boolean match = false;
    for (String uri : canonicalUris(rawPath)) {
      String canonicalRequest =
          method + "\n" + uri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders
              + "\n" + payloadHash;
      String stringToSign =
          ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + HEX.formatHex(sha256(canonicalRequest));
      // Constant-time: the comparison must not tell how many leading bytes were right.
      match |= MessageDigest.isEqual(hmac(signingKey, stringToSign), provided);
    }
    return match;
  }

  /**
   * The canonical URI: the path exactly as sent (S3 encodes each segment once), and as a
   * fallback the decoded path re-encoded the RFC 3986 way, for clients that send characters raw
   * that they encoded when signing.
   */
  static List<String> canonicalUris(String rawPath) throws S3Exception {
    String raw = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    Set<String> uris = new LinkedHashSet<>();
    uris.add(raw);
    uris.add(uriEncode(Router.percentDecode(raw), false));
    return List.copyOf(uris);
  }

  /** Parameters decoded, re-encoded (RFC 3986, '/' too), sorted by name then value. */
  static String canonicalQuery(String rawQuery) throws S3Exception {
    return canonicalQuery(rawQuery, null);
  }

  /** The canonical query without the parameter named {@code excluded} (decoded name). */
  static String canonicalQuery(String rawQuery, String excluded) throws S3Exception {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = Router.percentDecode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : part.substring(eq + 1);
      if (name.equals(excluded)) {
        continue;
      }
      params.add(new String[] {uriEncode(name, true), uriEncode(Router.percentDecode(value), true)});
    }
    params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder out = new StringBuilder();
    for (String[] p : params) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** RFC 3986 percent-encoding of UTF-8: unreserved characters stay, '/' stays unless asked. */
  static String uriEncode(String s, boolean encodeSlash) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static Instant parseTime(String value, boolean amzFormat) {
    try {
      return amzFormat
          ? Instant.from(AMZ_DATE.parse(value))
          : ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Trims and folds each run of whitespace into one space, as the canonical header value wants.
   * By hand, not {@code replaceAll}: that compiles a regex for every header of every request.
   */
  static String trimAll(String value) {
    String v = value.strip();
    StringBuilder out = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean space = isSpace(c);
      if (out == null) {
        // copy only once a run is longer than one plain space
        if (!space || c == ' ' && !isSpace(v.charAt(i + 1))) {
          continue;
        }
        out = new StringBuilder(v.length()).append(v, 0, i);
      }
      if (!space) {
        out.append(c);
      } else if (out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
    }
    return out == null ? v : out.toString();
  }

  /** Regex {@code \\s}: what the canonical form folds. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** {@code yyyyMMdd} digits, as the credential scope's date must be. */
  private static boolean isDate(String s) {
    if (s.length() != 8) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The scope's signing key: cached when derived from the same secret, else derived now. */
  private byte[] signingKey(Scope scope, String secret) {
    DerivedKey cached = signingKeys.get(scope);
    if (cached != null && cached.secret.equals(secret)) {
      return cached.key;
    }
    return signingKey(secret, scope.date(), scope.region());
  }

  /** Keeps a signing key that just verified a signature (never modified once cached). */
  private void remember(Scope scope, String secret, byte[] signingKey) {
    DerivedKey cached = signingKeys.get(scope);
    if (cached != null && cached.key == signingKey) {
      return;
    }
    if (signingKeys.size() >= MAX_CACHED_SIGNING_KEYS) {
      signingKeys.clear();
    }
    signingKeys.put(scope, new DerivedKey(secret, signingKey));
  }

  /** Signing keys cached now (for tests). */
  int cachedSigningKeys() {
    return signingKeys.size();
  }

  static byte[] signingKey(String secret, String date, String region) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, SERVICE);
    return hmac(k, TERMINATOR);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] sha256(String data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** A signed-headers list: lower-case names separated by ';', or null when malformed. */
  static List<String> signedHeaders(String value) {
    List<String> names = List.of(value.split(";", -1));
    for (String n : names) {
      if (n.isEmpty() || !n.equals(n.toLowerCase(Locale.ROOT))) {
        return null;
      }
    }
    return names;
  }

  /** A signature: 64 hex digits, or null (which never matches). */
  static byte[] parseSignature(String value) {
    if (value.length() != 64) {
      return null;
    }
    try {
      return HEX.parseHex(value.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code <access key>/<yyyyMMdd>/<region>/s3/aws4_request}, as in both forms. */
  record Credential(String accessKey, String date, String region) {
    static Credential parse(String value, Supplier<S3Exception> malformed) throws S3Exception {
      String[] c = value.split("/", -1);
      if (c.length != 5 || c[0].isEmpty() || !isDate(c[1]) || c[2].isEmpty()
          || !c[3].equals(SERVICE) || !c[4].equals(TERMINATOR)) {
        throw malformed.get();
      }
      return new Credential(c[0], c[1], c[2]);
    }

    String scope() {
      return date + "/" + region + "/" + SERVICE + "/" + TERMINATOR;
    }

    @Override
    public String toString() {
      return "Credential[accessKey=" + accessKey + ", scope=" + scope() + "]";
    }
  }

  /** The parsed header. {@code signature} is null when it is not 64 hex digits. */
  private record Authorization(Credential credential, List<String> signedHeaders, byte[] signature) {

    private static final String CREDENTIAL_MALFORMED =
        "The authorization header is malformed; the Credential is mal-formed; expecting"
            + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

    static Authorization parse(String header) throws S3Exception {
      if (!header.startsWith(ALGORITHM + " ")) {
        if (header.startsWith("AWS ")) {
          throw S3Error.INVALID_REQUEST.exception(
              "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        throw S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(
            "The authorization header is malformed; the authorization mechanism is not AWS4-HMAC-SHA256.");
      }
      String credential = null;
      String signedHeaders = null;
      String signature = null;
      for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
        String p = part.strip();
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw malformed();
        }
        String name = p.substring(0, eq);
        String value = p.substring(eq + 1);
        switch (name) {
          case "Credential" -> credential = once(credential, value);
          case "SignedHeaders" -> signedHeaders = once(signedHeaders, value);
          case "Signature" -> signature = once(signature, value);
          default -> throw malformed();
        }
      }
      if (credential == null || signedHeaders == null || signature == null) {
        throw malformed();
      }
      Credential c = Credential.parse(credential,
          () -> S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(CREDENTIAL_MALFORMED));
      List<String> names = SigV4Verifier.signedHeaders(signedHeaders);
      if (names == null) {
        throw malformed();
      }
      return new Authorization(c, names, parseSignature(signature));
    }

    private static String once(String previous, String value) throws S3Exception {
      if (previous != null) {
        throw malformed();
      }
      return value;
    }

    private static S3Exception malformed() {
      return S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(
          "The authorization header is malformed; it must hold Credential, SignedHeaders and Signature.");
    }

    @Override
    public String toString() {
      return "Authorization[" + credential + "]";
    }
  }
}
