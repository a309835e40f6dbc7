/**
 * Blob storage for ciphertext: {@link io.sealstream.blobstore.BlobStore} and its durable local
 * filesystem implementation. Blobs hold only DARE ciphertext; this package never sees keys or
 * plaintext. Failures are {@link io.sealstream.blobstore.BlobStoreException} (I/O, retryable) or
 * {@link IllegalArgumentException} (a malformed blob id).
 */
package io.sealstream.blobstore;
