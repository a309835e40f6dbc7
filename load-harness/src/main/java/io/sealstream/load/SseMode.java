package io.sealstream.load;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The server-side encryption a benchmark cell asks for, and the headers that ask for it. */
public enum SseMode {
  SSE_S3("sse-s3"),
  SSE_KMS("sse-kms"),
  SSE_C("sse-c");

  /**
   * A fixed customer key for SSE-C: the harness measures throughput, the key protects nothing. It
   * is never printed.
   */
  private static final byte[] CUSTOMER_KEY = new byte[32];

  static {
    for (int i = 0; i < CUSTOMER_KEY.length; i++) {
      CUSTOMER_KEY[i] = (byte) (0x5a ^ i);
    }
  }

  private final String label;

  SseMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static SseMode parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (SseMode m : values()) {
      if (m.label.equals(t)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown SSE mode '" + text + "' (sse-s3, sse-kms, sse-c)");
  }

  public static List<SseMode> parseList(String text) {
    List<SseMode> modes = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        modes.add(parse(part));
      }
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("no SSE mode given");
    }
    return modes;
  }

  PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
    return switch (this) {
      case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
      case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS);
      case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(keyBase64()).sseCustomerKeyMD5(keyMd5());
    };
  }

  GetObjectRequest.Builder apply(GetObjectRequest.Builder b) {
    return this == SSE_C
        ? b.sseCustomerAlgorithm("AES256").sseCustomerKey(keyBase64()).sseCustomerKeyMD5(keyMd5())
        : b;
  }

  private static String keyBase64() {
    return Base64.getEncoder().encodeToString(CUSTOMER_KEY);
  }

  private static String keyMd5() {
    try {
      return Base64.getEncoder()
          .encodeToString(java.security.MessageDigest.getInstance("MD5").digest(CUSTOMER_KEY));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
