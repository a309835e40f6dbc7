package io.sealstream.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be serialized or deserialized, or a registry that cannot be used. The
 * message says what is wrong and never contains payload bytes.
 */
public class SchemaException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public SchemaException(String message) {
    super(message);
  }

  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
