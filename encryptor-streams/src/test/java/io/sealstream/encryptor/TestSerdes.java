package io.sealstream.encryptor;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.InProcessSchemaRegistry;
import org.apache.avro.specific.SpecificRecord;

/** Wire-format serdes over one in-process registry shared by a test JVM. */
final class TestSerdes {
  private static final InProcessSchemaRegistry REGISTRY = new InProcessSchemaRegistry();

  private TestSerdes() {}

  static <T extends SpecificRecord> AvroWireSerde<T> serde(Class<T> type) {
    return new AvroWireSerde<>(type, REGISTRY);
  }
}
