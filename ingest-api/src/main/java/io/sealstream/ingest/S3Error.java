package io.sealstream.ingest;

import java.nio.charset.StandardCharsets;

/**
 * The catalogue of S3 errors this server answers: code string, HTTP status and default message,
 * one place. {@link #xml} renders the S3 error body. Messages never carry secrets or stack traces.
 */
public enum S3Error {
  ACCESS_DENIED("AccessDenied", 403, "Access Denied"),
  AUTHORIZATION_HEADER_MALFORMED(
      "AuthorizationHeaderMalformed", 400, "The authorization header you provided is malformed."),
  AUTHORIZATION_QUERY_PARAMETERS_ERROR(
      "AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."),
  BAD_DIGEST("BadDigest", 400, "The Content-MD5 you specified did not match what we received."),
  BUCKET_ALREADY_OWNED_BY_YOU(
      "BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it."),
  BUCKET_NOT_EMPTY("BucketNotEmpty", 409, "The bucket you tried to delete is not empty."),
  ENTITY_TOO_SMALL("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size."),
  ENTITY_TOO_LARGE("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size."),
  INCOMPLETE_BODY("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header."),
  INTERNAL_ERROR("InternalError", 500, "We encountered an internal error. Please try again."),
  INVALID_ACCESS_KEY_ID(
      "InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records."),
  INVALID_ARGUMENT("InvalidArgument", 400, "Invalid Argument"),
  INVALID_BUCKET_NAME("InvalidBucketName", 400, "The specified bucket is not valid."),
  INVALID_DIGEST("InvalidDigest", 400, "The Content-MD5 you specified is not valid."),
  INVALID_ENCRYPTION_ALGORITHM(
      "InvalidEncryptionAlgorithmError", 400, "The encryption request you specified is not valid. The valid value is AES256."),
  INVALID_PART(
      "InvalidPart", 400,
      "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."),
  INVALID_PART_NUMBER("InvalidPartNumber", 416, "The requested partnumber is not satisfiable"),
  INVALID_PART_ORDER(
      "InvalidPartOrder", 400,
      "The list of parts was not in ascending order. The parts list must be specified in order by part number."),
  INVALID_RANGE("InvalidRange", 416, "The requested range is not satisfiable"),
  INVALID_REQUEST("InvalidRequest", 400, "Invalid Request"),
  INVALID_TOKEN("InvalidToken", 400, "The provided token is malformed or otherwise invalid."),
  KEY_TOO_LONG("KeyTooLongError", 400, "Your key is too long"),
  MALFORMED_XML(
      "MalformedXML", 400,
      "The XML you provided was not well-formed or did not validate against our published schema."),
  MALFORMED_TRAILER(
      "MalformedTrailerError", 400,
      "The request contained trailing data that was not well-formed or did not conform to our published schema."),
  METADATA_TOO_LARGE("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size."),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
  MISSING_CONTENT_LENGTH("MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
  NO_SUCH_BUCKET("NoSuchBucket", 404, "The specified bucket does not exist"),
  NO_SUCH_UPLOAD(
      "NoSuchUpload", 404,
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."),
  NO_SUCH_KEY("NoSuchKey", 404, "The specified key does not exist."),
  KMS_DISABLED("KMS.DisabledException", 400, "The KMS key is disabled."),
  KMS_NOT_FOUND("KMS.NotFoundException", 400, "The specified KMS key does not exist."),
  NOT_IMPLEMENTED("NotImplemented", 501, "A header you provided implies functionality that is not implemented."),
  REQUEST_TIME_TOO_SKEWED(
      "RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large."),
  SERVER_SIDE_ENCRYPTION_CONFIGURATION_NOT_FOUND(
      "ServerSideEncryptionConfigurationNotFoundError", 404, "The server side encryption configuration was not found"),
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503, "Service is unable to handle request."),
  SIGNATURE_DOES_NOT_MATCH(
      "SignatureDoesNotMatch", 403,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
  SLOW_DOWN("SlowDown", 503, "Please reduce your request rate."),
  CONTENT_SHA256_MISMATCH(
      "XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.");

  private final String code;
  private final int status;
  private final String message;

  S3Error(String code, int status, String message) {
    this.code = code;
    this.status = status;
    this.message = message;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String defaultMessage() {
    return message;
  }

  /** An exception carrying this error with its default message. */
  public S3Exception exception() {
    return new S3Exception(this, message);
  }

  /** An exception carrying this error with a specific message (shown to the client). */
  public S3Exception exception(String specificMessage) {
    return new S3Exception(this, specificMessage);
  }

  /** The XML error body: {@code <Error><Code/><Message/><Resource/><RequestId/></Error>}. */
  public byte[] xml(String specificMessage, String resource, String requestId) {
    String m = specificMessage == null ? message : specificMessage;
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + Xml.escape(code)
            + "</Code><Message>" + Xml.escape(m) + "</Message><Resource>" + Xml.escape(resource)
            + "</Resource><RequestId>" + Xml.escape(requestId) + "</RequestId></Error>";
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
