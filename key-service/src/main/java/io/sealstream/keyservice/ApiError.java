package io.sealstream.keyservice;

/**
 * The catalogue of errors the HTTP API answers with: every error response is {@code {"code":
 * code, "message": message}} with this status. Codes are stable API; clients branch on the code,
 * not on the status or the message. Messages say what is wrong in general terms and never carry
 * a secret or echo request content.
 */
enum ApiError {
  INVALID_JSON(400, "InvalidJson", "request body is not valid JSON"),
  INVALID_REQUEST(400, "InvalidRequest", "request body does not match the API"),
  INVALID_BASE64(400, "InvalidBase64", "a member is not valid base64"),
  INVALID_KEY_NAME(400, "InvalidKeyName", "key name must be " + KeyName.EXPECTED),
  BODY_TOO_LARGE(400, "BodyTooLarge", "request body is too large"),
  /** 400 as in KES (not 403, which stays for "not authorized" when policies arrive). */
  CIPHERTEXT_NOT_AUTHENTIC(
      400, "CiphertextNotAuthentic", "decryption failed: ciphertext is not authentic"),
  /** The unseal secret did not open the keystore; it stays sealed. */
  UNSEAL_FAILED(400, "UnsealFailed", "the unseal secret does not open the keystore"),
  UNAUTHENTICATED(401, "Unauthenticated", "missing or invalid API key"),
  NOT_AUTHORIZED(403, "NotAuthorized", "not authorized: insufficient permissions"),
  KEY_NOT_FOUND(404, "KeyNotFound", "key does not exist"),
  ROUTE_NOT_FOUND(404, "RouteNotFound", "no such API"),
  METHOD_NOT_ALLOWED(405, "MethodNotAllowed", "method not allowed"),
  KEY_EXISTS(409, "KeyExists", "key already exists"),
  /** The key exists but is disabled: 409 (its state conflicts with the use), never 5xx. */
  KEY_DISABLED(409, "KeyDisabled", "key is disabled"),
  INTERNAL(500, "InternalError", "internal error"),
  KEYSTORE_UNAVAILABLE(503, "KeystoreUnavailable", "key store is unavailable"),
  /** Sealed: no key material until an operator unseals. 503, like a keystore that is down. */
  SEALED(503, "Sealed", "key service is sealed"),
  /** The audit record of the call could not be written, so its result is withheld. */
  AUDIT_UNAVAILABLE(503, "AuditUnavailable", "audit log is unavailable");

  private final int status;
  private final String code;
  private final String message;

  ApiError(int status, String code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String message() {
    return message;
  }

  /** This error as an exception, with the catalogue's message. */
  ApiException exception() {
    return new ApiException(this, message);
  }

  /** This error as an exception, with a more precise message (no secrets, no echoed input). */
  ApiException exception(String preciseMessage) {
    return new ApiException(this, preciseMessage);
  }

  /** An {@link ApiError} thrown by a handler; the server turns it into the error response. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    ApiException(ApiError error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    ApiError error() {
      return error;
    }
  }
}
