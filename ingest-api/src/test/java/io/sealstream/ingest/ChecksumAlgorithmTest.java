package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChecksumAlgorithmTest {
  private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void crc64Nvme_ofTheCheckString_isThePublishedCheckValue() {
    Crc64Nvme crc = new Crc64Nvme();
    crc.update(CHECK_INPUT, 0, CHECK_INPUT.length);
    assertThat(crc.getValue()).isEqualTo(0xAE8B14860A799888L);
  }

  @Test
  void crc64Nvme_byteByByte_equalsBulk_andResetStartsOver() {
    byte[] data = new byte[10_000];
    new Random(1).nextBytes(data);
    Crc64Nvme bulk = new Crc64Nvme();
    bulk.update(data, 0, data.length);
    Crc64Nvme single = new Crc64Nvme();
    for (byte b : data) {
      single.update(b);
    }
    assertThat(single.getValue()).isEqualTo(bulk.getValue());
    bulk.reset();
    bulk.update(CHECK_INPUT, 0, CHECK_INPUT.length);
    assertThat(bulk.getValue()).isEqualTo(0xAE8B14860A799888L);
  }

  /** The catalogue check values of "123456789", and the digests of FIPS 180's test vectors. */
  @ParameterizedTest
  @CsvSource({
      "CRC32, cbf43926",
      "CRC32C, e3069283",
      "CRC64NVME, ae8b14860a799888",
      "SHA1, f7c3bc1d808e04732adf679965ccc34ca7ae3441",
      "SHA256, 15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"})
  void digests_ofTheCheckString_areBigEndianAndExact(ChecksumAlgorithm algorithm, String hex) {
    ChecksumAlgorithm.Digest d = algorithm.start();
    d.update(CHECK_INPUT, 0, 4);
    d.update(CHECK_INPUT, 4, 5);
    byte[] value = d.finish();
    assertThat(HexFormat.of().formatHex(value)).isEqualTo(hex);
    assertThat(value).hasSize(algorithm.length());
  }

  @Test
  void headerNames_mapToAlgorithms_inAnyCase() {
    assertThat(ChecksumAlgorithm.ofHeader("X-Amz-Checksum-CRC64NVME")).isEqualTo(ChecksumAlgorithm.CRC64NVME);
    assertThat(ChecksumAlgorithm.ofHeader("x-amz-checksum-crc32")).isEqualTo(ChecksumAlgorithm.CRC32);
    assertThat(ChecksumAlgorithm.ofHeader("x-amz-checksum-md5")).isNull();
    assertThat(ChecksumAlgorithm.ofHeader("x-amz-checksum-mode")).isNull();
  }

  @Test
  void checksumValues_mustBeCanonicalBase64OfTheRightLength() throws Exception {
    assertThat(ChecksumValue.parse(ChecksumAlgorithm.CRC32, "yZRlqg==").base64()).isEqualTo("yZRlqg==");
    for (String bad : new String[] {"yZRlqg", "yZRlqh==", "yZRlqg==x", "AAAAAAAA", "", " yZRlqg=="}) {
      assertThatThrownBy(() -> ChecksumValue.parse(ChecksumAlgorithm.CRC32, bad)).as(bad)
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_REQUEST));
    }
  }
}
