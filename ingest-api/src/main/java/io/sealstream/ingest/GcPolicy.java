package io.sealstream.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * When ingest-api's garbage collector runs and what it may remove.
 *
 * @param interval time between passes; a blob is deleted only when two passes in a row found it
 *     unreferenced, so this is also the margin against views that lag each other
 * @param blobGrace a committed blob younger than this is never deleted (its manifest or part
 *     record may still be on its way)
 * @param pendingGrace a pending blob untouched for this long belongs to an upload that died
 * @param abandonUploadsAfter a multipart upload older than this is aborted (S3's lifecycle rule
 *     AbortIncompleteMultipartUpload, on by default here)
 * @param enabled false: no scheduled passes ({@link IngestApi#collectGarbage} still works)
 */
public record GcPolicy(
    Duration interval, Duration blobGrace, Duration pendingGrace, Duration abandonUploadsAfter,
    boolean enabled) {

  public GcPolicy {
    for (Duration d : new Duration[] {interval, blobGrace, pendingGrace, abandonUploadsAfter}) {
      Objects.requireNonNull(d, "durations");
      if (d.isNegative()) {
        throw new IllegalArgumentException("GC durations must not be negative, was " + d);
      }
    }
    if (enabled && interval.isZero()) {
      throw new IllegalArgumentException("a scheduled GC needs a positive interval");
    }
  }

  /** Every 10 minutes; blobs kept 1 hour, pending blobs 24 hours, uploads 7 days. */
  public static GcPolicy defaults() {
    return new GcPolicy(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(24),
        Duration.ofDays(7), true);
  }

  /** Passes only on demand, no grace: for tests that drive {@link IngestApi#collectGarbage}. */
  public static GcPolicy manual(Duration abandonUploadsAfter) {
    return new GcPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, abandonUploadsAfter, false);
  }
}
