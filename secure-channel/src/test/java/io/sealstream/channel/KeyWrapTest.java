package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Transit wrapping of one key under another ({@link ExternalKey#wrapKey}). */
class KeyWrapTest {
  private static final byte[] AAD = "upload-1".getBytes(StandardCharsets.UTF_8);

  private static ExternalKey key(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return ExternalKey.copyOf(b);
  }

  private static ObjectIdentity id() {
    return new ObjectIdentity("b", "k", "v");
  }

  @Test
  void wrappedKey_unwrapsToAKeyThatOpensWhatTheOriginalSealed() throws Exception {
    ExternalKey transit = key(1);
    ExternalKey customer = key(2);
    SealedObjectKey sealed = ObjectKey.generate(customer).seal(customer, SealingMode.SSE_C, id());

    byte[] wrapped = transit.wrapKey(customer, AAD);
    ExternalKey back = transit.unwrapKey(wrapped, AAD);

    assertThat(wrapped).hasSize(ExternalKey.WRAPPED_SIZE);
    assertThat(ObjectKey.unseal(back, SealingMode.SSE_C, id(), sealed)).isNotNull();
    assertThat(transit.wrapKey(customer, AAD)).isNotEqualTo(wrapped); // fresh nonce
  }

  @Test
  void wrappedKey_doesNotOpenUnderAnotherKeyOrContextOrWithAnyBitFlipped() {
    ExternalKey transit = key(1);
    byte[] wrapped = transit.wrapKey(key(2), AAD);

    assertThatThrownBy(() -> key(3).unwrapKey(wrapped, AAD))
        .isInstanceOf(NotAuthenticException.class);
    assertThatThrownBy(() -> transit.unwrapKey(wrapped, "upload-2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(NotAuthenticException.class);
    for (int bit = 0; bit < wrapped.length * 8; bit++) {
      byte[] flipped = wrapped.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> transit.unwrapKey(flipped, AAD))
          .isInstanceOf(NotAuthenticException.class);
    }
    assertThatThrownBy(() -> transit.unwrapKey(Arrays.copyOf(wrapped, 59), AAD))
        .isInstanceOf(NotAuthenticException.class);
  }
}
