package io.sealstream.kafka.testing;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cluster of a test JVM, kept in JUnit's root store: JUnit closes it (an {@link
 * AutoCloseable} store value) when the whole run ends.
 */
final class SharedCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedCluster.class);

  private final KafkaCluster cluster;
  private final Runnable stop;

  /** {@code stop} ends what the extension started; never called for an external cluster. */
  SharedCluster(KafkaCluster cluster, Runnable stop) {
    this.cluster = cluster;
    this.stop = stop;
  }

  KafkaCluster cluster() {
    return cluster;
  }

  @Override
  public void close() {
    if (cluster.kind() == KafkaCluster.Kind.EXTERNAL) {
      return; // not ours to stop
    }
    long started = System.nanoTime();
    stop.run();
    LOG.info(
        "Kafka for tests: {} at {} stopped in {} ms",
        cluster.kind(),
        cluster.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }
}
