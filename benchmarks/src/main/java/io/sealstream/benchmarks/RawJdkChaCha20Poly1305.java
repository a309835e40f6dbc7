package io.sealstream.benchmarks;

import io.sealstream.channel.CipherSuite;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** {@link RawJdkAead} with the JDK's {@code ChaCha20-Poly1305}. */
public class RawJdkChaCha20Poly1305 extends RawJdkAead {
  @Override
  String transformation() {
    return "ChaCha20-Poly1305";
  }

  @Override
  String keyAlgorithm() {
    return "ChaCha20";
  }

  @Override
  byte suiteId() {
    return CipherSuite.CHACHA20_POLY1305.id();
  }

  @Override
  AlgorithmParameterSpec parameters(byte[] nonce) {
    return new IvParameterSpec(nonce);
  }
}
