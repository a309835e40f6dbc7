package io.sealstream.benchmarks;

import io.sealstream.channel.CipherSuite;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;

/** {@link RawJdkAead} with {@code AES/GCM/NoPadding}, 256-bit key, 128-bit tag. */
public class RawJdkAesGcm extends RawJdkAead {
  @Override
  String transformation() {
    return "AES/GCM/NoPadding";
  }

  @Override
  String keyAlgorithm() {
    return "AES";
  }

  @Override
  byte suiteId() {
    return CipherSuite.AES_256_GCM.id();
  }

  @Override
  AlgorithmParameterSpec parameters(byte[] nonce) {
    return new GCMParameterSpec(128, nonce);
  }
}
