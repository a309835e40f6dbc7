package io.sealstream.launcher;

import io.sealstream.blobstore.BlobStore;
import io.sealstream.encryptor.EncryptorSerdes;
import io.sealstream.encryptor.EncryptorService;
import io.sealstream.encryptor.EncryptorTopics;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyServiceKeySource;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.UploadState;
import io.sealstream.storewriter.SealedChunkApplier;
import io.sealstream.storewriter.StoreWriter;
import io.sealstream.storewriter.StoreWriterConfig;
import io.sealstream.tls.ClientTls;
import io.sealstream.tls.DevPki;
import io.sealstream.tls.TlsConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * How each pipeline service is built, the same whether it runs inside {@link Stack} or as its own
 * process ({@code sealstream encryptor}, {@code sealstream store-writer}).
 */
final class Services {
  static final String DEFAULT_MASTER_KEY = "sealstream-default";
  static final String TRANSIT_MASTER_KEY = "sealstream-transit";
  static final String ENCRYPTOR_APP_ID = "sealstream-encryptor";
  static final String WRITER_GROUP = "sealstream-store-writer";

  private Services() {}

  static <T extends org.apache.avro.specific.SpecificRecord> AvroWireSerde<T> serde(
      Class<T> type, SchemaRegistry registry) {
    return new AvroWireSerde<>(type, registry);
  }

  static KeyServiceKeySource keySource(URI keyService, SSLContext tls) {
    return keySource(keyService, tls, KeyCaching.DEFAULT);
  }

  /** The pipeline's key source: key-service at {@code keyService}, identified by {@code tls}'s certificate. */
  static KeyServiceKeySource keySource(URI keyService, SSLContext tls, KeyCaching caching) {
    return new KeyServiceKeySource(
        new HttpKeyServiceClient(
            keyService, null, kmsHttpClient(tls), HttpKeyServiceClient.DEFAULT_TIMEOUT),
        DEFAULT_MASTER_KEY,
        caching.bucketKeyEpoch(),
        caching.unwrapLifetime(),
        caching.clock());
  }

  /** An HTTP client for key-service over mutual TLS: presents and trusts what {@code tls} does. */
  static HttpClient kmsHttpClient(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(tls)
        .connectTimeout(HttpKeyServiceClient.DEFAULT_TIMEOUT)
        .build();
  }

  /**
   * The TLS context of a key-service client: {@code cert}, {@code key} and {@code ca} when given
   * (all three), else {@code client}'s certificate in the development PKI {@code tlsDir}.
   */
  static SSLContext kmsClientTls(Path tlsDir, String client, Path cert, Path key, Path ca)
      throws IOException {
    try {
      if (cert != null || key != null) {
        if (cert == null || key == null || ca == null) {
          throw new IllegalArgumentException("a key-service client certificate needs a certificate, its key and the CA");
        }
        return ClientTls.fromPem(cert, key, ca);
      }
      return ClientTls.fromPem(
          tlsDir.resolve(client + ".pem"), tlsDir.resolve(client + "-key.pem"), tlsDir.resolve(DevPki.CA_FILE));
    } catch (TlsConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static EncryptorService encryptor(
      String bootstrap,
      Path stateDir,
      StackTopics topics,
      SchemaRegistry registry,
      KeyMaterialSource keys) {
    return new EncryptorService(
        new EncryptorService.Config(
            bootstrap,
            ENCRYPTOR_APP_ID,
            stateDir,
            new EncryptorTopics(topics.chunks(), topics.sealed(), topics.deadLetter()),
            new EncryptorSerdes(
                serde(ChunkRecord.class, registry).deserializer(),
                serde(UploadState.class, registry),
                serde(SealedChunkRecord.class, registry).serializer(),
                serde(DeadLetter.class, registry).serializer()),
            keys,
            Map.of()));
  }

  static StoreWriter storeWriter(
      String bootstrap, StackTopics topics, SchemaRegistry registry, BlobStore blobs) {
    return new StoreWriter(
        new StoreWriterConfig(
            bootstrap,
            topics.sealed(),
            topics.objects(),
            topics.events(),
            topics.parts(),
            topics.deadLetter(),
            WRITER_GROUP,
            // one writer identity: a restarted writer fences its predecessor's transaction
            WRITER_GROUP + "-0",
            Duration.ofMillis(100),
            serde(SealedChunkRecord.class, registry).deserializer(),
            serde(ObjectManifest.class, registry).serializer(),
            serde(ObjectEvent.class, registry).serializer(),
            serde(PartRecord.class, registry).serializer(),
            serde(DeadLetter.class, registry).serializer(),
            Map.of()),
        new SealedChunkApplier(blobs));
  }
}
