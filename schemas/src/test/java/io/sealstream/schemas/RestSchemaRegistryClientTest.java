package io.sealstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a small Confluent-compatible registry served over real HTTP. */
class RestSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer server;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  /** "METHOD path content-type" of every request the registry saw. */
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/subjects/", this::register);
    server.createContext("/schemas/ids/", this::byId);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void register(HttpExchange x) throws IOException {
    record(x);
    String schema = JSON.readTree(x.getRequestBody()).get("schema").asText();
    if (x.getRequestURI().getPath().contains("forbidden")) {
      reply(x, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
      return;
    }
    int id = ids.computeIfAbsent(schema, s -> ids.size() + 100);
    schemas.put(id, schema);
    reply(x, 200, "{\"id\":" + id + "}");
  }

  private void byId(HttpExchange x) throws IOException {
    record(x);
    if (x.getRequestURI().getPath().endsWith("/666")) {
      reply(x, 500, "<html>proxy error</html>");
      return;
    }
    int id = Integer.parseInt(x.getRequestURI().getPath().substring("/schemas/ids/".length()));
    String schema = schemas.get(id);
    if (schema == null) {
      reply(x, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
    } else {
      reply(x, 200, JSON.writeValueAsString(Map.of("schema", schema)));
    }
  }

  private void record(HttpExchange x) {
    calls.incrementAndGet();
    requests.add(
        x.getRequestMethod() + " " + x.getRequestURI().getPath() + " "
            + x.getRequestHeaders().getFirst("Content-Type"));
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
  }

  @Test
  void recordsWrittenThroughOneClient_readThroughAnother() {
    AvroWireSerde<ObjectEvent> writer = new AvroWireSerde<>(ObjectEvent.class, client());
    AvroWireSerde<ObjectEvent> reader = new AvroWireSerde<>(ObjectEvent.class, client());
    ObjectEvent event =
        ObjectEvent.newBuilder()
            .setType(ObjectEventType.DELETED)
            .setBucket("b")
            .setObjectKey("k")
            .setVersionId("v")
            .setSize(0)
            .setTimeMillis(1)
            .build();

    byte[] bytes = writer.serialize("events", event);

    assertThat(bytes[4]).isEqualTo((byte) 100);
    assertThat(reader.deserialize("events", bytes)).isEqualTo(event);
  }

  @Test
  void idsAreCached_soTheSteadyStateMakesNoCalls() {
    AvroWireSerde<ObjectEvent> serde = new AvroWireSerde<>(ObjectEvent.class, client());
    ObjectEvent event =
        ObjectEvent.newBuilder()
            .setType(ObjectEventType.STORED)
            .setBucket("b")
            .setObjectKey("k")
            .setVersionId("v")
            .setSize(1)
            .setTimeMillis(1)
            .build();
    serde.deserialize("events", serde.serialize("events", event));
    int afterFirst = calls.get();

    for (int i = 0; i < 10; i++) {
      serde.deserialize("events", serde.serialize("events", event));
    }

    assertThat(calls.get()).isEqualTo(afterFirst);
  }

  @Test
  void register_postsTheSchemaUnderTheTopicSubject_withTheRegistryContentType() {
    RestSchemaRegistryClient client = client();

    int id = client.register("sealstream.events-value", ObjectEvent.getClassSchema());

    assertThat(requests)
        .containsExactly(
            "POST /subjects/sealstream.events-value/versions application/vnd.schemaregistry.v1+json");
    assertThat(client.byId(id)).isEqualTo(ObjectEvent.getClassSchema());
    assertThat(requests).hasSize(1); // the registered schema is cached by id too
  }

  @Test
  void registeringTheSameSchemaTwice_givesTheSameId_withOneCall() {
    RestSchemaRegistryClient client = client();

    int first = client.register("e-value", ObjectEvent.getClassSchema());
    int second = client.register("e-value", ObjectEvent.getClassSchema());

    assertThat(second).isEqualTo(first);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void keySerde_registersUnderTopicKey() {
    AvroWireSerde.forKeys(BucketRecord.class, client())
        .serialize(
            "sealstream.buckets",
            BucketRecord.newBuilder().setName("b").setCreatedAtMillis(1).build());

    assertThat(requests).singleElement().asString().startsWith("POST /subjects/sealstream.buckets-key/");
  }

  @Test
  void registryError_isASchemaExceptionWithTheRegistrysMessage() {
    assertThatThrownBy(() -> client().register("forbidden-value", ObjectEvent.getClassSchema()))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("409")
        .hasMessageContaining("incompatible");
    assertThatThrownBy(() -> client().byId(12345))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("40403")
        .hasMessageContaining("Schema not found");
  }

  @Test
  void errorWithoutAJsonBody_isASchemaExceptionWithTheStatus() {
    assertThatThrownBy(() -> client().byId(666))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void unknownIdFromTheRegistry_failsTheDeserializer_withTheRegistrysError() {
    byte[] frame = {0, 0, 0, 0x30, 0x39, 2, 0x75}; // id 12345, which the registry does not have

    assertThatThrownBy(
            () -> new AvroWireDeserializer<>(ObjectEvent.class, client()).deserialize("e", frame))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("40403");
  }

  @Test
  void unreachableRegistry_isASchemaException() {
    RestSchemaRegistryClient dead =
        new RestSchemaRegistryClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2));

    assertThatThrownBy(() -> dead.byId(1))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("unreachable");
  }
}
