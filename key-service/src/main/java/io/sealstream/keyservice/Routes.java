package io.sealstream.keyservice;

import io.sealstream.keyservice.Route.Access;
import java.util.List;

/** The whole HTTP API, one row per route. Paths follow KES; create, generate and decrypt are POST. */
final class Routes {
  /** Request bodies of generate and decrypt: a context and a 61-byte ciphertext fit many times. */
  static final int MAX_BODY = 1 << 20;
  private static final int NO_BODY = 0;

  private Routes() {}

  static List<Route> table(KeyHandlers h) {
    return List.of(
        route("POST", "/v1/key/create/{name}", NO_BODY, Access.API_KEY, h::create),
        route("POST", "/v1/key/generate/{name}", MAX_BODY, Access.API_KEY, h::generate),
        route("POST", "/v1/key/decrypt/{name}", MAX_BODY, Access.API_KEY, h::decrypt),
        route("DELETE", "/v1/key/delete/{name}", NO_BODY, Access.API_KEY, h::delete),
        route("GET", "/v1/key/list", NO_BODY, Access.API_KEY, h::list),
        route("GET", "/v1/status", NO_BODY, Access.PUBLIC, h::status),
        route("GET", "/v1/ready", NO_BODY, Access.PUBLIC, h::ready));
  }

  private static Route route(
      String method, String path, int maxBody, Access access, Route.Handler handler) {
    return new Route(method, PathPattern.of(path), maxBody, access, handler);
  }
}
