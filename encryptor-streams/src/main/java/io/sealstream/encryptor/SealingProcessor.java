package io.sealstream.encryptor;

import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.keymaterial.MasterKeyDisabledException;
import io.sealstream.schemas.ChunkKeys;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.UploadState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes a chunk, applies {@link ChunkSealer} with the upload's state, stores the new state and
 * forwards the sealed output or a dead letter. One instance per stream task.
 *
 * <p>key-service states while an upload is in flight (ingest-api checks the key before the first
 * byte, so only uploads racing an operator meet these): an outage or a sealed service holds the
 * upload (the task restarts and retries: backpressure, nothing lost); a disabled or deleted
 * master key dead-letters it at once.
 */
final class SealingProcessor implements Processor<String, byte[], String, Object> {
  private final ChunkSealer sealer;
  private final Deserializer<ChunkRecord> chunks;
  private final EncryptorTopics topics;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, UploadState> states;

  SealingProcessor(ChunkSealer sealer, Deserializer<ChunkRecord> chunks, EncryptorTopics topics) {
    this.sealer = sealer;
    this.chunks = chunks;
    this.topics = topics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.states = context.getStateStore(EncryptorTopics.UPLOAD_STATE_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String uploadId = record.key();
    if (uploadId == null || record.value() == null) {
      deadLetter(record, uploadId, "record without an upload id or a value");
      return;
    }
    ChunkRecord chunk;
    try {
      chunk = chunks.deserialize(topics.chunks(), record.value());
    } catch (RuntimeException e) {
      // the message of our deserializer names the problem, never the payload
      deadLetter(record, uploadId, "chunk does not decode: " + e.getMessage());
      return;
    }
    if (!uploadId.equals(ChunkKeys.of(chunk))) {
      deadLetter(record, uploadId, "record key and chunk upload id differ");
      return;
    }
    ChunkSealer.Outcome outcome;
    try {
      outcome = sealer.apply(states.get(uploadId), chunk);
    } catch (MasterKeyDisabledException e) {
      // Give up on the upload at once. Holding would stall every other upload on this
      // partition for as long as the key stays disabled (maybe for ever), and a disable is an
      // operator's deliberate refusal; the client's retry gets 400 KMS.DisabledException.
      // (A deleted key surfaces from the sealer as a Rejected outcome: dead letter too.)
      states.delete(uploadId);
      deadLetter(record, uploadId, "master key disabled while the upload was in flight: " + e.masterKeyId());
      return;
    } catch (KeyUnavailableException e) {
      // Hold: an outage or a sealed key-service ends without anyone touching this upload (the
      // service comes back, an operator unseals), and every upload is affected alike. Failing
      // the task restarts it from the last commit: the backpressure we want.
      throw new StreamsException("key-service unavailable or sealed; chunk will be retried", e);
    }
    if (outcome instanceof ChunkSealer.Sealed sealed) {
      if (sealed.next() == null) {
        states.delete(uploadId);
      } else {
        states.put(uploadId, sealed.next());
      }
      if (sealed.output() != null) {
        context.forward(record.withValue(sealed.output()), EncryptorTopology.SEALED_SINK);
      }
    } else if (outcome instanceof ChunkSealer.Rejected rejected) {
      states.delete(uploadId);
      deadLetter(record, uploadId, rejected.reason());
    }
    // a Duplicate changes nothing
  }

  private void deadLetter(Record<String, byte[]> record, String uploadId, String reason) {
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(source == null ? topics.chunks() : source.topic())
            .setSourcePartition(source == null ? -1 : source.partition())
            .setSourceOffset(source == null ? -1 : source.offset())
            .setUploadId(uploadId)
            .setService("encryptor-streams")
            .setReason(reason)
            .setTimeMillis(context.currentSystemTimeMs())
            .build();
    context.forward(
        new Record<String, Object>(uploadId, letter, record.timestamp()),
        EncryptorTopology.DEAD_LETTER_SINK);
  }
}
