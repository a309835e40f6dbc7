package io.sealstream.ingest;

import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.schemas.WrappedKey;

/**
 * Wraps an SSE-C customer key for its trip through Kafka, bound to the upload. In production
 * {@code transit::wrap} of a {@link io.sealstream.keymaterial.CustomerKeyTransit}; an interface
 * here so tests can run without key-service.
 */
@FunctionalInterface
public interface CustomerKeyWrapper {
  WrappedKey wrap(byte[] customerKey32, String uploadId) throws KeyUnavailableException;
}
