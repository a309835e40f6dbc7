/**
 * store-writer: consumes sealed chunks ({@code read_committed}), writes them into the blob store
 * at their offsets, and on an object's last chunk commits the blob and then, in one Kafka
 * transaction with its consumer offsets, the object's manifest and a STORED event.
 *
 * <p>{@link io.sealstream.storewriter.SealedChunkApplier} is the per-record logic with no Kafka
 * in it; {@link io.sealstream.storewriter.StoreWriter} is the transactional consume loop. It
 * handles only ciphertext and manifests (which hold sealed keys, never logged).
 */
package io.sealstream.storewriter;
