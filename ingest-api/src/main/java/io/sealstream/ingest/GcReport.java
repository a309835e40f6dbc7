package io.sealstream.ingest;

/**
 * What one garbage collection pass did.
 *
 * @param uploadsAborted multipart uploads aborted for being older than the policy allows
 * @param blobsDeleted committed blobs deleted (unreferenced in this pass and the one before)
 * @param pendingDropped pending blobs dropped (untouched for longer than the policy allows)
 * @param candidates committed blobs found unreferenced for the first time: the next pass deletes
 *     them if they are still unreferenced then
 */
public record GcReport(int uploadsAborted, int blobsDeleted, int pendingDropped, int candidates) {}
