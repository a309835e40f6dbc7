/**
 * encryptor-streams: the Kafka Streams topology that turns plaintext upload chunks into sealed
 * DARE packages and object manifests, exactly once.
 *
 * <p>{@link io.sealstream.encryptor.EncryptorTopology#build} is a pure function of its
 * configuration; {@link io.sealstream.encryptor.ChunkSealer} is the per-chunk logic with no Kafka
 * in it; {@link io.sealstream.encryptor.KeyMaterialSource} is where external keys come from.
 * Nothing here logs plaintext, keys or sealed keys, and nothing it stores (state store,
 * changelog, output topics) holds plaintext or an unwrapped key.
 */
package io.sealstream.encryptor;
