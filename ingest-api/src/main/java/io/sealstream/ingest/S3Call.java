package io.sealstream.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One S3 request as a handler sees it: the parsed bucket and key, headers, the body as a stream,
 * and a response that is either empty or streamed. Not thread-safe: one per request.
 */
final class S3Call {
  private final Request request;
  private final Response response;
  private final String requestId;
  private final String bucket;
  private final String key;
  private final Map<String, String> query;
  private OutputStream out;
  private ChunkSigningContext chunkSigning;
  private boolean authenticationOff;
  private RequestBody body;

  S3Call(
      Request request, Response response, String requestId, String bucket, String key,
      Map<String, String> query) {
    this.request = request;
    this.response = response;
    this.requestId = requestId;
    this.bucket = bucket;
    this.key = key;
    this.query = Map.copyOf(query);
  }

  /** A query parameter, percent-decoded; "" for a name without a value; null when absent. */
  String query(String name) {
    return query.get(name);
  }

  boolean hasQuery(String name) {
    return query.containsKey(name);
  }

  String requestId() {
    return requestId;
  }

  String bucket() {
    return bucket;
  }

  /** The object key, percent-decoded, exactly as the client named it; null for bucket routes. */
  String key() {
    return key;
  }

  boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  boolean isSecure() {
    return request.isSecure();
  }

  /** A request header (case-insensitive name), or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  Iterable<String> headerNames() {
    return request.getHeaders().getFieldNamesCollection();
  }

  /**
   * The payload length the request declares: {@code x-amz-decoded-content-length} for an
   * aws-chunked body, else Content-Length; -1 when it did not give one.
   */
  long contentLength() {
    return RequestBody.declaredLength(this::header);
  }

  /**
   * Records how the request was authenticated, for {@link #body}: the chunk signing context of
   * a header-signed streaming request, null otherwise. Called by the router before any handler.
   */
  void authenticated(ChunkSigningContext chunkSigning) {
    this.chunkSigning = chunkSigning;
    this.authenticationOff = false;
  }

  /** Records that the server checks no signatures (stub-pipeline tests only). */
  void authenticationOff() {
    this.chunkSigning = null;
    this.authenticationOff = true;
  }

  /**
   * The request payload, read as it arrives (never buffered whole), decoded from aws-chunked
   * framing when sent so, with its declared length, payload hash, chunk signatures and checksum
   * checked by {@link RequestBody#verifyEnd}. Once per request.
   *
   * @throws S3Exception MissingContentLength when the length is unknown; InvalidArgument,
   *     InvalidRequest or NotImplemented for payload headers that do not fit
   */
  RequestBody body() throws S3Exception {
    body = RequestBody.open(
        Content.Source.asInputStream(request), this::header, chunkSigning, authenticationOff);
    return body;
  }

  void setHeader(String name, String value) {
    if (value != null) {
      response.getHeaders().put(name, value);
    }
  }

  /** A response header set so far, or null. */
  String responseHeader(String name) {
    return response.getHeaders().get(name);
  }

  /** A response without a body (HEAD: {@code contentLength} is what a GET would send). */
  void send(int status, long contentLength) {
    response.setStatus(status);
    // The checksum the client sent with the body, once verified, is echoed as S3 does.
    ChecksumValue checksum = body == null ? null : body.verifiedChecksum();
    if (status == 200 && checksum != null) {
      setHeader(checksum.algorithm().header(), checksum.base64());
    }
    if (status != 204) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
    }
  }

  /** Starts a streamed body of exactly {@code contentLength} bytes. */
  OutputStream open(int status, long contentLength) {
    send(status, contentLength);
    out = Content.Sink.asOutputStream(response);
    return out;
  }

  void sendXml(int status, byte[] body) throws IOException {
    setHeader("Content-Type", "application/xml");
    try (OutputStream o = open(status, body.length)) {
      o.write(body);
    }
    out = null;
  }

  /** Completes the streamed body, if one was opened. */
  void finish() throws IOException {
    if (out != null) {
      OutputStream o = out;
      out = null;
      o.close();
    }
  }

  boolean isCommitted() {
    return response.isCommitted();
  }

  /** Forgets the headers set so far, for an error answer (only before the response commits). */
  void reset() {
    out = null;
    response.reset();
  }
}
