package io.sealstream.keyservice;

import static io.sealstream.keyservice.KeyServiceApiIT.assertError;
import static io.sealstream.keyservice.RunningKeyService.API_KEY;
import static io.sealstream.keyservice.RunningKeyService.OTHER_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies from a file, replaced by the admin at run time, enforced per path, deny first. */
class PolicyIT {
  private static final String ADMIN = Identity.ofApiKey(API_KEY).hex();
  private static final String PIPELINE = Identity.ofApiKey(OTHER_API_KEY).hex();
  @TempDir Path dir;
  private Path policyFile;
  private RunningKeyService service;

  @BeforeEach
  void start() throws Exception {
    policyFile = dir.resolve("kms-policies.json");
    service = RunningKeyService.start(dir, b -> b.policyFile(policyFile));
    service.raw("POST", "/v1/key/create/bucket-photos", null, API_KEY);
    service.raw("POST", "/v1/key/create/bucket-secret", null, API_KEY);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private static String pipelinePolicy() {
    return "{\"admin\":\"" + ADMIN + "\",\"policies\":{\"pipeline\":{"
        + "\"allow\":[\"/v1/key/generate/bucket-*\",\"/v1/key/decrypt/bucket-*\"],"
        + "\"deny\":[\"/v1/key/generate/bucket-secret\"],"
        + "\"identities\":[\"" + PIPELINE + "\"]}}}";
  }

  @Test
  void aNewPolicyFile_holdsTheDefault_adminOnly_soOtherIdentitiesMayDoNothing() throws Exception {
    // Then: with a policy file, only what it grants; the default grants nothing but the admin
    assertThat(Files.readString(policyFile)).contains(ADMIN).doesNotContain(PIPELINE);
    assertError(service.raw("POST", "/v1/key/generate/bucket-photos", "{}", OTHER_API_KEY), 403, "NotAuthorized");
    assertThat(service.raw("POST", "/v1/key/generate/bucket-photos", "{}", API_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void setPolicies_areEnforcedAtOnce_denyFirst_andPersisted() throws Exception {
    // When
    HttpResponse<String> set = service.raw("POST", "/v1/policy/set", pipelinePolicy(), API_KEY);
    // Then
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(service.raw("POST", "/v1/key/generate/bucket-photos", "{}", OTHER_API_KEY).statusCode())
        .isEqualTo(200);
    assertError(service.raw("POST", "/v1/key/generate/bucket-secret", "{}", OTHER_API_KEY), 403, "NotAuthorized");
    assertError(service.raw("DELETE", "/v1/key/delete/bucket-photos", null, OTHER_API_KEY), 403, "NotAuthorized");
    assertError(service.raw("GET", "/v1/policy/show", null, OTHER_API_KEY), 403, "NotAuthorized");
    assertError(service.raw("POST", "/v1/policy/set", pipelinePolicy(), OTHER_API_KEY), 403, "NotAuthorized");
    // and the file now holds them, so a restart keeps them
    PolicySet onDisk = PolicySet.fromJson(Files.readAllBytes(policyFile));
    assertThat(onDisk.allows(new Identity(PIPELINE), "/v1/key/decrypt/bucket-secret")).isTrue();
    assertThat(onDisk.allows(new Identity(PIPELINE), "/v1/key/generate/bucket-secret")).isFalse();
    HttpResponse<String> shown = service.raw("GET", "/v1/policy/show", null, API_KEY);
    assertThat(PolicySet.fromJson(shown.body().getBytes()).policies()).isEqualTo(onDisk.policies());
  }

  @Test
  void invalidPolicies_areRefused_andTheOldOnesStay() throws Exception {
    // Given
    service.raw("POST", "/v1/policy/set", pipelinePolicy(), API_KEY);
    String before = Files.readString(policyFile);
    // When
    HttpResponse<String> bad =
        service.raw("POST", "/v1/policy/set", pipelinePolicy().replace("bucket-*\"", "*/x\""), API_KEY);
    // Then
    assertThat(assertError(bad, 400, "InvalidRequest").get("message").asText())
        .startsWith("invalid policies: ");
    assertThat(Files.readString(policyFile)).isEqualTo(before);
    assertThat(service.raw("POST", "/v1/key/generate/bucket-photos", "{}", OTHER_API_KEY).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aPolicyFileAtStart_isWhatIsEnforced() throws Exception {
    // Given
    service.close();
    Files.writeString(policyFile, pipelinePolicy());
    Path other = dir.resolve("second");
    Files.createDirectories(other);
    service = RunningKeyService.start(other, b -> b.policyFile(policyFile));
    service.raw("POST", "/v1/key/create/bucket-photos", null, API_KEY);
    // When / Then
    assertThat(service.raw("POST", "/v1/key/generate/bucket-photos", "{}", OTHER_API_KEY).statusCode())
        .isEqualTo(200);
    assertError(service.raw("POST", "/v1/key/create/bucket-new", null, OTHER_API_KEY), 403, "NotAuthorized");
  }
}
