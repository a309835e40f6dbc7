package io.sealstream.keyservice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies in, response bodies out. Requests are strict: one JSON object, no duplicate
 * members, no unknown members (a misspelt {@code "context"} must not silently bind a data key to
 * the empty context), nothing after it. Responses that carry key material are written by hand
 * into one array the server wipes after sending, so the material passes through no pooled buffer.
 */
final class Json {
  private static final Logger LOG = LoggerFactory.getLogger(Json.class);

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

  private Json() {}

  /** The body as a JSON object holding only members from {@code allowed}. */
  static ObjectNode object(byte[] body, Set<String> allowed) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input; log only where it broke.
      LOG.debug(
          "invalid JSON request body at line {} column {}",
          e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
          e.getLocation() == null ? -1 : e.getLocation().getColumnNr());
      throw ApiError.INVALID_JSON.exception();
    } catch (IOException e) {
      throw ApiError.INVALID_JSON.exception();
    }
    if (root == null || root.isMissingNode()) {
      throw ApiError.INVALID_JSON.exception("request body must be a JSON object, was empty");
    }
    if (!root.isObject()) {
      throw ApiError.INVALID_REQUEST.exception("request body must be a JSON object");
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      if (!allowed.contains(names.next())) {
        throw ApiError.INVALID_REQUEST.exception(
            "request body has an unknown member; allowed: " + String.join(", ", allowed));
      }
    }
    return (ObjectNode) root;
  }

  /** The {@code "context"} member: absent means the empty context; else an object of strings. */
  static KeyContext context(ObjectNode request) {
    JsonNode node = request.get("context");
    if (node == null) {
      return KeyContext.empty();
    }
    if (!node.isObject()) {
      throw ApiError.INVALID_REQUEST.exception(
          "\"context\" must be a JSON object of string values");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!member.getValue().isTextual()) {
        throw ApiError.INVALID_REQUEST.exception(
            "\"context\" must be a JSON object of string values");
      }
      entries.put(member.getKey(), member.getValue().textValue());
    }
    try {
      return KeyContext.of(entries);
    } catch (IllegalArgumentException e) {
      throw ApiError.INVALID_REQUEST.exception(e.getMessage());
    }
  }

  /** A required base64 (RFC 4648, standard alphabet) string member. */
  static byte[] base64(ObjectNode request, String member) {
    JsonNode node = request.get(member);
    if (node == null || !node.isTextual()) {
      throw ApiError.INVALID_REQUEST.exception("\"" + member + "\" must be a base64 string");
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw ApiError.INVALID_BASE64.exception("\"" + member + "\" is not valid base64");
    }
  }

  /** describe's answer: name, state, creation time and versions; never material. */
  static byte[] keyInfo(KeyInfo info) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("name", info.name().value());
    json.put("state", info.state().label());
    json.put("created", info.created().toString());
    json.put("latestVersion", info.latestVersion());
    var versions = json.putArray("versions");
    for (KeyVersionInfo v : info.versions()) {
      versions.addObject().put("version", v.version()).put("created", v.created().toString());
    }
    return write(json);
  }

  static byte[] emptyObject() {
    return EMPTY_OBJECT.clone();
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  static byte[] error(String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    return write(body);
  }

  /**
   * {@code {"plaintext":"<b64>"}} or {@code {"plaintext":"<b64>","ciphertext":"<b64>"}} in one
   * exactly sized array; the base64 of the plaintext goes into no String and no pooled buffer.
   */
  static byte[] dataKey(byte[] plaintext, byte[] ciphertext) {
    byte[] encodedPlaintext = Base64.getEncoder().encode(plaintext);
    try {
      StringBuilder after = new StringBuilder("\"");
      if (ciphertext != null) {
        after.append(",\"ciphertext\":\"")
            .append(Base64.getEncoder().encodeToString(ciphertext))
            .append('"');
      }
      after.append('}');
      byte[] head = "{\"plaintext\":\"".getBytes(StandardCharsets.US_ASCII);
      byte[] tail = after.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[head.length + encodedPlaintext.length + tail.length];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(encodedPlaintext, 0, out, head.length, encodedPlaintext.length);
      System.arraycopy(tail, 0, out, head.length + encodedPlaintext.length, tail.length);
      return out;
    } finally {
      Arrays.fill(encodedPlaintext, (byte) 0);
    }
  }
}
