package io.sealstream.encryptor;

import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.UploadState;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The serdes of the encryptor's records, in the pipeline's wire format. */
public record EncryptorSerdes(
    Deserializer<ChunkRecord> chunks,
    Serde<UploadState> state,
    Serializer<SealedChunkRecord> sealed,
    Serializer<DeadLetter> deadLetters) {
  public EncryptorSerdes {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }
}
