package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ChunkKeys;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a stream of plaintext into the chunk records of one upload attempt (a whole object or
 * one multipart part): 1 MiB chunks, the header (with the declared size) on sequence 0, the ETag
 * source on the last. The last chunk is sent only after every byte arrived and the source
 * confirmed its end ({@link EndCheck}: signatures, payload hash, Content-MD5), so a bad body
 * never completes an upload; what was sent before is abandoned and collected
 * (docs/pipeline.md). Thread-safe.
 */
final class ChunkStreamer {
  /** Chunk size: 1 MiB, a multiple of the 64 KiB DARE package (docs/pipeline.md). */
  static final int CHUNK_SIZE = 1024 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Confirms, after the last byte was read, that the source is complete and authentic. */
  @FunctionalInterface
  interface EndCheck {
    void verify() throws S3Exception;

    EndCheck NONE = () -> {};
  }

  /** Which upload attempt the chunks belong to. */
  record Target(String uploadId, int partNumber, String attemptId, UploadHeader header) {
    Target {
      Objects.requireNonNull(uploadId, "uploadId");
      Objects.requireNonNull(attemptId, "attemptId");
      Objects.requireNonNull(header, "header");
      if (partNumber < 0 || partNumber > 10_000) {
        throw new IllegalArgumentException("part number out of range: " + partNumber);
      }
    }
  }

  /** Whether S3 gives objects of this mode their plaintext MD5 as the ETag: SSE-S3 only. */
  static boolean etagIsMd5(SseMode mode) {
    return mode == SseMode.SSE_S3;
  }

  /**
   * What the encryptor seals as the ETag: the plaintext MD5 for SSE-S3 (S3 answers it as the
   * ETag); for SSE-C and SSE-KMS 16 random bytes, since S3's ETag of those objects is not their
   * MD5, and hashing every byte only for an opaque value was about a tenth of the CPU samples
   * of a 1 MiB PUT (benchmarks.md). Their MD5 is still computed when a Content-MD5 was sent.
   */
  static byte[] etagSource(SseMode mode, byte[] md5) {
    if (etagIsMd5(mode)) {
      return md5;
    }
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return random;
  }

  private final Publisher publisher;
  private final String topic;
  private final AvroWireSerde<ChunkRecord> serde;

  ChunkStreamer(Publisher publisher, String chunksTopic, AvroWireSerde<ChunkRecord> serde) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.topic = Objects.requireNonNull(chunksTopic, "chunksTopic");
    this.serde = Objects.requireNonNull(serde, "serde");
  }

  /**
   * Streams exactly {@code length} bytes of {@code in} as the chunks of {@code target}, and waits
   * until Kafka acknowledged all of them.
   *
   * @param expectedMd5 the Content-MD5 the client sent, or null
   * @return the ETag source sent on the last chunk: the MD5 of the plaintext for SSE-S3, else
   *     16 random bytes (see {@link #etagSource})
   * @throws S3Exception IncompleteBody when {@code in} ends early or fails, BadDigest, whatever
   *     {@code end} throws, ServiceUnavailable when Kafka does not take the chunks
   */
  byte[] stream(InputStream in, long length, Target target, EndCheck end, byte[] expectedMd5)
      throws S3Exception {
    boolean hashed = etagIsMd5(target.header().getMode()) || expectedMd5 != null;
    MessageDigest md5 = hashed ? ObjectReader.md5() : null;
    Publisher.InFlight window = publisher.window();
    String key = ChunkKeys.of(target.uploadId(), target.partNumber(), target.attemptId());
    // The size is declared: the encryptor then seals every full package as it arrives instead
    // of holding the last one back in its state until the next chunk (docs/pipeline.md).
    UploadHeader header = UploadHeader.newBuilder(target.header()).setSize(length).build();
    byte[] buffer = new byte[(int) Math.min(CHUNK_SIZE, Math.max(length, 0))];
    long offset = 0;
    long sequence = 0;
    try {
      do {
        int want = (int) Math.min(CHUNK_SIZE, length - offset);
        int n = in.readNBytes(buffer, 0, want);
        if (n < want) {
          throw S3Error.INCOMPLETE_BODY.exception();
        }
        if (md5 != null) {
          md5.update(buffer, 0, n);
        }
        boolean last = offset + n == length;
        byte[] digest = null;
        if (last) {
          end.verify();
          digest = md5 == null ? null : md5.digest();
          if (expectedMd5 != null && !MessageDigest.isEqual(digest, expectedMd5)) {
            throw S3Error.BAD_DIGEST.exception();
          }
          digest = etagSource(target.header().getMode(), digest);
        }
        ChunkRecord chunk =
            ChunkRecord.newBuilder()
                .setUploadId(target.uploadId())
                .setPartNumber(target.partNumber())
                .setAttemptId(target.attemptId())
                .setSequence(sequence)
                .setOffset(offset)
                .setData(ByteBuffer.wrap(buffer, 0, n).slice())
                .setLast(last)
                .setHeader(sequence == 0 ? header : null)
                .setMd5(last ? ByteBuffer.wrap(digest) : null)
                .build();
        // serialized now, so the buffer can be reused while the send is in flight
        window.send(topic, key, serde.serialize(topic, chunk));
        offset += n;
        sequence++;
        if (last) {
          window.awaitAll();
          return digest;
        }
      } while (true);
    } catch (IOException e) {
      throw S3Error.INCOMPLETE_BODY.exception();
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }
}
