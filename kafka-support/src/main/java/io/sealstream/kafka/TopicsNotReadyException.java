package io.sealstream.kafka;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * Topics were not created, or not every partition answered {@code ListOffsets}, within the
 * allowed time. Retriable: the broker may still be starting or electing leaders.
 */
public final class TopicsNotReadyException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  TopicsNotReadyException(String message, Throwable lastError) {
    super(message, lastError);
  }
}
