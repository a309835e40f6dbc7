package io.sealstream.keyservice;

import io.sealstream.keyservice.Route.Call;
import io.sealstream.keyservice.Route.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The handlers of the key API and the probes: each parses its request, calls {@link KeyService}
 * and shapes the answer. Failures are thrown ({@link ApiError.ApiException}, store and
 * authentication exceptions) and mapped in one place by the server.
 */
final class KeyHandlers {
  private static final Set<String> GENERATE_MEMBERS = Set.of("context");
  private static final Set<String> DECRYPT_MEMBERS = Set.of("ciphertext", "context");

  private final KeyService service;

  KeyHandlers(KeyService service) {
    this.service = service;
  }

  Reply create(Call call) {
    service.create(keyName(call));
    return Reply.ok(Json.emptyObject());
  }

  Reply generate(Call call) {
    KeyName name = keyName(call);
    KeyContext context = Json.context(Json.object(call.body(), GENERATE_MEMBERS));
    DataKeyCipher.DataKeyPair pair = service.generate(name, context);
    try {
      return Reply.okSecret(Json.dataKey(pair.plaintext(), pair.ciphertext()));
    } finally {
      pair.wipe();
    }
  }

  Reply decrypt(Call call) {
    KeyName name = keyName(call);
    var request = Json.object(call.body(), DECRYPT_MEMBERS);
    byte[] ciphertext = Json.base64(request, "ciphertext");
    KeyContext context = Json.context(request);
    byte[] plaintext = service.decrypt(name, ciphertext, context);
    try {
      return Reply.okSecret(Json.dataKey(plaintext, null));
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  Reply delete(Call call) {
    service.delete(keyName(call));
    return Reply.ok(Json.emptyObject());
  }

  Reply list(Call call) {
    List<String> names = service.list().stream().map(KeyName::value).toList();
    return Reply.ok(Json.write(Map.of("keys", names)));
  }

  Reply status(Call call) {
    return Reply.ok(Json.write(Map.of("status", "ok")));
  }

  Reply ready(Call call) {
    if (!service.isReady()) {
      throw ApiError.KEYSTORE_UNAVAILABLE.exception();
    }
    return Reply.ok(Json.emptyObject());
  }

  private static KeyName keyName(Call call) {
    String raw = call.param("name");
    if (!KeyName.isValid(raw)) {
      throw ApiError.INVALID_KEY_NAME.exception();
    }
    return new KeyName(raw);
  }
}
