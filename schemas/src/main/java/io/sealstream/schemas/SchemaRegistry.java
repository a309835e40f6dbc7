package io.sealstream.schemas;

import org.apache.avro.Schema;

/**
 * Schema ids for the wire format. Implementations are thread-safe and cache both ways.
 */
public interface SchemaRegistry {
  /** Registers {@code schema} under {@code subject}; the same schema always gets the same id. */
  int register(String subject, Schema schema);

  /** The schema with that id. @throws SchemaException if there is none */
  Schema byId(int id);
}
