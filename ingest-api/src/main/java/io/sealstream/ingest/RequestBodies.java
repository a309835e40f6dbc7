package io.sealstream.ingest;

import java.io.IOException;

/** Small request bodies (XML configurations and batches) read whole, within their route's limit. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The body, at most {@code limit} bytes (the router already refused a larger Content-Length),
   * with its signed payload hash verified before anything parses it.
   */
  static byte[] readAll(S3Call call, int limit) throws S3Exception, IOException {
    try (RequestBody in = call.body()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw S3Error.ENTITY_TOO_LARGE.exception();
      }
      in.verifyEnd();
      return body;
    }
  }
}
