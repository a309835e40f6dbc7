package io.sealstream.kafka;

import static io.sealstream.kafka.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicsIT {

  private final Admin admin;

  TopicsIT(KafkaCluster kafka) {
    this.admin = Admin.create(kafka.clientConfig());
  }

  @AfterEach
  void closeAdmin() {
    admin.close();
  }

  @Test
  void createAndAwait_twice_isIdempotent_andKeepsPartitionsAndConfig() throws Exception {
    String plain = TestClients.unique("plain");
    String compacted = TestClients.unique("compacted");
    List<TopicSpec> specs =
        List.of(
            TopicSpec.of(plain, 3),
            TopicSpec.of(compacted, 1).withConfig("cleanup.policy", "compact"));

    Topics.createAndAwait(admin, specs, TIMEOUT);
    Topics.createAndAwait(admin, specs, TIMEOUT);

    Map<String, TopicDescription> topics =
        admin.describeTopics(Set.of(plain, compacted)).allTopicNames().get();
    assertThat(topics.get(plain).partitions()).hasSize(3);
    assertThat(topics.get(compacted).partitions()).hasSize(1);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
    Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void createAndAwait_onExistingTopicWithOtherPartitionCount_isRejected() {
    String topic = TestClients.unique("resized");
    Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 2)), TIMEOUT);

    assertThatThrownBy(() -> Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 4)), TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("topic '" + topic + "' exists with 2 partitions, its spec asks for 4");
  }
}
