package io.sealstream.schemas;

/**
 * The Kafka record key of the chunks (and sealed chunks) of one upload attempt. It is the unit
 * the encryptor keeps state for, so two attempts that may run at the same time (two parts of one
 * multipart upload, or the same part uploaded twice) must have different keys; a single-part
 * object keeps its plain upload id.
 */
public final class ChunkKeys {
  private ChunkKeys() {}

  /** {@code uploadId} for part 0 (a single-part object), else {@code uploadId/part/attemptId}. */
  public static String of(String uploadId, int partNumber, String attemptId) {
    return partNumber == 0 ? uploadId : uploadId + "/" + partNumber + "/" + attemptId;
  }

  /** The key of {@code chunk}. */
  public static String of(ChunkRecord chunk) {
    return of(chunk.getUploadId(), chunk.getPartNumber(), chunk.getAttemptId());
  }
}
