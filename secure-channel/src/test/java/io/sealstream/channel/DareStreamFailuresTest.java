package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/**
 * Sticky failures of the stream adapters reach the caller as an exception whose cause chain holds
 * the first failure, and never as the same instance twice: Java cannot suppress an exception into
 * itself, so try-with-resources (or a caller that collects failures) would otherwise throw an
 * {@link IllegalArgumentException} that hides the real failure. The first case, a downstream
 * that fails on write, is {@code
 * DareRoundTripTest#downstreamFailure_surfacesFromTryWithResourcesAsTheOriginalCause}.
 */
class DareStreamFailuresTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;


  /** A downstream whose write, and optionally close, throw the given exceptions. */
  private static OutputStream failing(IOException onWrite, IOException onClose) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw onWrite;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw onWrite;
      }

      @Override
      public void close() throws IOException {
        if (onClose != null) {
          throw onClose;
        }
      }
    };
  }

  @Test
  void downstreamThatRethrowsItsWriteFailureFromClose_surfacesFromTryWithResourcesAsTheCause() {
    // Given a downstream with a sticky failure of its own: close() rethrows what write() threw
    IOException disk = new IOException("disk full");
    OutputStream sticky = failing(disk, disk);

    // When more than a package is written inside try-with-resources
    Throwable thrown =
        catchThrowable(
            () -> {
              try (DareOutputStream out =
                  new DareOutputStream(sticky, Generated.randomKey(), CipherSuite.AES_256_GCM)) {
                out.write(new byte[3 * PAYLOAD]);
              }
            });

    // Then the disk failure arrives with close()'s failure suppressed (a new exception caused by
    // it), not an IllegalArgumentException about self-suppression
    assertThat(thrown).isSameAs(disk);
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0]).isInstanceOf(IOException.class).hasCause(disk);
  }

  @Test
  void closeFailure_afterTheFinalPackageFailed_isSuppressedIntoThatFailure_notThrownInstead() {
    // Given a stream holding back a few bytes, over a downstream whose write and close both fail
    IOException disk = new IOException("disk full");
    IOException closing = new IOException("connection reset on close");
    DareOutputStream out =
        new DareOutputStream(failing(disk, closing), Generated.randomKey(), CipherSuite.AES_256_GCM);
    Throwable onWrite = catchThrowable(() -> out.write(new byte[10]));

    // When it is closed, which seals the final package
    Throwable thrown = catchThrowable(out::close);

    // Then the write failure of the final package arrives, with the close failure suppressed
    assertThat(onWrite).isNull();
    assertThat(thrown).isSameAs(disk);
    assertThat(thrown.getSuppressed()).containsExactly(closing);
  }

  @Test
  void closeFailure_aloneIsThrown() throws IOException {
    // Given a stream whose downstream takes the writes but fails to close
    IOException closing = new IOException("connection reset on close");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream downstream =
        new OutputStream() {
          @Override
          public void write(int b) {
            sink.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            sink.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            throw closing;
          }
        };
    DareOutputStream out = new DareOutputStream(downstream, Generated.randomKey(), CipherSuite.AES_256_GCM);
    out.write(new byte[10]);

    // When it is closed
    Throwable thrown = catchThrowable(out::close);

    // Then the stream was finished, and the close failure is what the caller sees
    assertThat(thrown).isSameAs(closing);
    assertThat(sink.size()).isEqualTo((int) DareFormat.encryptedSize(10));
  }

  @Test
  void tamperedInput_failsEachLaterReadWithANewNotAuthenticException_causedByTheFirst()
      throws IOException {
    // Given a stream of two packages whose second package has a flipped tag bit
    DareKey key = Generated.randomKey();
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (DareOutputStream out = new DareOutputStream(sealed, key, CipherSuite.AES_256_GCM)) {
      out.write(new byte[PAYLOAD + 100]);
    }
    byte[] ct = sealed.toByteArray();
    ct[ct.length - 1] ^= 1;
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(ct), key);
    byte[] buf = new byte[PAYLOAD];
    assertThat(in.read(buf)).isEqualTo(PAYLOAD);

    // When the failing package is read, and then twice more
    Throwable first = catchThrowable(() -> in.read(buf));
    Throwable second = catchThrowable(() -> in.read(buf));
    Throwable third = catchThrowable(in::read);

    // Then each later failure is a new NotAuthenticException caused by the first, so one can be
    // suppressed into another (the same instance twice would throw IllegalArgumentException)
    assertThat(first).isInstanceOf(NotAuthenticException.class);
    assertThat(second).isInstanceOf(NotAuthenticException.class).isNotSameAs(first)
        .hasCause(first);
    assertThat(third).isInstanceOf(NotAuthenticException.class).isNotSameAs(second)
        .hasCause(first);
    first.addSuppressed(second);
    assertThat(first.getSuppressed()).containsExactly(second);
  }

  @Test
  void sourceFailure_failsEachLaterReadWithANewIOException_causedByTheFirst() {
    // Given a ciphertext source that fails
    IOException network = new IOException("connection reset");
    InputStream source =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw network;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            throw network;
          }
        };
    DareInputStream in = new DareInputStream(source, Generated.randomKey());

    // When it is read, and then read again
    Throwable first = catchThrowable(() -> in.read(new byte[PAYLOAD]));
    Throwable second = catchThrowable(() -> in.read(new byte[PAYLOAD]));

    // Then the source's failure arrives first, and then a new IOException (not a verdict on the
    // data: NotAuthenticException would tell the caller never to retry) caused by it
    assertThat(first).isSameAs(network);
    assertThat(second).isExactlyInstanceOf(IOException.class).hasCause(network);
  }
}
