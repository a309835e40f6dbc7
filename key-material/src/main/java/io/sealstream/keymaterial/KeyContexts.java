package io.sealstream.keymaterial;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contexts key-service binds data keys to. A bucket key is bound to its bucket (and the
 * SSE-KMS client context, if any); the transit key to its purpose. Writers and readers build them
 * here, so they always agree.
 */
public final class KeyContexts {
  /** The context entry naming the bucket; client contexts may not use the prefix. */
  public static final String BUCKET = "sealstream:bucket";

  static final Map<String, String> TRANSIT = Map.of("sealstream:purpose", "sse-c-transit");

  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyContexts() {}

  /**
   * The context of a bucket key.
   *
   * @param clientContextJson the SSE-KMS client context as a JSON object of strings, or null
   * @throws IllegalArgumentException if the client context is not such an object or uses the
   *     reserved {@code sealstream:} prefix
   */
  public static Map<String, String> bucketKey(String bucket, String clientContextJson) {
    Map<String, String> context = new TreeMap<>();
    if (clientContextJson != null) {
      Map<String, String> client;
      try {
        client = JSON.readValue(clientContextJson, new TypeReference<Map<String, String>>() {});
      } catch (IOException e) {
        throw new IllegalArgumentException("encryption context must be a JSON object of strings");
      }
      for (String k : client.keySet()) {
        if (k.startsWith("sealstream:")) {
          throw new IllegalArgumentException("encryption context keys may not start with 'sealstream:'");
        }
      }
      context.putAll(client);
    }
    context.put(BUCKET, bucket);
    return context;
  }
}
