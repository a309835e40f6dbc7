package io.sealstream.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A registry in this JVM's memory: the embedded default, for a one-machine stack and tests.
 *
 * <p>A schema's id is derived from the schema itself (the low 31 bits of its Avro parsing
 * fingerprint, CRC-64-AVRO), not from registration order, so every process and every restart
 * assigns the same id to the same schema without sharing anything: records written before a
 * restart still decode after it, and separate service processes agree. Two different schemas
 * whose fingerprints collide are refused. A process can only read records whose writer schema it
 * registered itself; deployments whose services evolve independently use a shared registry
 * ({@link RestSchemaRegistryClient}).
 */
public final class InProcessSchemaRegistry implements SchemaRegistry {
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  /** Every schema of the pipeline's topics and stores, as this build defines them. */
  public static final java.util.List<Schema> PIPELINE_SCHEMAS =
      java.util.List.of(
          ChunkRecord.getClassSchema(),
          SealedChunkRecord.getClassSchema(),
          ObjectManifest.getClassSchema(),
          ObjectEvent.getClassSchema(),
          BucketRecord.getClassSchema(),
          DeadLetter.getClassSchema(),
          UploadState.getClassSchema(),
          MultipartUpload.getClassSchema(),
          PartRecord.getClassSchema());

  /**
   * Earlier versions of pipeline schemas whose records may still be on a topic (the objects
   * topic is compacted and kept forever, the encryptor's changelog as long as an upload is open):
   * kept as writer schemas so records written by an earlier build still read, resolved to this
   * build's classes (every field added since has a default). A schema change adds its
   * predecessor here (resources {@code io/sealstream/schemas/history/}).
   */
  static final java.util.List<String> SCHEMA_HISTORY =
      java.util.List.of(
          "ChunkRecord.v1.avsc",
          "SealedChunkRecord.v1.avsc",
          "ObjectManifest.v1.avsc",
          "UploadState.v1.avsc",
          // v2 / v1 below: before UploadHeader declared the upload's size
          "ChunkRecord.v2.avsc",
          "UploadState.v2.avsc",
          "MultipartUpload.v1.avsc");

  /**
   * A registry that already knows every pipeline schema, and every earlier version in {@link
   * #SCHEMA_HISTORY}, so a process reads records that other processes, or itself before a
   * restart or an upgrade, wrote.
   */
  public static InProcessSchemaRegistry withPipelineSchemas() {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    for (Schema s : PIPELINE_SCHEMAS) {
      registry.register(s.getFullName(), s);
    }
    for (String file : SCHEMA_HISTORY) {
      Schema s = historic(file);
      registry.register(s.getFullName(), s);
    }
    return registry;
  }

  static Schema historic(String file) {
    try (java.io.InputStream in =
        InProcessSchemaRegistry.class.getResourceAsStream("history/" + file)) {
      if (in == null) {
        throw new SchemaException("schema history file " + file + " is missing from the build");
      }
      return new Schema.Parser().parse(in);
    } catch (java.io.IOException e) {
      throw new SchemaException("schema history file " + file + " does not read: " + e.getMessage());
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    int id = idOf(schema);
    Schema existing = schemas.putIfAbsent(id, schema);
    if (existing != null && !existing.equals(schema)) {
      throw new SchemaException(
          "schema id " + id + " of " + schema.getFullName() + " collides with "
              + existing.getFullName());
    }
    return id;
  }

  /** The id this registry gives {@code schema}. */
  public static int idOf(Schema schema) {
    return (int) (SchemaNormalization.parsingFingerprint64(schema) & 0x7fffffffL);
  }

  @Override
  public Schema byId(int id) {
    Schema s = schemas.get(id);
    if (s == null) {
      throw new SchemaException("unknown schema id " + id);
    }
    return s;
  }
}
