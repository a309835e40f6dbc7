package io.sealstream.keyservice;

import io.sealstream.keyservice.Route.Access;
import java.util.List;

/**
 * The whole HTTP API, one row per route. Paths follow KES ({@code /v1/key/<operation>/<name>});
 * everything that changes state or carries a body is POST, delete is DELETE, reads are GET.
 */
final class Routes {
  /** Request bodies of generate, encrypt, decrypt: a context and a ciphertext fit many times. */
  static final int MAX_BODY = 1 << 20;
  /** import and unseal: one base64 secret. */
  static final int SMALL_BODY = 4096;
  private static final int NO_BODY = 0;

  private Routes() {}

  static List<Route> table(KeyHandlers h, PolicyHandlers p) {
    return List.of(
        route("POST", "/v1/key/create/{name}", "create", NO_BODY, Access.API_KEY, h::create),
        route("POST", "/v1/key/import/{name}", "import", SMALL_BODY, Access.API_KEY, h::importKey),
        route("GET", "/v1/key/describe/{name}", "describe", NO_BODY, Access.API_KEY, h::describe),
        route("GET", "/v1/key/list", "list", NO_BODY, Access.API_KEY, h::list),
        route("POST", "/v1/key/enable/{name}", "enable", NO_BODY, Access.API_KEY, h::enable),
        route("POST", "/v1/key/disable/{name}", "disable", NO_BODY, Access.API_KEY, h::disable),
        route("POST", "/v1/key/rotate/{name}", "rotate", NO_BODY, Access.API_KEY, h::rotate),
        route("DELETE", "/v1/key/delete/{name}", "delete", NO_BODY, Access.API_KEY, h::delete),
        route("POST", "/v1/key/generate/{name}", "generate", MAX_BODY, Access.API_KEY, h::generate),
        route("POST", "/v1/key/encrypt/{name}", "encrypt", MAX_BODY, Access.API_KEY, h::encrypt),
        route("POST", "/v1/key/decrypt/{name}", "decrypt", MAX_BODY, Access.API_KEY, h::decrypt),
        route("POST", "/v1/sys/seal", "seal", NO_BODY, Access.ADMIN, h::seal),
        route("POST", "/v1/sys/unseal", "unseal", SMALL_BODY, Access.ADMIN, h::unseal),
        route("GET", "/v1/policy/show", "policy.show", NO_BODY, Access.ADMIN, p::show),
        route("POST", "/v1/policy/set", "policy.set", MAX_BODY, Access.ADMIN, p::set),
        route("GET", "/v1/status", "status", NO_BODY, Access.PUBLIC, h::status),
        route("GET", "/v1/ready", "ready", NO_BODY, Access.PUBLIC, h::ready),
        route("GET", "/v1/metrics", "metrics", NO_BODY, Access.PUBLIC, h::metrics));
  }

  private static Route route(
      String method, String path, String operation, int maxBody, Access access, Route.Handler handler) {
    return new Route(method, PathPattern.of(path), operation, maxBody, access, handler);
  }
}
