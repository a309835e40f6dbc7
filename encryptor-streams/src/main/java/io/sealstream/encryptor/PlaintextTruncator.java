package io.sealstream.encryptor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes plaintext chunk records the encryptor no longer needs: everything below the
 * encryptor's committed offset on each chunks partition. A committed offset means the
 * transaction that sealed those chunks (and saved the state to resume from) has committed, so
 * the plaintext will never be read again. Run {@link #truncateOnce()} periodically.
 */
public final class PlaintextTruncator {
  private static final Logger LOG = LoggerFactory.getLogger(PlaintextTruncator.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final Admin admin;
  private final String applicationId;
  private final String chunksTopic;
  private final Map<TopicPartition, Long> truncatedTo = new HashMap<>();

  public PlaintextTruncator(Admin admin, String applicationId, String chunksTopic) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.chunksTopic = chunksTopic;
  }

  /** Deletes what can be deleted now; returns the number of partitions truncated further. */
  public int truncateOnce() throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      for (var e : committed.entrySet()) {
        if (!e.getKey().topic().equals(chunksTopic) || e.getValue() == null) {
          continue;
        }
        long offset = e.getValue().offset();
        if (offset > truncatedTo.getOrDefault(e.getKey(), 0L)) {
          delete.put(e.getKey(), RecordsToDelete.beforeOffset(offset));
        }
      }
      if (delete.isEmpty()) {
        return 0;
      }
      admin.deleteRecords(delete).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      delete.forEach((tp, r) -> truncatedTo.put(tp, r.beforeOffset()));
      return delete.size();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not truncate {}: {}", chunksTopic, e.getMessage());
      return 0;
    }
  }

  /** The interval the launcher runs it at. */
  public static Duration defaultInterval() {
    return Duration.ofSeconds(2);
  }
}
