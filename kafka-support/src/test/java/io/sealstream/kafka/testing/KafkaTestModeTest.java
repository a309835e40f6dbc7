package io.sealstream.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.kafka.testing.KafkaCluster.Kind;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KafkaTestModeTest {

  private static final BooleanSupplier DOCKER = () -> true;
  private static final BooleanSupplier NO_DOCKER = () -> false;
  private static final BooleanSupplier MUST_NOT_PROBE =
      () -> {
        throw new AssertionError("Docker probed although the mode does not need it");
      };

  @Test
  void absentOrBlankMode_isAuto_andOtherNamesIgnoreCase() {
    assertThat(KafkaTestMode.parse(null)).isEqualTo(KafkaTestMode.AUTO);
    assertThat(KafkaTestMode.parse(" ")).isEqualTo(KafkaTestMode.AUTO);
    assertThat(KafkaTestMode.parse("Embedded")).isEqualTo(KafkaTestMode.EMBEDDED);
    assertThat(KafkaTestMode.parse(" testcontainers ")).isEqualTo(KafkaTestMode.TESTCONTAINERS);
  }

  @Test
  void unknownMode_isRejectedWithTheChoices() {
    assertThatThrownBy(() -> KafkaTestMode.parse("docker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "kafka.test.mode must be one of [auto, external, testcontainers, embedded], was 'docker'");
  }

  @Test
  void auto_withoutDocker_fallsBackToEmbedded() {
    assertThat(KafkaTestMode.AUTO.choose(null, NO_DOCKER)).isEqualTo(Kind.EMBEDDED);
  }

  @Test
  void auto_withDocker_usesTestcontainers() {
    assertThat(KafkaTestMode.AUTO.choose("", DOCKER)).isEqualTo(Kind.TESTCONTAINERS);
  }

  @Test
  void auto_withBootstrap_usesTheExternalBroker_withoutProbingDocker() {
    assertThat(KafkaTestMode.AUTO.choose("127.0.0.1:9092", MUST_NOT_PROBE)).isEqualTo(Kind.EXTERNAL);
  }

  @Test
  void explicitModes_neverProbeDocker() {
    assertThat(KafkaTestMode.EMBEDDED.choose("127.0.0.1:9092", MUST_NOT_PROBE))
        .isEqualTo(Kind.EMBEDDED);
    assertThat(KafkaTestMode.TESTCONTAINERS.choose(null, MUST_NOT_PROBE))
        .isEqualTo(Kind.TESTCONTAINERS);
    assertThat(KafkaTestMode.EXTERNAL.choose("h:1", MUST_NOT_PROBE)).isEqualTo(Kind.EXTERNAL);
  }

  @Test
  void external_withoutBootstrap_isRejected() {
    assertThatThrownBy(() -> KafkaTestMode.EXTERNAL.choose(" ", MUST_NOT_PROBE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.test.mode=external needs -Dkafka.bootstrap=host:port");
  }

  @Test
  void dockerProbe_neverThrows() {
    // False on a machine without Docker (this one), true with it; either way no exception.
    KafkaExtension.dockerAvailable();
  }
}
