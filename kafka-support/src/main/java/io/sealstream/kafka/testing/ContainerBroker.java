package io.sealstream.kafka.testing;

import io.sealstream.kafka.EmbeddedKafkaBroker;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The only class that refers to Testcontainers: when testcontainers-kafka is not on the
 * classpath, loading this class fails and nothing else does.
 */
final class ContainerBroker {

  private ContainerBroker() {}

  /** Cheap (about 0.5 s without Docker), never throws by itself, cached per JVM. */
  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  static SharedCluster start(String image) {
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"));
    // The apache/kafka image turns KAFKA_FOO_BAR into foo.bar.
    EmbeddedKafkaBroker.SINGLE_NODE_SETTINGS.forEach(
        (key, value) ->
            container.withEnv("KAFKA_" + key.replace('.', '_').toUpperCase(Locale.ROOT), value));
    container.start();
    return new SharedCluster(
        new KafkaCluster(container.getBootstrapServers(), KafkaCluster.Kind.TESTCONTAINERS),
        container::stop);
  }
}
