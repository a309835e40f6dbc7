package io.sealstream.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 instantiates only trusted classes for specific records (writers and readers alike);
 * this trusts exactly the generated classes of this package, once per JVM, on top of whatever
 * the process already trusts.
 */
final class TrustedClasses {
  static {
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            cls -> cls.getName().startsWith("io.sealstream.schemas.")));
  }

  private TrustedClasses() {}

  /** Runs the static initializer above on first call; nothing after. */
  static void install() {}
}
