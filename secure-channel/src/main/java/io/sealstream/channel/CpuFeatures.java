package io.sealstream.channel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether this machine runs AES-GCM in hardware. The JVM is asked first: HotSpot enables its AES
 * and GHASH intrinsics only where the CPU has AES and carry-less multiply, which is exactly the
 * condition under which AES-GCM beats ChaCha20-Poly1305. /proc/cpuinfo is the fallback.
 */
final class CpuFeatures {
  private static final boolean HARDWARE_AES_GCM = detect();

  private CpuFeatures() {}

  static boolean hasHardwareAesGcm() {
    return HARDWARE_AES_GCM;
  }

  private static boolean detect() {
    Boolean fromJvm = fromHotSpotFlags();
    if (fromJvm != null) {
      return fromJvm;
    }
    return fromCpuInfo();
  }

  private static Boolean fromHotSpotFlags() {
    try {
      var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (bean == null) {
        return null;
      }
      boolean aes = Boolean.parseBoolean(bean.getVMOption("UseAESIntrinsics").getValue());
      boolean ghash = Boolean.parseBoolean(bean.getVMOption("UseGHASHIntrinsics").getValue());
      return aes && ghash;
    } catch (RuntimeException | LinkageError e) {
      return null; // not HotSpot, or the flag is unknown: fall back to the CPU flags
    }
  }

  private static boolean fromCpuInfo() {
    try {
      String info = Files.readString(Path.of("/proc/cpuinfo")).toLowerCase(Locale.ROOT);
      for (String line : info.split("\n")) {
        if (line.startsWith("flags") || line.startsWith("features")) {
          String flags = " " + line.substring(line.indexOf(':') + 1) + " ";
          boolean aes = flags.contains(" aes ");
          boolean clmul = flags.contains(" pclmulqdq ") || flags.contains(" pmull ");
          return aes && clmul;
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: assume no hardware support, ChaCha20-Poly1305 is the safe default
    }
    return false;
  }
}
