package io.sealstream.kafka.testing;

import io.sealstream.kafka.EmbeddedKafkaBroker;
import io.sealstream.kafka.testing.KafkaCluster.Kind;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives tests a Kafka broker: {@code @ExtendWith(KafkaExtension.class)}, then take a {@link
 * KafkaCluster} parameter in a constructor, test or lifecycle method.
 *
 * <p>One broker per test JVM, shared by every test class: it lives in JUnit's root store, is
 * started on first use and closed when the whole run ends. Tests share it, so each test creates
 * its own uniquely named topics (through {@link io.sealstream.kafka.Topics#createAndAwait}) and
 * uses its own group and transactional ids.
 *
 * <p>Which broker, from {@code -Dkafka.test.mode}:
 *
 * <ul>
 *   <li>{@code external}: the broker at {@code -Dkafka.bootstrap=host:port}, already running;
 *   <li>{@code testcontainers}: a {@code KafkaContainer} of {@code -Dkafka.image} (default
 *       {@value #DEFAULT_IMAGE}); needs {@code testcontainers-kafka} on the test classpath;
 *   <li>{@code embedded}: an {@link EmbeddedKafkaBroker} in this JVM;
 *   <li>{@code auto} (the default): external if {@code -Dkafka.bootstrap} is set, else
 *       Testcontainers if Docker answers, else embedded. A machine without Docker runs every
 *       test against the embedded broker; nothing is skipped.
 * </ul>
 */
public final class KafkaExtension implements ParameterResolver {

  public static final String MODE_PROPERTY = "kafka.test.mode";
  public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap";
  public static final String IMAGE_PROPERTY = "kafka.image";
  public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

  private static final Namespace NAMESPACE = Namespace.create(KafkaExtension.class);
  private static final Duration EXTERNAL_READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public KafkaCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(SharedCluster.class, key -> start(), SharedCluster.class)
          .cluster();
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(
          "no Kafka cluster for tests (" + MODE_PROPERTY + "="
              + System.getProperty(MODE_PROPERTY, "auto") + "): " + e.getMessage(),
          e);
    }
  }

  private static SharedCluster start() {
    KafkaTestMode mode = KafkaTestMode.parse(System.getProperty(MODE_PROPERTY));
    String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY);
    Kind kind = mode.choose(bootstrap, KafkaExtension::dockerAvailable);
    long started = System.nanoTime();
    SharedCluster shared =
        switch (kind) {
          case EXTERNAL -> external(bootstrap.trim());
          case TESTCONTAINERS -> container(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
          case EMBEDDED -> embedded();
        };
    LOG.info(
        "Kafka for tests: {} at {} ({}={}{}), ready in {} ms",
        kind,
        shared.cluster().bootstrapServers(),
        MODE_PROPERTY,
        mode.name().toLowerCase(Locale.ROOT),
        mode == KafkaTestMode.AUTO && kind == Kind.EMBEDDED ? ", Docker not available" : "",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return shared;
  }

  /** False also when Testcontainers is not on the classpath at all. */
  static boolean dockerAvailable() {
    try {
      return ContainerBroker.dockerAvailable();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      return false;
    }
  }

  private static SharedCluster embedded() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
    broker.start();
    return new SharedCluster(
        new KafkaCluster(broker.bootstrapServers(), Kind.EMBEDDED), broker::close);
  }

  private static SharedCluster container(String image) {
    try {
      return ContainerBroker.start(image);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          MODE_PROPERTY + "=testcontainers needs org.testcontainers:testcontainers-kafka on the"
              + " test classpath",
          e);
    }
  }

  /** Fails fast with the address in the message when nothing answers there. */
  private static SharedCluster external(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) EXTERNAL_READY_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(EXTERNAL_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "no Kafka broker answered at " + BOOTSTRAP_PROPERTY + "=" + bootstrap + " within "
              + EXTERNAL_READY_TIMEOUT,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching " + bootstrap, e);
    }
    return new SharedCluster(new KafkaCluster(bootstrap, Kind.EXTERNAL), () -> {});
  }
}
