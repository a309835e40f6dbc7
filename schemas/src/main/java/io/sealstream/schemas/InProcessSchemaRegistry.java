package io.sealstream.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry in this JVM's memory: the embedded default, for one-process stacks and tests. Ids
 * start at 1 and follow registration order. Every process of a multi-process deployment must use
 * a shared registry instead ({@link RestSchemaRegistryClient}).
 */
public final class InProcessSchemaRegistry implements SchemaRegistry {
  private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  @Override
  public synchronized int register(String subject, Schema schema) {
    Integer id = ids.get(schema);
    if (id != null) {
      return id;
    }
    int next = schemas.size() + 1;
    ids.put(schema, next);
    schemas.put(next, schema);
    return next;
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
