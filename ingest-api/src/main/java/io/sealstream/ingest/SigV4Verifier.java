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
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 in the {@code Authorization} header (the header form only;
 * presigned URLs answer 501) for service {@code s3}. Pure: the request is given as method, raw
 * path and raw query (exactly as sent) and the headers by lower-case name.
 *
 * <p>Checks, in order: an {@code Authorization} header is present (else AccessDenied), it is
 * {@code AWS4-HMAC-SHA256} with Credential, SignedHeaders and Signature (else
 * AuthorizationHeaderMalformed), the access key is known (InvalidAccessKeyId), {@code host},
 * the date header and every {@code x-amz-*} header are signed, the request time is within ±15
 * minutes of the clock (RequestTimeTooSkewed), and the signature matches (SignatureDoesNotMatch,
 * compared in constant time). The payload hash is taken from {@code x-amz-content-sha256} as
 * the client declared it; the PUT handler checks it against the body.
 *
 * <p>Errors tell the client only the code; neither the secret nor any signature is logged or
 * echoed. Thread-safe and stateless.
 */
final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final String SERVICE = "s3";
  private static final String TERMINATOR = "aws4_request";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Set<String> PRESIGN_PARAMS =
      Set.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature");
  private static final HexFormat HEX = HexFormat.of();

  private final Function<String, Optional<String>> secrets;
  private final Clock clock;

  /**
   * @param secrets the secret key of an access key id, empty when unknown
   * @param clock the server's clock, for the ±15 minute skew check
   */
  SigV4Verifier(Function<String, Optional<String>> secrets, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the request's signature and returns the access key id that signed it.
   *
   * @param headers request headers, lower-case name → value (repeated fields joined by ",")
   * @throws S3Exception the S3 error to answer with when the request is not authentic
   */
  String verify(String method, String rawPath, String rawQuery, Map<String, String> headers)
      throws S3Exception {
    String authorization = headers.get("authorization");
    if (authorization == null) {
      if (isPresigned(rawQuery)) {
        throw S3Error.NOT_IMPLEMENTED.exception("Presigned URLs (query-string authentication) are not supported yet");
      }
      throw S3Error.ACCESS_DENIED.exception();
    }
    Authorization auth = Authorization.parse(authorization.strip());

    String secret =
        secrets.apply(auth.accessKey).orElseThrow(S3Error.INVALID_ACCESS_KEY_ID::exception);

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
    List<String> unsigned = new ArrayList<>();
    for (String name : new TreeSet<>(headers.keySet())) {
      if ((name.startsWith("x-amz-") || name.equals(dateHeader)) && !auth.signedHeaders.contains(name)) {
        unsigned.add(name);
      }
    }
    if (!unsigned.isEmpty()) {
      throw S3Error.ACCESS_DENIED.exception(
          "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
    }
    if (Duration.between(requestTime, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
      throw S3Error.REQUEST_TIME_TOO_SKEWED.exception();
    }
    String timestamp = AMZ_DATE.format(requestTime);
    if (!timestamp.startsWith(auth.date)) {
      throw S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(
          "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
    }

    byte[] provided = auth.signature;
    if (provided == null) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    String scope = auth.date + "/" + auth.region + "/" + SERVICE + "/" + TERMINATOR;
    byte[] signingKey = signingKey(secret, auth.date, auth.region);
    String query = canonicalQuery(rawQuery);
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : auth.signedHeaders) {
      String value = headers.get(name);
      canonicalHeaders.append(name).append(':').append(value == null ? "" : trimAll(value)).append('\n');
    }
    String signedHeaders = String.join(";", auth.signedHeaders);
    boolean match = false;
    for (String uri : canonicalUris(rawPath)) {
      String canonicalRequest =
          method + "\n" + uri + "\n" + query + "\n" + canonicalHeaders + "\n" + signedHeaders
              + "\n" + payloadHash.strip();
      String stringToSign =
          ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + HEX.formatHex(sha256(canonicalRequest));
      // Constant-time: the comparison must not tell how many leading bytes were right.
      match |= MessageDigest.isEqual(hmac(signingKey, stringToSign), provided);
    }
    if (!match) {
      throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
    return auth.accessKey;
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
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      params.add(new String[] {
          uriEncode(Router.percentDecode(name), true), uriEncode(Router.percentDecode(value), true)});
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

  private static boolean isPresigned(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      if (PRESIGN_PARAMS.contains(eq < 0 ? part : part.substring(0, eq))) {
        return true;
      }
    }
    return false;
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

  /** Trims and folds each run of spaces into one, as the canonical header value wants. */
  private static String trimAll(String value) {
    return value.strip().replaceAll("\\s+", " ");
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

  /** The parsed header. {@code signature} is null when it is not 64 hex digits. */
  private record Authorization(
      String accessKey, String date, String region, List<String> signedHeaders, byte[] signature) {

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
      String[] c = credential.split("/", -1);
      if (c.length != 5 || c[0].isEmpty() || !c[1].matches("[0-9]{8}") || c[2].isEmpty()
          || !c[3].equals(SERVICE) || !c[4].equals(TERMINATOR)) {
        throw S3Error.AUTHORIZATION_HEADER_MALFORMED.exception(CREDENTIAL_MALFORMED);
      }
      List<String> names = List.of(signedHeaders.split(";", -1));
      for (String n : names) {
        if (n.isEmpty() || !n.equals(n.toLowerCase(Locale.ROOT))) {
          throw malformed();
        }
      }
      byte[] sig = null;
      if (signature.length() == 64) {
        try {
          sig = HEX.parseHex(signature.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          sig = null;
        }
      }
      return new Authorization(c[0], c[1], c[2], names, sig);
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
      return "Authorization[accessKey=" + accessKey + ", scope=" + date + "/" + region + "]";
    }
  }
}
