package io.sealstream.keyservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealstream.keyservice.Route.Call;
import io.sealstream.keyservice.Route.Reply;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The handlers of the key API, the seal and the probes: each parses its request, calls {@link
 * KeyService} and shapes the answer. Failures are thrown ({@link ApiError.ApiException},
 * {@link KeystoreException}s) and mapped in one place by the server.
 */
final class KeyHandlers {
  private static final Set<String> GENERATE_MEMBERS = Set.of("context");
  private static final Set<String> ENCRYPT_MEMBERS = Set.of("plaintext", "context");
  private static final Set<String> DECRYPT_MEMBERS = Set.of("ciphertext", "context");
  private static final Set<String> IMPORT_MEMBERS = Set.of("key");
  private static final Set<String> UNSEAL_MEMBERS = Set.of("secret");

  private final KeyService service;
  private final KeyServiceMetrics metrics;

  KeyHandlers(KeyService service, KeyServiceMetrics metrics) {
    this.service = service;
    this.metrics = metrics;
  }

  Reply create(Call call) {
    return Reply.ok(Json.keyInfo(service.create(keyName(call))));
  }

  Reply importKey(Call call) {
    KeyName name = keyName(call);
    byte[] material = Json.base64(Json.object(call.body(), IMPORT_MEMBERS), "key");
    try {
      if (material.length != SecretBytes.SIZE) {
        throw ApiError.INVALID_REQUEST.exception(
            "\"key\" must be 32 bytes (AES-256), was " + material.length);
      }
      return Reply.ok(Json.keyInfo(service.importKey(name, material)));
    } finally {
      Arrays.fill(material, (byte) 0);
      Arrays.fill(call.body(), (byte) 0);
    }
  }

  Reply describe(Call call) {
    return Reply.ok(Json.keyInfo(service.describe(keyName(call))));
  }

  Reply list(Call call) {
    List<String> names = service.list().stream().map(KeyName::value).toList();
    return Reply.ok(Json.write(Map.of("keys", names)));
  }

  Reply enable(Call call) {
    return Reply.ok(Json.keyInfo(service.enable(keyName(call))));
  }

  Reply disable(Call call) {
    return Reply.ok(Json.keyInfo(service.disable(keyName(call))));
  }

  Reply rotate(Call call) {
    return Reply.ok(Json.keyInfo(service.rotate(keyName(call))));
  }

  Reply delete(Call call) {
    service.delete(keyName(call));
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

  Reply encrypt(Call call) {
    KeyName name = keyName(call);
    ObjectNode request = Json.object(call.body(), ENCRYPT_MEMBERS);
    byte[] plaintext = Json.base64(request, "plaintext");
    try {
      if (plaintext.length > DataKeyCipher.MAX_PLAINTEXT) {
        throw ApiError.INVALID_REQUEST.exception(
            "\"plaintext\" must be at most " + DataKeyCipher.MAX_PLAINTEXT + " bytes");
      }
      byte[] ciphertext = service.encrypt(name, Json.context(request), plaintext);
      return Reply.ok(Json.write(Map.of("ciphertext", java.util.Base64.getEncoder().encodeToString(ciphertext))));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
      Arrays.fill(call.body(), (byte) 0);
    }
  }

  Reply decrypt(Call call) {
    KeyName name = keyName(call);
    ObjectNode request = Json.object(call.body(), DECRYPT_MEMBERS);
    byte[] ciphertext = Json.base64(request, "ciphertext");
    KeyContext context = Json.context(request);
    byte[] plaintext = service.decrypt(name, ciphertext, context);
    try {
      return Reply.okSecret(Json.dataKey(plaintext, null));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  Reply seal(Call call) {
    service.seal();
    return Reply.ok(Json.write(Map.of("sealed", true)));
  }

  Reply unseal(Call call) {
    byte[] secret = Json.base64(Json.object(call.body(), UNSEAL_MEMBERS), "secret");
    try {
      service.unseal(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(call.body(), (byte) 0);
    }
    return Reply.ok(Json.write(Map.of("sealed", false)));
  }

  Reply status(Call call) {
    boolean sealed = service.isSealed();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", sealed ? "sealed" : "ok");
    status.put("sealed", sealed);
    return Reply.ok(Json.write(status));
  }

  Reply ready(Call call) {
    if (service.isSealed()) {
      throw ApiError.SEALED.exception();
    }
    if (!service.isReady()) {
      throw ApiError.KEYSTORE_UNAVAILABLE.exception();
    }
    return Reply.ok(Json.emptyObject());
  }

  Reply metrics(Call call) {
    return Reply.okText(metrics.prometheusText());
  }

  private static KeyName keyName(Call call) {
    String raw = call.param("name");
    if (!KeyName.isValid(raw)) {
      throw ApiError.INVALID_KEY_NAME.exception();
    }
    return new KeyName(raw);
  }
}
