package io.sealstream.keyservice;

/** Whether a master key may be used. Disabling keeps the key; only delete destroys it. */
public enum KeyState {
  /** generate, encrypt and decrypt work. */
  ENABLED,
  /** generate, encrypt and decrypt are refused with {@code KeyDisabled}; nothing else changes. */
  DISABLED;

  /** The wire and file spelling: {@code "enabled"} or {@code "disabled"}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
