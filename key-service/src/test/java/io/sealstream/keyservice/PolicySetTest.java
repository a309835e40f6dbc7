package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicySetTest {
  private static final Identity ADMIN = new Identity("a".repeat(64));
  private static final Identity PIPELINE = new Identity("b".repeat(64));
  private static final Identity STRANGER = new Identity("c".repeat(64));

  private static PolicySet pipelinePolicy() {
    return new PolicySet(
        ADMIN,
        List.of(
            new Policy(
                "pipeline",
                List.of(new PolicyRule("/v1/key/generate/bucket-*"), new PolicyRule("/v1/key/decrypt/bucket-*"),
                    new PolicyRule("/v1/key/list")),
                List.of(new PolicyRule("/v1/key/decrypt/bucket-secret")),
                Set.of(PIPELINE))));
  }

  @Test
  void allow_byPrefixOrExactPath_denyFirst_andEverythingElseRefused() {
    PolicySet policies = pipelinePolicy();
    assertThat(policies.allows(PIPELINE, "/v1/key/generate/bucket-photos")).isTrue();
    assertThat(policies.allows(PIPELINE, "/v1/key/decrypt/bucket-photos")).isTrue();
    assertThat(policies.allows(PIPELINE, "/v1/key/list")).isTrue();
    // deny wins over a matching allow
    assertThat(policies.allows(PIPELINE, "/v1/key/decrypt/bucket-secret")).isFalse();
    // exact rules match only exactly; nothing matching is refused
    assertThat(policies.allows(PIPELINE, "/v1/key/list/more")).isFalse();
    assertThat(policies.allows(PIPELINE, "/v1/key/generate/other")).isFalse();
    assertThat(policies.allows(PIPELINE, "/v1/key/delete/bucket-photos")).isFalse();
    // no policy, nothing; the admin, everything
    assertThat(policies.allows(STRANGER, "/v1/key/generate/bucket-photos")).isFalse();
    assertThat(policies.allows(ADMIN, "/v1/key/delete/bucket-secret")).isTrue();
    assertThat(policies.isAdmin(ADMIN)).isTrue();
    assertThat(policies.isAdmin(PIPELINE)).isFalse();
  }

  @Test
  void rules_thatWouldNotMeanWhatTheyLookLike_areRefused() {
    assertThatThrownBy(() -> new PolicyRule("/v1/key/*/bucket")).hasMessageContaining("only at its end");
    assertThatThrownBy(() -> new PolicyRule("/v1/**")).hasMessageContaining("only at its end");
    assertThatThrownBy(() -> new PolicyRule("key/generate/*")).hasMessageContaining("/v1/");
    assertThatThrownBy(() -> new PolicyRule("/v1/key/a b")).hasMessageContaining("visible ASCII");
    assertThat(new PolicyRule("/v1/*").matches("/v1/sys/seal")).isTrue();
  }

  @Test
  void anIdentityInTwoPolicies_orTheAdminInAPolicy_isRefused() {
    Policy one = new Policy("one", List.of(), List.of(), Set.of(PIPELINE));
    Policy two = new Policy("two", List.of(), List.of(), Set.of(PIPELINE));
    assertThatThrownBy(() -> new PolicySet(ADMIN, List.of(one, two)))
        .hasMessageContaining("is in two policies");
    assertThatThrownBy(
            () -> new PolicySet(ADMIN, List.of(new Policy("adm", List.of(), List.of(), Set.of(ADMIN)))))
        .hasMessageContaining("admin identity cannot also have a policy");
    assertThatThrownBy(() -> new PolicySet(ADMIN, List.of(one, new Policy("one", List.of(), List.of(), Set.of()))))
        .hasMessageContaining("defined twice");
  }

  @Test
  void json_roundTrips_andStrictParsingSaysWhatIsWrong() {
    PolicySet policies = pipelinePolicy();
    PolicySet again = PolicySet.fromJson(policies.toJson());
    assertThat(again.admin()).isEqualTo(ADMIN);
    assertThat(again.policies()).isEqualTo(policies.policies());
    assertThat(again.allows(PIPELINE, "/v1/key/decrypt/bucket-secret")).isFalse();

    assertThatThrownBy(() -> PolicySet.fromJson("{\"admin\":\"xyz\"}".getBytes()))
        .hasMessageContaining("identity must be 64 lower-case hex");
    assertThatThrownBy(() -> PolicySet.fromJson(json("{\"admin\":\"%s\",\"polices\":{}}")))
        .hasMessageContaining("unknown member");
    assertThatThrownBy(
            () -> PolicySet.fromJson(json("{\"admin\":\"%s\",\"policies\":{\"p\":{\"allow\":\"/v1/*\"}}}")))
        .hasMessageContaining("\"allow\" must be an array");
    assertThatThrownBy(() -> PolicySet.fromJson("not json".getBytes()))
        .hasMessageContaining("not valid JSON");
    assertThat(PolicySet.fromJson(json("{\"admin\":\"%s\"}")).policies()).isEmpty();
  }

  @Test
  void theDefaultOfAServerWithApiKeysOnly_makesTheFirstTheAdmin_andLetsTheOthersUseKeys() {
    PolicySet policies = PolicySet.adminAndAllowAll(List.of(ADMIN, PIPELINE));
    assertThat(policies.isAdmin(ADMIN)).isTrue();
    assertThat(policies.allows(PIPELINE, "/v1/key/generate/anything")).isTrue();
    assertThat(policies.allows(PIPELINE, "/v1/policy/show")).isFalse();
    assertThat(PolicySet.adminAndAllowAll(List.of(ADMIN)).policies()).isEmpty();
  }

  private static byte[] json(String template) {
    return String.format(template, ADMIN.hex()).getBytes(StandardCharsets.UTF_8);
  }
}
