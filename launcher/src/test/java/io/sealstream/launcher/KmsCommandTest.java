package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealstream.keyservice.FileMasterKeyStore;
import io.sealstream.keyservice.Identity;
import io.sealstream.keyservice.KeyServiceServer;
import io.sealstream.keyservice.RootKey;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sealstream kms ...} in-process against a real key-service on loopback. */
class KmsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_KEY = "kms-cli-admin-api-key-0123456789";
  private static final String PIPELINE_KEY = "kms-cli-pipeline-api-key-98765";
  private static final String IMPORTED =
      "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f";

  @TempDir Path dir;
  private FileMasterKeyStore store;
  private KeyServiceServer server;
  private Path apiKeyFile;

  @BeforeEach
  void start() throws Exception {
    store = FileMasterKeyStore.open(dir.resolve("keys"), RootKey.generateTo(dir.resolve("root.key")));
    server = new KeyServiceServer(store, List.of(ADMIN_KEY, PIPELINE_KEY)).start(0);
    apiKeyFile = Files.writeString(dir.resolve("kms-api-key"), ADMIN_KEY + "\n");
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private DareCommandTest.Result kms(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "kms";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--endpoint";
    all[args.length + 2] = server.uri().toString();
    all[args.length + 3] = "--api-key-file";
    all[args.length + 4] = apiKeyFile.toString();
    return DareCommandTest.run(new byte[0], all);
  }

  private static JsonNode json(DareCommandTest.Result r) throws Exception {
    assertThat(r.status()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void createRotateDescribeList_printTheServicesAnswers() throws Exception {
    assertThat(json(kms("create", "photos")).get("latestVersion").asInt()).isEqualTo(1);
    assertThat(json(kms("rotate", "photos")).get("latestVersion").asInt()).isEqualTo(2);
    JsonNode described = json(kms("describe", "photos"));
    assertThat(described.get("state").asText()).isEqualTo("enabled");
    assertThat(described.get("versions").size()).isEqualTo(2);
    assertThat(json(kms("list")).get("keys").toString()).isEqualTo("[\"photos\"]");
  }

  @Test
  void import_readsTheKeyFromAFile_andNeverPrintsIt() throws Exception {
    // Given
    Path keyFile = Files.writeString(dir.resolve("imported.hex"), IMPORTED + "\n");
    // When
    DareCommandTest.Result r = kms("import", "migrated", "--key-file", keyFile.toString());
    // Then
    assertThat(json(r).get("name").asText()).isEqualTo("migrated");
    assertThat(new String(r.out(), StandardCharsets.UTF_8) + r.err()).doesNotContain(IMPORTED, "MDEy");
    DareCommandTest.Result bad =
        kms("import", "bad", "--key-file", Files.writeString(dir.resolve("bad.hex"), "zz" + IMPORTED.substring(2)).toString());
    assertThat(bad.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(bad.err()).contains("64 hex digits").doesNotContain(IMPORTED.substring(2));
  }

  @Test
  void disable_makesThePipelinesDecryptFail_andEnableBringsItBack() throws Exception {
    // Given
    kms("create", "tenant");
    HttpKeyServiceClient pipeline = new HttpKeyServiceClient(server.uri(), PIPELINE_KEY);
    byte[] ciphertext = pipeline.generate("tenant", Map.of()).toCompletableFuture().join().ciphertext();
    // When
    assertThat(json(kms("disable", "tenant")).get("state").asText()).isEqualTo("disabled");
    // Then
    try {
      pipeline.decrypt("tenant", ciphertext, Map.of()).toCompletableFuture().join();
      throw new AssertionError("decrypt of a disabled key succeeded");
    } catch (CompletionException e) {
      assertThat(e.getCause()).hasMessage("key is disabled");
    }
    json(kms("enable", "tenant"));
    assertThat(pipeline.decrypt("tenant", ciphertext, Map.of()).toCompletableFuture().join()).isNotNull();
  }

  @Test
  void delete_needsExplicitConfirmation() throws Exception {
    // Given
    kms("create", "precious");
    // When
    DareCommandTest.Result refused = kms("delete", "precious");
    // Then
    assertThat(refused.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(refused.err()).contains("unreadable for good", "--yes-destroy-data");
    assertThat(json(kms("list")).get("keys").toString()).contains("precious");
    assertThat(kms("delete", "precious", "--yes-destroy-data").status()).isZero();
    DareCommandTest.Result gone = kms("describe", "precious");
    assertThat(gone.status()).isEqualTo(KmsCommand.EXIT_REFUSED);
    assertThat(gone.err()).isEqualTo("kms: KeyNotFound: key does not exist" + System.lineSeparator());
  }

  @Test
  void sealThenUnsealWithTheRootKeyFile() throws Exception {
    // When
    assertThat(json(kms("seal")).get("sealed").asBoolean()).isTrue();
    // Then
    assertThat(json(kms("status")).get("status").asText()).isEqualTo("sealed");
    DareCommandTest.Result sealed = kms("create", "x");
    assertThat(sealed.status()).isEqualTo(KmsCommand.EXIT_REFUSED);
    assertThat(sealed.err()).startsWith("kms: Sealed: ");
    Path wrong = Files.writeString(dir.resolve("wrong"), "00".repeat(32));
    assertThat(kms("unseal", "--secret-file", wrong.toString()).err()).startsWith("kms: UnsealFailed: ");
    // And when
    assertThat(json(kms("unseal", "--secret-file", dir.resolve("root.key").toString())).get("sealed").asBoolean())
        .isFalse();
    // Then
    assertThat(json(kms("create", "x")).get("name").asText()).isEqualTo("x");
  }

  @Test
  void policySetAndShow_roundTrip_andTakeEffect() throws Exception {
    // Given
    String pipeline = Identity.ofApiKey(PIPELINE_KEY).hex();
    String admin = Identity.ofApiKey(ADMIN_KEY).hex();
    Path file =
        Files.writeString(
            dir.resolve("policies.json"),
            "{\"admin\":\"" + admin + "\",\"policies\":{\"readers\":{\"allow\":[\"/v1/key/decrypt/*\"],"
                + "\"identities\":[\"" + pipeline + "\"]}}}");
    kms("create", "k");
    // When
    json(kms("policy", "set", "--file", file.toString()));
    // Then
    JsonNode shown = json(kms("policy", "show"));
    assertThat(shown.get("policies").get("readers").get("allow").get(0).asText()).isEqualTo("/v1/key/decrypt/*");
    try {
      new HttpKeyServiceClient(server.uri(), PIPELINE_KEY).generate("k", Map.of()).toCompletableFuture().join();
      throw new AssertionError("generate outside the policy succeeded");
    } catch (CompletionException e) {
      assertThat(e.getCause()).hasMessage("not authorized: insufficient permissions");
    }
  }

  @Test
  void withoutAnEndpoint_itIsAUsageError() {
    DareCommandTest.Result r =
        DareCommandTest.run(new byte[0], "kms", "list", "--api-key-file", apiKeyFile.toString());
    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("--endpoint");
  }

  @Test
  void withoutFlags_theEndpointAndAdminKeyComeFromTheDataDirectory() throws Exception {
    // Given what a running stack leaves in its data directory (kms-api-key is written above)
    Files.writeString(dir.resolve("kms-endpoint"), server.uri() + "\n");
    // When / Then
    DareCommandTest.Result r = DareCommandTest.run(new byte[0], "kms", "status", "--data-dir", dir.toString());
    assertThat(json(r).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void withoutARunningStack_saysSo() {
    DareCommandTest.Result r = DareCommandTest.run(new byte[0], "kms", "status", "--data-dir", dir.toString());
    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("kms-endpoint").contains("running");
  }

  @Test
  void delete_withoutAKnownBroker_saysDependentsCouldNotBeCounted_andStillNeedsTheFlag() throws Exception {
    json(kms("create", "doomed"));
    DareCommandTest.Result r = kms("delete", "doomed");
    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("could not be counted").contains("--yes-destroy-data");
    assertThat(json(kms("list")).get("keys").toString()).contains("doomed");
  }
}
