package io.sealstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InProcessSchemaRegistryTest {

  @Test
  void sameSchema_getsTheSameId_underEverySubjectAndInEveryRegistry() {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();

    int first = registry.register("chunks-value", ChunkRecord.getClassSchema());
    int again = registry.register("chunks-value", ChunkRecord.getClassSchema());
    int otherSubject = registry.register("copy-value", ChunkRecord.getClassSchema());
    int elsewhere = new InProcessSchemaRegistry().register("x", ChunkRecord.getClassSchema());

    assertThat(again).isEqualTo(first);
    assertThat(otherSubject).isEqualTo(first);
    assertThat(elsewhere).isEqualTo(first);
    assertThat(registry.byId(first)).isEqualTo(ChunkRecord.getClassSchema());
  }

  @Test
  void differentSchemas_getDifferentIds() {
    InProcessSchemaRegistry registry = InProcessSchemaRegistry.withPipelineSchemas();

    assertThat(InProcessSchemaRegistry.PIPELINE_SCHEMAS)
        .extracting(s -> registry.register("s", s))
        .doesNotHaveDuplicates();
  }

  @Test
  void unknownId_isASchemaException() {
    assertThatThrownBy(() -> new InProcessSchemaRegistry().byId(42))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("unknown schema id 42");
  }
}
