package io.sealstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry (Confluent, Karapace, Redpanda, Apicurio's
 * ccompat API): {@code POST /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}}.
 * Caches ids both ways, so a steady state makes no registry calls.
 */
public final class RestSchemaRegistryClient implements SchemaRegistry {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(URI base, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    String cacheKey = subject + "\0" + schema;
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new SchemaException("cannot encode the registration request", e);
    }
    JsonNode answer =
        call(
            HttpRequest.newBuilder(
                    base.resolve(
                        "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                            + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (!answer.path("id").canConvertToInt()) {
      throw new SchemaException("schema registry answered a registration without an id");
    }
    int id = answer.get("id").intValue();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema byId(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call(HttpRequest.newBuilder(base.resolve("schemas/ids/" + id)).GET());
    if (!answer.path("schema").isTextual()) {
      throw new SchemaException("schema registry answered schema " + id + " without a schema");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(answer.get("schema").textValue());
    } catch (RuntimeException e) {
      throw new SchemaException("schema registry returned an invalid schema for id " + id, e);
    }
    schemasById.put(id, schema);
    return schema;
  }

  private JsonNode call(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .timeout(timeout)
                  .header("Content-Type", CONTENT_TYPE)
                  .header("Accept", CONTENT_TYPE)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaException("schema registry unreachable at " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaException("interrupted while calling the schema registry", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SchemaException(
          "schema registry answered HTTP " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() / 100 != 2) {
      throw new SchemaException(
          "schema registry error "
              + body.path("error_code").asText(String.valueOf(response.statusCode()))
              + ": "
              + body.path("message").asText("(no message)"));
    }
    return body;
  }
}
