package io.sealstream.ingest;

import java.io.IOException;
import java.util.Objects;

/**
 * One row of the routing table: method, path shape, the query parameter that selects the
 * operation (S3's "subresource", such as {@code uploads} or {@code delete}; null for the plain
 * operation), the largest body accepted, and the handler. Every route requires SigV4
 * authentication when the server has credentials; the {@link Router} verifies it before the
 * route is even looked up.
 */
record Route(String method, Shape shape, String subresource, long bodyLimit, Operation operation) {

  /** The shape of the path: {@code /}, {@code /bucket} or {@code /bucket/key}. */
  enum Shape {
    SERVICE,
    BUCKET,
    OBJECT
  }

  /** A handler: answers the call or throws the S3 error to answer with. */
  @FunctionalInterface
  interface Operation {
    void handle(S3Call call) throws S3Exception, IOException;
  }

  Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(operation, "operation");
    if (bodyLimit < 0) {
      throw new IllegalArgumentException("bodyLimit must be >= 0, was " + bodyLimit);
    }
  }

  /** The plain operation on a path shape: chosen when no routed subresource is in the query. */
  static Route of(String method, Shape shape, long bodyLimit, Operation operation) {
    return new Route(method, shape, null, bodyLimit, operation);
  }

  /** The operation selected by {@code subresource} being present in the query string. */
  static Route of(
      String method, Shape shape, String subresource, long bodyLimit, Operation operation) {
    Objects.requireNonNull(subresource, "subresource");
    return new Route(method, shape, subresource, bodyLimit, operation);
  }
}
