package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.keyservice.Identity;
import io.sealstream.keyservice.Policy;
import io.sealstream.keyservice.PolicyRule;
import io.sealstream.keyservice.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a data directory of the API-key era moves over to the certificates' identities. */
class StackKeyServiceTest {
  @TempDir Path dir;

  @Test
  void anApiKeyEraPolicyFile_getsTheCertificatesIdentities_andKeepsTheOperatorsPolicies() throws Exception {
    // Given
    Identity oldAdmin = Identity.ofApiKey("old-admin-api-key-0123456789");
    Identity oldPipeline = Identity.ofApiKey("old-pipeline-api-key-0123456789");
    Identity auditor = Identity.ofApiKey("auditor-api-key-0123456789");
    Policy reader = new Policy("reader", List.of(new PolicyRule("/v1/key/describe/*")), List.of(), Set.of(auditor));
    Path file = dir.resolve(StackKeyService.POLICY_FILE);
    Files.write(file, new PolicySet(oldAdmin, List.of(
        new Policy("pipeline", List.of(new PolicyRule("/v1/key/generate/*")), List.of(), Set.of(oldPipeline)),
        reader)).toJson());
    Identity admin = new Identity("a".repeat(64));
    Identity pipeline = new Identity("b".repeat(64));
    // When
    PolicySet updated = StackKeyService.policiesFor(file, admin, pipeline);
    // Then
    assertThat(updated.admin()).isEqualTo(admin);
    assertThat(updated.policies().get("pipeline").identities()).containsExactly(pipeline);
    assertThat(updated.policies().get("pipeline").allow()).containsExactly(new PolicyRule("/v1/key/generate/*"));
    assertThat(updated.policies().get("reader")).isEqualTo(reader);
    assertThat(PolicySet.fromJson(Files.readAllBytes(file)).toJson()).isEqualTo(updated.toJson());
    // and a second start changes nothing
    byte[] before = Files.readAllBytes(file);
    StackKeyService.policiesFor(file, admin, pipeline);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void withoutAPolicyFile_theInitialPolicies() throws Exception {
    Identity admin = new Identity("a".repeat(64));
    Identity pipeline = new Identity("b".repeat(64));
    PolicySet initial = StackKeyService.policiesFor(dir.resolve("none.json"), admin, pipeline);
    assertThat(initial.admin()).isEqualTo(admin);
    assertThat(initial.policies().get("pipeline").allow())
        .extracting(PolicyRule::toString)
        .hasSize(2);
  }
}
