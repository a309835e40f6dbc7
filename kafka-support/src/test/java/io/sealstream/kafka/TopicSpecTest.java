package io.sealstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

  @Test
  void validSpec_keepsItsValues_withConfigSortedAndImmutable() {
    Map<String, String> config = new HashMap<>();
    config.put("retention.ms", "1000");
    config.put("cleanup.policy", "compact");

    TopicSpec spec = new TopicSpec("sealstream.parts-v1_x", 4, config);
    config.put("later", "change");

    assertThat(spec.name()).isEqualTo("sealstream.parts-v1_x");
    assertThat(spec.partitions()).isEqualTo(4);
    assertThat(spec.config()).containsExactly(
        Map.entry("cleanup.policy", "compact"), Map.entry("retention.ms", "1000"));
    assertThatThrownBy(() -> spec.config().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withConfig_addsOrReplaces_andLeavesTheOriginalAlone() {
    TopicSpec base = TopicSpec.of("t", 1).withConfig("cleanup.policy", "delete");

    TopicSpec next = base.withConfig("cleanup.policy", "compact");

    assertThat(next.config()).containsExactly(Map.entry("cleanup.policy", "compact"));
    assertThat(base.config()).containsExactly(Map.entry("cleanup.policy", "delete"));
  }

  @Test
  void toNewTopic_leavesReplicationToTheBroker() {
    var newTopic = TopicSpec.of("t", 3).withConfig("cleanup.policy", "compact").toNewTopic();

    assertThat(newTopic.numPartitions()).isEqualTo(3);
    assertThat(newTopic.replicationFactor()).isEqualTo((short) -1);
    assertThat(newTopic.configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void illegalNames_areRejectedWithTheReason() {
    assertThatThrownBy(() -> TopicSpec.of("", 1)).hasMessageContaining("1 to 249 characters, was 0");
    assertThatThrownBy(() -> TopicSpec.of("x".repeat(250), 1))
        .hasMessageContaining("1 to 249 characters, was 250");
    assertThatThrownBy(() -> TopicSpec.of("a b", 1)).hasMessageContaining("was 'a b'");
    assertThatThrownBy(() -> TopicSpec.of("..", 1)).hasMessageContaining("not be '.' or '..'");
    assertThatThrownBy(() -> TopicSpec.of(null, 1)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void partitionsBelowOne_areRejected() {
    assertThatThrownBy(() -> TopicSpec.of("t", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitions of topic 't' must be at least 1, was 0");
  }

  @Test
  void nullConfigValues_areRejected() {
    Map<String, String> config = new HashMap<>();
    config.put("cleanup.policy", null);

    assertThatThrownBy(() -> new TopicSpec("t", 1, config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cleanup.policy=null");
  }
}
